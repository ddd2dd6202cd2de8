// The post-login flow executor: Rules first (optional hook), then each Action in order in the sandbox; applies
// their recorded commands to what later Actions see; writes the pending metadata as ONE update at the end (also on
// deny and before a redirect), retried on 429 when x-ratelimit-reset says; then claims and signed tokens, or
// Auth0's error. Pure orchestration: user code runs through the injected executor.
import { isApiError, userNotFound } from '../errors.js';
import { randomIds } from '../ids.js';
import { mergeMetadata } from '../users/metadata.js';
import type { Json, JsonObject, StoredUser } from '../users/user.js';
import { ActionCache } from './cache.js';
import type { Command } from './commands.js';
import { buildPostLoginEvent, connectionOf, deepMerge, type EventRequest, type EventTransaction, type PostLoginEvent } from './event.js';
import type { FlowHost, MetadataPatch } from './host.js';
import type { LoadedAction } from './loadedAction.js';
import type { RulesHook, RulesHookResult } from './rulesHook.js';
import type { ActionExecutor } from './runTypes.js';
import { buildTokenClaims, claimRejection } from './tokenClaims.js';
import { recordRun, type ActionStep, type FlowTranscript, type MetadataWrite, type OAuthErrorBody } from './transcript.js';

/** Auth0's limit for a whole trigger execution (fact sheet §7.6). */
export const DEFAULT_TRIGGER_TIMEOUT_MS = 20_000;

export interface RateLimitRetry {
  /** Retries after the first 429 (Auth0 does not document a number). Default 3. */
  maxRetries: number;
  /** Longest wait for one retry. Default 60 000 ms (node-auth0's cap). */
  maxWaitMs: number;
}

export interface PostLoginFlowOptions {
  /**
   * Fact sheet §10 item 2 (UNCONFIRMED): does an Action's own event.user show its setter calls right away?
   * Default false: only later Actions see them (the documented behaviour).
   */
  ownChangesVisible?: boolean;
}

export interface PostLoginFlowInput {
  host: FlowHost;
  actions: LoadedAction[];
  execute: ActionExecutor;
  userId: string;
  clientId?: string;
  /** Connection name; default the user's first identity's connection. */
  connection?: string;
  /** Parts of event.request / event.transaction to override (e.g. ip, query; protocol, requested_scopes). */
  request?: Partial<EventRequest>;
  transaction?: Partial<EventTransaction>;
  /** Anything else in the event, merged last (organization, authentication, stats...). */
  event?: Record<string, unknown>;
  /** Secrets given to every Action, over each Action's own. */
  secrets?: Record<string, string>;
  /** API audience of the access token (event.resource_server); default the /userinfo audience only. */
  audience?: string;
  /** Budget of the whole trigger, each run getting what is left. Default 20 000 ms. */
  timeoutMs?: number;
  rateLimitRetry?: Partial<RateLimitRetry>;
  /** Waits between 429 retries; default setTimeout. Tests pass one that advances a manual clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Run everything but write nothing (no metadata write, no login bookkeeping). */
  dryRun?: boolean;
  /** Legacy Rules, run before the Actions. */
  runRules?: RulesHook;
  cache?: ActionCache;
  /** Sign tokens on success (default true). */
  issueTokens?: boolean;
  /** 'password' for the password grants: lands in the access token's gty. */
  grantType?: string;
  options?: PostLoginFlowOptions;
}

/** Everything needed to resume after api.redirect.sendUserTo (kept by the /continue route, keyed by state). */
export interface FlowContinuation {
  state: string;
  /** 'actions': resume onContinuePostLogin of actions[index]; 'rules': run the Rules again, then every Action. */
  phase: 'actions' | 'rules';
  index: number;
  userId: string;
  clientId: string;
  connection: string;
  audience?: string;
  transaction: EventTransaction;
  event?: Record<string, unknown>;
  secrets?: Record<string, string>;
  scopes: string[];
  idClaims: Record<string, unknown>;
  accessClaims: Record<string, unknown>;
  executedRules: string[];
  loginsCount: number;
  grantType?: string;
  /** Epoch ms when the redirect happened. */
  createdAt: number;
  /** Transcript so far, continued after the resume. */
  steps: ActionStep[];
  writes: number;
  notes: string[];
}

export interface ResumeInput extends Omit<PostLoginFlowInput, 'userId' | 'clientId' | 'connection' | 'transaction' | 'audience' | 'grantType'> {
  continuation: FlowContinuation;
}

export type PostLoginResult = FlowTranscript & { continuation?: FlowContinuation };

