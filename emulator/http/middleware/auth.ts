// Verifies the Management API bearer token (signature, expiry, issuer, audience) and stores the principal;
// scope checks happen per route through core/tokens/scopes.ts `authorize`.
import type { MiddlewareHandler } from 'hono';
import { issuerFor, managementAudienceFor, type TokenService } from '../../core/tokens/tokenService.js';
import type { AppEnv } from '../env.js';
import { acceptedDomains } from './domain.js';

export function managementAuth(tokens: () => TokenService, configuredDomain: string | undefined): MiddlewareHandler<AppEnv> {
  // Per Host header: the accepted audiences and issuers (a handful of hosts at most, so the cache stays tiny).
  const byHost = new Map<string, { acceptedAudiences: string[]; acceptedIssuers: string[] }>();
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    let accepted = byHost.get(host);
    if (!accepted) {
      const domains = acceptedDomains(configuredDomain, host || undefined);
      accepted = { acceptedAudiences: domains.map(managementAudienceFor), acceptedIssuers: domains.map(issuerFor) };
      if (byHost.size < 64) byHost.set(host, accepted);
    }
    const principal = await tokens().verifyManagementRequest(c.req.header('authorization'), accepted);
    c.set('principal', principal);
    await next();
  };
}
