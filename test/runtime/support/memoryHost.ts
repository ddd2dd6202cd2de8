// An in-memory FlowHost for runtime tests: users in a Map, metadata merged the way PATCH /users does, a count of
// writes, an optional Write User rate limit, and unsigned (base64 JSON) "tokens".
import { ManualClock, type Clock } from '../../../emulator/core/clock.js';
import { tooManyRequests } from '../../../emulator/core/errors.js';
import { sequentialIds } from '../../../emulator/core/ids.js';
import type { FlowHost, MetadataPatch } from '../../../emulator/core/actions/host.js';
import { mergeMetadata } from '../../../emulator/core/users/metadata.js';
import type { Client, Connection, Role, StoredUser } from '../../../emulator/core/users/user.js';

export function aUser(over: Partial<StoredUser> = {}): StoredUser {
  return {
    user_id: 'auth0|0000000000000000000000a1',
    email: 'ada@example.com',
    email_verified: true,
    name: 'Ada Lovelace',
    nickname: 'ada',
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: '0000000000000000000000a1', isSocial: false }],
    logins_count: 3,
    ...over,
  };
}

export interface MemoryHost extends FlowHost {
  readonly clock: ManualClock;
  users: Map<string, StoredUser>;
  roles: Map<string, Role[]>;
  /** Every metadata patch that went through, in order. */
  patches: MetadataPatch[];
  /** Make the next n metadata writes answer 429 with x-ratelimit-reset = now + resetInS. */
  rateLimitNext(n: number, resetInS: number): void;
  rejected: number;
}

export function memoryHost(users: StoredUser[] = [aUser()], opts: { domain?: string; clock?: Clock } = {}): MemoryHost {
  const clock = new ManualClock();
  const map = new Map(users.map((u) => [u.user_id, structuredClone(u)]));
  let limited = 0;
  let resetIn = 1;
  const clients: Record<string, Client> = {
    app1: { client_id: 'app1', client_secret: 's', name: 'My App', grant_scopes: [], client_metadata: { tier: 'pro' } },
  };
  const connections: Record<string, Connection> = {
    'Username-Password-Authentication': { id: 'con_db', name: 'Username-Password-Authentication', strategy: 'auth0' },
  };
  const enc = (c: Record<string, unknown>) => 'x.' + Buffer.from(JSON.stringify(c)).toString('base64url') + '.x';
  const host: MemoryHost = {
    domain: opts.domain ?? 'tenant.example',
    clock,
    ids: sequentialIds(),
    users: map,
    roles: new Map(),
    patches: [],
    rejected: 0,
    rateLimitNext(n, s) {
      limited = n;
      resetIn = s;
    },
    getUser: (id) => map.get(id),
    getUserRoles: (id) => host.roles.get(id) ?? [],
    getClient: (id) => clients[id],
    getConnection: (name) => connections[name],
    async updateUserMetadata(id, patch) {
      if (limited > 0) {
        limited--;
        host.rejected++;
        throw tooManyRequests({ 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(clock.now() / 1000) + resetIn) });
      }
      const u = map.get(id);
      if (!u) throw new Error('no user');
      host.patches.push(structuredClone(patch));
      const next = structuredClone(u);
      if (patch.app_metadata) next.app_metadata = mergeMetadata(u.app_metadata, patch.app_metadata);
      if (patch.user_metadata) next.user_metadata = mergeMetadata(u.user_metadata, patch.user_metadata);
      if (!next.app_metadata) delete next.app_metadata;
      if (!next.user_metadata) delete next.user_metadata;
      next.updated_at = new Date(clock.now()).toISOString();
      map.set(id, next);
      return next;
    },
    async recordLogin(id, info) {
      const u = structuredClone(map.get(id)!);
      u.logins_count = (u.logins_count ?? 0) + 1;
      u.last_login = u.updated_at = new Date(clock.now()).toISOString();
      u.last_ip = info.ip;
      map.set(id, u);
      return u;
    },
    signIdToken: async (c) => enc(c),
    signAccessToken: async (c) => enc(c),
  };
  return host;
}