interface FlowState {
  host: FlowHost;
  input: PostLoginFlowInput | ResumeInput;
  userId: string;
  clientId: string;
  connection: string;
  audience?: string;
  request: EventRequest;
  transaction: EventTransaction;
  scopes: string[];
  idClaims: Record<string, unknown>;
  accessClaims: Record<string, unknown>;
  executedRules: string[];
  loginsCount: number;
  steps: ActionStep[];
  writes: number;
  notes: string[];
  rules?: { steps: unknown[]; writes: number };
  started: number;
}

const now = (host: FlowHost) => host.clock.now();

export async function runPostLoginFlow(input: PostLoginFlowInput): Promise<PostLoginResult> {
  const { host } = input;
  const stored = host.getUser(input.userId);
  if (!stored) throw userNotFound();
  const clientId = input.clientId ?? 'emulator-login-client';
  const connection = input.connection ?? connectionOf(stored);
  const transaction: EventTransaction = deepMerge(
    { ...buildPostLoginEvent(stored, [], { domain: host.domain, now: now(host) }).transaction, id: (host.ids ?? randomIds).opaque(12) },
    input.transaction ?? {},
  ) as EventTransaction;
  const st: FlowState = {
    host,
    input,
    userId: input.userId,
    clientId,
    connection,
    audience: input.audience,
    request: deepMerge(buildPostLoginEvent(stored, [], { domain: host.domain, now: now(host) }).request, input.request ?? {}) as EventRequest,
    transaction,
    scopes: [...(transaction.requested_scopes ?? [])],
    idClaims: {},
    accessClaims: {},
    executedRules: [],
    loginsCount: (stored.logins_count ?? 0) + 1,
    steps: [],
    writes: 0,
    notes: [],
    started: now(host),
  };
  return runFrom(st, 'rules', 0);
}

/** Resumes a flow suspended by a redirect: onContinuePostLogin of the same Action, then the later Actions. */
export async function resumePostLoginFlow(input: ResumeInput): Promise<PostLoginResult> {
  const c = input.continuation;
  const { host } = input;
  if (!host.getUser(c.userId)) throw userNotFound();
  const st: FlowState = {
    host,
    input,
    userId: c.userId,
    clientId: c.clientId,
    connection: c.connection,
    audience: c.audience,
    // Auth0 builds a new event.request on resume (fact sheet §7.5).
    request: deepMerge(buildPostLoginEvent(host.getUser(c.userId)!, [], { domain: host.domain, now: now(host) }).request, input.request ?? {}) as EventRequest,
    transaction: structuredClone(c.transaction),
    scopes: [...c.scopes],
    idClaims: structuredClone(c.idClaims),
    accessClaims: structuredClone(c.accessClaims),
    executedRules: [...c.executedRules],
    loginsCount: c.loginsCount,
    steps: structuredClone(c.steps),
    writes: c.writes,
    notes: [...c.notes],
    started: now(host),
  };
  if (c.phase === 'rules') {
    st.transaction.protocol = 'redirect-callback';
    return runFrom(st, 'rules', 0);
  }
  return runFrom(st, 'actions', c.index, true);
}

