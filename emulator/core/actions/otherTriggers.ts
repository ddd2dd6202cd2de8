// The smaller triggers (fact sheet §7.7): credentials-exchange on the client-credentials grant, and pre- and
// post-user-registration around signup. Same executor and transcript steps as post-login, simpler outcomes.
import type { Client, Connection, JsonObject, StoredUser } from '../users/user.js';
import { ActionCache } from './cache.js';
import type { Command, TriggerId } from './commands.js';
import { HANDLERS } from './api.js';
import { defaultRequest, defaultTransaction, deepMerge, toActionsUser, type EventRequest } from './event.js';
import type { LoadedAction } from './loadedAction.js';
import type { ActionExecutor } from './runTypes.js';
import { claimRejection } from './tokenClaims.js';
import { DEFAULT_TRIGGER_TIMEOUT_MS } from './flow.js';
import { recordRun, type ActionStep, type OAuthErrorBody } from './transcript.js';

interface TriggerRunInput {
  trigger: TriggerId;
  actions: LoadedAction[];
  execute: ActionExecutor;
  domain: string;
  now: number;
  event: Record<string, unknown>;
  secrets?: Record<string, string>;
  timeoutMs?: number;
  cache?: ActionCache;
}

interface TriggerRun {
  steps: ActionStep[];
  /** The first failing step's error, if any (the trigger stops there). */
  failed?: ActionStep;
  /** Commands of the steps that ran to the end, in order. */
  commands: Command[];
  /** Stops after the first Action whose commands satisfy this (e.g. a deny). */
}

async function runTrigger(input: TriggerRunInput, stopAfter: (cmds: Command[]) => boolean): Promise<TriggerRun> {
  const cache = input.cache ?? new ActionCache();
  const budget = input.timeoutMs ?? DEFAULT_TRIGGER_TIMEOUT_MS;
  const run: TriggerRun = { steps: [], commands: [] };
  let used = 0;
  for (const action of input.actions) {
    const handler = HANDLERS[input.trigger as keyof typeof HANDLERS];
    const step: ActionStep = { name: action.name, file: action.file, handler, ms: 0, logs: [], logsTruncated: false, commands: [], error: null, notes: [] };
    run.steps.push(step);
    const event = structuredClone(input.event);
    event.secrets = { ...action.secrets, ...(input.secrets ?? {}) };
    const out = await input.execute(
      {
        file: action.file,
        code: action.code,
        handler,
        event,
        api: { trigger: input.trigger, domain: input.domain, now: input.now, cache: cache.snapshot(input.trigger, input.now), canRedirect: false, ownChangesVisible: false },
      },
      { timeoutMs: Math.max(1, budget - used) },
    );
    used += out.ms;
    if (!recordRun(step, out)) {
      run.failed = step;
      return run;
    }
    step.commands = out.value.commands;
    for (const c of step.commands) {
      if (c.type === 'unsupported') step.notes.push(`api.${c.method}: not emulated; recorded only`);
      if (c.type === 'late') step.notes.push(`api call ${c.method} after the Action finished: ignored`);
    }
    cache.apply(input.trigger, step.commands);
    run.commands.push(...step.commands);
    if (stopAfter(step.commands)) return run;
    // Later Actions see transaction/user changes only through the commands the caller applies; the event stays.
  }
  return run;
}

// ---------------------------------------------------------------- credentials-exchange

export interface CredentialsExchangeInput {
  actions: LoadedAction[];
  execute: ActionExecutor;
  domain: string;
  now: number;
  client: Client;
  audience: string;
  scopes: string[];
  request?: Partial<EventRequest>;
  timeoutMs?: number;
  cache?: ActionCache;
}

export interface CredentialsExchangeTranscript {
  trigger: 'credentials-exchange';
  status: 'success' | 'denied' | 'failed';
  /** Claims to add to the access token (restricted names already removed). */
  customClaims: Record<string, unknown>;
  /** The scopes after transaction.*TargetScope(s) calls. */
  scopes: string[];
  /** HTTP status and OAuth body for a denied or failed exchange. */
  error: (OAuthErrorBody & { status: number }) | null;
  actions: ActionStep[];
}

