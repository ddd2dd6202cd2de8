// The `api` objects handed to Actions, per trigger. They only record commands (and answer the few synchronous
// questions Auth0's api answers: cache reads, canRedirect, tokens); the flow applies the commands afterwards.
import { signHs256, verifyHs256 } from './hs256.js';
import type { ApiContext, CacheRecord, Command } from './commands.js';

export interface Recorder {
  record(cmd: Command): void;
  /** After the handler settles, further calls are ignored and noted as `late`. */
  seal(): void;
  readonly commands: Command[];
}

export function createRecorder(): Recorder {
  const commands: Command[] = [];
  let sealed = false;
  return {
    commands,
    record(cmd) {
      if (sealed) commands.push({ type: 'late', method: cmd.type === 'unsupported' ? cmd.method : cmd.type });
      else commands.push(cmd);
    },
    seal() {
      sealed = true;
    },
  };
}

const CACHE_MAX_ENTRIES = 20;
const CACHE_KEY_BYTES = 64;
const CACHE_VALUE_BYTES = 4096;
const CACHE_TOTAL_BYTES = 8192;
const CACHE_DEFAULT_TTL_MS = 15 * 60_000;
const CACHE_MAX_TTL_MS = 24 * 3600_000;

export type CacheWriteResult = { type: 'success'; record: CacheRecord } | { type: 'error'; code: string };

function cacheApi(ctx: ApiContext, rec: Recorder) {
  const entries = ctx.cache;
  const live = () => Object.entries(entries).filter(([, r]) => r.expires_at > ctx.now);
  return {
    get(key: string): CacheRecord | undefined {
      const r = entries[key];
      return r && r.expires_at > ctx.now ? { ...r } : undefined;
    },
    set(key: string, value: string, options: { ttl?: number; expires_at?: number } = {}): CacheWriteResult {
      if (typeof key !== 'string' || Buffer.byteLength(key) > CACHE_KEY_BYTES) return { type: 'error', code: 'invalid_key' };
      if (typeof value !== 'string' || Buffer.byteLength(value) > CACHE_VALUE_BYTES) return { type: 'error', code: 'invalid_value' };
      const expiresAt = options.expires_at ?? ctx.now + (options.ttl ?? CACHE_DEFAULT_TTL_MS);
      if (!(expiresAt > ctx.now) || expiresAt - ctx.now > CACHE_MAX_TTL_MS) return { type: 'error', code: 'invalid_expiry' };
      const others = live().filter(([k]) => k !== key);
      if (others.length >= CACHE_MAX_ENTRIES) return { type: 'error', code: 'too_many_entries' };
      const total = others.reduce((n, [k, r]) => n + Buffer.byteLength(k) + Buffer.byteLength(r.value), 0);
      if (total + Buffer.byteLength(key) + Buffer.byteLength(value) > CACHE_TOTAL_BYTES) return { type: 'error', code: 'cache_size_exceeded' };
      const record = { value, expires_at: expiresAt };
      entries[key] = record;
      rec.record({ type: 'cache.set', key, value, expiresAt });
      return { type: 'success', record: { ...record } };
    },
    delete(key: string): { type: 'success' } {
      delete entries[key];
      rec.record({ type: 'cache.delete', key });
      return { type: 'success' };
    },
  };
}

/** A namespace whose every method is recorded as unsupported (shown in the transcript) and returns the api. */
function unsupported(ns: string, rec: Recorder, api: () => object): object {
  return new Proxy(
    {},
    {
      get: (_t, prop) =>
        typeof prop === 'string'
          ? (...args: unknown[]) => {
              rec.record({ type: 'unsupported', method: `${ns}.${prop}`, args: cloneable(args) });
              return api();
            }
          : undefined,
    },
  );
}

function cloneable(args: unknown[]): unknown[] {
  try {
    return structuredClone(args);
  } catch {
    return args.map((a) => (typeof a === 'function' ? '[function]' : String(a)));
  }
}

function checkKey(method: string, key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '') throw new TypeError(`${method}: the key must be a non-empty string`);
}

type MetaEvent = { user?: { app_metadata?: Record<string, unknown>; user_metadata?: Record<string, unknown> } };

