// Host side of legacy Rules: builds Rules' user and context for one login, runs every enabled rule in order in one
// sandbox job, performs the Management writes the rules make (real PATCH-equivalent writes through the FlowHost),
// and turns the result into claims, a redirect or Auth0's error, with a per-rule transcript.
import type { FlowHost, MetadataPatch } from '../../core/actions/host.js';
import type { StoredUser } from '../../core/users/user.js';
import { buildRuleContext, type RuleContext } from '../../core/rules/ruleContext.js';
import { toRuleUser, type RuleUser } from '../../core/rules/ruleUser.js';
import { rulesToRun, type LoadedRule } from '../../core/rules/loadedRule.js';
import { mapRuleError, type RuleDenial } from '../../core/rules/ruleErrors.js';
import { collectRuleClaims } from '../../core/rules/ruleClaims.js';
import { formatScriptError, type ScriptErrorInfo } from '../../core/rules/scriptError.js';
import { RULES_RPC, type RuleStepReport, type RulesRunPayload, type RulesRunValue } from '../../core/rules/rulesRun.js';
import { runInSandbox, type LogLine, type Sandbox, type SandboxError, type SandboxOutcome } from '../sandbox/index.js';

/** Auth0's Webtask limit for the whole rules pipeline (auth0-facts §8). */
export const RULES_DEFAULT_TIMEOUT_MS = 20_000;

export interface RunRulesOptions {
  host: FlowHost;
  /** Any order; disabled rules and other stages are skipped, the rest run by ascending `order`. */
  rules: LoadedRule[];
  userId: string;
  clientId?: string;
  /** Connection name; defaults to the user's first identity's connection. */
  connection?: string;
  /** Replaces parts of the built context (protocol, request, stats, …); nested objects merge one level deep. */
  context?: Partial<RuleContext>;
  /** Rules' tenant-wide `configuration` (read-only key/value strings). */
  configuration?: Record<string, string>;
  timeoutMs?: number;
  memoryMb?: number;
  /** Run in the current thread (debugger mode). */
  inProcess?: boolean;
  /** Where `require` finds installed packages; default the current working directory. */
  resolveFrom?: string;
  sandbox?: Sandbox;
  /** Scopes requested by the application (context.accessToken.scope). */
  scopes?: string[];
}

export interface RuleWrite {
  ruleId: string;
  method: 'updateAppMetadata' | 'updateUserMetadata';
  userId: string;
  patch: MetadataPatch;
  ok: boolean;
  error?: string;
}

export interface RuleStep {
  id: string;
  name: string;
  file: string;
  ms: number;
  logs: LogLine[];
  writes: RuleWrite[];
  warnings: string[];
  error?: ScriptErrorInfo;
  /** One-line `file:line: Name: message` of `error`. */
  errorText?: string;
}

export interface RulesOutcome {
  ok: boolean;
  /** Set when a rule stopped the login: what the application receives on its callback URL. */
  denial?: RuleDenial;
  /** The stopping error with file and line. */
  error?: ScriptErrorInfo;
  /** `context.redirect` after all rules: the login continues at this URL (then /continue runs all rules again). */
  redirect?: { url: string };
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  /** `context.accessToken.scope` after the rules. */
  accessTokenScopes: string[];
  droppedClaims: Array<{ token: 'id' | 'access'; name: string; reason: string }>;
  /** The user and context as the last rule passed them on. */
  user: RuleUser;
  context: RuleContext;
  steps: RuleStep[];
  /** Every Management write, in order (also listed per step). */
  writes: RuleWrite[];
  ms: number;
}

