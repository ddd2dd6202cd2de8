// The Hono app: Auth0's wire format on top of EmulatorCore. Each resource is a sub-app; one onError turns every
// ApiError into Auth0's envelope, anything unexpected into a logged 500, and unknown Management API routes into a
// 501 that says the emulator does not emulate them.
import { Hono } from 'hono';
import { ApiError, isApiError, notEmulated } from '../core/errors.js';
import { OAuthError } from '../core/tokens/oauthError.js';
import type { EmulatorCore } from '../emulatorCore.js';
import type { AppEnv } from './env.js';
import { managementAuth } from './middleware/auth.js';
import { rateLimitMiddleware } from './middleware/rateLimit.js';
import { controlKeyMiddleware, controlRoutes } from './routes/control.js';
import { oauthRoutes, type OAuthExtensions } from './routes/oauth.js';
import { rolesRoutes } from './routes/roles.js';
import { usersRoutes } from './routes/users.js';
import { wellKnownRoutes } from './routes/wellKnown.js';

export interface AppExtensions {
  /** Extra control routes mounted under /_emulator (flows from the runtimes). */
  control?: Array<{ path: string; app: Hono<any> }>;
  /** Extra root routes (e.g. /continue for redirect Actions). */
  root?: Array<{ path: string; app: Hono<any> }>;
  /** Password grants and credentials-exchange Actions on /oauth/token. */
  oauth?: OAuthExtensions;
  /** Log one line per request through core.log. */
  logRequests?: boolean;
}

/** Authentication API routes a real tenant serves (the discovery document lists several): not emulated, say so. */
const AUTHENTICATION_API = ['/authorize', '/userinfo', '/oauth', '/mfa', '/passwordless', '/dbconnections', '/co', '/v2/logout', '/oidc', '/samlp', '/wsfed', '/bc-authorize', '/login', '/u', '/continue'];

export function createApp(core: EmulatorCore, ext: AppExtensions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const tokens = () => core.tokens;
  const scheme = () => (core.url.startsWith('https:') ? 'https' : 'http');

  app.onError((err, c) => {
    if (err instanceof OAuthError) {
      return c.json(err.toBody(), err.status as 400, { 'content-type': 'application/json; charset=utf-8', ...err.headers });
    }
    if (isApiError(err)) return sendApiError(c, err);
    core.log(`error: ${c.req.method} ${c.req.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return sendApiError(c, new ApiError(500, 'Internal error in the Auth0 emulator; see its log.', 'internal_error'));
  });
  app.notFound((c) => {
    const p = c.req.path;
    if (p.startsWith('/api/v2') || AUTHENTICATION_API.some((prefix) => p === prefix || p.startsWith(prefix + '/'))) {
      return sendApiError(c, notEmulated(`${c.req.method} ${p}`));
    }
    return sendApiError(c, new ApiError(404, 'Not Found', 'not_found'));
  });

  if (ext.logRequests) {
    app.use('*', async (c, next) => {
      const started = performance.now();
      await next();
      core.log(`${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`);
    });
  }
  app.use('*', rateLimitMiddleware(core));

  app.route('/', wellKnownRoutes(tokens, core.configuredDomain, (domain) => `${scheme()}://${domain}`));
  app.route('/', oauthRoutes(core, ext.oauth));
  app.use('/api/v2/*', managementAuth(tokens, core.configuredDomain));
  app.route('/api/v2', usersRoutes(core));
  app.route('/api/v2', rolesRoutes(core));
  app.use('/_emulator/*', controlKeyMiddleware(core));
  app.route('/_emulator', controlRoutes(core));
  for (const r of ext.control ?? []) app.route(`/_emulator${r.path}`, r.app);
  for (const r of ext.root ?? []) app.route(r.path, r.app);
  return app;
}

function sendApiError(c: import('hono').Context, err: ApiError) {
  return c.json(err.toBody(), err.statusCode as 400, { 'content-type': 'application/json; charset=utf-8', ...err.headers });
}
