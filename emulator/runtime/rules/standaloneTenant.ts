// A throwaway in-memory tenant for `auth0-emulator run rules|custom-db`: the real emulator core (users service,
// metadata merge, signing key) seeded from a seed document and/or a user file, exposed as a FlowHost.
import { readFile } from 'node:fs/promises';
import type { FlowHost } from '../../core/actions/host.js';
import type { SeedDocument, SeedUser } from '../../core/seedDocument.js';
import type { Role } from '../../core/users/user.js';
import { EmulatorCore } from '../../emulatorCore.js';
import { createMemoryPersistence } from '../../storage/memoryPersistence.js';

export interface StandaloneTenant {
  core: EmulatorCore;
  host: FlowHost;
}

export async function readSeedInputs(opts: { seed?: string; userFile?: string }): Promise<SeedDocument> {
  const doc: SeedDocument = opts.seed ? (JSON.parse(await readFile(opts.seed, 'utf8')) as SeedDocument) : {};
  if (opts.userFile) {
    const raw = JSON.parse(await readFile(opts.userFile, 'utf8')) as SeedUser | SeedUser[];
    doc.users = [...(doc.users ?? []), ...(Array.isArray(raw) ? raw : [raw])];
  }
  return doc;
}

export async function createStandaloneTenant(seed: SeedDocument, domain = 'emulator.local'): Promise<StandaloneTenant> {
  const core = await EmulatorCore.create({ persistence: createMemoryPersistence(), domain });
  await core.seed(seed);
  const host: FlowHost = {
    domain,
    clock: core.clock,
    ids: core.ids,
    getUser: (id) => core.db.get('users', id),
    getUserRoles: (id) => (core.db.get('userRoles', id)?.roles ?? []).map((r) => core.db.get('roles', r)).filter((r): r is Role => !!r),
    getClient: (id) => core.db.get('clients', id),
    getConnection: (name) => core.db.get('connections', name),
    updateUserMetadata: (id, patch) => core.users.updateMetadata(id, patch),
    recordLogin: async (id) => {
      const u = core.users.get(id);
      const next = { ...u, logins_count: (u.logins_count ?? 0) + 1, last_login: new Date(core.clock.now()).toISOString() };
      await core.db.put('users', id, next);
      return next;
    },
    signIdToken: (claims) => core.tokens.signIdToken(claims),
    signAccessToken: (claims) => core.tokens.signAccessToken(claims),
  };
  return { core, host };
}