export async function runCredentialsExchangeFlow(input: CredentialsExchangeInput): Promise<CredentialsExchangeTranscript> {
  const event = {
    client: { client_id: input.client.client_id, name: input.client.name, metadata: { ...(input.client.client_metadata ?? {}) } },
    resource_server: { identifier: input.audience },
    accessToken: { scope: [...input.scopes], customClaims: {} },
    request: deepMerge({ ...defaultRequest(input.domain), body: { grant_type: 'client_credentials', client_id: input.client.client_id, audience: input.audience } }, input.request ?? {}),
    transaction: { requested_scopes: [...input.scopes] },
    tenant: { id: input.domain.split('.')[0]!.replace(/:\d+$/, '') },
  };
  const run = await runTrigger({ ...input, trigger: 'credentials-exchange', event }, (cmds) => cmds.some((c) => c.type === 'access.deny'));
  const t: CredentialsExchangeTranscript = { trigger: 'credentials-exchange', status: 'success', customClaims: {}, scopes: [...input.scopes], error: null, actions: run.steps };
  if (run.failed) {
    t.status = 'failed';
    t.error = { status: 500, error: 'server_error', error_description: run.failed.error ?? 'Action failed' };
    return t;
  }
  for (const step of run.steps) {
    for (const c of step.commands) {
      if (c.type === 'accessToken.setCustomClaim') {
        const why = claimRejection(c.key);
        if (why) step.notes.push(`accessToken.setCustomClaim: not added, ${why}`);
        else t.customClaims[c.key] = c.value;
      } else if (c.type === 'transaction.targetScope') {
        if (c.method.startsWith('add')) for (const s of c.scopes) !t.scopes.includes(s) && t.scopes.push(s);
        else if (c.method.startsWith('remove')) t.scopes = t.scopes.filter((s) => !c.scopes.includes(s));
        else if (c.method === 'setTargetScopes') t.scopes = [...c.scopes];
        else if (c.method === 'clearTargetScopes') t.scopes = [];
      } else if (c.type === 'access.deny' && t.status === 'success') {
        t.status = 'denied';
        const code = c.code ?? 'invalid_request';
        t.error = { status: code === 'server_error' ? 500 : 400, error: code, error_description: c.reason };
      }
    }
  }
  return t;
}

// ---------------------------------------------------------------- pre-/post-user-registration

export interface RegistrationInput {
  actions: LoadedAction[];
  execute: ActionExecutor;
  domain: string;
  now: number;
  /** The user being created (pre: no user_id yet; post: the stored user). */
  user: Partial<StoredUser>;
  connection: Connection;
  client?: Client;
  request?: Partial<EventRequest>;
  timeoutMs?: number;
  cache?: ActionCache;
}

export interface PreUserRegistrationTranscript {
  trigger: 'pre-user-registration';
  status: 'success' | 'denied' | 'failed';
  /** Metadata to apply on creation (top-level keys; null deletes, like the post-login batch). */
  app_metadata: JsonObject;
  user_metadata: JsonObject;
  error: (OAuthErrorBody & { status: number; userMessage?: string }) | null;
  actions: ActionStep[];
}

function registrationEvent(input: RegistrationInput, withId: boolean): Record<string, unknown> {
  const u = input.user;
  const user = withId && u.user_id
    ? toActionsUser(u as StoredUser)
    : Object.fromEntries(
        Object.entries({
          email: u.email, username: u.username, name: u.name, nickname: u.nickname, given_name: u.given_name, family_name: u.family_name,
          picture: u.picture, phone_number: u.phone_number, app_metadata: u.app_metadata ?? {}, user_metadata: u.user_metadata ?? {},
        }).filter(([, v]) => v !== undefined),
      );
  return {
    user,
    connection: { id: input.connection.id, name: input.connection.name, strategy: input.connection.strategy, metadata: { ...(input.connection.metadata ?? {}) } },
    ...(input.client ? { client: { client_id: input.client.client_id, name: input.client.name, metadata: { ...(input.client.client_metadata ?? {}) } } } : {}),
    request: deepMerge(defaultRequest(input.domain), input.request ?? {}),
    transaction: withId ? undefined : { ...defaultTransaction(), protocol: 'oauth2-password' },
    tenant: { id: input.domain.split('.')[0]!.replace(/:\d+$/, '') },
  };
}

export async function runPreUserRegistrationFlow(input: RegistrationInput): Promise<PreUserRegistrationTranscript> {
  const event = registrationEvent(input, false);
  const run = await runTrigger({ ...input, trigger: 'pre-user-registration', event }, (cmds) => cmds.some((c) => c.type === 'access.deny' || c.type === 'validation.error'));
  const t: PreUserRegistrationTranscript = { trigger: 'pre-user-registration', status: 'success', app_metadata: {}, user_metadata: {}, error: null, actions: run.steps };
  if (run.failed) {
    t.status = 'failed';
    t.error = { status: 400, error: 'extensibility_error', error_description: run.failed.error ?? 'Action failed' };
    return t;
  }
  for (const c of run.commands) {
    if (c.type === 'user.setAppMetadata' || c.type === 'user.setUserMetadata') {
      const target = c.type === 'user.setAppMetadata' ? t.app_metadata : t.user_metadata;
      if (c.cancel) delete target[c.key];
      else target[c.key] = c.value as JsonObject[string];
    } else if (c.type === 'access.deny' && t.status === 'success') {
      t.status = 'denied';
      t.error = { status: 403, error: 'access_denied', error_description: c.userMessage ?? c.reason, ...(c.userMessage ? { userMessage: c.userMessage } : {}) };
    } else if (c.type === 'validation.error' && t.status === 'success') {
      t.status = 'denied';
      t.error = { status: 400, error: c.code, error_description: c.message };
    }
  }
  return t;
}

export interface PostUserRegistrationTranscript {
  trigger: 'post-user-registration';
  status: 'success' | 'failed';
  actions: ActionStep[];
}

/** Asynchronous in Auth0: the signup has already succeeded; failures are only reported. */
export async function runPostUserRegistrationFlow(input: RegistrationInput): Promise<PostUserRegistrationTranscript> {
  const run = await runTrigger({ ...input, trigger: 'post-user-registration', event: registrationEvent(input, true) }, () => false);
  return { trigger: 'post-user-registration', status: run.failed ? 'failed' : 'success', actions: run.steps };
}
