// What one execution of user code looks like to the flow: the request handed to the sandbox and its outcome.
// The sandbox (emulator/runtime/sandbox) implements these shapes; the core only depends on them.
import type { ApiContext, Command } from './commands.js';

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

export interface LogLine {
  level: LogLevel;
  /** The console arguments formatted like Node's console (util.format). */
  message: string;
  /** Milliseconds since the run started. */
  t: number;
}

export type SandboxErrorKind = 'timeout' | 'memory' | 'syntax' | 'missing-export' | 'module-not-found' | 'thrown' | 'crashed';

export interface SandboxError {
  kind: SandboxErrorKind;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  stack?: string;
}

/** The `action` runner's payload. */
export interface ActionJobPayload {
  /** Absolute path of the Action's code (also the name under which inline `code` is compiled). */
  file: string;
  code?: string;
  /** Export to call: onExecutePostLogin, onContinuePostLogin, onExecuteCredentialsExchange, ... */
  handler: string;
  event: Record<string, unknown>;
  api: ApiContext;
  /** Re-run module-level code even if the file did not change. */
  fresh?: boolean;
}

export interface ActionJobResult {
  commands: Command[];
  /** Time spent inside the handler itself (the rest of the run's ms is the emulator's overhead). */
  handlerMs?: number;
}

export type ActionRunOutcome =
  | { ok: true; value: ActionJobResult; logs: LogLine[]; ms: number }
  | { ok: false; error: SandboxError; logs: LogLine[]; ms: number };

/** Runs one Action (in a worker, or in-process); injected into the flows so the core stays thread- and fs-free. */
export type ActionExecutor = (payload: ActionJobPayload, opts: { timeoutMs: number }) => Promise<ActionRunOutcome>;
