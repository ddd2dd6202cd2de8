// Worker-thread entry of the sandbox: receives one job at a time, runs it through the runner registry, streams
// console lines, forwards rpc calls to the host and reports the result. Bundled to dist/sandbox-worker.js.
import { parentPort } from 'node:worker_threads';
import { executeJob } from './executeJob.js';
import { toSandboxError } from './errors.js';
import type { SandboxJob } from './types.js';
import type { ToWorker, FromWorker } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('sandbox worker started outside a worker thread');

let nextRpc = 1;
const pendingRpc = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
let current: { id: number; userFiles: Set<string>; done: boolean } | undefined;

const send = (m: FromWorker) => port.postMessage(m);

function finish(id: number, result: FromWorker & { type: 'done' }) {
  if (!current || current.id !== id || current.done) return;
  current.done = true;
  send(result);
}

// A throw from a timer or an unhandled rejection fails the run in progress, as it would end an Auth0 execution,
// and the worker stays usable.
const failCurrent = (err: unknown) => {
  if (current && !current.done) finish(current.id, { type: 'done', id: current.id, ok: false, error: toSandboxError(err, current.userFiles) });
};
process.on('uncaughtException', failCurrent);
process.on('unhandledRejection', failCurrent);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'rpc-result') {
    const p = pendingRpc.get(msg.id);
    if (!p) return;
    pendingRpc.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    else p.reject(Object.assign(new Error(msg.error.message), msg.error));
    return;
  }
  if (msg.type === 'run') void run(msg.id, msg.job);
});

async function run(id: number, job: SandboxJob) {
  const userFiles = new Set<string>();
  current = { id, userFiles, done: false };
  const result = await executeJob(job, {
    userFiles,
    onLog: (line) => send({ type: 'log', id, line }),
    rpc: (method, args) =>
      new Promise((resolve, reject) => {
        const rid = nextRpc++;
        pendingRpc.set(rid, { resolve, reject });
        send({ type: 'rpc', id: rid, method, args });
      }),
  });
  if (result.ok) {
    try {
      finish(id, { type: 'done', id, ok: true, value: result.value });
    } catch (err) {
      // The runner returned something that cannot be cloned.
      finish(id, { type: 'done', id, ok: false, error: { kind: 'crashed', message: `Result could not be sent back: ${(err as Error).message}` } });
    }
  } else finish(id, { type: 'done', id, ok: false, error: result.error });
}

send({ type: 'ready' });
