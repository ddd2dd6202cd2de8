// Verifies the Management API bearer token (signature, expiry, issuer, audience) and stores the principal;
// scope checks happen per route through core/tokens/scopes.ts `authorize`.
import type { MiddlewareHandler } from 'hono';
import { issuerFor, managementAudienceFor, type TokenService } from '../../core/tokens/tokenService.js';
import type { AppEnv } from '../env.js';
import { acceptedDomains } from './domain.js';

export function managementAuth(tokens: () => TokenService, configuredDomain: string | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const domains = acceptedDomains(configuredDomain, c.req.header('host'));
    const principal = await tokens().verifyManagementRequest(c.req.header('authorization'), {
      acceptedAudiences: domains.map(managementAudienceFor),
      acceptedIssuers: domains.map(issuerFor),
    });
    c.set('principal', principal);
    await next();
  };
}
