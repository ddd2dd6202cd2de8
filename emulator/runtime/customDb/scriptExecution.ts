// Worker side of custom-DB scripts: evaluates one action script with its environment (error classes,
// configuration, global, require) and calls it with the callback convention of auth0-facts §9.1.
import type { RunnerContext } from '../sandbox/types.js';
import { toSandboxError } from '../sandbox/errors.js';
import { describeScriptError, type ScriptErrorInfo } from '../../core/rules/scriptError.js';
import type { CustomDbRunPayload, CustomDbRunValue } from '../../core/customDb/scriptRun.js';
import { evaluateScript, legacyJwt, makeScriptRequire, ModuleNotInstalledError } from '../rules/legacyEnvironment.js';

/** Invalid credentials: `new WrongUsernameOrPasswordError(userNameOrEmail|null, message?)` (log fp, or fu with null). */
export class WrongUsernameOrPasswordError extends Error {
  override name = 'WrongUsernameOrPasswordError';
  readonly userNameOrEmail: string | null;
  constructor(userNameOrEmail?: string | null, message?: string) {
    super(message ?? 'Wrong email or password.');
    this.userNameOrEmail = userNameOrEmail ?? null;
  }
}

/** `new ValidationError('user_exists', message?)`: a failed signup (log fs). */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message ?? code);
    this.code = code;
  }
}

/** Shown to the end user as is; the preferred way to surface a message to the front end. */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

export async function runCustomDbScriptInWorker(payload: CustomDbRunPayload, ctx: RunnerContext): Promise<CustomDbRunValue> {
  ctx.userFiles.add(payload.file);
  const warnings: string[] = [];
  const globals = {
    WrongUsernameOrPasswordError,
    ValidationError,
    UnauthorizedError,
    configuration: Object.freeze({ ...payload.configuration }),
    // Fresh per execution, as if the container were recycled each time: state kept here does not survive.
    global: {},
    require: makeScriptRequire(payload.resolveFrom),
    jwt: legacyJwt,
  };
  let fn: unknown;
  try {
    fn = evaluateScript(payload.source, payload.file, globals);
  } catch (err) {
    return { error: compileFailure(err, payload.file, ctx.userFiles), arity: 0, warnings };
  }
  if (typeof fn !== 'function') {
    return {
      error: { kind: 'missing-export', name: 'Error', message: `${payload.file} does not evaluate to a function (the ${payload.script} script)`, file: payload.file, line: 1 },
      arity: 0,
      warnings,
    };
  }
  try {
    const called = await new Promise<{ args: unknown[] }>((resolve, reject) => {
      let calls = 0;
      const callback = (...args: unknown[]) => {
        calls++;
        if (calls > 1) {
          warnings.push(`callback was called ${calls} times; only the first call counts`);
          return;
        }
        resolve({ args });
      };
      const args = [...payload.args];
      if (payload.context !== undefined) args.push(payload.context);
      args.push(callback);
      const r = (fn as (...a: unknown[]) => unknown)(...args) as { then?: unknown } | undefined;
      if (r && typeof r.then === 'function') (r as Promise<unknown>).then(undefined, reject);
    });
    const [err, result] = called.args;
    const out: CustomDbRunValue = { arity: called.args.length, warnings };
    if (err !== null && err !== undefined) out.error = describeScriptError(err, 'callback', payload.file);
    else if (result !== undefined) out.result = JSON.parse(JSON.stringify(result)) as unknown;
    return out;
  } catch (err) {
    const info = err instanceof ModuleNotInstalledError ? describeScriptError(err, 'require', payload.file) : describeScriptError(err, 'thrown', payload.file);
    return { error: info, arity: 0, warnings };
  }
}

function compileFailure(err: unknown, file: string, userFiles: Set<string>): ScriptErrorInfo {
  if (err instanceof SyntaxError) {
    const loc = toSandboxError(err, userFiles);
    const info: ScriptErrorInfo = { kind: 'syntax', name: 'SyntaxError', message: err.message, file };
    if (loc.line !== undefined) info.line = loc.line;
    if (loc.column !== undefined) info.column = loc.column;
    return info;
  }
  return describeScriptError(err, 'thrown', file);
}
