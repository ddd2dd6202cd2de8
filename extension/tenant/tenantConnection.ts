// One connected tenant: the official SDK's ManagementClient over HTTPS with a machine-to-machine client, its token
// (got by the client-credentials grant and decoded to show the granted scopes), and every failure put in plain
// words: a wrong secret, a missing scope, a 403 on one user, a name that does not resolve, the network gone.
// Bundled on its own (dist/tenant.cjs) and loaded on first use, like the emulator's directory.
import { ManagementClient } from 'auth0';
import { listUsersPage } from '../directory/listUsersPage.js';
import { httpsFetch } from './httpsFetch.js';
import type { WriteFailure } from './syncApply.js';
import type { Meta, SyncUser } from './syncPlan.js';

export interface TenantCredentials {
  /** `acme.eu.auth0.com`, or `host:port`. No scheme. */
  domain: string;
  clientId: string;
  clientSecret: string;
  /** Extra CA certificates (PEM) to trust for this tenant, e.g. a corporate proxy; default: Node's own trust. */
  caPem?: string;
  /** Replaces the transport entirely (tests). */
  fetch?: typeof fetch;
}

export interface ConnectionTest {
  ok: true;
  scopes: string[];
  /** Scopes this extension needs that the client was not granted. */
  missing: string[];
  expiresIn: number;
}

/** What the extension needs: browse (read:users), sync (update:users), pull (read:users). */
export const NEEDED_SCOPES = ['read:users', 'update:users'];

export interface TenantUser extends SyncUser {
  name?: string;
  nickname?: string;
  picture?: string;
  blocked?: boolean;
  identities?: Array<{ connection: string; provider: string; user_id: string | number; isSocial?: boolean }>;
  [extra: string]: unknown;
}

/** A failure in plain words, with what the tenant said. */
export class TenantError extends Error {
  constructor(
    message: string,
    readonly kind: 'unauthorized' | 'forbidden' | 'not-found' | 'rate-limited' | 'network' | 'rejected',
    readonly statusCode?: number,
    readonly rateLimitReset?: number,
  ) {
    super(message);
    this.name = 'TenantError';
  }
}

export class TenantConnection {
  private readonly client: ManagementClient;
  private readonly fetch: typeof fetch;
  private token: { value: string; expiresAt: number; scopes: string[] } | undefined;
  private pending: Promise<string> | undefined;

  constructor(readonly creds: TenantCredentials) {
    this.fetch = creds.fetch ?? (creds.caPem ? httpsFetch({ ca: creds.caPem }) : fetch);
    this.client = new ManagementClient({
      domain: creds.domain,
      token: () => this.accessToken(),
      fetch: this.fetch,
    });
  }

  /** Gets a fresh token and reports the scopes in it. */
  async test(): Promise<ConnectionTest> {
    this.token = undefined;
    await this.accessToken();
    const scopes = this.token!.scopes;
    return { ok: true, scopes, missing: NEEDED_SCOPES.filter((s) => !scopes.includes(s)), expiresIn: Math.round((this.token!.expiresAt - Date.now()) / 1000) };
  }

  get scopes(): string[] | undefined {
    return this.token?.scopes;
  }

  async listUsers(query: { q?: string; page: number; perPage: number }): Promise<{ users: TenantUser[]; total: number }> {
    return this.call('list users', () => listUsersPage<TenantUser>(this.client, query));
  }

