// How a failure inside user code (a Rule or a custom-DB script) is described across the worker boundary: the
// error's class and message, and the file and line it points at, so every message names where to look.

export type ScriptErrorKind =
  /** Passed to the callback on purpose: `callback(new Error('nope'))`, `callback('nope')`. */
  | 'callback'
  /** Thrown (synchronously, from a later tick, or as a rejected promise). */
  | 'thrown'
  | 'syntax'
  | 'require'
  | 'missing-export'
  | 'timeout'
  | 'memory'
  /** The script finished its work without ever calling back. */
  | 'no-callback';

export interface ScriptErrorInfo {
  kind: ScriptErrorKind;
  /** The error's class name: Error, UnauthorizedError, WrongUsernameOrPasswordError, ValidationError, TypeError… */
  name: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  stack?: string;
  /** ValidationError's errorCode (e.g. `user_exists`). */
  code?: string;
  /** WrongUsernameOrPasswordError's first argument (null → log type `fu`, a value → `fp`). */
  userNameOrEmail?: string | null;
}

/** "rules/deny.js:3:11: TypeError: x is not a function" — the one-line form shown in transcripts and the CLI. */
export function formatScriptError(e: ScriptErrorInfo): string {
  const where = e.file ? `${e.file}${e.line !== undefined ? `:${e.line}` : ''}${e.column !== undefined ? `:${e.column}` : ''}: ` : '';
  return `${where}${e.name}: ${e.message}`;
}

/**
 * Finds the first position in `stack` that lies in `file`. V8 frames look like `at fn (/abs/file.js:3:11)` or
 * `at /abs/file.js:3:11`; a SyntaxError from vm starts with `/abs/file.js:3` on its own line.
 */
export function locateInStack(stack: string | undefined, file: string): { line: number; column?: number } | undefined {
  if (!stack) return undefined;
  const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = new RegExp(`${esc}:(\\d+):(\\d+)`).exec(stack);
  if (frame) return { line: Number(frame[1]), column: Number(frame[2]) };
  const head = new RegExp(`^${esc}:(\\d+)\\s*$`, 'm').exec(stack);
  if (head) return { line: Number(head[1]) };
  return undefined;
}

/** Describes any thrown value or callback error as a ScriptErrorInfo, locating it in `file` when possible. */
export function describeScriptError(err: unknown, kind: ScriptErrorKind, file: string | undefined): ScriptErrorInfo {
  if (typeof err === 'string') return { kind, name: 'Error', message: err, ...(file ? { file } : {}) };
  const e = (err ?? {}) as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown; userNameOrEmail?: unknown };
  const info: ScriptErrorInfo = {
    kind,
    name: typeof e.name === 'string' && e.name ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(err),
  };
  if (typeof e.stack === 'string') info.stack = e.stack;
  if (typeof e.code === 'string') info.code = e.code;
  if (e.userNameOrEmail === null || typeof e.userNameOrEmail === 'string') info.userNameOrEmail = e.userNameOrEmail;
  if (file) {
    info.file = file;
    const at = locateInStack(info.stack, file);
    if (at) {
      info.line = at.line;
      if (at.column !== undefined) info.column = at.column;
    }
  }
  return info;
}