async function runFrom(st: FlowState, phase: 'rules' | 'actions', startIndex: number, continuing = false): Promise<PostLoginResult> {
  const { host, input } = st;
  const dryRun = input.dryRun ?? false;

  if (phase === 'rules' && input.runRules) {
    const r = await input.runRules({
      userId: st.userId,
      clientId: st.clientId,
      connection: st.connection,
      scopes: st.scopes,
      protocol: st.transaction.protocol ?? 'oidc-basic-profile',
      request: st.request,
      dryRun,
    });
    const ruleWrites = r.writes.filter((w) => w.ok).length;
    st.writes += ruleWrites;
    st.rules = { steps: r.steps, writes: ruleWrites };
    st.executedRules = r.steps.map((s) => String(s.id ?? s.name ?? ''));
    Object.assign(st.idClaims, r.idTokenClaims);
    Object.assign(st.accessClaims, r.accessTokenClaims);
    st.scopes = [...r.accessTokenScopes];
    if (!r.ok) return finish(st, rulesDenial(r), null);
    if (r.redirect) {
      if (!canRedirect(st)) return finish(st, { status: 'failed', error: noRedirect(st) }, null);
      return suspend(st, 'rules', 0, r.redirect.url, undefined, null);
    }
  }

  const stored0 = host.getUser(st.userId);
  if (!stored0) throw userNotFound();
  const base = buildPostLoginEvent(stored0, host.getUserRoles(st.userId), {
    domain: host.domain,
    now: now(host),
    client: host.getClient(st.clientId) ?? { client_id: st.clientId, client_secret: '', name: st.clientId, grant_scopes: [] },
    connection: host.getConnection(st.connection) ?? { id: `con_${st.connection.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}`, name: st.connection, strategy: stored0.identities?.[0]?.provider ?? 'auth0' },
    loginsCount: st.loginsCount,
    audience: st.audience,
    overrides: input.event as PostLoginEvent | undefined,
  });
  base.request = st.request;
  base.transaction = st.transaction;
  const stored = { app: structuredClone(base.user.app_metadata), user: structuredClone(base.user.user_metadata) };
  const view = { app: structuredClone(stored.app), user: structuredClone(stored.user) };
  const pending = { app: new Map<string, Json>(), user: new Map<string, Json>() };
  const cache = input.cache ?? new ActionCache();
  const budget = input.timeoutMs ?? DEFAULT_TRIGGER_TIMEOUT_MS;
  let used = 0;

  for (let i = startIndex; i < input.actions.length; i++) {
    const action = input.actions[i]!;
    const handler = continuing && i === startIndex ? 'onContinuePostLogin' : 'onExecutePostLogin';
    const event = structuredClone(base) as PostLoginEvent;
    event.user.app_metadata = structuredClone(view.app);
    event.user.user_metadata = structuredClone(view.user);
    event.secrets = { ...action.secrets, ...(input.secrets ?? {}) };
    const remaining = budget - used;
    const step: ActionStep = { name: action.name, file: action.file, handler, ms: 0, logs: [], logsTruncated: false, commands: [], error: null, notes: [] };
    if (action.missingSecrets?.length) step.notes.push(`secrets without a value: ${action.missingSecrets.join(', ')}`);
    st.steps.push(step);
    if (remaining <= 0) {
      step.error = `Script execution time exceeded: the trigger's ${budget} ms were used up before ${action.name} ran`;
      step.errorDetail = { kind: 'timeout', message: step.error };
      return finish(st, { status: 'failed', error: { error: 'access_denied', error_description: step.error } }, null);
    }
    const out = await input.execute(
      {
        file: action.file,
        code: action.code,
        handler,
        event: event as unknown as Record<string, unknown>,
        api: {
          trigger: 'post-login',
          domain: host.domain,
          now: now(host),
          cache: cache.snapshot('post-login', now(host)),
          canRedirect: canRedirect(st),
          state: st.transaction.state,
          ownChangesVisible: input.options?.ownChangesVisible ?? false,
          continuing: handler === 'onContinuePostLogin',
          executedRules: st.executedRules,
        },
      },
      { timeoutMs: remaining },
    );
    used += out.ms;
    if (!recordRun(step, out)) {
      // The flow stops as Auth0 stops it; nothing pending is written (not even earlier Actions' changes).
      st.notes.push(`${action.name} failed; pending metadata changes were not written`);
      return finish(st, { status: 'failed', error: { error: 'access_denied', error_description: out.error.message } }, null);
    }
    const commands = out.value.commands;
    step.commands = commands;
    if (out.value.handlerMs !== undefined) step.handlerMs = Math.round(out.value.handlerMs * 1000) / 1000;
    cache.apply('post-login', commands);
    let deny: string | undefined;
    let redirect: { url: string; query?: Record<string, string> } | undefined;
    for (const c of commands) {
      switch (c.type) {
        case 'user.setAppMetadata':
        case 'user.setUserMetadata': {
          const which = c.type === 'user.setAppMetadata' ? 'app' : 'user';
          if (c.cancel) {
            pending[which].delete(c.key);
            if (c.key in stored[which]) view[which][c.key] = structuredClone(stored[which][c.key]!);
            else delete view[which][c.key];
          } else {
            pending[which].set(c.key, c.value as Json);
            if (c.value === null) delete view[which][c.key];
            else view[which][c.key] = structuredClone(c.value as Json);
          }
          break;
        }
        case 'idToken.setCustomClaim':
        case 'accessToken.setCustomClaim': {
          const why = claimRejection(c.key);
          if (why) step.notes.push(`${c.type}: not added, ${why} (Auth0 drops it silently)`);
          else (c.type === 'idToken.setCustomClaim' ? st.idClaims : st.accessClaims)[c.key] = c.value;
          break;
        }
        case 'accessToken.addScope':
          if (!st.scopes.includes(c.scope)) st.scopes.push(c.scope);
          break;
        case 'accessToken.removeScope':
          st.scopes = st.scopes.filter((s) => s !== c.scope);
          break;
        case 'access.deny':
          deny ??= c.reason;
          break;
        case 'redirect.sendUserTo':
          redirect = { url: c.url, query: c.query };
          break;
        case 'transaction.setMetadata':
          st.transaction.metadata[c.key] = c.value;
          break;
        case 'multifactor.enable':
          step.notes.push(`multifactor.enable('${c.provider}'): recorded; the MFA challenge is not performed offline`);
          break;
        case 'authentication':
          step.notes.push(`authentication.${c.method}: recorded; not performed offline`);
          break;
        case 'unsupported':
          step.notes.push(`api.${c.method}: not emulated; recorded only`);
          break;
        case 'late':
          step.notes.push(`api call ${c.method} after the Action finished: ignored (Auth0: do not call the api from callbacks)`);
          break;
        default:
          break;
      }
    }
    const patch = patchOf(pending);
    if (deny !== undefined) {
      // Deny does not cancel side effects: pending metadata is still written (fact sheet §7.3).
      const w = await flush(st, patch, 'deny');
      if (w && !w.ok) return finish(st, { status: 'failed', error: writeFailed(w) }, w);
      return finish(st, { status: 'denied', denied: deny, error: { error: 'access_denied', error_description: deny } }, w);
    }
    if (redirect) {
      if (!canRedirect(st)) return finish(st, { status: 'failed', error: noRedirect(st) }, null);
      // Pending metadata is persisted before the browser leaves (fact sheet §7.4).
      const w = await flush(st, patch, 'redirect');
      if (w && !w.ok) return finish(st, { status: 'failed', error: writeFailed(w) }, w);
      return suspend(st, 'actions', i, redirect.url, redirect.query, w);
    }
  }
  const w = await flush(st, patchOf(pending), 'end');
  if (w && !w.ok) return finish(st, { status: 'failed', error: writeFailed(w) }, w);
  return finish(st, { status: 'success' }, w);
}

