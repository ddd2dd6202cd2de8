import assert from 'node:assert/strict';
import { ManualClock } from '../../../emulator/core/clock.js';
import { ApiError, tooManyRequests } from '../../../emulator/core/errors.js';
import { parseRateLimitProfile } from '../../../emulator/core/rateLimit/profiles.js';
import { RateLimiter, type RateLimitCategory } from '../../../emulator/core/rateLimit/rateLimiter.js';

const T0 = Date.UTC(2026, 0, 1, 0, 0, 0, 300);
const seconds = (ms: number) => ms / 1000;

function drain(limiter: RateLimiter, category: RateLimitCategory, n: number, now: number) {
  return Array.from({ length: n }, () => limiter.take(category, now));
}

describe('RateLimiter', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock(T0);
  });

  describe('free plan (burst 2, 2 per second)', () => {
    it('allows two rapid GET /users and refuses the third with Auth0\'s 429 (5.a)', () => {
      const limiter = new RateLimiter('free', clock);
      const [a, b, c] = drain(limiter, 'read_users', 3, clock.now());
      assert.equal(a!.allowed, true);
      assert.equal(b!.allowed, true);
      assert.equal(c!.allowed, false);
      assert.equal(c!.bucket, 'global');
      const err = tooManyRequests(c!.headers);
      assert.ok(err instanceof ApiError);
      assert.deepEqual(err.toBody(), {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Global limit has been reached',
        errorCode: 'too_many_requests',
      });
      assert.equal(err.headers['x-ratelimit-limit'], '2');
      assert.equal(err.headers['x-ratelimit-remaining'], '0');
    });

    it('sends limit 2, an integer remaining ≥ 0 and an integer epoch-seconds reset ≥ now on success (5.b)', () => {
      const limiter = new RateLimiter('free', clock);
      const { allowed, headers } = limiter.take('other');
      assert.equal(allowed, true);
      assert.equal(headers['x-ratelimit-limit'], '2');
      assert.match(headers['x-ratelimit-remaining']!, /^\d+$/);
      assert.equal(headers['x-ratelimit-remaining'], '1');
      assert.match(headers['x-ratelimit-reset']!, /^\d+$/);
      const reset = Number(headers['x-ratelimit-reset']);
      assert.ok(reset >= seconds(clock.now()), 'reset is not in the past');
      assert.ok(reset < seconds(clock.now()) + 60, 'reset is seconds, not milliseconds');
    });

    it('puts the reset at the second in which the next token arrives', () => {
      const limiter = new RateLimiter('free', clock);
      drain(limiter, 'read_users', 2, clock.now());
      const refused = limiter.take('read_users');
      // One token every 500 ms: next one at T0 + 500 ms = 00:00:00.800 → reported as 00:00:01.
      assert.equal(refused.headers['x-ratelimit-reset'], String(Math.ceil(seconds(T0 + 500))));
    });

    it('allows the next request once the clock reaches x-ratelimit-reset (5.c)', () => {
      const limiter = new RateLimiter('free', clock);
      drain(limiter, 'read_users', 2, clock.now());
      const refused = limiter.take('read_users');
      assert.equal(refused.allowed, false);
      clock.set(Number(refused.headers['x-ratelimit-reset']) * 1000);
      assert.equal(limiter.take('read_users').allowed, true);
    });

    it('refills continuously: half the period gives back one token of two', () => {
      const limiter = new RateLimiter('free', clock);
      drain(limiter, 'other', 2, clock.now());
      clock.advance(499);
      assert.equal(limiter.take('other').allowed, false);
      clock.advance(1);
      assert.equal(limiter.take('other').allowed, true);
      assert.equal(limiter.take('other').allowed, false);
    });

    it('never refills above the burst', () => {
      const limiter = new RateLimiter('free', clock);
      clock.advance(60_000);
      assert.deepEqual(drain(limiter, 'other', 3, clock.now()).map((d) => d.allowed), [true, true, false]);
    });

    it('shares the one global bucket across all Management API categories', () => {
      const limiter = new RateLimiter('free', clock);
      assert.equal(limiter.take('read_users').allowed, true);
      assert.equal(limiter.take('write_users').allowed, true);
      assert.equal(limiter.take('other').allowed, false);
    });

    it('limits /oauth/token separately at 30 burst', () => {
      const limiter = new RateLimiter('free', clock);
      drain(limiter, 'other', 2, clock.now());
      const token = drain(limiter, 'oauth_token', 31, clock.now());
      assert.equal(token.filter((d) => d.allowed).length, 30);
      assert.equal(token[30]!.headers['x-ratelimit-limit'], '30');
    });
  });

  describe('essentials plan', () => {
    it('refuses the 21st rapid PATCH /users/{id} (Write Users burst 20) (5.d)', () => {
      const limiter = new RateLimiter('essentials', clock);
      const results = drain(limiter, 'write_users', 21, clock.now());
      assert.ok(results.slice(0, 20).every((d) => d.allowed));
      assert.equal(results[20]!.allowed, false);
      assert.equal(results[20]!.bucket, 'write_users');
      assert.equal(results[20]!.headers['x-ratelimit-limit'], '20');
    });

    it('keeps Read Users (40) and everything else (10) in their own buckets', () => {
      const limiter = new RateLimiter('essentials', clock);
      drain(limiter, 'write_users', 20, clock.now());
      assert.equal(drain(limiter, 'read_users', 41, clock.now()).filter((d) => d.allowed).length, 40);
      assert.equal(drain(limiter, 'other', 11, clock.now()).filter((d) => d.allowed).length, 10);
    });

    it('refills Write Users at 200 per minute', () => {
      const limiter = new RateLimiter('essentials', clock);
      drain(limiter, 'write_users', 20, clock.now());
      const refused = limiter.take('write_users');
      // 200/min = one token every 300 ms.
      assert.equal(refused.headers['x-ratelimit-reset'], String(Math.ceil(seconds(T0 + 300))));
      clock.advance(3_000);
      assert.equal(drain(limiter, 'write_users', 11, clock.now()).filter((d) => d.allowed).length, 10);
    });
  });

  describe('enterprise plans', () => {
    it('allows a burst of 50 then 16 per second in production', () => {
      const limiter = new RateLimiter('enterprise', clock);
      assert.equal(drain(limiter, 'read_users', 51, clock.now()).filter((d) => d.allowed).length, 50);
      clock.advance(1_000);
      assert.equal(drain(limiter, 'write_users', 20, clock.now()).filter((d) => d.allowed).length, 16);
    });

    it('allows 10 then 2 per second on non-production tenants', () => {
      const limiter = new RateLimiter('enterprise-nonprod', clock);
      assert.equal(drain(limiter, 'other', 11, clock.now()).filter((d) => d.allowed).length, 10);
    });
  });

  describe('custom and off', () => {
    it('applies custom:<burst>:<perSecond> as the global bucket', () => {
      const limiter = new RateLimiter('custom:3:1', clock);
      assert.equal(drain(limiter, 'read_users', 4, clock.now()).filter((d) => d.allowed).length, 3);
      clock.advance(1_000);
      assert.equal(limiter.take('read_users').allowed, true);
      assert.equal(limiter.describe().profile, 'custom:3:1');
    });

    it('limits nothing and sends no headers when off', () => {
      const limiter = new RateLimiter('off', clock);
      const results = drain(limiter, 'write_users', 1000, clock.now());
      assert.ok(results.every((d) => d.allowed && Object.keys(d.headers).length === 0));
    });
  });

  describe('global and endpoint buckets together', () => {
    const both = () =>
      new RateLimiter({ name: 'custom', burst: 3, perSecond: 1, endpoints: { write_users: { burst: 1, perSecond: 1 } } }, clock);

    it('needs a token from the global bucket and then from the endpoint bucket', () => {
      const limiter = both();
      assert.equal(limiter.take('write_users').allowed, true);
      const refused = limiter.take('write_users');
      assert.equal(refused.allowed, false);
      assert.equal(refused.bucket, 'write_users');
      assert.equal(refused.headers['x-ratelimit-limit'], '1');
    });

    it('spends no global token on a request the endpoint bucket refuses', () => {
      const limiter = both();
      limiter.take('write_users');
      limiter.take('write_users');
      limiter.take('write_users');
      // Global had 3: one spent by the allowed write, none by the two refusals.
      assert.equal(drain(limiter, 'read_users', 3, clock.now()).filter((d) => d.allowed).length, 2);
    });

    it('reports the bucket with the fewest tokens left', () => {
      const limiter = both();
      const first = limiter.take('write_users');
      assert.equal(first.bucket, 'write_users');
      assert.deepEqual([first.headers['x-ratelimit-limit'], first.headers['x-ratelimit-remaining']], ['1', '0']);
      const read = limiter.take('read_users');
      assert.equal(read.bucket, 'global');
      assert.deepEqual([read.headers['x-ratelimit-limit'], read.headers['x-ratelimit-remaining']], ['3', '1']);
    });

    it('refuses from the global bucket first when both are empty', () => {
      const limiter = both();
      limiter.take('write_users');
      drain(limiter, 'read_users', 2, clock.now());
      const refused = limiter.take('write_users');
      assert.equal(refused.bucket, 'global');
      assert.equal(refused.headers['x-ratelimit-limit'], '3');
    });
  });

  describe('run-time control', () => {
    it('switches profile with full buckets', () => {
      const limiter = new RateLimiter('free', clock);
      drain(limiter, 'read_users', 2, clock.now());
      limiter.setProfile('essentials');
      assert.equal(drain(limiter, 'read_users', 40, clock.now()).every((d) => d.allowed), true);
      limiter.setProfile(parseRateLimitProfile('off'));
      assert.equal(limiter.take('read_users').allowed, true);
    });

    it('describes the active buckets for the control route', () => {
      const limiter = new RateLimiter('essentials', clock);
      limiter.take('write_users');
      const d = limiter.describe();
      assert.equal(d.profile, 'essentials');
      assert.equal(d.retryAfter, false);
      const write = d.buckets.find((b) => b.name === 'write_users');
      assert.deepEqual(write, { name: 'write_users', burst: 20, perSecond: 200 / 60, appliesTo: ['write_users'], remaining: 19 });
      const free = new RateLimiter('free', clock).describe();
      assert.deepEqual(free.buckets.find((b) => b.name === 'global')?.appliesTo, ['read_users', 'write_users', 'other']);
    });

    it('peeks at the headers without spending a token', () => {
      const limiter = new RateLimiter('free', clock);
      assert.equal(limiter.peekHeaders('read_users')['x-ratelimit-remaining'], '2');
      assert.equal(limiter.peekHeaders('read_users')['x-ratelimit-remaining'], '2');
      assert.deepEqual(new RateLimiter('off', clock).peekHeaders('read_users'), {});
    });

    it('gives injected 429s the headers of an empty bucket, with the free plan standing in when off', () => {
      const limiter = new RateLimiter('essentials', clock);
      const h = limiter.throttledHeaders('write_users');
      assert.equal(h['x-ratelimit-limit'], '20');
      assert.equal(h['x-ratelimit-remaining'], '0');
      assert.ok(Number(h['x-ratelimit-reset']) >= seconds(clock.now()));
      assert.equal(limiter.take('write_users').headers['x-ratelimit-remaining'], '19', 'no token spent');
      const off = new RateLimiter('off', clock).throttledHeaders('read_users');
      assert.deepEqual(off, {
        'x-ratelimit-limit': '2',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(Math.ceil(seconds(T0 + 500))),
      });
    });

    it('sends Retry-After only when asked to', () => {
      const plain = new RateLimiter('free', clock);
      drain(plain, 'other', 2, clock.now());
      assert.equal(plain.take('other').headers['retry-after'], undefined);
      const withRetry = new RateLimiter('free', clock, { retryAfter: true });
      drain(withRetry, 'other', 2, clock.now());
      assert.equal(withRetry.take('other').headers['retry-after'], '1');
    });
  });
});

