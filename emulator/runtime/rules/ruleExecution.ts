// Worker side of the Rules pipeline: runs every rule of one login in order inside one sandbox job, with the
// Rules globals (auth0, configuration, global, require, UnauthorizedError, jwt), passing each rule's callback
// (user, context) to the next, and reporting each step to the host over rpc.
import { performance } from 'node:perf_hooks';
import type { RunnerContext } from '../sandbox/types.js';
import { toSandboxError } from '../sandbox/errors.js';
import { describeScriptError, type ScriptErrorInfo } from '../../core/rules/scriptError.js';
import { RULES_RPC, type RuleStepReport, type RulesRunPayload, type RulesRunValue } from '../../core/rules/rulesRun.js';
import { evaluateScript, legacyJwt, makeScriptRequire, ModuleNotInstalledError } from './legacyEnvironment.js';
import { countConsoleLines } from './consoleCounter.js';

/** `callback(new UnauthorizedError(msg))` ends the login with error=unauthorized (auth0-facts §8, vector 8.a). */
export class UnauthorizedError extends Error {
  override name = 'UnauthorizedError';
}

export async function runRulesInWorker(payload: RulesRunPayload, ctx: RunnerContext): Promise<RulesRunValue> {
  const lines = countConsoleLines(ctx.console);
  // One `global` per pipeline run: shared by the rules of this login (one Webtask), fresh for the next login, as if
  // the container were recycled every time — code that relies on it surviving breaks here first.
  const runGlobal: Record<string, unknown> = {};
  const requireFn = makeScriptRequire(payload.resolveFrom);
  const auth0 = {
    accessToken: payload.auth0.accessToken,
    domain: payload.auth0.domain,
    baseUrl: payload.auth0.baseUrl,
    users: {
      updateAppMetadata: (params: unknown, metadata: unknown, cb?: unknown) => update(ctx, 'app_metadata', params, metadata, cb),
      updateUserMetadata: (params: unknown, metadata: unknown, cb?: unknown) => update(ctx, 'user_metadata', params, metadata, cb),
    },
  };
  const configuration = Object.freeze({ ...payload.configuration });

  let user = payload.user as RulesRunValue['user'];
  let context = payload.context as RulesRunValue['context'];
  for (const [index, rule] of payload.rules.entries()) {
    await ctx.rpc(RULES_RPC.start, index);
    ctx.userFiles.add(rule.file);
    const logFrom = lines.count;
    const started = performance.now();
    const warnings: string[] = [];
    let error: ScriptErrorInfo | undefined;
    try {
      const fn = compileRule(rule, { auth0, configuration, global: runGlobal, require: requireFn, UnauthorizedError, jwt: legacyJwt });
      const result = await callRule(fn, user, context, warnings);
      if (result.err !== null && result.err !== undefined) error = describeScriptError(result.err, 'callback', rule.file);
      else {
        // A rule that calls back with nothing keeps the previous objects (callback(null) is common in the wild).
        if (result.user !== undefined) user = result.user as RulesRunValue['user'];
        if (result.context !== undefined) context = result.context as RulesRunValue['context'];
      }
    } catch (err) {
      error = failureInfo(err, rule.file, ctx.userFiles);
    }
    const step: RuleStepReport = { ms: round(performance.now() - started), logFrom, logTo: lines.count, warnings };
    if (error) step.error = error;
    await ctx.rpc(RULES_RPC.step, index, step);
    if (error) return { user, context, failed: { index, error } };
  }
  return { user, context };
}

function compileRule(rule: RulesRunPayload['rules'][number], globals: Record<string, unknown>): (...a: unknown[]) => unknown {
  let fn: unknown;
  try {
    fn = evaluateScript(rule.script, rule.file, globals);
  } catch (err) {
    throw err instanceof SyntaxError ? Object.assign(err, { ruleHint: true }) : err;
  }
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${rule.file} does not evaluate to a function (user, context, callback)`), { kind: 'missing-export' });
  }
  return fn as (...a: unknown[]) => unknown;
}

interface CallbackResult {
  err: unknown;
  user?: unknown;
  context?: unknown;
}

function callRule(fn: (...a: unknown[]) => unknown, user: unknown, context: unknown, warnings: string[]): Promise<CallbackResult> {
  return new Promise<CallbackResult>((resolve, reject) => {
    let calls = 0;
    const callback = (err?: unknown, u?: unknown, c?: unknown) => {
      calls++;
      if (calls > 1) {
        // Auth0 ignores later calls; flag it, since the pipeline may already be running the next rule.
        warnings.push(`callback was called ${calls} times; only the first call counts`);
        return;
      }
      resolve({ err, user: u, context: c });
    };
    try {
      const r = fn(user, context, callback) as { then?: unknown } | undefined;
      if (r && typeof r.then === 'function') (r as Promise<unknown>).then(undefined, reject);
    } catch (e) {
      reject(e);
    }
  });
}

function failureInfo(err: unknown, file: string, userFiles: Set<string>): ScriptErrorInfo {
  const kindHint = (err as { kind?: string })?.kind;
  if (kindHint === 'missing-export') return { ...describeScriptError(err, 'missing-export', file), line: 1 };
  if (err instanceof ModuleNotInstalledError) return describeScriptError(err, 'require', file);
  if (err instanceof SyntaxError && (err as { ruleHint?: boolean }).ruleHint) {
    const loc = toSandboxError(err, userFiles);
    const info: ScriptErrorInfo = { kind: 'syntax', name: 'SyntaxError', message: err.message, file };
    if (loc.line !== undefined) info.line = loc.line;
    if (loc.column !== undefined) info.column = loc.column;
    if (/Unexpected token ';'/.test(err.message)) info.message += ' (a Rule is one function expression: remove the semicolon after its closing brace)';
    return info;
  }
  return describeScriptError(err, 'thrown', file);
}

function update(ctx: RunnerContext, field: 'app_metadata' | 'user_metadata', params: unknown, metadata: unknown, cb: unknown): Promise<unknown> {
  const userId = typeof params === 'string' ? params : (params as { id?: string; user_id?: string } | null)?.id ?? (params as { user_id?: string } | null)?.user_id;
  // The object is sent whole, as node-auth0 sends it in its PATCH: top-level keys set to null are deleted, keys the
  // rule merely removed with `delete` stay (auth0-facts §8).
  const patch = { [field]: metadata === undefined ? {} : JSON.parse(JSON.stringify(metadata)) };
  const p = ctx.rpc(RULES_RPC.updateMetadata, userId, patch);
  if (typeof cb === 'function') {
    p.then(
      (u) => (cb as (e: unknown, u?: unknown) => void)(null, u),
      (e) => (cb as (e: unknown) => void)(e),
    );
  }
  return p;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
