// Fault injection first (the next N requests to a route answer 429 or a given status), then Auth0's token
// buckets: the global bucket, then the endpoint's. Limited endpoints carry x-ratelimit-* on every response.
import type { MiddlewareHandler } from 'hono';
import { tooManyRequests } from '../../core/errors.js';
import { faultResponse } from '../../core/rateLimit/faults.js';
import type { RateCategory } from '../../core/rateLimit/rateLimiter.js';
import { oauthTooManyRequests } from '../../core/tokens/oauthError.js';
import type { EmulatorCore } from '../../emulatorCore.js';
import type { AppEnv } from '../env.js';

/** Which bucket a request draws from (Essentials: Read Users, Write Users, everything else). */
export function categoryOf(method: string, path: string): RateCategory | undefined {
  if (path === '/oauth/token') return 'oauth_token';
  if (path === '/.well-known/jwks.json') return 'jwks';
  if (!path.startsWith('/api/v2/')) return undefined;
  if (path === '/api/v2/users' && method === 'GET') return 'read_users';
  if (path === '/api/v2/users' || (path.startsWith('/api/v2/users/') && !path.slice('/api/v2/users/'.length).includes('/'))) {
    if (method === 'POST' || method === 'PATCH' || method === 'DELETE') return 'write_users';
  }
  return 'other';
}

export function rateLimitMiddleware(core: EmulatorCore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    if (path.startsWith('/_emulator/')) return next();
    const category = categoryOf(method, path);
    const fault = core.faults.match(method, path);
    if (fault) {
      const res = faultResponse(fault, {
        rateLimitHeaders: category ? core.limiter.throttledHeaders(category) : {},
        oauth: category === 'oauth_token',
      });
      return c.json(res.body as object, res.status as 429, { 'content-type': 'application/json; charset=utf-8', ...res.headers });
    }
    if (!category) return next();
    const verdict = core.limiter.take(category);
    if (!verdict.allowed) {
      // The Authentication API answers in the OAuth shape, the Management API in its envelope.
      throw category === 'oauth_token' ? oauthTooManyRequests(verdict.headers) : tooManyRequests(verdict.headers);
    }
    await next();
    for (const [k, v] of Object.entries(verdict.headers)) c.res.headers.set(k, v);
  };
}