function patchOf(pending: { app: Map<string, Json>; user: Map<string, Json> }): MetadataPatch {
  const patch: MetadataPatch = {};
  if (pending.app.size) patch.app_metadata = Object.fromEntries(pending.app) as JsonObject;
  if (pending.user.size) patch.user_metadata = Object.fromEntries(pending.user) as JsonObject;
  return patch;
}

function canRedirect(st: FlowState): boolean {
  const p = st.transaction.protocol ?? '';
  if (['oauth2-resource-owner', 'oauth2-password', 'oauth2-refresh-token', 'oauth2-resource-owner-jwt-bearer'].includes(p)) return false;
  return !(st.transaction.prompt ?? []).includes('none');
}

function noRedirect(st: FlowState): OAuthErrorBody {
  const p = st.transaction.protocol ?? '';
  if ((st.transaction.prompt ?? []).includes('none')) return { error: 'interaction_required', error_description: 'A redirect was requested during a prompt=none login' };
  return { error: 'interaction_required', error_description: `Redirects from Actions are not available for the ${p} protocol` };
}

function rulesDenial(r: RulesHookResult): { status: 'denied'; denied: string; error: OAuthErrorBody } {
  const d = r.denial ?? { error: 'access_denied', error_description: 'A rule stopped the login' };
  return { status: 'denied', denied: d.error_description, error: d };
}

function writeFailed(w: MetadataWrite): OAuthErrorBody {
  return { error: 'access_denied', error_description: `The user's metadata could not be updated: ${w.error ?? 'unknown error'}` };
}

/** The one batched write of the trigger, retried on 429 after x-ratelimit-reset (as the Actions engine does). */
async function flush(st: FlowState, patch: MetadataPatch, when: MetadataWrite['when']): Promise<MetadataWrite | null> {
  if (!patch.app_metadata && !patch.user_metadata) return null;
  const { input, host } = st;
  const w: MetadataWrite = { when, patch, ok: false, retries: [] };
  if (input.dryRun) return { ...w, ok: true, dryRun: true };
  const retry = { maxRetries: 3, maxWaitMs: 60_000, ...input.rateLimitRetry };
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      await host.updateUserMetadata(st.userId, patch);
      w.ok = true;
      st.writes++;
      return w;
    } catch (err) {
      if (isApiError(err) && err.statusCode === 429 && attempt < retry.maxRetries) {
        const reset = Number(err.headers['x-ratelimit-reset']);
        const waitMs = Number.isFinite(reset) ? Math.min(retry.maxWaitMs, Math.max(0, reset * 1000 - host.clock.now())) : 1000;
        w.retries.push({ status: 429, waitMs });
        await sleep(waitMs);
        continue;
      }
      w.error = err instanceof Error ? err.message : String(err);
      if (isApiError(err) && err.statusCode === 429) w.error += ` (still rate limited after ${retry.maxRetries} retries)`;
      return w;
    }
  }
}

