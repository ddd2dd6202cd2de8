// The Actions runtime as the server uses it: which Actions are bound (reloaded per login so edits apply), and
// the entry points the /oauth/token route, signup and the control routes call.
import type { ActionBindings, LoadedAction } from '../../core/actions/loadedAction.js';
import { ActionCache } from '../../core/actions/cache.js';
import type { FlowHost } from '../../core/actions/host.js';
import { resumePostLoginFlow, runPostLoginFlow, type FlowContinuation, type PostLoginFlowInput, type PostLoginResult } from '../../core/actions/flow.js';
import {
  runCredentialsExchangeFlow,
  runPostUserRegistrationFlow,
  runPreUserRegistrationFlow,
  type CredentialsExchangeTranscript,
  type PostUserRegistrationTranscript,
  type PreUserRegistrationTranscript,
  type RegistrationInput,
} from '../../core/actions/otherTriggers.js';
import type { RulesHook } from '../../core/actions/rulesHook.js';
import type { ActionExecutor } from '../../core/actions/runTypes.js';
import type { Client } from '../../core/users/user.js';
import type { Sandbox } from '../sandbox/index.js';
import { createActionExecutor } from './executor.js';
import { loadActionBindings, type ActionsConfig } from './loadActions.js';

export interface ActionsRuntimeDeps {
  host: FlowHost;
  /** Bound Actions (from `--actions`); absent = no Actions (logins still issue tokens). */
  actionsConfig?: ActionsConfig;
  /** Legacy Rules, run before post-login Actions. */
  runRules?: RulesHook;
  sandbox?: Sandbox;
  /** Overrides how Actions run (tests); default the sandbox. */
  execute?: ActionExecutor;
}

export interface PasswordGrantParams {
  /** The user, already authenticated by the caller (password or custom-DB login checked). */
  userId: string;
  clientId: string;
  /** 'password' or 'http://auth0.com/oauth/grant-type/password-realm'. */
  grantType: string;
  audience?: string;
  /** Space-separated requested scopes; default "openid profile email". */
  scope?: string;
  ip: string;
  userAgent?: string;
  realm?: string;
}

export type GrantResult =
  | { ok: true; body: { access_token: string; id_token: string; token_type: 'Bearer'; expires_in: number; scope: string }; transcript: PostLoginResult }
  | { ok: false; status: number; body: { error: string; error_description: string }; transcript: PostLoginResult };

/** A suspended login waiting on /continue, with the Actions it was running. */
export interface PendingContinuation {
  continuation: FlowContinuation;
  actions: LoadedAction[];
  dryRun: boolean;
  secrets?: Record<string, string>;
  timeoutMs?: number;
}

/** Redirect sessions live up to 3 days in Auth0 (Rules docs); the emulator keeps them in memory as long. */
const CONTINUATION_TTL_MS = 3 * 24 * 3600_000;

export class ActionsRuntime {
  readonly cache = new ActionCache();
  readonly execute: ActionExecutor;
  private readonly pending = new Map<string, PendingContinuation>();

  constructor(readonly deps: ActionsRuntimeDeps) {
    this.execute =
      deps.execute ??
      createActionExecutor({ sandbox: deps.sandbox, memoryMb: deps.actionsConfig?.memoryMb, inProcess: deps.actionsConfig?.inProcess });
  }

  async bindings(): Promise<ActionBindings> {
    return this.deps.actionsConfig?.sources.length ? loadActionBindings(this.deps.actionsConfig) : {};
  }

  /** Runs Rules then the post-login Actions for a password grant: tokens, or Auth0's OAuth error. */
  async passwordGrant(p: PasswordGrantParams): Promise<GrantResult> {
    const actions = (await this.bindings())['post-login'] ?? [];
    const scopes = (p.scope ?? 'openid profile email').split(/\s+/).filter(Boolean);
    const transcript = await this.postLogin({
      actions,
      userId: p.userId,
      clientId: p.clientId,
      connection: p.realm,
      audience: p.audience,
      grantType: 'password',
      request: { ip: p.ip, method: 'POST', ...(p.userAgent ? { user_agent: p.userAgent } : {}), body: { grant_type: p.grantType, client_id: p.clientId, ...(p.audience ? { audience: p.audience } : {}), scope: scopes.join(' ') } },
      transaction: { protocol: 'oauth2-password', requested_scopes: scopes, response_type: [] },
    });
    if (transcript.status === 'success' && transcript.tokens) return { ok: true, body: transcript.tokens, transcript };
    const error = transcript.error ?? { error: 'access_denied', error_description: 'Access denied' };
    return { ok: false, status: error.error === 'access_denied' || error.error === 'unauthorized' ? 403 : 400, body: error, transcript };
  }

