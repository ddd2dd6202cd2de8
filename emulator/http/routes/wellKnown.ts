// JWKS and OpenID discovery, as https://{tenant}/.well-known/* serves them.
import { Hono } from 'hono';
import { issuerFor, type TokenService } from '../../core/tokens/tokenService.js';
import { json } from '../body.js';
import type { AppEnv } from '../env.js';
import { requestDomain } from '../middleware/domain.js';

export function wellKnownRoutes(tokens: () => TokenService, configuredDomain: string | undefined, publicBaseUrl: (domain: string) => string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/.well-known/jwks.json', (c) => json(c, tokens().jwks()));
  app.get('/.well-known/openid-configuration', (c) => {
    const domain = requestDomain(c, configuredDomain);
    // Endpoints use the scheme the emulator really serves; the issuer is always what tokens carry (https).
    return json(c, { ...tokens().openidConfiguration(publicBaseUrl(domain)), issuer: issuerFor(domain) });
  });
  return app;
}
