// Turns a SeedDocument into database mutations (POST /_emulator/seed, --seed, reset) and the database back into a
// SeedDocument (export). Seeds may be terse: missing timestamps, identities and role ids are filled in the way
// Auth0 would have filled them.
import type { Mutation, Snapshot } from '../storage/persistence.js';
import type { Clock } from './clock.js';
import type { Database } from './db.js';
import { badRequest } from './errors.js';
import type { IdGenerator } from './ids.js';
import type { SeedDocument, SeedUser } from './seedDocument.js';
import { hashPassword } from './users/passwords.js';
import type { Connection, Identity, Role, StoredUser } from './users/user.js';

/** Providers whose identities are not social (enterprise, database, passwordless). */
const NON_SOCIAL = new Set(['auth0', 'samlp', 'waad', 'adfs', 'ad', 'oidc', 'okta', 'email', 'sms', 'pingfederate']);
const DEFAULT_CONNECTION: Record<string, string> = { auth0: 'Username-Password-Authentication', email: 'email', sms: 'sms' };

export const DEFAULT_DB_CONNECTION: Connection = {
  id: 'con_emulatorDefaultDb1',
  name: 'Username-Password-Authentication',
  strategy: 'auth0',
};

export interface SeedCounts {
  users: number;
  roles: number;
  clients: number;
  connections: number;
}

function identityFor(user: SeedUser): Identity[] {
  if (Array.isArray(user.identities) && user.identities.length > 0) return user.identities as Identity[];
  const id = String(user.user_id);
  const bar = id.indexOf('|');
  const provider = bar > 0 ? id.slice(0, bar) : 'auth0';
  const rest = bar > 0 ? id.slice(bar + 1) : id;
  const connection = user.connection ?? DEFAULT_CONNECTION[provider] ?? provider;
  return [{ connection, user_id: rest, provider, isSocial: !NON_SOCIAL.has(provider) }];
}

function normaliseSeedUser(raw: SeedUser, clock: Clock, ids: IdGenerator): { user: StoredUser; password?: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('Each seed user must be an object.');
  const { password, connection: _connection, ...rest } = raw;
  const user_id = typeof raw.user_id === 'string' && raw.user_id ? raw.user_id : `auth0|${ids.userHex()}`;
  const now = new Date(clock.now()).toISOString();
  const user = { ...rest, user_id } as StoredUser;
  user.identities = identityFor({ ...raw, user_id });
  user.created_at = typeof raw.created_at === 'string' ? raw.created_at : now;
  user.updated_at = typeof raw.updated_at === 'string' ? raw.updated_at : user.created_at;
  if (user.email_verified === undefined && user.email !== undefined) user.email_verified = false;
  return { user, password: typeof password === 'string' ? password : undefined };
}

/** Builds the mutations that add or replace everything in `doc`. */
export async function seedMutations(db: Database, doc: SeedDocument, clock: Clock, ids: IdGenerator): Promise<{ mutations: Mutation[]; counts: SeedCounts }> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw badRequest('The seed document must be a JSON object.');
  const mutations: Mutation[] = [];
  const counts: SeedCounts = { users: 0, roles: 0, clients: 0, connections: 0 };

  for (const c of doc.connections ?? []) {
    if (!c?.name) throw badRequest('Each seed connection needs a name.');
    const conn: Connection = { ...c, id: c.id ?? `con_${ids.opaque(8).replace(/[^A-Za-z0-9]/g, '')}` };
    mutations.push({ op: 'put', coll: 'connections', key: conn.name, value: conn });
    counts.connections++;
  }
  for (const client of doc.clients ?? []) {
    if (!client?.client_id || !client.client_secret) throw badRequest('Each seed client needs client_id and client_secret.');
    mutations.push({ op: 'put', coll: 'clients', key: client.client_id, value: { ...client, grant_scopes: client.grant_scopes ?? [], name: client.name ?? client.client_id } });
    counts.clients++;
  }
  const roleIdByName = new Map<string, string>();
  for (const r of db.values('roles')) roleIdByName.set(r.name, r.id);
  for (const r of doc.roles ?? []) {
    if (!r?.name) throw badRequest('Each seed role needs a name.');
    const role: Role = { id: r.id ?? roleIdByName.get(r.name) ?? ids.roleId(), name: r.name, description: r.description ?? r.name };
    roleIdByName.set(role.name, role.id);
    mutations.push({ op: 'put', coll: 'roles', key: role.id, value: role });
    counts.roles++;
  }
  for (const raw of doc.users ?? []) {
    const { user, password } = normaliseSeedUser(raw, clock, ids);
    mutations.push({ op: 'put', coll: 'users', key: user.user_id, value: user });
    if (password !== undefined) {
      mutations.push({ op: 'put', coll: 'credentials', key: user.user_id, value: { user_id: user.user_id, password_hash: await hashPassword(password) } });
    }
    counts.users++;
  }
  for (const cred of doc.credentials ?? []) {
    if (cred?.user_id) mutations.push({ op: 'put', coll: 'credentials', key: cred.user_id, value: cred });
  }
  for (const [userId, roles] of Object.entries(doc.userRoles ?? {})) {
    const resolved = roles.map((r) => roleIdByName.get(r) ?? r);
    mutations.push({ op: 'put', coll: 'userRoles', key: userId, value: { user_id: userId, roles: resolved } });
  }
  return { mutations, counts };
}

export async function applySeed(db: Database, doc: SeedDocument, clock: Clock, ids: IdGenerator): Promise<SeedCounts> {
  const { mutations, counts } = await seedMutations(db, doc, clock, ids);
  await db.write(mutations);
  return counts;
}

/** Everything but the emulator's own secrets (signing key), as a document `import` accepts. */
export function exportDocument(db: Database): SeedDocument {
  const userRoles: Record<string, string[]> = {};
  for (const ur of db.values('userRoles')) userRoles[ur.user_id] = ur.roles;
  return {
    version: 1,
    users: [...db.values('users')],
    clients: [...db.values('clients')],
    roles: [...db.values('roles')],
    connections: [...db.values('connections')],
    userRoles,
    credentials: [...db.values('credentials')],
  };
}

/** A snapshot holding only the emulator's own settings (signing key), the base of reset and import. */
export function metaOnly(db: Database): Snapshot {
  const snap = db.snapshot();
  return { users: {}, credentials: {}, roles: {}, userRoles: {}, clients: {}, connections: {}, meta: snap.meta };
}
