// Who a verified Management API token speaks for: a machine client (client credentials) or a user (current-user
// tokens). Built from the token's claims; scope checks in scopes.ts read only this.
import type { JWTPayload } from 'jose';

export interface Principal {
  /** The token's `sub`: `{client_id}@clients` for client credentials, else the user id. */
  sub: string;
  /** `azp` (falling back to the `sub` prefix of a client-credentials token). */
  clientId: string;
  scopes: Set<string>;
  kind: 'client' | 'user';
  claims: JWTPayload;
}

const CLIENTS_SUFFIX = '@clients';

export function principalFromClaims(claims: JWTPayload): Principal {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const isClient = claims.gty === 'client-credentials' || sub.endsWith(CLIENTS_SUFFIX);
  const azp = typeof claims.azp === 'string' ? claims.azp : undefined;
  const clientId = azp ?? (isClient ? sub.slice(0, -CLIENTS_SUFFIX.length) : '');
  return { sub, clientId, scopes: parseScopeClaim(claims.scope), kind: isClient ? 'client' : 'user', claims };
}

/** Auth0 writes `scope` as one space-separated string; tolerate an array too (hand-made test tokens). */
export function parseScopeClaim(scope: unknown): Set<string> {
  if (typeof scope === 'string') return new Set(scope.split(/\s+/).filter(Boolean));
  if (Array.isArray(scope)) return new Set(scope.filter((s): s is string => typeof s === 'string' && s !== ''));
  return new Set();
}