export async function runRulesPipeline(opts: RunRulesOptions): Promise<RulesOutcome> {
  const { host } = opts;
  const stored = host.getUser(opts.userId);
  if (!stored) throw new Error(`runRulesPipeline: no user with id ${opts.userId}`);
  const ordered = rulesToRun(opts.rules);
  const user = toRuleUser(stored);
  const context = buildRulesContextFor(host, stored, opts);
  const emptyOutcome = (): RulesOutcome => ({
    ok: true,
    idTokenClaims: {},
    accessTokenClaims: {},
    accessTokenScopes: context.accessToken.scope ?? [],
    droppedClaims: [],
    user,
    context,
    steps: [],
    writes: [],
    ms: 0,
  });
  if (ordered.length === 0) return emptyOutcome();

  const payload: RulesRunPayload = {
    rules: ordered.map((r) => ({ id: r.id, name: r.name, file: r.file, script: r.script })),
    user,
    context,
    configuration: { ...(opts.configuration ?? {}) },
    auth0: {
      accessToken: await host.signAccessToken({
        iss: `https://${host.domain}/`,
        aud: `https://${host.domain}/api/v2/`,
        sub: `${context.clientID || 'rules'}@clients`,
        azp: context.clientID || 'rules',
        gty: 'client-credentials',
        scope: 'read:users update:users',
      }),
      domain: host.domain,
      baseUrl: `https://${host.domain}/api/v2`,
    },
    resolveFrom: opts.resolveFrom ?? process.cwd(),
  };

  const writes: RuleWrite[] = [];
  const reports = new Map<number, RuleStepReport>();
  let current = -1;
  const rpc = async (method: string, args: unknown[]): Promise<unknown> => {
    if (method === RULES_RPC.start) {
      current = args[0] as number;
      return null;
    }
    if (method === RULES_RPC.step) {
      reports.set(args[0] as number, args[1] as RuleStepReport);
      return null;
    }
    if (method === RULES_RPC.updateMetadata) {
      const [userId, patch] = args as [unknown, MetadataPatch];
      const rule = ordered[current];
      const write: RuleWrite = {
        ruleId: rule?.id ?? '?',
        method: patch.app_metadata !== undefined ? 'updateAppMetadata' : 'updateUserMetadata',
        userId: String(userId),
        patch,
        ok: false,
      };
      writes.push(write);
      if (typeof userId !== 'string' || !userId) {
        write.error = 'a user id is required (auth0.users.updateAppMetadata(user.user_id, metadata))';
        throw new Error(write.error);
      }
      try {
        const updated = await host.updateUserMetadata(userId, patch);
        write.ok = true;
        return updated;
      } catch (e) {
        write.error = (e as Error).message;
        throw e;
      }
    }
    throw new Error(`Unknown host function '${method}'`);
  };

  const timeoutMs = opts.timeoutMs ?? RULES_DEFAULT_TIMEOUT_MS;
  const outcome: SandboxOutcome = await runInSandbox(
    { runner: 'rule', payload },
    { timeoutMs, rpc, ...(opts.memoryMb ? { memoryMb: opts.memoryMb } : {}), ...(opts.inProcess ? { inProcess: true } : {}), ...(opts.sandbox ? { sandbox: opts.sandbox } : {}) },
  );

  const steps: RuleStep[] = [];
  let stopError: ScriptErrorInfo | undefined;
  let final: RulesRunValue = { user, context };
  if (outcome.ok) {
    final = outcome.value as RulesRunValue;
    stopError = final.failed?.error;
  } else {
    stopError = fromSandboxError(outcome.error, ordered[current], timeoutMs);
  }
  const lastIndex = outcome.ok ? (final.failed?.index ?? ordered.length - 1) : Math.max(current, 0);
  let logCursor = 0;
  for (let i = 0; i <= lastIndex && i < ordered.length; i++) {
    const rule = ordered[i]!;
    const report = reports.get(i);
    const logFrom = report?.logFrom ?? logCursor;
    const logTo = report?.logTo ?? outcome.logs.length;
    logCursor = logTo;
    const step: RuleStep = {
      id: rule.id,
      name: rule.name,
      file: rule.file,
      ms: report?.ms ?? outcome.ms,
      logs: outcome.logs.slice(logFrom, logTo),
      writes: writes.filter((w) => w.ruleId === rule.id),
      warnings: report?.warnings ?? [],
    };
    const err = report?.error ?? (i === lastIndex && !outcome.ok ? stopError : undefined);
    if (err) {
      step.error = err;
      step.errorText = formatScriptError(err);
    }
    steps.push(step);
  }

  if (stopError) {
    return { ...emptyOutcome(), ok: false, denial: mapRuleError(stopError), error: stopError, user: final.user, context: final.context, steps, writes, ms: outcome.ms };
  }
  const finalContext = final.context;
  const id = collectRuleClaims(finalContext.idToken, 'id');
  const access = collectRuleClaims(finalContext.accessToken, 'access');
  const redirectUrl = finalContext.redirect?.url;
  return {
    ok: true,
    ...(typeof redirectUrl === 'string' && redirectUrl ? { redirect: { url: redirectUrl } } : {}),
    idTokenClaims: id.claims,
    accessTokenClaims: access.claims,
    accessTokenScopes: Array.isArray(finalContext.accessToken?.scope) ? finalContext.accessToken.scope : [],
    droppedClaims: [...id.dropped.map((d) => ({ token: 'id' as const, ...d })), ...access.dropped.map((d) => ({ token: 'access' as const, ...d }))],
    user: final.user,
    context: finalContext,
    steps,
    writes,
    ms: outcome.ms,
  };
}

