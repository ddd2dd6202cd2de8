// Turns whatever user code threw into a SandboxError that names the user's file and line: syntax errors (from
// the compile step), missing npm modules, missing exports and ordinary throws.
import { SandboxFailure, type SandboxError } from './types.js';

interface Frame {
  file: string;
  line: number;
  column: number;
}

const FRAME = /\(?((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^():]*?):(\d+):(\d+)\)?\s*$/;

function frames(stack: string): Frame[] {
  const out: Frame[] = [];
  for (const raw of stack.split('\n')) {
    const l = raw.trim();
    if (!l.startsWith('at ')) continue;
    const m = FRAME.exec(l);
    if (m) out.push({ file: m[1]!.replace(/^file:\/\//, ''), line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

function locate(stack: string, userFiles: Set<string>): Partial<Frame> {
  const fs = frames(stack);
  return fs.find((f) => userFiles.has(f.file)) ?? fs.find((f) => !f.file.includes('/node_modules/') && !f.file.includes('/emulator/runtime/')) ?? {};
}

const where = (l: Partial<Frame>) => (l.file ? ` (${l.file}${l.line ? ':' + l.line : ''}${l.column ? ':' + l.column : ''})` : '');

export function toSandboxError(err: unknown, userFiles: Set<string>): SandboxError {
  if (err instanceof SandboxFailure) {
    return { kind: err.kind, message: err.message, ...err.location };
  }
  if (!(err instanceof Error)) {
    // Auth0 surfaces thrown non-errors as their string form.
    return { kind: 'thrown', message: typeof err === 'string' ? err : safeString(err) };
  }
  const stack = err.stack ?? '';
  if (err.name === 'SyntaxError') {
    // Compile errors start with "<file>:<line>\n<source line>\n   ^^^\n\nSyntaxError: ...".
    const head = /^((?:\/|[A-Za-z]:[\\/])[^\n]*?):(\d+)\n([^\n]*)\n( *)\^/.exec(stack);
    if (head) {
      const loc = { file: head[1]!, line: Number(head[2]), column: head[4]!.length + 1 };
      return { kind: 'syntax', message: `SyntaxError: ${err.message}${where(loc)}`, ...loc, stack };
    }
    const l = locate(stack, userFiles);
    return { kind: 'syntax', message: `SyntaxError: ${err.message}${where(l)}`, ...l, stack };
  }
  const code = (err as { code?: string }).code;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    const l = locate(stack, userFiles);
    const name = /Cannot find (?:module|package) '([^']+)'/.exec(err.message)?.[1];
    const hint = name && !name.startsWith('.') && !name.startsWith('/') ? `; install it in the workspace (npm install ${name})` : '';
    return {
      kind: 'module-not-found',
      message: `Cannot find module '${name ?? '?'}'${where(l)}${hint}`,
      ...l,
      stack,
    };
  }
  const l = locate(stack, userFiles);
  return { kind: 'thrown', message: `${err.name && err.name !== 'Error' ? err.name + ': ' : ''}${err.message}`, ...l, stack };
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  } catch {
    return String(v);
  }
}

/** A one-line description with location, as printed by the CLI and the transcript. */
export function describeSandboxError(e: SandboxError): string {
  if (!e.file || e.message.includes(e.file)) return e.message;
  return `${e.message}${where(e)}`;
}
