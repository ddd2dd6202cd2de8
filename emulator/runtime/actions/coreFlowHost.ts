// A FlowHost over the emulator's core (database, Write User bucket, signing key): what the CLI `run` command and
// the server use, so a flow writes exactly like PATCH /api/v2/users/{id} does.
import type { FlowHost } from '../../core/actions/host.js';
import { tooManyRequests, userNotFound } from '../../core/errors.js';
import type { EmulatorCore } from '../../emulatorCore.js';

export function coreFlowHost(core: EmulatorCore, domain: string): FlowHost {
  return {
    domain,
    clock: core.clock,
    ids: core.ids,
    getUser: (id) => core.db.get('users', id),
    getUserRoles: (id) => (core.db.get('users', id) ? core.users.rolesOf(id) : []),
    getClient: (id) => core.db.get('clients', id),
    getConnection: (name) => [...core.db.values('connections')].find((c) => c.name === name),
    async updateUserMetadata(id, patch) {
      const decision = core.limiter.take('write_users');
      if (!decision.allowed) throw tooManyRequests(decision.headers);
      return core.users.updateMetadata(id, patch);
    },
    async recordLogin(id, info) {
      const u = core.db.get('users', id);
      if (!u) throw userNotFound();
      const at = new Date(core.clock.now()).toISOString();
      const next = { ...structuredClone(u), logins_count: (u.logins_count ?? 0) + 1, last_login: at, last_ip: info.ip, updated_at: at };
      await core.db.write([{ op: 'put', coll: 'users', key: id, value: next }]);
      return next;
    },
    signIdToken: (claims) => core.tokens.signIdToken(claims),
    signAccessToken: (claims) => core.tokens.signAccessToken(claims),
  };
}
