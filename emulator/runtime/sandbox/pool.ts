// A warm pool of sandbox workers. One job per worker at a time; a worker whose job times out, runs out of memory
// or crashes is terminated and replaced, so only that run fails and the emulator keeps answering.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { FromWorker, ToWorker } from './protocol.js';
import type { LogLine, SandboxError, SandboxJob, SandboxOptions, SandboxOutcome } from './types.js';

export interface PoolConfig {
  /** Worker entry; defaults to dist/sandbox-worker.js beside the bundle, or worker.ts (through tsx) in sources. */
  workerFile?: string;
  /** Most workers running at once per memory size; further jobs wait. Default max(2, cores). */
  maxWorkers?: number;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  dead: boolean;
  onMessage?: (m: FromWorker) => void;
  onFailure?: (e: SandboxError) => void;
}

const DEFAULT_MEMORY_MB = 256;

function workerEntry(explicit?: string): { spec: string | URL; eval: boolean } {
  if (explicit) return { spec: explicit, eval: false };
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // Sources run under tsx: a worker does not inherit tsx's hooks, so load the worker through tsx's API.
    const entry = new URL('./worker.ts', import.meta.url).href;
    const api = tsxEsmApi();
    return { spec: `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`, eval: true };
  }
  return { spec: new URL('./sandbox-worker.js', import.meta.url), eval: false };
}

/** URL of tsx's ESM api (its `import` export), also when these sources were loaded through tsx's CommonJS path. */
function tsxEsmApi(): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') return resolve('tsx/esm/api');
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
}

export class SandboxPool {
  private readonly slots = new Map<number, Slot[]>();
  private readonly waiters = new Map<number, Array<() => void>>();
  private readonly maxWorkers: number;
  private readonly entry: { spec: string | URL; eval: boolean };
  private nextId = 1;
  private closed = false;

  constructor(config: PoolConfig = {}) {
    this.maxWorkers = config.maxWorkers ?? Math.max(2, availableParallelism());
    this.entry = workerEntry(config.workerFile);
  }

  async run(job: SandboxJob, opts: SandboxOptions): Promise<SandboxOutcome> {
    const mem = opts.memoryMb ?? DEFAULT_MEMORY_MB;
    let slot: Slot;
    try {
      slot = await this.acquire(mem);
    } catch (err) {
      const e = (err as { sandboxError?: SandboxError }).sandboxError;
      return { ok: false, error: e ?? { kind: 'crashed', message: `The sandbox could not start a worker: ${(err as Error).message}` }, logs: [], ms: 0 };
    }
    const logs: LogLine[] = [];
    const id = this.nextId++;
    const started = performance.now();
    const ms = () => Math.round((performance.now() - started) * 1000) / 1000;

    return new Promise<SandboxOutcome>((resolve) => {
      let settled = false;
      const settle = (o: SandboxOutcome, kill: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        slot.onMessage = undefined;
        slot.onFailure = undefined;
        if (kill) this.discard(mem, slot);
        else this.release(mem, slot);
        resolve(o);
      };
      const timer = setTimeout(() => {
        settle({ ok: false, error: { kind: 'timeout', message: `Script execution time exceeded: the run was stopped after ${opts.timeoutMs} ms` }, logs, ms: ms() }, true);
      }, opts.timeoutMs);
      slot.onFailure = (error) => settle({ ok: false, error, logs, ms: ms() }, true);
      slot.onMessage = (m) => {
        if (m.type === 'log') {
          if (m.id === id) logs.push(m.line);
        } else if (m.type === 'rpc') {
          void this.answerRpc(slot, m, opts);
        } else if (m.type === 'done' && m.id === id) {
          if (m.ok) settle({ ok: true, value: m.value, logs, ms: ms() }, false);
          else settle({ ok: false, error: m.error, logs, ms: ms() }, false);
        }
      };
      slot.worker.ref();
      slot.worker.postMessage({ type: 'run', id, job } satisfies ToWorker);
    });
  }

