// Messages between the sandbox pool (main thread) and a worker.
import type { LogLine, SandboxError, SandboxJob } from './types.js';

export type ToWorker =
  | { type: 'run'; id: number; job: SandboxJob }
  | { type: 'rpc-result'; id: number; ok: true; value: unknown }
  | { type: 'rpc-result'; id: number; ok: false; error: { message: string; statusCode?: number; headers?: Record<string, string> } };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'log'; id: number; line: LogLine }
  | { type: 'rpc'; id: number; method: string; args: unknown[] }
  | { type: 'done'; id: number; ok: true; value: unknown }
  | { type: 'done'; id: number; ok: false; error: SandboxError };
