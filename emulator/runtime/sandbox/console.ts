// Per-run console capture: user code calls the global console; calls made inside a run (found through
// AsyncLocalStorage) go to that run's sink, anything else to the real console. Works in a worker and in-process.
import { AsyncLocalStorage } from 'node:async_hooks';
import { format, inspect } from 'node:util';
import type { LogLevel } from './types.js';

export type LogSink = (level: LogLevel, message: string) => void;

const runs = new AsyncLocalStorage<Console>();
const LEVELS: LogLevel[] = ['log', 'info', 'warn', 'error', 'debug'];
let installed: Console | undefined;

/** A console whose output goes to `sink`; methods it does not capture fall back to the real console. */
export function capturingConsole(sink: LogSink): Console {
  const real = installed ?? console;
  const c = Object.create(real) as Console & Record<string, unknown>;
  for (const level of LEVELS) c[level] = (...args: unknown[]) => sink(level, format(...args));
  c.trace = (...args: unknown[]) => sink('error', `Trace: ${format(...args)}\n${(new Error().stack ?? '').split('\n').slice(2).join('\n')}`);
  c.dir = (obj: unknown, opts?: object) => sink('log', inspect(obj, opts));
  c.table = (data: unknown) => sink('log', inspect(data));
  c.assert = (cond: unknown, ...args: unknown[]) => {
    if (!cond) sink('error', `Assertion failed${args.length ? ': ' + format(...args) : ''}`);
  };
  return c;
}

/** Replaces the thread's global console (once) by one that routes to the current run's console. */
export function installConsoleRouter(): void {
  if (installed) return;
  const real = console;
  installed = real;
  const router = Object.create(real) as Console & Record<string, unknown>;
  for (const m of [...LEVELS, 'trace', 'dir', 'table', 'assert'] as const) {
    router[m] = (...args: unknown[]) => {
      const target = runs.getStore() ?? real;
      (target[m] as (...a: unknown[]) => void)(...args);
    };
  }
  globalThis.console = router;
}

/** The console as it was before the router was installed. */
export function realConsole(): Console {
  return installed ?? console;
}

/** Runs `fn` with `runConsole` receiving every console call made by it, including from its timers and promises. */
export function withConsole<T>(runConsole: Console, fn: () => T): T {
  installConsoleRouter();
  return runs.run(runConsole, fn);
}