/** The context for this login, from the host's view of client, connection, stats and roles. */
export function buildRulesContextFor(host: FlowHost, stored: StoredUser, opts: Pick<RunRulesOptions, 'clientId' | 'connection' | 'context' | 'scopes'>): RuleContext {
  const connectionName = opts.connection ?? stored.identities[0]?.connection;
  return buildRuleContext({
    tenant: host.domain.split('.')[0] ?? host.domain,
    ...(opts.clientId ? { client: host.getClient(opts.clientId) ?? { client_id: opts.clientId, client_secret: '', name: opts.clientId, grant_scopes: [] } } : {}),
    ...(connectionName ? { connection: host.getConnection(connectionName) ?? { id: '', name: connectionName, strategy: stored.identities[0]?.provider ?? 'auth0' } } : {}),
    loginsCount: stored.logins_count ?? 0,
    roles: host.getUserRoles(stored.user_id).map((r) => r.name),
    now: host.clock.now(),
    sessionId: host.ids?.opaque(12) ?? `sid_${host.clock.now().toString(36)}`,
    ...(opts.scopes ? { scopes: opts.scopes } : {}),
    ...(opts.context ? { overrides: opts.context } : {}),
  });
}

function fromSandboxError(e: SandboxError, rule: LoadedRule | undefined, timeoutMs: number): ScriptErrorInfo {
  const name = rule ? `rule "${rule.name}"` : 'the rules pipeline';
  const base = { ...(e.file ? { file: e.file } : rule ? { file: rule.file } : {}), ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) };
  switch (e.kind) {
    case 'timeout':
      return { kind: 'timeout', name: 'TimeoutError', message: `Script execution time exceeded: ${name} had not called back after ${timeoutMs} ms`, ...base };
    case 'memory':
      return { kind: 'memory', name: 'MemoryLimitError', message: `${name} exceeded the memory limit: ${e.message}`, ...base };
    case 'module-not-found':
      return { kind: 'require', name: 'Error', message: e.message, ...base };
    default: {
      // "TypeError: boom (file:3:5)" → name and message apart, location already in base.
      const m = /^(\w*Error): ([\s\S]*?)(?: \([^()]*:\d+(?::\d+)?\))?$/.exec(e.message);
      return { kind: 'thrown', name: m?.[1] ?? 'Error', message: m?.[2] ?? e.message, ...base, ...(e.stack ? { stack: e.stack } : {}) };
    }
  }
}