  private async answerRpc(slot: Slot, m: FromWorker & { type: 'rpc' }, opts: SandboxOptions) {
    let reply: ToWorker;
    try {
      if (!opts.rpc) throw new Error(`No host function '${m.method}' is available to this run`);
      reply = { type: 'rpc-result', id: m.id, ok: true, value: await opts.rpc(m.method, m.args) };
    } catch (err) {
      const e = err as { message?: string; statusCode?: number; headers?: Record<string, string> };
      reply = { type: 'rpc-result', id: m.id, ok: false, error: { message: String(e?.message ?? err), statusCode: e?.statusCode, headers: e?.headers } };
    }
    if (!slot.dead) slot.worker.postMessage(reply);
  }

  private spawn(mem: number): Slot {
    const worker = new Worker(this.entry.spec, {
      eval: this.entry.eval,
      resourceLimits: { maxOldGenerationSizeMb: mem },
      // User code must not see the emulator's own flags (e.g. --inspect of the parent).
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, busy: false, dead: false, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      const failEarly = (e: SandboxError) => reject(Object.assign(new Error(e.message), { sandboxError: e }));
      slot.onFailure = failEarly;
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') {
          if (slot.onFailure === failEarly) slot.onFailure = undefined;
          resolve();
        } else slot.onMessage?.(m);
      });
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const error: SandboxError =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { kind: 'memory', message: `The run exceeded the memory limit of ${mem} MB and was stopped` }
          : { kind: 'crashed', message: `The sandbox worker crashed: ${err.message}`, stack: err.stack };
      slot.dead = true;
      slot.onFailure?.(error);
    });
    worker.on('exit', (code) => {
      const wasDead = slot.dead;
      slot.dead = true;
      this.remove(mem, slot);
      if (!wasDead) slot.onFailure?.({ kind: 'crashed', message: `The sandbox worker exited (code ${code}) before the run finished` });
    });
    // Referenced while starting (someone awaits it); unreferenced once idle.
    void slot.ready.then(() => !slot.busy && worker.unref(), () => undefined);
    const list = this.slots.get(mem) ?? [];
    list.push(slot);
    this.slots.set(mem, list);
    return slot;
  }

  private async acquire(mem: number): Promise<Slot> {
    if (this.closed) throw new Error('The sandbox pool is closed');
    for (;;) {
      const list = this.slots.get(mem) ?? [];
      let slot = list.find((s) => !s.busy && !s.dead);
      if (!slot && list.length < this.maxWorkers) slot = this.spawn(mem);
      if (slot) {
        slot.busy = true;
        try {
          await slot.ready;
          if (!slot.dead) return slot;
        } catch (err) {
          // A worker that cannot start will not start on retry either: report it.
          this.remove(mem, slot);
          throw err;
        }
        this.remove(mem, slot);
        continue;
      }
      await new Promise<void>((resolve) => {
        const q = this.waiters.get(mem) ?? [];
        q.push(resolve);
        this.waiters.set(mem, q);
      });
    }
  }

  private release(mem: number, slot: Slot) {
    slot.busy = false;
    slot.worker.unref();
    this.wake(mem);
  }

  private discard(mem: number, slot: Slot) {
    slot.dead = true;
    this.remove(mem, slot);
    void slot.worker.terminate();
    this.wake(mem);
  }

  private remove(mem: number, slot: Slot) {
    const list = this.slots.get(mem);
    if (!list) return;
    const i = list.indexOf(slot);
    if (i >= 0) list.splice(i, 1);
    this.wake(mem);
  }

  private wake(mem: number) {
    const w = this.waiters.get(mem)?.shift();
    if (w) w();
  }

  /** Starts a worker ahead of the first run (the first start costs tens of milliseconds). */
  async warm(memoryMb = DEFAULT_MEMORY_MB): Promise<void> {
    const list = this.slots.get(memoryMb) ?? [];
    if (list.some((s) => !s.dead)) return;
    await this.spawn(memoryMb).ready.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.slots.values()].flat();
    this.slots.clear();
    await Promise.all(all.map((s) => ((s.dead = true), s.worker.terminate())));
  }
}
