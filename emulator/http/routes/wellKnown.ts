// JWKS and OpenID discovery, as https://{tenant}/.well-known/* serves them.
import { Hono } from 'hono';
import type { TokenService } from '../../core/tokens/tokenService.js';
import type { AppEnv } from '../env.js';

export function wellKnownRoutes(tokens: () => TokenService, publicBaseUrl: (domain: string) => string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/.well-known/jwks.json', (c) => c.json(tokens().jwks()));
  app.get('/.well-known/openid-configuration', (c) => c.json(tokens().openidConfiguration(publicBaseUrl(c.get('domain')))));
  return app;
}
