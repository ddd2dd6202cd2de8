// A FlowHost over the real in-memory database and users service (real PATCH merge, real durable writes), with a
// real tenant signing key: what Rules and custom-DB tests run against.
import { Database } from '../../../../emulator/core/db.js';
import { ManualClock } from '../../../../emulator/core/clock.js';
import { sequentialIds } from '../../../../emulator/core/ids.js';
import { UsersService } from '../../../../emulator/core/users/service.js';
import { createSigningKey } from '../../../../emulator/core/tokens/signingKey.js';
import { TokenService } from '../../../../emulator/core/tokens/tokenService.js';
import { createMemoryPersistence } from '../../../../emulator/storage/memoryPersistence.js';
import type { FlowHost } from '../../../../emulator/core/actions/host.js';
import type { Client, Connection, Role, StoredUser } from '../../../../emulator/core/users/user.js';

export interface TestTenant {
  host: FlowHost;
  db: Database;
  users: UsersService;
  tokens: TokenService;
  clock: ManualClock;
  /** Number of metadata writes the host performed. */
  writes(): number;
}

export const DOMAIN = 'rules-test.local';

export function aUser(over: Partial<StoredUser> & { user_id: string }): StoredUser {
  const now = '2026-01-01T00:00:00.000Z';
  return {
    email: `${over.user_id.split('|')[1] ?? 'u'}@example.com`,
    email_verified: true,
    created_at: now,
    updated_at: now,
    identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: over.user_id.split('|')[1] ?? over.user_id, isSocial: false }],
    logins_count: 3,
    ...over,
  };
}

export async function createTestTenant(seed: { users?: StoredUser[]; clients?: Client[]; connections?: Connection[]; roles?: Role[]; userRoles?: Record<string, string[]> } = {}): Promise<TestTenant> {
  const persistence = createMemoryPersistence();
  const db = await Database.open(persistence);
  const clock = new ManualClock(Date.UTC(2026, 0, 2));
  const ids = sequentialIds();
  const users = new UsersService({ db, clock, ids });
  const tokens = new TokenService({ key: await createSigningKey(clock), clock, ids });
  for (const u of seed.users ?? []) await db.put('users', u.user_id, u);
  for (const c of seed.clients ?? []) await db.put('clients', c.client_id, c);
  for (const c of seed.connections ?? [{ id: 'con_1', name: 'Username-Password-Authentication', strategy: 'auth0' }]) await db.put('connections', c.name, c);
  for (const r of seed.roles ?? []) await db.put('roles', r.id, r);
  for (const [id, roles] of Object.entries(seed.userRoles ?? {})) await db.put('userRoles', id, { user_id: id, roles });
  let writes = 0;
  const host: FlowHost = {
    domain: DOMAIN,
    clock,
    ids,
    getUser: (id) => db.get('users', id),
    getUserRoles: (id) => (db.get('userRoles', id)?.roles ?? []).map((r) => db.get('roles', r)).filter((r): r is Role => !!r),
    getClient: (id) => db.get('clients', id),
    getConnection: (name) => db.get('connections', name),
    updateUserMetadata: async (id, patch) => {
      writes++;
      return users.updateMetadata(id, patch);
    },
    recordLogin: async (id) => {
      const u = users.get(id);
      const next = { ...u, logins_count: (u.logins_count ?? 0) + 1, last_login: new Date(clock.now()).toISOString() };
      await db.put('users', id, next);
      return next;
    },
    signIdToken: (claims) => tokens.signIdToken(claims),
    signAccessToken: (claims) => tokens.signAccessToken(claims),
  };
  return { host, db, users, tokens, clock, writes: () => writes };
}
