// One token bucket: `burst` tokens at most, refilled continuously at `perSecond` on the caller's clock
// (Auth0's documented algorithm, fact sheet §5), and the x-ratelimit-* headers that describe it.

export interface BucketSpec {
  /** Bucket size: the burst limit, sent as x-ratelimit-limit. */
  burst: number;
  /** Sustained rate; per-minute limits are expressed as a fraction (500/min = 500/60). */
  perSecond: number;
}

/** Tolerance for the float sums of continuous refill (e.g. 3 × 1/3 token). */
const EPSILON = 1e-9;

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly name: string,
    readonly spec: BucketSpec,
    now: number,
  ) {
    this.tokens = spec.burst;
    this.last = now;
  }

  /** Whether a token is available now, without taking it. */
  canTake(now: number): boolean {
    this.refill(now);
    return this.tokens + EPSILON >= 1;
  }

  /** Takes a token if one is available. */
  take(now: number): boolean {
    if (!this.canTake(now)) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  /** Whole tokens left. */
  remaining(now: number): number {
    this.refill(now);
    return Math.floor(this.tokens + EPSILON);
  }

  /** Epoch ms at which the next whole token is added (now, when the bucket is full). */
  nextTokenAt(now: number): number {
    this.refill(now);
    if (this.tokens + EPSILON >= this.spec.burst) return now;
    const missing = Math.floor(this.tokens + EPSILON) + 1 - this.tokens;
    return now + (Math.max(0, missing) * 1000) / this.spec.perSecond;
  }

  /** x-ratelimit-limit / -remaining / -reset (epoch seconds, rounded up so waiting until then always suffices). */
  headers(now: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.spec.burst),
      'x-ratelimit-remaining': String(this.remaining(now)),
      'x-ratelimit-reset': String(Math.ceil(this.nextTokenAt(now) / 1000)),
    };
  }

  /** The headers of this bucket as if it were empty now: what an injected 429 carries. */
  emptyHeaders(now: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.spec.burst),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(Math.ceil((now + 1000 / this.spec.perSecond) / 1000)),
    };
  }

  private refill(now: number): void {
    // A clock that moved backwards adds nothing; time is measured from the new reading on.
    if (now > this.last) {
      this.tokens = Math.min(this.spec.burst, this.tokens + ((now - this.last) * this.spec.perSecond) / 1000);
    }
    this.last = now;
  }
}
