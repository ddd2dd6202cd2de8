// The id and access token claims of an emulated login: standard claims by requested scope, plus the custom
// claims the Rules and Actions set, minus the names Auth0 refuses (silently, as Auth0 does; the transcript notes it).
// https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims
import type { StoredUser } from '../users/user.js';

export const RESTRICTED_CLAIMS = new Set([
  'acr', 'act', 'active', 'amr', 'at_hash', 'ath', 'attest', 'aud', 'auth_time', 'authorization_details', 'azp', 'c_hash',
  'client_id', 'cnf', 'cty', 'dest', 'entitlements', 'events', 'exp', 'group', 'groups', 'gty', 'htm', 'htu', 'iat',
  'internalService', 'iss', 'jcard', 'jku', 'jti', 'jwe', 'jwk', 'kid', 'may_act', 'mky', 'nbf', 'nonce', 'object_id',
  'org_id', 'org_name', 'orig', 'origid', 'permissions', 'roles', 'rph', 's_hash', 'sid', 'sip_callid', 'sip_cseq_num',
  'sip_date', 'sip_from_tag', 'sip_via_branch', 'sub', 'sub_jwk', 'toe', 'txn', 'typ', 'uuid', 'vot', 'vtm', 'x5t#S256',
]);
const FORBIDDEN_NAMESPACES = [/^https?:\/\/([^/]+\.)?(auth0\.com|webtask\.io|webtask\.run)(\/|$)/i, /^urn:auth0/i];

/** Why a custom claim would not be added, or undefined when it is fine. */
export function claimRejection(name: string): string | undefined {
  if (RESTRICTED_CLAIMS.has(name)) return `'${name}' is a restricted claim name`;
  if (FORBIDDEN_NAMESPACES.some((r) => r.test(name))) return `'${name}' uses an Auth0 namespace`;
  return undefined;
}

export interface TokenClaimsInput {
  domain: string;
  user: StoredUser;
  clientId: string;
  /** Epoch ms. */
  now: number;
  scopes: string[];
  audience?: string;
  /** e.g. 'password' for the password grants. */
  grantType?: string;
  idClaims: Record<string, unknown>;
  accessClaims: Record<string, unknown>;
  idTokenLifetime?: number;
  accessTokenLifetime?: number;
}

export function buildTokenClaims(input: TokenClaimsInput): { idTokenClaims: Record<string, unknown>; accessTokenClaims: Record<string, unknown> } {
  const iat = Math.floor(input.now / 1000);
  const iss = `https://${input.domain}/`;
  const u = input.user;
  const profile: Record<string, unknown> = {};
  if (input.scopes.includes('profile')) {
    for (const f of ['name', 'nickname', 'given_name', 'family_name', 'picture'] as const) if (u[f] !== undefined) profile[f] = u[f];
    profile.updated_at = u.updated_at;
  }
  if (input.scopes.includes('email')) {
    if (u.email !== undefined) profile.email = u.email;
    if (u.email !== undefined) profile.email_verified = u.email_verified ?? false;
  }
  const idTokenClaims = {
    ...input.idClaims,
    ...profile,
    iss,
    sub: u.user_id,
    aud: input.clientId,
    iat,
    exp: iat + (input.idTokenLifetime ?? 36000),
  };
  const userinfo = `https://${input.domain}/userinfo`;
  const accessTokenClaims = {
    ...input.accessClaims,
    iss,
    sub: u.user_id,
    aud: input.audience ? (input.scopes.includes('openid') ? [input.audience, userinfo] : input.audience) : userinfo,
    iat,
    exp: iat + (input.accessTokenLifetime ?? 86400),
    scope: input.scopes.join(' '),
    azp: input.clientId,
    ...(input.grantType ? { gty: input.grantType } : {}),
  };
  return { idTokenClaims, accessTokenClaims };
}
