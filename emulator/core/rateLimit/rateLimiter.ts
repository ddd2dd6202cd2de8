// The tenant's rate limiter: the buckets of the active plan profile, switchable at run time. A Management API
// request draws from the global bucket (checked first) and then its endpoint bucket; the headers describe the
// bucket that binds.
import type { Clock } from '../clock.js';
import {
  MANAGEMENT_CATEGORIES,
  parseRateLimitProfile,
  profileBuckets,
  profileName,
  type RateLimitCategory,
  type RateLimitProfile,
} from './profiles.js';
import { TokenBucket, type BucketSpec } from './tokenBucket.js';

export { parseRateLimitProfile, type RateLimitCategory, type RateLimitProfile };
/** Short alias used by the HTTP middleware. */
export type RateCategory = RateLimitCategory;

export interface RateLimitDecision {
  allowed: boolean;
  /** x-ratelimit-limit / -remaining / -reset of the binding bucket; empty when nothing limits the category. */
  headers: Record<string, string>;
  /** Name of the bucket that refused (or binds), e.g. `global` or `write_users`. */
  bucket?: string;
}

export interface RateLimiterOptions {
  /**
   * Also send `Retry-After` (whole seconds) on refusals. Off by default: Auth0 documents only the x-ratelimit-*
   * headers, and without Retry-After the v7 SDK backs off by x-ratelimit-reset as it does against a real tenant.
   */
  retryAfter?: boolean;
}

export interface RateLimitDescription {
  profile: string;
  retryAfter: boolean;
  buckets: Array<{ name: string; burst: number; perSecond: number; appliesTo: RateLimitCategory[]; remaining: number }>;
}

const GLOBAL = 'global';

export class RateLimiter {
  private profile!: RateLimitProfile;
  private global: TokenBucket | undefined;
  private endpoints = new Map<RateLimitCategory, TokenBucket>();
  private readonly retryAfter: boolean;

  constructor(
    profile: RateLimitProfile | string,
    private readonly clock: Clock,
    opts: RateLimiterOptions = {},
  ) {
    this.retryAfter = opts.retryAfter ?? false;
    this.setProfile(profile);
  }

  /** Switches plan; every bucket starts full. */
  setProfile(profile: RateLimitProfile | string): void {
    this.profile = typeof profile === 'string' ? parseRateLimitProfile(profile) : profile;
    const now = this.clock.now();
    const spec = profileBuckets(this.profile);
    this.global = spec.global ? new TokenBucket(GLOBAL, spec.global, now) : undefined;
    this.endpoints = new Map();
    for (const [category, s] of Object.entries(spec.endpoints) as Array<[RateLimitCategory, BucketSpec]>) {
      this.endpoints.set(category, new TokenBucket(category, s, now));
    }
  }

  get profileName(): string {
    return profileName(this.profile);
  }

  /**
   * Counts one request. All buckets in the chain must have a token, else none is spent (a refused request costs
   * nothing, so a client that honours the 429 is not penalised twice).
   */
  take(category: RateLimitCategory, now: number = this.clock.now()): RateLimitDecision {
    const chain = this.chain(category);
    if (chain.length === 0) return { allowed: true, headers: {} };
    const refusing = chain.find((b) => !b.canTake(now));
    if (refusing) {
      const headers = refusing.headers(now);
      if (this.retryAfter) {
        headers['retry-after'] = String(Math.max(1, Math.ceil((refusing.nextTokenAt(now) - now) / 1000)));
      }
      return { allowed: false, headers, bucket: refusing.name };
    }
    for (const b of chain) b.take(now);
    const binding = this.binding(chain, now);
    return { allowed: true, headers: binding.headers(now), bucket: binding.name };
  }

  /** The headers a request in this category would see now, without spending a token. */
  peekHeaders(category: RateLimitCategory, now: number = this.clock.now()): Record<string, string> {
    const chain = this.chain(category);
    return chain.length === 0 ? {} : this.binding(chain, now).headers(now);
  }

  /**
   * The headers of a refusal in this category as if its binding bucket were empty now: what an injected 429
   * carries. With limits off, the free plan's bucket for the category stands in, so the 429 still looks real.
   */
  throttledHeaders(category: RateLimitCategory, now: number = this.clock.now()): Record<string, string> {
    let chain = this.chain(category);
    if (chain.length === 0) chain = fallbackChain(category, now);
    const headers = this.binding(chain, now).emptyHeaders(now);
    if (this.retryAfter && chain.length > 0) {
      const b = this.binding(chain, now);
      headers['retry-after'] = String(Math.max(1, Math.ceil(1 / b.spec.perSecond)));
    }
    return headers;
  }

  describe(now: number = this.clock.now()): RateLimitDescription {
    const buckets: RateLimitDescription['buckets'] = [];
    if (this.global) {
      buckets.push(describeBucket(this.global, MANAGEMENT_CATEGORIES.slice(), now));
    }
    for (const [category, b] of this.endpoints) buckets.push(describeBucket(b, [category], now));
    return { profile: this.profileName, retryAfter: this.retryAfter, buckets };
  }

  private chain(category: RateLimitCategory): TokenBucket[] {
    const out: TokenBucket[] = [];
    if (this.global && MANAGEMENT_CATEGORIES.includes(category)) out.push(this.global);
    const endpoint = this.endpoints.get(category);
    if (endpoint) out.push(endpoint);
    return out;
  }

  /** The bucket with the fewest whole tokens left; on a tie the endpoint bucket (the more specific one). */
  private binding(chain: TokenBucket[], now: number): TokenBucket {
    let best = chain[0]!;
    for (const b of chain.slice(1)) if (b.remaining(now) <= best.remaining(now)) best = b;
    return best;
  }
}

function fallbackChain(category: RateLimitCategory, now: number): TokenBucket[] {
  const free = profileBuckets({ name: 'free' });
  const spec = MANAGEMENT_CATEGORIES.includes(category) ? free.global : free.endpoints[category];
  return spec ? [new TokenBucket(category, spec, now)] : [];
}

function describeBucket(b: TokenBucket, appliesTo: RateLimitCategory[], now: number) {
  return { name: b.name, burst: b.spec.burst, perSecond: b.spec.perSecond, appliesTo, remaining: b.remaining(now) };
}
