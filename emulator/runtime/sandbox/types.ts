// The sandbox contract: what a job, its options and its outcome look like, shared by the pool, the worker and
// the runners (Actions, Rules, custom DB).

import type { LogLine, SandboxError, SandboxErrorKind } from '../../core/actions/runTypes.js';

// The log and error shapes are defined beside the flow (core) that consumes them.
export type { LogLevel, LogLine, SandboxError, SandboxErrorKind } from '../../core/actions/runTypes.js';

export type SandboxOutcome =
  | { ok: true; value: unknown; logs: LogLine[]; ms: number }
  | { ok: false; error: SandboxError; logs: LogLine[]; ms: number };

export interface SandboxJob {
  /** Key into the runner registry (emulator/runtime/sandbox/runners/index.ts): 'action', 'rule', 'customDb'. */
  runner: string;
  /** Structured-cloneable input of the runner. */
  payload: unknown;
}

export type RpcHandler = (method: string, args: unknown[]) => Promise<unknown>;

export interface SandboxOptions {
  /** Hard limit; the worker running the job is terminated when it passes. */
  timeoutMs: number;
  /** V8 old-generation limit of the worker (resourceLimits.maxOldGenerationSizeMb). Default 256. */
  memoryMb?: number;
  /** Host functions worker-side code may call (e.g. Rules' auth0.users.updateAppMetadata). */
  rpc?: RpcHandler;
  /**
   * Run the runner in the current thread, so `node --inspect-brk` stops in the user's file. The timeout then only
   * stops waiting: an endless loop cannot be interrupted in this mode.
   */
  inProcess?: boolean;
  /** In-process runs also echo console output to the real console (helps in a debugger). Default true. */
  echoConsole?: boolean;
}

/** What a runner gets besides its payload. */
export interface RunnerContext {
  /** Calls the host's rpc handler; rejects with the host's error message when it fails. */
  rpc(method: string, ...args: unknown[]): Promise<unknown>;
  /** The capturing console that user code sees as its global `console` during the run. */
  console: Console;
  /** Files of user code the runner loaded: error locations are looked up in these first. */
  userFiles: Set<string>;
}

export type Runner = (payload: any, ctx: RunnerContext) => Promise<unknown>;

/** Thrown by runners for failures with a known kind (e.g. a missing export). */
export class SandboxFailure extends Error {
  constructor(
    readonly kind: SandboxErrorKind,
    message: string,
    readonly location: { file?: string; line?: number; column?: number } = {},
  ) {
    super(message);
    this.name = 'SandboxFailure';
  }
}
