// (b) Search latency at 100k users: sequential GET /api/v2/users?q=...&search_engine=v3 over a mix of the
// queries an app really sends (exact email, name prefix, plan term, logins range, an AND of two), after warm-up.
import type { SeedUser } from '../emulator/core/seedDocument.js';
import { percentile, prng } from './lib/closedLoop.js';
import { keepAliveAgent, send } from './lib/http.js';

export interface SearchQuery {
  kind: 'email' | 'name_prefix' | 'plan' | 'logins_range' | 'and';
  q: string;
  /** For exact queries: how many users must come back, so a fast but wrong answer is caught. */
  expect?: number;
}

export interface SearchFigures {
  count: number;
  errors: number;
  firstError?: string;
  p50: number;
  p95: number;
  byKind: Record<string, { p50: number; p95: number }>;
}

const PLANS = ['premium', 'free', 'family', 'student'];
const AND_QUERIES = [
  'app_metadata.plan:"premium" AND identities.connection:"google-oauth2"',
  'email_verified:false AND app_metadata.plan:"free"',
  'user_metadata.preferences.language:"ja" AND app_metadata.plan:"family"',
  'blocked:true AND identities.connection:"Username-Password-Authentication"',
];

/** `perKind` queries of each kind, drawn reproducibly from the seeded users. */
export function searchQueries(users: SeedUser[], perKind: number, seed = 11): SearchQuery[] {
  const pick = prng(seed);
  const anyUser = () => users[Math.floor(pick() * users.length)]!;
  const queries: SearchQuery[] = [];
  for (let i = 0; i < perKind; i++) {
    const withEmail = anyUser();
    queries.push({ kind: 'email', q: `email:"${withEmail.email}"`, expect: 1 });
    const named = anyUser().name ?? 'Jordan';
    queries.push({ kind: 'name_prefix', q: `name:${named.slice(0, 3).replace(/[^A-Za-z]/g, '') || 'Jor'}*` });
    queries.push({ kind: 'plan', q: `app_metadata.plan:"${PLANS[i % PLANS.length]}"` });
    const low = Math.floor(pick() * 500);
    queries.push({ kind: 'logins_range', q: `logins_count:[${low} TO ${low + 50}]` });
    queries.push({ kind: 'and', q: AND_QUERIES[i % AND_QUERIES.length]! });
  }
  // Interleave kinds in a fixed shuffled order so no kind enjoys a warm streak.
  for (let i = queries.length - 1; i > 0; i--) {
    const j = Math.floor(pick() * (i + 1));
    [queries[i], queries[j]] = [queries[j]!, queries[i]!];
  }
  return queries;
}

export async function benchSearch(base: URL, token: string, warmup: SearchQuery[], measured: SearchQuery[]): Promise<SearchFigures> {
  const agent = keepAliveAgent(1);
  const headers = { authorization: `Bearer ${token}` };
  const url = (q: string) => new URL(`/api/v2/users?q=${encodeURIComponent(q)}&search_engine=v3`, base);
  let errors = 0;
  let firstError: string | undefined;
  const all: number[] = [];
  const byKind = new Map<string, number[]>();
  try {
    for (const query of warmup) await send(agent, 'GET', url(query.q), headers);
    for (const query of measured) {
      const started = performance.now();
      const reply = await send(agent, 'GET', url(query.q), headers);
      const ms = performance.now() - started;
      let problem: string | undefined;
      if (reply.status !== 200) problem = `${reply.status} ${reply.body.slice(0, 200)}`;
      else if (query.expect !== undefined) {
        const found = (JSON.parse(reply.body) as unknown[]).length;
        if (found !== query.expect) problem = `${query.q} returned ${found} users, expected ${query.expect}`;
      }
      if (problem) {
        errors++;
        firstError ??= problem;
      }
      all.push(ms);
      const list = byKind.get(query.kind) ?? [];
      list.push(ms);
      byKind.set(query.kind, list);
    }
  } finally {
    agent.destroy();
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const kinds: SearchFigures['byKind'] = {};
  for (const [kind, list] of byKind) {
    const s = sorted(list);
    kinds[kind] = { p50: percentile(s, 50), p95: percentile(s, 95) };
  }
  const s = sorted(all);
  return { count: all.length, errors, firstError, p50: percentile(s, 50), p95: percentile(s, 95), byKind: kinds };
}
