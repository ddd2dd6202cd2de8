// Validates a client-credentials request to /oauth/token (grant, client authentication, audience, requested
// scopes) and answers with what to put in the token, or the OAuthError Auth0 would return.
import { timingSafeEqual } from 'node:crypto';
import type { Client } from '../users/user.js';
import { OAuthError } from './oauthError.js';

export interface ClientCredentialsOptions {
  /** Audiences this tenant serves (the Management API `https://{domain}/api/v2/`). */
  acceptedAudiences: string[];
  /** Used when the request names no audience (Auth0's tenant "Default Audience"); unset = none configured. */
  defaultAudience?: string;
  /** The request's Authorization header, for client_secret_basic. */
  authorization?: string;
}

export interface ClientCredentialsGrant {
  client: Client;
  audience: string;
  /** The client grant's scopes, or the requested subset when the request carried `scope`. */
  scopes: string[];
}

/** Body fields arrive as strings from a form or as JSON values; anything else counts as absent. */
type TokenRequestBody = Record<string, unknown>;

export function validateClientCredentialsRequest(
  body: TokenRequestBody,
  lookupClient: (clientId: string) => Client | undefined,
  opts: ClientCredentialsOptions,
): ClientCredentialsGrant {
  const grantType = field(body, 'grant_type');
  if (grantType === undefined) throw missingParameter('grant_type');
  if (grantType !== 'client_credentials') {
    throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  }

  const basic = parseBasic(opts.authorization);
  const clientId = basic?.clientId ?? field(body, 'client_id');
  const clientSecret = basic?.clientSecret ?? field(body, 'client_secret');
  if (clientId === undefined) throw missingParameter('client_id');
  if (clientSecret === undefined) throw missingParameter('client_secret');

  const client = lookupClient(clientId);
  if (client === undefined || !sameSecret(client.client_secret, clientSecret)) {
    throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
  }
  if (client.app_type === 'spa' || client.app_type === 'native') {
    throw new OAuthError(403, 'unauthorized_client', "Grant type 'client_credentials' not allowed for the client.");
  }

  const audience = field(body, 'audience') ?? opts.defaultAudience;
  if (audience === undefined) {
    throw new OAuthError(
      403,
      'access_denied',
      'No audience parameter was provided, and no default audience has been configured',
    );
  }
  if (!opts.acceptedAudiences.includes(audience)) {
    throw new OAuthError(403, 'access_denied', `Service not found: ${audience}`);
  }
  // The emulator's client model keeps one grant (on the Management API); no scopes means no grant.
  if (client.grant_scopes.length === 0) {
    throw new OAuthError(
      403,
      'access_denied',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
    );
  }

  const requested = field(body, 'scope');
  if (requested === undefined) return { client, audience, scopes: [...client.grant_scopes] };
  const wanted = [...new Set(requested.split(/\s+/).filter(Boolean))];
  const notGranted = wanted.filter((s) => !client.grant_scopes.includes(s));
  if (notGranted.length > 0) {
    throw new OAuthError(403, 'access_denied', `Client has not been granted scopes: ${notGranted.join(', ')}`);
  }
  return { client, audience, scopes: wanted };
}

function field(body: TokenRequestBody, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const missingParameter = (name: string) =>
  new OAuthError(400, 'invalid_request', `Missing required parameter: ${name}`);

function parseBasic(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const m = header === undefined ? null : /^Basic +(\S+)$/i.exec(header.trim());
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const unescape = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

/** Constant-time comparison, so the emulator does not teach timing-unsafe habits by example. */
function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
