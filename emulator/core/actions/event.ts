// Builds the `event` objects Actions receive, from the stored user with Actions' own user shape (fact sheet
// §7.2), with sensible defaults that callers override piecewise.
import type { Client, Connection, JsonObject, Role, StoredUser } from '../users/user.js';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends Array<unknown> ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface EventRequest {
  ip: string;
  method: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  geoip: {
    cityName?: string;
    continentCode?: string;
    countryCode?: string;
    countryCode3?: string;
    countryName?: string;
    latitude?: number;
    longitude?: number;
    subdivisionCode?: string;
    subdivisionName?: string;
    timeZone?: string;
  };
  hostname?: string;
  user_agent?: string;
  language?: string;
  asn?: string;
}

export interface EventTransaction {
  id?: string;
  protocol?: string;
  requested_scopes?: string[];
  acr_values?: string[];
  ui_locales?: string[];
  locale?: string;
  redirect_uri?: string;
  response_type?: string[];
  response_mode?: string;
  state?: string;
  prompt?: string[];
  login_hint?: string;
  linking_id?: string;
  correlation_id?: string;
  metadata: Record<string, string | number | boolean>;
}

/** The Actions user: no logins_count/last_login/last_ip; metadata always objects. */
export interface ActionsUser {
  user_id: string;
  email?: string;
  email_verified: boolean;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  username?: string;
  phone_number?: string;
  phone_verified?: boolean;
  created_at: string;
  updated_at: string;
  last_password_reset?: string;
  app_metadata: JsonObject;
  user_metadata: JsonObject;
  identities: Array<{ connection: string; provider: string; user_id: string; isSocial: boolean; profileData?: JsonObject }>;
  multifactor?: string[];
  enrolledFactors: Array<{ type: string }>;
}

export interface PostLoginEvent {
  user: ActionsUser;
  stats: { logins_count: number };
  secrets: Record<string, string>;
  client: { client_id: string; name: string; metadata: Record<string, string> };
  connection: { id: string; name: string; strategy: string; metadata?: Record<string, string> };
  request: EventRequest;
  transaction: EventTransaction;
  authorization?: { roles: string[] };
  authentication?: { methods: Array<{ name: string; timestamp: string }>; riskAssessment?: unknown };
  organization?: { id: string; name: string; display_name: string; metadata: Record<string, string> };
  tenant: { id: string };
  resource_server?: { identifier: string };
  [optional: string]: unknown;
}

export interface PostLoginEventInput {
  /** Defaults: the user's first identity's connection. */
  connection?: Connection;
  client?: Client;
  domain: string;
  /** Epoch ms of the login (authentication timestamp). */
  now: number;
  secrets?: Record<string, string>;
  /** Defaults to the stored logins_count + 1 (the login being made counts). */
  loginsCount?: number;
  audience?: string;
  /** Merged last, piecewise (objects merged, arrays and scalars replaced). */
  overrides?: DeepPartial<PostLoginEvent> & Record<string, unknown>;
}

const PROFILE_FIELDS = ['email', 'name', 'nickname', 'given_name', 'family_name', 'picture', 'username', 'phone_number', 'phone_verified', 'last_password_reset', 'multifactor'] as const;

export function toActionsUser(user: StoredUser): ActionsUser {
  const out: ActionsUser = {
    user_id: user.user_id,
    email_verified: user.email_verified ?? false,
    created_at: user.created_at,
    updated_at: user.updated_at,
    app_metadata: structuredClone(user.app_metadata ?? {}),
    user_metadata: structuredClone(user.user_metadata ?? {}),
    identities: (user.identities ?? []).map((i) => ({
      connection: i.connection,
      provider: i.provider,
      user_id: String(i.user_id),
      isSocial: i.isSocial,
      ...(i.profileData ? { profileData: structuredClone(i.profileData) } : {}),
    })),
    enrolledFactors: (user.multifactor ?? []).map((type) => ({ type })),
  };
  for (const f of PROFILE_FIELDS) if (user[f] !== undefined) (out as unknown as Record<string, unknown>)[f] = structuredClone(user[f]);
  return out;
}

export function defaultRequest(domain: string): EventRequest {
  return {
    ip: '127.0.0.1',
    method: 'POST',
    query: {},
    body: {},
    geoip: {
      cityName: 'Localhost',
      continentCode: 'EU',
      countryCode: 'NL',
      countryCode3: 'NLD',
      countryName: 'Netherlands',
      latitude: 52.37,
      longitude: 4.89,
      subdivisionCode: 'NH',
      subdivisionName: 'North Holland',
      timeZone: 'Europe/Amsterdam',
    },
    hostname: domain.replace(/:\d+$/, ''),
    user_agent: 'auth0-emulator',
    language: 'en',
  };
}

export function defaultTransaction(): EventTransaction {
  return {
    protocol: 'oidc-basic-profile',
    requested_scopes: ['openid', 'profile', 'email'],
    acr_values: [],
    ui_locales: [],
    locale: 'en',
    response_type: ['code'],
    prompt: [],
    metadata: {},
  };
}

export function connectionOf(user: StoredUser): string {
  return user.identities?.[0]?.connection ?? 'Username-Password-Authentication';
}

const SOCIAL_STRATEGIES = new Set(['google-oauth2', 'github', 'facebook', 'twitter', 'linkedin', 'apple', 'windowslive']);

export function buildPostLoginEvent(user: StoredUser, roles: Role[], input: PostLoginEventInput): PostLoginEvent {
  const connectionName = input.connection?.name ?? connectionOf(user);
  const strategy = input.connection?.strategy ?? user.identities?.[0]?.provider ?? 'auth0';
  const event: PostLoginEvent = {
    user: toActionsUser(user),
    stats: { logins_count: input.loginsCount ?? (user.logins_count ?? 0) + 1 },
    secrets: { ...(input.secrets ?? {}) },
    client: {
      client_id: input.client?.client_id ?? 'emulator-login-client',
      name: input.client?.name ?? 'Emulator login',
      metadata: { ...(input.client?.client_metadata ?? {}) },
    },
    connection: {
      id: input.connection?.id ?? `con_${connectionName.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}`,
      name: connectionName,
      strategy,
      metadata: { ...(input.connection?.metadata ?? {}) },
    },
    request: defaultRequest(input.domain),
    transaction: defaultTransaction(),
    authorization: { roles: roles.map((r) => r.name) },
    authentication: {
      methods: [{ name: strategy === 'auth0' ? 'pwd' : SOCIAL_STRATEGIES.has(strategy) ? 'federated' : 'federated', timestamp: new Date(input.now).toISOString() }],
    },
    tenant: { id: input.domain.split('.')[0]!.replace(/:\d+$/, '') },
    ...(input.audience ? { resource_server: { identifier: input.audience } } : {}),
  };
  return input.overrides ? (deepMerge(event, input.overrides) as PostLoginEvent) : event;
}

/** Plain objects merge key by key; arrays, scalars and null replace. Neither argument is mutated. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return structuredClone(base);
  if (!isPlain(base) || !isPlain(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
