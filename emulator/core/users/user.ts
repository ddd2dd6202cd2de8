// The stored user and the shapes around it. A stored user is exactly what GET /api/v2/users/{id} returns to a
// token holding read:users + read:user_idp_tokens, minus emulator-only bookkeeping (none at present).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Identity {
  connection: string;
  /** String or integer (numeric GitHub ids), as Auth0 stores it. */
  user_id: string | number;
  provider: string;
  isSocial: boolean;
  /** Only shown to tokens with read:user_idp_tokens. */
  access_token?: string;
  access_token_secret?: string;
  refresh_token?: string;
  expires_in?: number;
  profileData?: JsonObject;
}

export interface StoredUser {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  username?: string;
  phone_number?: string;
  phone_verified?: boolean;
  created_at: string;
  updated_at: string;
  identities: Identity[];
  app_metadata?: JsonObject;
  user_metadata?: JsonObject;
  picture?: string;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  multifactor?: string[];
  multifactor_last_modified?: string;
  last_ip?: string;
  last_login?: string;
  last_password_reset?: string;
  logins_count?: number;
  blocked?: boolean;
  /** Arbitrary IdP attributes are allowed on the profile (Auth0's schema has additionalProperties: true). */
  [extra: string]: unknown;
}

/** Emulator-only secrets kept beside a user, never returned by the API. Keyed by user_id. */
export interface UserCredentials {
  user_id: string;
  /** scrypt hash `scrypt$N$salt$hash`, for password grants against database connections. */
  password_hash?: string;
}

export interface Role {
  id: string;
  name: string;
  description: string;
}

export type ConnectionStrategy = 'auth0' | 'google-oauth2' | 'github' | 'samlp' | 'waad' | 'sms' | 'email' | string;

export interface Connection {
  id: string;
  name: string;
  strategy: ConnectionStrategy;
  /** Database connections: whether usernames are required. */
  requires_username?: boolean;
  /** Custom database connections (strategy auth0 with enabledDatabaseCustomization). */
  enabledDatabaseCustomization?: boolean;
  import_mode?: boolean;
  customScripts?: Record<string, string>;
  configuration?: Record<string, string>;
  metadata?: Record<string, string>;
  /** Database connections: password strength level (Auth0 default for new connections: good). */
  passwordPolicy?: 'none' | 'low' | 'fair' | 'good' | 'excellent';
  /** Sync user profile attributes at each login (federated connections). */
  set_user_root_attributes?: 'on_each_login' | 'on_first_login' | 'never_on_login';
}

export interface Client {
  client_id: string;
  client_secret: string;
  name: string;
  app_type?: 'non_interactive' | 'spa' | 'regular_web' | 'native';
  /** Scopes granted on the Management API audience (client grant). */
  grant_scopes: string[];
  client_metadata?: Record<string, string>;
}

/**
 * Everything the emulator persists. Each collection is a keyed map; the storage layer persists it generically
 * (it knows nothing about users) and replays it at start.
 */
export interface Collections {
  users: StoredUser;
  credentials: UserCredentials;
  roles: Role;
  /** key: user_id, value: role ids in the order they were assigned */
  userRoles: { user_id: string; roles: string[] };
  clients: Client;
  connections: Connection;
  /** Singletons: signing key, settings. key: name */
  meta: { key: string; value: unknown };
}

export type CollectionName = keyof Collections;