function userApi(ctx: ApiContext, rec: Recorder, event: MetaEvent, api: () => object) {
  const original = {
    app_metadata: { ...(event.user?.app_metadata ?? {}) },
    user_metadata: { ...(event.user?.user_metadata ?? {}) },
  };
  const set = (field: 'app_metadata' | 'user_metadata', type: 'user.setAppMetadata' | 'user.setUserMetadata') => (key: string, value: unknown) => {
    checkKey(`api.user.${type.slice(5)}`, key);
    if (value === undefined) rec.record({ type, key, cancel: true });
    else rec.record({ type, key, value: structuredClone(value) });
    if (ctx.ownChangesVisible && event.user) {
      const view = (event.user[field] ??= {});
      if (value === null) delete view[key];
      else if (value === undefined) {
        if (key in original[field]) view[key] = original[field][key];
        else delete view[key];
      } else view[key] = value;
    }
    return api();
  };
  return {
    setAppMetadata: set('app_metadata', 'user.setAppMetadata'),
    setUserMetadata: set('user_metadata', 'user.setUserMetadata'),
  };
}

/** The post-login `api` (fact sheet §7.3). */
export function createPostLoginApi(ctx: ApiContext, rec: Recorder, event: any): object {
  const api: Record<string, unknown> = {};
  const self = () => api;
  const claim = (type: 'idToken.setCustomClaim' | 'accessToken.setCustomClaim') => (key: string, value: unknown) => {
    checkKey(`api.${type}`, key);
    rec.record({ type, key, value: structuredClone(value) });
    return api;
  };
  Object.assign(api, {
    access: {
      deny(reason: string) {
        rec.record({ type: 'access.deny', reason: String(reason ?? '') });
        return api;
      },
    },
    user: userApi(ctx, rec, event, self),
    idToken: { setCustomClaim: claim('idToken.setCustomClaim') },
    accessToken: {
      setCustomClaim: claim('accessToken.setCustomClaim'),
      addScope(scope: string) {
        rec.record({ type: 'accessToken.addScope', scope: String(scope) });
        return api;
      },
      removeScope(scope: string) {
        rec.record({ type: 'accessToken.removeScope', scope: String(scope) });
        return api;
      },
    },
    multifactor: {
      enable(provider: string, options?: unknown) {
        rec.record({ type: 'multifactor.enable', provider: String(provider), options: options === undefined ? undefined : cloneable([options])[0] });
        return api;
      },
    },
    authentication: Object.fromEntries(
      ['challengeWith', 'challengeWithAny', 'enrollWith', 'enrollWithAny', 'recordMethod', 'setPrimaryUser'].map((m) => [
        m,
        (...args: unknown[]) => {
          if (m === 'recordMethod' && !ctx.continuing) throw new Error('api.authentication.recordMethod can only be called in onContinuePostLogin');
          rec.record({ type: 'authentication', method: m, args: cloneable(args) });
          return api;
        },
      ]),
    ),
    redirect: {
      canRedirect: () => ctx.canRedirect,
      sendUserTo(url: string, options: { query?: Record<string, string> } = {}) {
        if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new TypeError('api.redirect.sendUserTo: url must be an absolute http(s) URL');
        const query = options.query ? Object.fromEntries(Object.entries(options.query).map(([k, v]) => [k, String(v)])) : undefined;
        rec.record({ type: 'redirect.sendUserTo', url, ...(query ? { query } : {}) });
        return api;
      },
      encodeToken(opts: { secret: string; payload?: Record<string, unknown>; expiresInSeconds?: number }) {
        if (!opts || typeof opts.secret !== 'string' || !opts.secret) throw new TypeError('api.redirect.encodeToken: a secret is required');
        const iat = Math.floor(ctx.now / 1000);
        return signHs256(
          {
            ...(opts.payload ?? {}),
            iss: ctx.domain,
            sub: event.user?.user_id,
            iat,
            exp: iat + (opts.expiresInSeconds ?? 900),
            ip: event.request?.ip,
          },
          opts.secret,
        );
      },
      validateToken(opts: { secret: string; tokenParameterName?: string }) {
        const name = opts?.tokenParameterName ?? 'session_token';
        const token = event.request?.body?.[name] ?? event.request?.query?.[name];
        if (typeof token !== 'string') throw new Error(`api.redirect.validateToken: no '${name}' parameter in the request`);
        const payload = verifyHs256(token, opts.secret, ctx.now);
        if (payload.state !== ctx.state) throw new Error('api.redirect.validateToken: the token state does not match the transaction state');
        return payload;
      },
    },
    cache: cacheApi(ctx, rec),
    transaction: {
      setMetadata(key: string, value: string | number | boolean) {
        checkKey('api.transaction.setMetadata', key);
        if (key.length > 64) throw new TypeError('api.transaction.setMetadata: keys are limited to 64 characters');
        const ok = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value)));
        if (!ok) throw new TypeError('api.transaction.setMetadata: the value must be a string, a number (safe integers only) or a boolean');
        if (typeof value === 'string' && Buffer.byteLength(value) > 8192) throw new TypeError('api.transaction.setMetadata: values are limited to 8 KB');
        rec.record({ type: 'transaction.setMetadata', key, value });
        if (event.transaction) (event.transaction.metadata ??= {})[key] = value;
        return api;
      },
    },
    rules: {
      wasExecuted: (ruleId: string) => ctx.executedRules?.includes(ruleId) ?? false,
    },
  });
  for (const ns of ['samlResponse', 'prompt', 'session', 'refreshToken', 'validation', 'roles', 'groups']) api[ns] = unsupported(ns, rec, self);
  return api;
}

