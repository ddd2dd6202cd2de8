// A FlowHost that reads through to the real one but keeps writes to itself: metadata updates merge (PATCH rules)
// into private copies of the users, so a dry run or a parity check shows their effect and stores nothing.
import type { FlowHost, MetadataPatch } from '../actions/host.js';
import { userNotFound } from '../errors.js';
import { mergeMetadata } from '../users/metadata.js';
import type { StoredUser } from '../users/user.js';

export interface DryRunHost extends FlowHost {
  /** Users as the dry run left them (only those it wrote or was seeded with). */
  readonly copies: Map<string, StoredUser>;
  /** Every write it absorbed. */
  readonly writes: Array<{ userId: string; patch: MetadataPatch }>;
}

export function dryRunHost(real: FlowHost, seed: StoredUser[] = []): DryRunHost {
  const copies = new Map<string, StoredUser>(seed.map((u) => [u.user_id, structuredClone(u)]));
  const writes: Array<{ userId: string; patch: MetadataPatch }> = [];
  const read = (id: string) => copies.get(id) ?? real.getUser(id);
  return {
    domain: real.domain,
    clock: real.clock,
    ...(real.ids ? { ids: real.ids } : {}),
    copies,
    writes,
    getUser: (id) => {
      const u = read(id);
      return u ? structuredClone(u) : undefined;
    },
    getUserRoles: (id) => real.getUserRoles(id),
    getClient: (id) => real.getClient(id),
    getConnection: (name) => real.getConnection(name),
    async updateUserMetadata(id, patch) {
      const u = read(id);
      if (!u) throw userNotFound();
      const next: StoredUser = structuredClone(u);
      for (const field of ['app_metadata', 'user_metadata'] as const) {
        const p = patch[field];
        if (p === undefined) continue;
        const merged = mergeMetadata(u[field], p);
        if (merged === undefined) delete next[field];
        else next[field] = merged;
      }
      next.updated_at = new Date(real.clock.now()).toISOString();
      copies.set(id, next);
      writes.push({ userId: id, patch: structuredClone(patch) });
      return structuredClone(next);
    },
    async recordLogin(id) {
      const u = read(id);
      if (!u) throw userNotFound();
      const next = { ...structuredClone(u), logins_count: (u.logins_count ?? 0) + 1, last_login: new Date(real.clock.now()).toISOString() };
      copies.set(id, next);
      return structuredClone(next);
    },
    signIdToken: (claims) => real.signIdToken(claims),
    signAccessToken: (claims) => real.signAccessToken(claims),
  };
}
