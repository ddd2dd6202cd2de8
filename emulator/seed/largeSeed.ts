// A seed of realistic size: the sample tenant (connections, roles, M2M client, story users) plus `n` generated
// listeners. What the benchmarks load, and what `--seed` takes when a team wants to try big data.
import type { SeedDocument } from '../core/seedDocument.js';
import { generateUsers } from './generateUsers.js';
import { sampleSeed } from './sampleSeed.js';

export interface LargeSeedOptions {
  /** Faker seed; the same seed gives the same users. Default 42. */
  seed?: number;
  clientId?: string;
  clientSecret?: string;
  /** Keep the dozen story users (the only ones with passwords). Default true. */
  includeSampleUsers?: boolean;
}

export function largeSeed(n: number, opts: LargeSeedOptions = {}): SeedDocument {
  const doc = sampleSeed({ clientId: opts.clientId, clientSecret: opts.clientSecret });
  const story = opts.includeSampleUsers === false ? [] : (doc.users ?? []);
  if (opts.includeSampleUsers === false) doc.userRoles = {};
  doc.users = [...story, ...generateUsers(n, opts.seed ?? 42)];
  return doc;
}
