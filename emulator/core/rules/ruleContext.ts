// The `context` object a legacy Rule receives (auth0-facts §8, DOCS:customize/rules/context-object): camelCase
// where Rules are camelCase (`stats.loginsCount`, `clientID`), snake_case geoip, token claim bags, and the redirect slot.
import type { Client, Connection } from '../users/user.js';

export interface RuleGeoip {
  country_code?: string;
  country_code3?: string;
  country_name?: string;
  city_name?: string;
  latitude?: number;
  longitude?: number;
  time_zone?: string;
  continent_code?: string;
  subdivision_code?: string;
  subdivision_name?: string;
}

export interface RuleContext {
  tenant: string;
  clientID: string;
  clientName: string;
  /** Client metadata values are strings, as in Auth0. */
  clientMetadata: Record<string, string>;
  connectionID: string;
  connection: string;
  connectionStrategy: string;
  connectionOptions: Record<string, unknown>;
  connectionMetadata: Record<string, string>;
  samlConfiguration: Record<string, unknown>;
  protocol: string;
  stats: { loginsCount: number };
  sso: { with_auth0: boolean; with_dbconn: boolean; current_clients: string[] };
  /** Claims to add to the access token; `scope` is an array of scope strings. */
  accessToken: Record<string, unknown> & { scope?: string[] };
  /** Claims to add to the ID token. */
  idToken: Record<string, unknown>;
  multifactor?: Record<string, unknown>;
  redirect?: { url: string };
  sessionID: string;
  request: {
    userAgent: string;
    ip: string;
    hostname: string;
    query: Record<string, unknown>;
    body: Record<string, unknown>;
    geoip: RuleGeoip;
  };
  primaryUser?: string;
  authentication: { methods: Array<{ name: string; timestamp: number }> };
  authorization: { roles: string[] };
  organization?: { id: string; name: string; metadata: Record<string, string> };
  [extra: string]: unknown;
}

export interface RuleContextInput {
  tenant: string;
  client?: Client;
  connection?: Connection;
  loginsCount: number;
  roles: string[];
  /** Milliseconds since the epoch of this login. */
  now: number;
  sessionId: string;
  scopes?: string[];
  /** Anything here replaces the built value key by key (nested objects are merged one level deep). */
  overrides?: Partial<RuleContext>;
}

/**
 * Builds the context for one login. `authentication.methods[].timestamp` is in milliseconds: the Rules docs call it
 * epoch seconds but their own example value is milliseconds (CONFLICT in auth0-facts §8); we follow the example.
 */
export function buildRuleContext(input: RuleContextInput): RuleContext {
  const { client, connection } = input;
  const base: RuleContext = {
    tenant: input.tenant,
    clientID: client?.client_id ?? '',
    clientName: client?.name ?? '',
    clientMetadata: { ...(client?.client_metadata ?? {}) },
    connectionID: connection?.id ?? '',
    connection: connection?.name ?? '',
    connectionStrategy: connection?.strategy ?? '',
    connectionOptions: {},
    connectionMetadata: { ...(connection?.metadata ?? {}) },
    samlConfiguration: {},
    protocol: 'oidc-basic-profile',
    stats: { loginsCount: input.loginsCount },
    sso: { with_auth0: false, with_dbconn: false, current_clients: [] },
    accessToken: { scope: [...(input.scopes ?? ['openid', 'profile', 'email'])] },
    idToken: {},
    sessionID: input.sessionId,
    request: {
      userAgent: 'auth0-emulator',
      ip: '127.0.0.1',
      hostname: input.tenant,
      query: {},
      body: {},
      geoip: {},
    },
    authentication: { methods: [{ name: 'pwd', timestamp: input.now }] },
    authorization: { roles: [...input.roles] },
  };
  const out: RuleContext = { ...base };
  for (const [k, v] of Object.entries(input.overrides ?? {})) {
    const cur = (base as Record<string, unknown>)[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? { ...cur, ...v } : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