describe('parseRateLimitProfile', () => {
  it('reads the plan names and custom:<burst>:<perSecond>', () => {
    assert.deepEqual(parseRateLimitProfile('free'), { name: 'free' });
    assert.deepEqual(parseRateLimitProfile(' Essentials '), { name: 'essentials' });
    assert.deepEqual(parseRateLimitProfile('professional'), { name: 'essentials' });
    assert.deepEqual(parseRateLimitProfile('enterprise-nonprod'), { name: 'enterprise-nonprod' });
    assert.deepEqual(parseRateLimitProfile('off'), { name: 'off' });
    assert.deepEqual(parseRateLimitProfile('custom:20:5'), { name: 'custom', burst: 20, perSecond: 5 });
    assert.deepEqual(parseRateLimitProfile('custom:1:0.5'), { name: 'custom', burst: 1, perSecond: 0.5 });
  });

  it('refuses anything else with a 400 naming the choices', () => {
    for (const bad of ['', 'gold', 'custom', 'custom:0:1', 'custom:5:0', 'custom:-1:2', 'custom:a:b']) {
      assert.throws(
        () => parseRateLimitProfile(bad),
        (e: unknown) => e instanceof ApiError && e.statusCode === 400 && e.message.includes('custom:<burst>:<perSecond>'),
        bad,
      );
    }
  });
});
