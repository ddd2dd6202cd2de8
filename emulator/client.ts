// Typed client for the emulator-only control routes under /_emulator (reset, seed, export/import, rate limits,
// fault injection, token minting, change notifications). Used by the extension, the tests and CI scripts.
// Everything Auth0 itself offers is reached with the official `auth0` SDK instead.
import type { SeedDocument } from './core/seedDocument.js';

export const CONTROL_PREFIX = '/_emulator';
export const CONTROL_KEY_HEADER = 'x-emulator-key';

export interface EmulatorHealth {
  status: 'ok';
  version: string;
  domain: string;
  url: string;
  users: number;
  revision: number;
  storage: string;
  rateLimit: RateLimitDescription;
}

export interface RateLimitDescription {
  profile: string;
  buckets: Array<{ name: string; burst: number; perSecond: number }>;
}

/** What POST /_emulator/faults takes (see core/rateLimit/faults.ts). */
export type { FaultSpec } from './core/rateLimit/faults.js';
import type { FaultSpec } from './core/rateLimit/faults.js';

export interface MintTokenRequest {
  /** The user the token acts for (a current-user token: sub = user_id). */
  user_id: string;
  scopes: string[];
  client_id?: string;
  expires_in?: number;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export interface SeedResult {
  users: number;
  roles: number;
  clients: number;
  connections: number;
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`emulator control request failed with ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'EmulatorControlError';
  }
}

export class EmulatorControlClient {
  private readonly baseUrl: string;
  private readonly key: string;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: { baseUrl: string; key: string; fetch?: typeof fetch }) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.key = opts.key;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  health(): Promise<EmulatorHealth> {
    return this.call('GET', '/health');
  }
  /** Back to the data the emulator started with (its seed, or the sample users). */
  reset(opts: { sample?: boolean; empty?: boolean } = {}): Promise<SeedResult> {
    return this.call('POST', '/reset', opts);
  }
  /** Adds or replaces the given users, roles, clients and connections. */
  seed(doc: SeedDocument): Promise<SeedResult> {
    return this.call('POST', '/seed', doc);
  }
  exportData(): Promise<SeedDocument> {
    return this.call('GET', '/export');
  }
  /** Replaces all data with the document (the signing key is kept). */
  importData(doc: SeedDocument): Promise<SeedResult> {
    return this.call('POST', '/import', doc);
  }
  getRateLimit(): Promise<RateLimitDescription> {
    return this.call('GET', '/rate-limit');
  }
  /** `off`, `free`, `essentials`, `enterprise`, `enterprise-nonprod` or `custom:<burst>:<perSecond>`. */
  setRateLimit(profile: string): Promise<RateLimitDescription> {
    return this.call('PUT', '/rate-limit', { profile });
  }
  injectFault(fault: FaultSpec): Promise<{ faults: FaultSpec[] }> {
    return this.call('POST', '/faults', fault);
  }
  listFaults(): Promise<{ faults: FaultSpec[] }> {
    return this.call('GET', '/faults');
  }
  clearFaults(): Promise<{ faults: FaultSpec[] }> {
    return this.call('DELETE', '/faults');
  }
  /** A user-context Management API token (read:current_user, update:current_user_metadata, ...). */
  mintToken(req: MintTokenRequest): Promise<TokenResponse> {
    return this.call('POST', '/tokens', req);
  }
  /** The data revision: it increases on every change. */
  async revision(): Promise<number> {
    return (await this.call<{ revision: number }>('GET', '/revision')).revision;
  }
  /** Long-polls until the revision passes `after` (or the timeout, server-capped at 30 s); returns the revision. */
  async waitForChange(after: number, timeoutMs = 25_000): Promise<number> {
    const q = `?after=${after}&wait=${Math.max(0, Math.min(timeoutMs, 30_000))}`;
    return (await this.call<{ revision: number }>('GET', `/revision${q}`)).revision;
  }

  /** Any control route, for routes added by the runtimes (e.g. /flows/post-login). */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { [CONTROL_KEY_HEADER]: this.key, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetchImpl(this.baseUrl + CONTROL_PREFIX + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    if (!res.ok) throw new EmulatorControlError(res.status, parsed);
    return parsed as T;
  }
}