  /** Any post-login run (control route, CLI, grants); keeps the continuation when the flow redirects. */
  async postLogin(input: Omit<PostLoginFlowInput, 'host' | 'execute'> & { execute?: ActionExecutor }): Promise<PostLoginResult> {
    const t = await runPostLoginFlow({
      host: this.deps.host,
      execute: input.execute ?? this.execute,
      runRules: this.deps.runRules,
      cache: this.cache,
      timeoutMs: this.deps.actionsConfig?.timeoutMs,
      options: { ownChangesVisible: this.deps.actionsConfig?.ownChangesVisible },
      ...input,
    });
    if (t.continuation) this.remember({ continuation: t.continuation, actions: input.actions, dryRun: input.dryRun ?? false, secrets: input.secrets, timeoutMs: input.timeoutMs });
    return t;
  }

  /** /continue?state=…: resumes the suspended flow, or undefined when the state is unknown or expired. */
  async resume(state: string, request: { query?: Record<string, unknown>; body?: Record<string, unknown>; ip?: string }): Promise<PostLoginResult | undefined> {
    const p = this.pending.get(state);
    if (!p || this.deps.host.clock.now() - p.continuation.createdAt > CONTINUATION_TTL_MS) return undefined;
    this.pending.delete(state);
    const t = await resumePostLoginFlow({
      host: this.deps.host,
      execute: this.execute,
      runRules: this.deps.runRules,
      cache: this.cache,
      actions: p.actions,
      continuation: p.continuation,
      dryRun: p.dryRun,
      secrets: p.secrets,
      timeoutMs: p.timeoutMs ?? this.deps.actionsConfig?.timeoutMs,
      options: { ownChangesVisible: this.deps.actionsConfig?.ownChangesVisible },
      request: { query: request.query ?? {}, body: request.body ?? {}, method: request.body ? 'POST' : 'GET', ...(request.ip ? { ip: request.ip } : {}) },
    });
    if (t.continuation) this.remember({ ...p, continuation: t.continuation });
    return t;
  }

  private remember(p: PendingContinuation) {
    this.pending.set(p.continuation.state, p);
  }

  /** Credentials-exchange Actions on a client-credentials grant: extra claims and scopes, or an OAuth error. */
  async credentialsExchange(p: { client: Client; audience: string; scopes: string[]; ip?: string }): Promise<CredentialsExchangeTranscript> {
    const actions = (await this.bindings())['credentials-exchange'] ?? [];
    return runCredentialsExchangeFlow({
      actions,
      execute: this.execute,
      domain: this.deps.host.domain,
      now: this.deps.host.clock.now(),
      client: p.client,
      audience: p.audience,
      scopes: p.scopes,
      request: p.ip ? { ip: p.ip } : undefined,
      timeoutMs: this.deps.actionsConfig?.timeoutMs,
      cache: this.cache,
    });
  }

  async preUserRegistration(p: Omit<RegistrationInput, 'actions' | 'execute' | 'domain' | 'now'>): Promise<PreUserRegistrationTranscript> {
    const actions = (await this.bindings())['pre-user-registration'] ?? [];
    return runPreUserRegistrationFlow({ ...p, actions, execute: this.execute, domain: this.deps.host.domain, now: this.deps.host.clock.now(), timeoutMs: p.timeoutMs ?? this.deps.actionsConfig?.timeoutMs, cache: this.cache });
  }

  async postUserRegistration(p: Omit<RegistrationInput, 'actions' | 'execute' | 'domain' | 'now'>): Promise<PostUserRegistrationTranscript> {
    const actions = (await this.bindings())['post-user-registration'] ?? [];
    return runPostUserRegistrationFlow({ ...p, actions, execute: this.execute, domain: this.deps.host.domain, now: this.deps.host.clock.now(), timeoutMs: p.timeoutMs ?? this.deps.actionsConfig?.timeoutMs, cache: this.cache });
  }
}

/** What the /oauth/token route calls for grant_type password and password-realm. */
export function runPasswordGrant(runtime: ActionsRuntime, params: PasswordGrantParams): Promise<GrantResult> {
  return runtime.passwordGrant(params);
}

/** What the /oauth/token route calls on client_credentials when credentials-exchange Actions are bound. */
export function runCredentialsExchange(
  runtime: ActionsRuntime,
  params: { client: Client; audience: string; scopes: string[]; ip?: string },
): Promise<CredentialsExchangeTranscript> {
  return runtime.credentialsExchange(params);
}
