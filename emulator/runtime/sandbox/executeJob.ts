// Runs one job's runner in the current thread with console capture and error mapping. The worker and the
// in-process mode both go through here, so user code behaves the same in both.
import { performance } from 'node:perf_hooks';
import { capturingConsole, withConsole } from './console.js';
import { toSandboxError } from './errors.js';
import { runners } from './runners/index.js';
import type { LogLevel, LogLine, RpcHandler, SandboxError, SandboxJob } from './types.js';

export type JobResult = { ok: true; value: unknown } | { ok: false; error: SandboxError };

export interface ExecuteOptions {
  rpc: RpcHandler;
  onLog(line: LogLine): void;
  /** Also write console output to the real console. */
  echo?: Console;
  /** Receives the set of user files so that late failures (uncaught exceptions) can be located too. */
  userFiles?: Set<string>;
}

export async function executeJob(job: SandboxJob, opts: ExecuteOptions): Promise<JobResult> {
  const runner = runners[job.runner];
  if (!runner) return { ok: false, error: { kind: 'crashed', message: `Unknown sandbox runner '${job.runner}'` } };
  const started = performance.now();
  const userFiles = opts.userFiles ?? new Set<string>();
  const sink = (level: LogLevel, message: string) => {
    opts.onLog({ level, message, t: Math.round((performance.now() - started) * 1000) / 1000 });
    if (opts.echo) opts.echo[level](message);
  };
  const runConsole = capturingConsole(sink);
  const rpc = (method: string, ...args: unknown[]) => opts.rpc(method, args);
  try {
    const value = await withConsole(runConsole, () => runner(job.payload, { rpc, console: runConsole, userFiles }));
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toSandboxError(err, userFiles) };
  }
}