  /** The tenant user with this id, or undefined when there is none. */
  async getUser(userId: string): Promise<TenantUser | undefined> {
    try {
      return (await this.call(`read ${userId}`, () => this.client.users.get(userId))) as unknown as TenantUser;
    } catch (err) {
      if (err instanceof TenantError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  async findByEmail(email: string): Promise<TenantUser[]> {
    return this.call(`look up ${email}`, async () => (await this.client.users.listUsersByEmail({ email: email.toLowerCase() })) as unknown as TenantUser[]);
  }

  /**
   * PATCH /api/v2/users/{id} with metadata only. The SDK's own retries are off (maxRetries 0): the sync's back-off
   * (syncApply.ts) follows x-ratelimit-reset and is the only one deciding when to try again.
   */
  async updateMetadata(userId: string, patch: { app_metadata?: Meta; user_metadata?: Meta }, signal?: AbortSignal, label = userId): Promise<{ app_metadata?: Meta; user_metadata?: Meta }> {
    const user = (await this.call(`change ${label}`, () =>
      this.client.users.update(userId, patch as never, { maxRetries: 0, ...(signal ? { abortSignal: signal } : {}) }),
    )) as unknown as TenantUser;
    return { ...(user.app_metadata ? { app_metadata: user.app_metadata } : {}), ...(user.user_metadata ? { user_metadata: user.user_metadata } : {}) };
  }

  /** For syncApply: a thrown error as a WriteFailure. */
  classify(err: unknown): WriteFailure {
    const e = err instanceof TenantError ? err : this.explain(err, 'write');
    return {
      message: e.message,
      ...(e.statusCode !== undefined ? { statusCode: e.statusCode } : {}),
      ...(e.kind === 'network' ? { network: true } : {}),
      ...(e.rateLimitReset !== undefined ? { rateLimitReset: e.rateLimitReset } : {}),
    };
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt - 10_000 > Date.now()) return this.token.value;
    this.pending ??= this.requestToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async requestToken(): Promise<string> {
    const { domain, clientId, clientSecret } = this.creds;
    let res: Response;
    try {
      res = await this.fetch(`https://${domain}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience: `https://${domain}/api/v2/` }).toString(),
      });
    } catch (err) {
      throw this.explain(err, 'connect');
    }
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; scope?: string; error?: string; error_description?: string };
    if (!res.ok || !body.access_token) {
      const said = body.error_description ?? body.error ?? `HTTP ${res.status}`;
      if (res.status === 401 || body.error === 'invalid_client') {
        throw new TenantError(`${domain} refused the client id or secret (${said}). Check the machine-to-machine application's Client ID and Client Secret.`, 'unauthorized', 401);
      }
      if (res.status === 403 || body.error === 'access_denied' || body.error === 'unauthorized_client') {
        throw new TenantError(`${domain} did not give this application a Management API token (${said}). In the Auth0 dashboard, authorize the application for the Auth0 Management API.`, 'forbidden', 403);
      }
      if (res.status === 429) throw new TenantError(`${domain} is rate limiting token requests; try again in a moment.`, 'rate-limited', 429, resetOf(res.headers));
      throw new TenantError(`${domain} answered the token request with ${res.status}: ${said}`, 'rejected', res.status);
    }
    // The token itself says what was granted (the `scope` field of the response is optional).
    const scopes = (scopesInJwt(body.access_token) || body.scope || '').split(/\s+/).filter(Boolean);
    this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 86_400) * 1000, scopes };
    return body.access_token;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof TenantError ? err : this.explain(err, what);
    }
  }

  /** Any error as a TenantError in plain words (`what` = what we were trying to do). */
  explain(err: unknown, what: string): TenantError {
    if (err instanceof TenantError) return err;
    const domain = this.creds.domain;
    const e = err as { statusCode?: number; body?: unknown; message?: string; cause?: { code?: string; message?: string }; code?: string; rawResponse?: { headers?: Headers } };
    const code = e?.cause?.code ?? e?.code ?? networkCode(e?.message);
    if (code && NETWORK_CODES[code]) return new TenantError(`Could not ${what}: ${NETWORK_CODES[code]!(domain)} (${code})`, 'network');
    if (e?.statusCode === undefined && /fetch failed|network|socket/i.test(e?.message ?? '')) {
      return new TenantError(`Could not ${what}: the network connection to ${domain} failed (${e?.cause?.message ?? e?.message}).`, 'network');
    }
    const body = (typeof e?.body === 'object' && e.body !== null ? e.body : {}) as { message?: string; errorCode?: string };
    const said = body.message ?? e?.message ?? String(err);
    switch (e?.statusCode) {
      case 401:
        return new TenantError(`${domain} no longer accepts this application's token (${said}). Test the connection again; the secret may have been rotated.`, 'unauthorized', 401);
      case 403: {
        const scope = /insufficient_scope|scope/i.test(`${body.errorCode} ${said}`);
        return new TenantError(
          scope
            ? `${domain} refused to ${what}: the application lacks a scope (${said}). Grant it in the dashboard under APIs > Auth0 Management API > Machine to Machine Applications.`
            : `${domain} refused to ${what} (403: ${said}).`,
          'forbidden',
          403,
        );
      }
      case 404:
        return new TenantError(`${domain}: could not ${what}, it does not exist (${said}).`, 'not-found', 404);
      case 429:
        return new TenantError(`${domain} is rate limiting the Management API (${said}).`, 'rate-limited', 429, resetOf(e.rawResponse?.headers));
      default:
        return new TenantError(`${domain} refused to ${what}${e?.statusCode ? ` (${e.statusCode})` : ''}: ${said}`, 'rejected', e?.statusCode);
    }
  }
}

const NETWORK_CODES: Record<string, (domain: string) => string> = {
  ENOTFOUND: (d) => `the name ${d.replace(/:\d+$/, '')} does not resolve; check the domain (e.g. your-tenant.eu.auth0.com)`,
  EAI_AGAIN: (d) => `the name ${d.replace(/:\d+$/, '')} could not be looked up; are you offline?`,
  ECONNREFUSED: (d) => `nothing answers at ${d}`,
  ECONNRESET: (d) => `the connection to ${d} was cut`,
  ETIMEDOUT: (d) => `${d} did not answer in time`,
  ENETUNREACH: () => 'the network is unreachable; are you offline?',
  UND_ERR_CONNECT_TIMEOUT: (d) => `${d} did not answer in time`,
  DEPTH_ZERO_SELF_SIGNED_CERT: (d) => `${d} presented a self-signed certificate that is not trusted`,
  SELF_SIGNED_CERT_IN_CHAIN: (d) => `${d} presented a certificate chain that is not trusted`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (d) => `${d}'s certificate could not be verified`,
  ERR_TLS_CERT_ALTNAME_INVALID: (d) => `${d}'s certificate is for another name`,
};

function networkCode(message: string | undefined): string | undefined {
  return Object.keys(NETWORK_CODES).find((c) => message?.includes(c));
}

function resetOf(headers: Headers | undefined): number | undefined {
  const raw = headers?.get?.('x-ratelimit-reset');
  const n = raw ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function scopesInJwt(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scope?: string };
    return payload.scope ?? '';
  } catch {
    return '';
  }
}

export function connectTenant(creds: TenantCredentials): TenantConnection {
  return new TenantConnection(creds);
}