async function suspend(
  st: FlowState,
  phase: 'actions' | 'rules',
  index: number,
  url: string,
  query: Record<string, string> | undefined,
  write: MetadataWrite | null,
): Promise<PostLoginResult> {
  const state = (st.host.ids ?? randomIds).opaque(16);
  st.transaction.state = state;
  const target = new URL(url);
  for (const [k, v] of Object.entries(query ?? {})) target.searchParams.set(k, v);
  target.searchParams.set('state', state);
  const input = st.input;
  const continuation: FlowContinuation = {
    state,
    phase,
    index,
    userId: st.userId,
    clientId: st.clientId,
    connection: st.connection,
    audience: st.audience,
    transaction: structuredClone(st.transaction),
    event: 'event' in input ? input.event : undefined,
    secrets: input.secrets,
    scopes: [...st.scopes],
    idClaims: structuredClone(st.idClaims),
    accessClaims: structuredClone(st.accessClaims),
    executedRules: [...st.executedRules],
    loginsCount: st.loginsCount,
    grantType: 'grantType' in input ? input.grantType : 'continuation' in input ? input.continuation.grantType : undefined,
    createdAt: now(st.host),
    steps: structuredClone(st.steps),
    writes: st.writes,
    notes: [...st.notes],
  };
  const t = await finish(st, { status: 'redirect', redirect: target.toString() }, write);
  return { ...t, state, continuation };
}

async function finish(
  st: FlowState,
  outcome: { status: FlowTranscript['status']; denied?: string; error?: OAuthErrorBody; redirect?: string },
  write: MetadataWrite | null,
): Promise<PostLoginResult> {
  const { host, input } = st;
  const dryRun = input.dryRun ?? false;
  let user: StoredUser | undefined = host.getUser(st.userId);
  if (dryRun && user && write?.dryRun) {
    user = structuredClone(user);
    if (write.patch.app_metadata) user.app_metadata = mergeMetadata(user.app_metadata, write.patch.app_metadata);
    if (write.patch.user_metadata) user.user_metadata = mergeMetadata(user.user_metadata, write.patch.user_metadata);
    if (!user.app_metadata) delete user.app_metadata;
    if (!user.user_metadata) delete user.user_metadata;
  }
  const t: PostLoginResult = {
    trigger: 'post-login',
    status: outcome.status,
    user,
    writes: st.writes,
    write,
    idTokenClaims: null,
    accessTokenClaims: null,
    denied: outcome.status === 'denied' ? (outcome.denied ?? 'denied') : outcome.status === 'failed' ? (outcome.error?.error_description ?? 'failed') : false,
    error: outcome.error ?? null,
    redirect: outcome.redirect ?? null,
    ...(st.rules ? { rules: st.rules } : {}),
    actions: st.steps,
    notes: st.notes,
    ms: 0,
  };
  if (outcome.status === 'success' && user) {
    if (!dryRun) user = await host.recordLogin(st.userId, { ip: st.request.ip });
    t.user = user;
    const grantType = 'grantType' in input ? input.grantType : 'continuation' in input ? input.continuation.grantType : undefined;
    const claims = buildTokenClaims({
      domain: host.domain,
      user,
      clientId: st.clientId,
      now: now(host),
      scopes: st.scopes,
      audience: st.audience,
      grantType,
      idClaims: st.idClaims,
      accessClaims: st.accessClaims,
    });
    t.idTokenClaims = claims.idTokenClaims;
    t.accessTokenClaims = claims.accessTokenClaims;
    if (input.issueTokens !== false) {
      const [id_token, access_token] = await Promise.all([host.signIdToken(claims.idTokenClaims), host.signAccessToken(claims.accessTokenClaims)]);
      t.tokens = { access_token, id_token, token_type: 'Bearer', expires_in: 86400, scope: st.scopes.join(' ') };
    }
  }
  // The injected clock may be a manual one in tests; the runs' own times are a floor.
  t.ms = Math.max(now(host) - st.started, Math.round(st.steps.reduce((n, s) => n + s.ms, 0) * 1000) / 1000);
  return t;
}
