// Public surface of the tokens module: signing key, token service, scopes, /oauth/token validation.
export { createSigningKey, isStoredSigningKey, publicSigningJwk } from './signingKey.js';
export type { PublicSigningJwk, SigningKeyOptions, StoredSigningKey } from './signingKey.js';
export {
  DEFAULT_ACCESS_TOKEN_LIFETIME,
  DEFAULT_ID_TOKEN_LIFETIME,
  issuerFor,
  managementAudienceFor,
  TokenService,
} from './tokenService.js';
export type {
  ClientCredentialsTokenRequest,
  TokenResponse,
  TokenServiceDeps,
  UserTokenRequest,
  VerifyTokenOptions,
} from './tokenService.js';
export { parseScopeClaim, principalFromClaims } from './principal.js';
export type { Principal } from './principal.js';
export { authorize, canSeeIdpTokens, SCOPE_REQUIREMENTS } from './scopes.js';
export type { AuthorizeTarget, ManagementOperation } from './scopes.js';
export { isOAuthError, OAuthError, oauthTooManyRequests } from './oauthError.js';
export type { OAuthErrorBody } from './oauthError.js';
export { validateClientCredentialsRequest } from './clientCredentials.js';
export type { ClientCredentialsGrant, ClientCredentialsOptions } from './clientCredentials.js';
export { openidConfiguration } from './discovery.js';