/** The credentials-exchange `api` (fact sheet §7.7). */
export function createCredentialsExchangeApi(ctx: ApiContext, rec: Recorder): object {
  const api: Record<string, unknown> = {};
  const target = (method: string) => (scopes?: string | string[]) => {
    rec.record({ type: 'transaction.targetScope', method, scopes: scopes === undefined ? [] : Array.isArray(scopes) ? scopes.map(String) : [String(scopes)] });
    return api;
  };
  Object.assign(api, {
    access: {
      deny(code: string, reason: string) {
        const known = ['invalid_scope', 'invalid_request', 'server_error'];
        rec.record({ type: 'access.deny', code: known.includes(code) ? code : 'invalid_request', reason: String(reason ?? '') });
        return api;
      },
    },
    accessToken: {
      setCustomClaim(key: string, value: unknown) {
        checkKey('api.accessToken.setCustomClaim', key);
        rec.record({ type: 'accessToken.setCustomClaim', key, value: structuredClone(value) });
        return api;
      },
    },
    cache: cacheApi(ctx, rec),
    transaction: {
      addTargetScope: target('addTargetScope'),
      addTargetScopes: target('addTargetScopes'),
      removeTargetScope: target('removeTargetScope'),
      removeTargetScopes: target('removeTargetScopes'),
      setTargetScopes: target('setTargetScopes'),
      clearTargetScopes: target('clearTargetScopes'),
    },
  });
  return api;
}

/** The pre-user-registration `api`. */
export function createPreUserRegistrationApi(ctx: ApiContext, rec: Recorder, event: any): object {
  const api: Record<string, unknown> = {};
  Object.assign(api, {
    access: {
      deny(reason: string, userMessage?: string) {
        rec.record({ type: 'access.deny', reason: String(reason ?? ''), ...(userMessage !== undefined ? { userMessage: String(userMessage) } : {}) });
        return api;
      },
    },
    user: userApi(ctx, rec, event, () => api),
    validation: {
      error(code: string, message: string) {
        rec.record({ type: 'validation.error', code: String(code), message: String(message) });
        return api;
      },
    },
    cache: cacheApi(ctx, rec),
  });
  return api;
}

/** The post-user-registration `api`: only the cache (it cannot change the user or block). */
export function createPostUserRegistrationApi(ctx: ApiContext, rec: Recorder): object {
  return { cache: cacheApi(ctx, rec) };
}

export const HANDLERS = {
  'post-login': 'onExecutePostLogin',
  'credentials-exchange': 'onExecuteCredentialsExchange',
  'pre-user-registration': 'onExecutePreUserRegistration',
  'post-user-registration': 'onExecutePostUserRegistration',
} as const;

export function createApi(ctx: ApiContext, rec: Recorder, event: any): object {
  switch (ctx.trigger) {
    case 'post-login':
      return createPostLoginApi(ctx, rec, event);
    case 'credentials-exchange':
      return createCredentialsExchangeApi(ctx, rec);
    case 'pre-user-registration':
      return createPreUserRegistrationApi(ctx, rec, event);
    case 'post-user-registration':
      return createPostUserRegistrationApi(ctx, rec);
  }
}
