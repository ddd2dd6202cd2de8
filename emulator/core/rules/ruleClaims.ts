// Which of the claims Rules put on `context.idToken` / `context.accessToken` reach the tokens: Auth0 adds them after
// all rules finish and silently skips restricted names and Auth0 namespaces (auth0-facts §7.6 / create-custom-claims).

const RESTRICTED = new Set([
  'acr', 'act', 'active', 'amr', 'at_hash', 'ath', 'attest', 'aud', 'auth_time', 'authorization_details', 'azp',
  'c_hash', 'client_id', 'cnf', 'cty', 'dest', 'entitlements', 'events', 'exp', 'groups', 'gty', 'htm', 'htu', 'iat',
  'internalService', 'iss', 'jcard', 'jku', 'jti', 'jwe', 'jwk', 'kid', 'may_act', 'mky', 'nbf', 'nonce', 'object_id',
  'org_id', 'org_name', 'orig', 'origid', 'permissions', 'roles', 'rph', 's_hash', 'sid', 'sip_callid',
  'sip_cseq_num', 'sip_date', 'sip_from_tag', 'sip_via_branch', 'sub', 'sub_jwk', 'toe', 'txn', 'typ', 'uuid', 'vot',
  'vtm', 'x5t#S256',
]);

const AUTH0_NAMESPACE = /^(https?:\/\/)?([^/]*\.)?(auth0\.com|webtask\.io|webtask\.run)(\/|$)|^urn:auth0/i;

export interface CollectedClaims {
  claims: Record<string, unknown>;
  /** Claim names that were set but not added, with why. */
  dropped: Array<{ name: string; reason: string }>;
}

/** Claims from one of the context bags; `scope` on the access-token bag is the scope list, not a claim. */
export function collectRuleClaims(bag: Record<string, unknown> | undefined, kind: 'id' | 'access'): CollectedClaims {
  const out: CollectedClaims = { claims: {}, dropped: [] };
  for (const [name, value] of Object.entries(bag ?? {})) {
    if (kind === 'access' && name === 'scope') continue;
    if (value === undefined) continue;
    if (RESTRICTED.has(name)) out.dropped.push({ name, reason: 'restricted claim name' });
    else if (AUTH0_NAMESPACE.test(name)) out.dropped.push({ name, reason: 'Auth0 domains cannot be used as a namespace' });
    else out.claims[name] = value;
  }
  return out;
}
