// Public face of the sandbox: run a job in a pooled worker thread (hard timeout, memory limit, console capture,
// rpc to the host) or, for debuggers, in the current thread.
import { performance } from 'node:perf_hooks';
import { realConsole } from './console.js';
import { executeJob } from './executeJob.js';
import { SandboxPool, type PoolConfig } from './pool.js';
import type { LogLine, SandboxJob, SandboxOptions, SandboxOutcome } from './types.js';

export * from './types.js';
export { describeSandboxError } from './errors.js';
export { SandboxPool, type PoolConfig } from './pool.js';

export interface Sandbox {
  run(job: SandboxJob, opts: SandboxOptions): Promise<SandboxOutcome>;
  /** Starts a worker ahead of time so the first run does not pay for it. */
  warm(memoryMb?: number): Promise<void>;
  close(): Promise<void>;
}

export function createSandbox(config: PoolConfig = {}): Sandbox {
  let pool: SandboxPool | undefined;
  const getPool = () => (pool ??= new SandboxPool(config));
  return {
    run: (job, opts) => (opts.inProcess ? runInProcess(job, opts) : getPool().run(job, opts)),
    warm: (mb) => getPool().warm(mb),
    close: async () => {
      await pool?.close();
      pool = undefined;
    },
  };
}

let shared: Sandbox | undefined;

/**
 * Runs one job. Uses `opts.sandbox` when given, else a process-wide pool created on first use (its idle workers
 * do not keep the process alive).
 */
export function runInSandbox(job: SandboxJob, opts: SandboxOptions & { sandbox?: Sandbox }): Promise<SandboxOutcome> {
  const sandbox = opts.sandbox ?? (shared ??= createSandbox());
  return sandbox.run(job, opts);
}

/** The debugger mode: same runner, current thread. A timeout stops waiting but cannot stop running code. */
async function runInProcess(job: SandboxJob, opts: SandboxOptions): Promise<SandboxOutcome> {
  const logs: LogLine[] = [];
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 1000) / 1000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SandboxOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: { kind: 'timeout', message: `Script execution time exceeded: stopped waiting after ${opts.timeoutMs} ms` }, logs, ms: ms() }),
      opts.timeoutMs,
    );
  });
  const run = executeJob(job, {
    onLog: (l) => logs.push(l),
    echo: opts.echoConsole === false ? undefined : realConsole(),
    rpc: async (method, args) => {
      if (!opts.rpc) throw new Error(`No host function '${method}' is available to this run`);
      return opts.rpc(method, args);
    },
  }).then((r): SandboxOutcome => (r.ok ? { ok: true, value: r.value, logs, ms: ms() } : { ok: false, error: r.error, logs, ms: ms() }));
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
