import assert from 'node:assert/strict';
import { ManualClock } from '../../../emulator/core/clock.js';
import { ApiError } from '../../../emulator/core/errors.js';
import { FaultInjector, faultResponse } from '../../../emulator/core/rateLimit/faults.js';
import { RateLimiter } from '../../../emulator/core/rateLimit/rateLimiter.js';

describe('FaultInjector', () => {
  it('answers the next N matching requests, then lets requests through', () => {
    const faults = new FaultInjector();
    faults.add({ method: 'patch', path: '/api/v2/users/auth0|1', count: 2 });
    assert.equal(faults.match('PATCH', '/api/v2/users/auth0|1')?.status, 429);
    assert.equal(faults.match('PATCH', '/api/v2/users/auth0|1')?.count, 0);
    assert.equal(faults.match('PATCH', '/api/v2/users/auth0|1'), undefined);
    assert.deepEqual(faults.list(), []);
  });

  it('matches any method when none is given, and only the given one otherwise', () => {
    const faults = new FaultInjector();
    faults.add({ method: 'DELETE', path: '/api/v2/users/x', count: 1 });
    faults.add({ path: '/api/v2/roles', count: 1, status: 503 });
    assert.equal(faults.match('GET', '/api/v2/users/x'), undefined);
    assert.equal(faults.match('POST', '/api/v2/roles')?.status, 503);
    assert.equal(faults.match('DELETE', '/api/v2/users/x')?.method, 'DELETE');
  });

  it('treats a trailing * as a prefix and anything else as an exact path', () => {
    const faults = new FaultInjector();
    faults.add({ path: '/api/v2/users*', count: 3 });
    assert.ok(faults.match('GET', '/api/v2/users'));
    assert.ok(faults.match('GET', '/api/v2/users/auth0%7C1'));
    assert.ok(faults.match('GET', '/api/v2/users-by-email'));
    assert.equal(faults.match('GET', '/api/v2/roles'), undefined);
    faults.add({ path: '/api/v2/users', count: 1 });
    assert.equal(faults.match('GET', '/api/v2/users/auth0|1'), undefined);
  });

  it('matches a percent-encoded request path against a plain pattern and vice versa', () => {
    const faults = new FaultInjector();
    faults.add({ path: '/api/v2/users/auth0|1', count: 1 });
    faults.add({ path: '/api/v2/users/auth0%7C2', count: 1 });
    assert.ok(faults.match('GET', '/api/v2/users/auth0%7C1'));
    assert.ok(faults.match('GET', '/api/v2/users/auth0|2'));
  });

  it('uses faults in the order they were added and lists what is left', () => {
    const faults = new FaultInjector();
    const a = faults.add({ path: '/x*', count: 1, status: 500 });
    const b = faults.add({ path: '/x/y', count: 2, status: 502, body: { custom: true } });
    assert.notEqual(a.id, b.id);
    assert.equal(faults.match('GET', '/x/y')?.status, 500);
    assert.deepEqual(faults.list(), [{ id: b.id, path: '/x/y', count: 2, status: 502, body: { custom: true } }]);
    faults.clear();
    assert.deepEqual(faults.list(), []);
    assert.equal(faults.match('GET', '/x/y'), undefined);
  });

  it('refuses malformed faults with a 400', () => {
    const faults = new FaultInjector();
    for (const spec of [
      { path: 'api/v2/users', count: 1 },
      { path: '/a', count: 0 },
      { path: '/a', count: 1.5 },
      { path: '/a', count: 1, status: 200 },
    ]) {
      assert.throws(() => faults.add(spec), (e: unknown) => e instanceof ApiError && e.statusCode === 400, JSON.stringify(spec));
    }
  });

  describe('faultResponse', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 0, 0, 0, 100));

    it('gives an injected 429 the same body and x-ratelimit-* headers as a real one', () => {
      const limiter = new RateLimiter('free', clock);
      const faults = new FaultInjector();
      faults.add({ path: '/api/v2/users', count: 1 });
      const injected = faultResponse(faults.match('GET', '/api/v2/users')!, {
        rateLimitHeaders: limiter.throttledHeaders('read_users'),
      });
      limiter.take('read_users');
      limiter.take('read_users');
      const real = limiter.take('read_users');
      assert.equal(real.allowed, false);
      assert.equal(injected.status, 429);
      assert.deepEqual(injected.headers, real.headers);
      assert.deepEqual(injected.body, {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Global limit has been reached',
        errorCode: 'too_many_requests',
      });
    });

    it('answers /oauth/token faults in the OAuth shape', () => {
      const faults = new FaultInjector();
      faults.add({ path: '/oauth/token', count: 2 });
      faults.add({ path: '/oauth/token', count: 1, status: 500 });
      const headers = new RateLimiter('off', clock).throttledHeaders('oauth_token');
      const throttled = faultResponse(faults.match('POST', '/oauth/token')!, { rateLimitHeaders: headers, oauth: true });
      assert.deepEqual(throttled.body, { error: 'too_many_requests', error_description: 'Rate limit exceeded' });
      assert.equal(throttled.headers['x-ratelimit-limit'], '30');
      faults.match('POST', '/oauth/token');
      const broken = faultResponse(faults.match('POST', '/oauth/token')!, { rateLimitHeaders: headers, oauth: true });
      assert.equal(broken.status, 500);
      assert.equal((broken.body as { error: string }).error, 'server_error');
      assert.deepEqual(broken.headers, {});
    });

    it('answers other statuses in the Management envelope, or with the body given', () => {
      const faults = new FaultInjector();
      faults.add({ path: '/api/v2/users', count: 1, status: 503 });
      faults.add({ path: '/api/v2/users', count: 1, status: 500, body: { oops: 1 } });
      const first = faultResponse(faults.match('GET', '/api/v2/users')!, { rateLimitHeaders: {} });
      assert.equal(first.status, 503);
      assert.deepEqual(first.body, {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'Injected fault (503)',
        errorCode: 'injected_fault',
      });
      assert.deepEqual(faultResponse(faults.match('GET', '/api/v2/users')!, { rateLimitHeaders: {} }).body, { oops: 1 });
    });
  });
});
