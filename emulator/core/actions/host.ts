// What a trigger flow (Actions, Rules, custom DB) needs from the emulator. The lead implements it over the real
// database and HTTP server; tests use an in-memory one. Everything here is synchronous reads plus durable writes.
import type { Clock } from '../clock.js';
import type { IdGenerator } from '../ids.js';
import type { Client, Connection, JsonObject, Role, StoredUser } from '../users/user.js';

export interface MetadataPatch {
  app_metadata?: JsonObject;
  user_metadata?: JsonObject;
}

export interface FlowHost {
  /** Tenant domain (issuer https://{domain}/). */
  readonly domain: string;
  readonly clock: Clock;
  /** Used for redirect `state` values and transaction ids; defaults to random ids when absent. */
  readonly ids?: IdGenerator;
  getUser(userId: string): StoredUser | undefined;
  getUserRoles(userId: string): Role[];
  getClient(clientId: string): Client | undefined;
  getConnection(name: string): Connection | undefined;
  /**
   * Exactly PATCH /api/v2/users/{id} with {app_metadata?, user_metadata?} (top-level merge, null deletes), counted
   * against the Write User rate limit, durable when resolved. Rate limited → throws ApiError 429 whose
   * .headers['x-ratelimit-reset'] is epoch seconds.
   */
  updateUserMetadata(userId: string, patch: MetadataPatch): Promise<StoredUser>;
  /** Login bookkeeping Auth0 does on a successful login: logins_count+1, last_login, last_ip, updated_at. */
  recordLogin(userId: string, info: { ip: string }): Promise<StoredUser>;
  signIdToken(claims: Record<string, unknown>): Promise<string>;
  signAccessToken(claims: Record<string, unknown>): Promise<string>;
}
