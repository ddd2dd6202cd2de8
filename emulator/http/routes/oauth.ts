// POST /oauth/token: client credentials for the Management API (form or JSON body), and the password grants the
// runtimes provide (they run Rules and Actions). Errors use the OAuth2 shape, not the Management API envelope.
import { Hono } from 'hono';
import { validateClientCredentialsRequest } from '../../core/tokens/clientCredentials.js';
import { OAuthError, oauthTooManyRequests } from '../../core/tokens/oauthError.js';
import { managementAudienceFor } from '../../core/tokens/tokenService.js';
import type { Client } from '../../core/users/user.js';
import type { EmulatorCore } from '../../emulatorCore.js';
import { readFormOrJson, json } from '../body.js';
import type { AppEnv } from '../env.js';
import { acceptedDomains, requestDomain } from '../middleware/domain.js';

export interface GrantContext {
  /** The tenant domain the request addressed (configured or Host). */
  domain: string;
  /** Every domain a token for this request may name. */
  domains: string[];
  body: Record<string, unknown>;
  authorization: string | undefined;
  ip: string;
  userAgent: string | undefined;
}

/** A grant the runtimes add (password, password-realm); returns the token response body. */
export type GrantHandler = (ctx: GrantContext) => Promise<Record<string, unknown>>;

/** Runs credentials-exchange Actions on a client-credentials grant; returns extra claims (or throws OAuthError). */
export type CredentialsExchangeHook = (ctx: GrantContext & { client: Client; audience: string; scopes: string[] }) => Promise<{ extraClaims?: Record<string, unknown>; scopes?: string[] }>;

export interface OAuthExtensions {
  grants?: Record<string, GrantHandler>;
  credentialsExchange?: CredentialsExchangeHook;
}

export function oauthRoutes(core: EmulatorCore, ext: OAuthExtensions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/oauth/token', async (c) => {
    const body = await readFormOrJson(c);
    const domains = acceptedDomains(core.configuredDomain, c.req.header('host'));
    const ctx: GrantContext = {
      domain: requestDomain(c, core.configuredDomain),
      domains,
      body,
      authorization: c.req.header('authorization'),
      ip: clientIp(c.req.raw, c.env),
      userAgent: c.req.header('user-agent'),
    };
    const grantType = typeof body.grant_type === 'string' ? body.grant_type : undefined;
    const custom = grantType ? ext.grants?.[grantType] : undefined;
    if (custom) return json(c, await custom(ctx));
    if (grantType !== undefined && grantType !== 'client_credentials') {
      throw new OAuthError(403, 'unsupported_grant_type', `Grant type '${grantType}' not allowed for the client.`);
    }
    const grant = validateClientCredentialsRequest(body, (id) => core.db.get('clients', id), {
      acceptedAudiences: domains.map(managementAudienceFor),
      authorization: ctx.authorization,
    });
    let extraClaims: Record<string, unknown> | undefined;
    let scopes = grant.scopes;
    if (ext.credentialsExchange) {
      const out = await ext.credentialsExchange({ ...ctx, client: grant.client, audience: grant.audience, scopes });
      extraClaims = out.extraClaims;
      scopes = out.scopes ?? scopes;
    }
    // The token names the domain the caller asked for in its audience, so that it verifies where it is used.
    const domain = grant.audience.slice('https://'.length, -'/api/v2/'.length);
    return json(c, 
      await core.tokens.issueClientCredentials({ domain, clientId: grant.client.client_id, audience: grant.audience, scopes, extraClaims }),
    );
  });
  return app;
}

/** A throttled token endpoint answers in the OAuth shape. */
export { oauthTooManyRequests };

function clientIp(req: Request, env: unknown): string {
  const fwd = req.headers.get('x-forwarded-for');
  if (fwd) return fwd.split(',')[0]!.trim();
  const incoming = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
}
