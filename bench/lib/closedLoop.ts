// Closed-loop load: a fixed number of requests in flight, each worker sending its next request when the previous
// one answers. Counts only answers that arrive inside the measured window (after the warm-up).
export interface LoadResult {
  ok: number;
  errors: number;
  seconds: number;
  rps: number;
  firstError?: string;
}

export interface LoadOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Upper bound on requests sent, so a very fast target cannot run away. */
  maxRequests?: number;
}

export async function closedLoop(opts: LoadOptions, once: (n: number) => Promise<boolean | string>): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const stopAt = measureFrom + opts.durationMs;
  const maxRequests = opts.maxRequests ?? Number.POSITIVE_INFINITY;
  let sent = 0;
  let ok = 0;
  let errors = 0;
  let firstError: string | undefined;

  async function worker(): Promise<void> {
    while (performance.now() < stopAt && sent < maxRequests) {
      const n = sent++;
      let outcome: boolean | string;
      try {
        outcome = await once(n);
      } catch (err) {
        outcome = String(err);
      }
      const now = performance.now();
      if (now < measureFrom || now > stopAt) continue;
      if (outcome === true) ok++;
      else {
        errors++;
        firstError ??= String(outcome);
      }
    }
  }

  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (Math.min(performance.now(), stopAt) - measureFrom) / 1000;
  return { ok, errors, seconds, rps: seconds > 0 ? ok / seconds : 0, firstError };
}

/** Deterministic pseudo-random numbers (mulberry32), so every run PATCHes the same sequence of users. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const rank = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[rank]!;
}
