// The users resource over the in-memory database: list/search, get, create, update, delete, by email, and the
// roles assigned to a user. Validation and shapes come from the pure modules beside this one; this file only
// sequences them against the store, and every write resolves once it is durable.
import type { Clock } from '../clock.js';
import type { Database } from '../db.js';
import { badRequest, invalidBody, roleNotFound, userAlreadyExists, userNotFound } from '../errors.js';
import type { IdGenerator } from '../ids.js';
import type { Mutation } from '../../storage/persistence.js';
import { buildNewUser } from './createUser.js';
import type { MetadataOptions } from './metadata.js';
import { applyUserPatch } from './patchUser.js';
import { hashPassword } from './passwords.js';
import { compareUsers, paginate, type ListParams } from './paging.js';
import { projectUser } from './projection.js';
import { compileQuery, indexHint, type SearchOptions } from './search/index.js';
import type { Connection, JsonObject, Role, StoredUser } from './user.js';

export interface UsersServiceOptions {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  metadata?: MetadataOptions;
  search?: SearchOptions;
  /** Custom-database connections: the runtime runs the connection's scripts around create/delete. */
  customDb?: CustomDbHooks;
  log?: (line: string) => void;
}

export interface CustomDbHooks {
  /** Runs get_user/create(/login) for a custom-DB connection; returns the user to store, or throws ApiError. */
  create(connection: Connection, body: Record<string, unknown>): Promise<{ user: StoredUser; password?: string } | undefined>;
  /** Runs the delete script with the identity id (no `auth0|` prefix). */
  remove(connection: Connection, user: StoredUser): Promise<void>;
}

export interface ProjectOptions {
  fields?: string;
  include_fields?: boolean;
  showIdpTokens: boolean;
  share?: boolean;
}

export class UsersService {
  constructor(private readonly o: UsersServiceOptions) {}

  /** JSON of users this service just wrote, in the full projection (all fields, IdP tokens shown). */
  private readonly serialised = new WeakMap<StoredUser, string>();

  /** The response body for a caller that sees every field, when the write already serialised it. */
  serialisedFull(user: StoredUser): string | undefined {
    return this.serialised.get(user);
  }

  /** The custom-database runtime plugs in here once loaded. */
  useCustomDb(hooks: CustomDbHooks): void {
    this.o.customDb = hooks;
  }

  private get db(): Database {
    return this.o.db;
  }

  /** GET /api/v2/users: search v3 over every user, sorted, paged. */
  list(params: ListParams, view: ProjectOptions): unknown {
    // Without a sort or a total, matches past the requested page are never shown: stop scanning there.
    const limit = !params.sort && !params.include_totals ? (params.page + 1) * params.per_page : Infinity;
    const matches = this.search(params.q, limit);
    if (params.sort) matches.sort(compareUsers(params.sort));
    return paginate(matches, params, 'users', (u) => projectUser(u, view));
  }

  /** Users matching `q`, in insertion order (the default, deterministic order); at most `limit` of them. */
  search(q: string | undefined, limit = Infinity): StoredUser[] {
    if (q === undefined || q.trim() === '') {
      if (limit === Infinity) return [...this.db.values('users')];
      const out: StoredUser[] = [];
      for (const u of this.db.values('users')) {
        if (out.length >= limit) break;
        out.push(u);
      }
      return out;
    }
    const predicate = compileQuery(q, this.o.search);
    const hint = indexHint(q);
    let candidates: Iterable<StoredUser>;
    if (hint?.field === 'user_id') {
      const u = this.db.get('users', hint.value);
      candidates = u ? [u] : [];
    } else if (hint?.field === 'email') {
      candidates = this.db.usersByEmail(hint.value);
    } else {
      candidates = this.db.values('users');
    }
    const out: StoredUser[] = [];
    for (const u of candidates) {
      if (out.length >= limit) break;
      if (predicate(u)) out.push(u);
    }
    return out;
  }

  get(id: string): StoredUser {
    const u = this.db.get('users', id);
    if (!u) throw userNotFound();
    return u;
  }

  /** GET /api/v2/users-by-email: exact, case-sensitive match; always an array. */
  byEmail(email: string): StoredUser[] {
    return this.db.usersByEmail(email).filter((u) => u.email === email);
  }

  connectionOf(user: StoredUser): Connection | undefined {
    const name = user.identities?.[0]?.connection;
    return name ? this.db.get('connections', name) : undefined;
  }

  async create(body: unknown): Promise<StoredUser> {
    const raw = (body ?? {}) as Record<string, unknown>;
    const connection = typeof raw.connection === 'string' ? this.db.get('connections', raw.connection) : undefined;
    let built: { user: StoredUser; password?: string; warnings?: string[] };
    if (connection?.enabledDatabaseCustomization && !connection.import_mode && this.o.customDb) {
      // Validate as Auth0 would before asking the external database.
      buildNewUser(body, { connection, clock: this.o.clock, ids: this.o.ids, metadata: this.o.metadata });
      const fromScripts = await this.o.customDb.create(connection, raw);
      if (!fromScripts) throw badRequest('The custom database create script did not create the user.');
      built = fromScripts;
    } else {
      built = buildNewUser(body, { connection, clock: this.o.clock, ids: this.o.ids, metadata: this.o.metadata });
    }
    for (const w of built.warnings ?? []) this.o.log?.(`warning: ${w}`);
    const user = built.user;
    if (this.db.get('users', user.user_id)) throw userAlreadyExists();
    if (user.email !== undefined && this.existsOnConnection(user)) throw userAlreadyExists();
    const muts: Mutation[] = [{ op: 'put', coll: 'users', key: user.user_id, value: user }];
    if (built.password !== undefined) {
      muts.push({ op: 'put', coll: 'credentials', key: user.user_id, value: { user_id: user.user_id, password_hash: await hashPassword(built.password) } });
    }
    // Re-check after the await: another request may have created the same user meanwhile.
    if (this.db.get('users', user.user_id) || (user.email !== undefined && this.existsOnConnection(user))) throw userAlreadyExists();
    await this.db.write(muts);
    return user;
  }

  /**
   * PATCH: read, apply and write happen in one synchronous step (the hash of a new password is computed first),
   * so concurrent PATCHes to one user each see the previous one's result: no lost update.
   */
  async update(id: string, body: unknown, opts: { ownsBody?: boolean } = {}): Promise<StoredUser> {
    const password = isObject(body) && typeof body.password === 'string' ? body.password : undefined;
    const hash = password !== undefined ? await hashPassword(password) : undefined;
    const stored = this.get(id);
    const result = applyUserPatch(stored, body, { connection: this.connectionOf(stored), clock: this.o.clock, metadata: this.o.metadata, ownsBody: opts.ownsBody });
    for (const w of result.warnings) this.o.log?.(`warning: ${w}`);
    const muts: Mutation[] = [{ op: 'put', coll: 'users', key: id, value: result.user, json: result.json }];
    this.serialised.set(result.user, result.json);
    if (result.passwordChanged !== undefined) {
      muts.push({ op: 'put', coll: 'credentials', key: id, value: { user_id: id, password_hash: hash ?? (await hashPassword(result.passwordChanged)) } });
    }
    await this.db.write(muts);
    return result.user;
  }

  /** Metadata-only write (Actions and Rules): exactly PATCH with {app_metadata?, user_metadata?}. */
  updateMetadata(id: string, patch: { app_metadata?: JsonObject; user_metadata?: JsonObject }): Promise<StoredUser> {
    return this.update(id, patch);
  }

  /** DELETE answers 204 even when the user does not exist (fact sheet §1.6). */
  async remove(id: string): Promise<void> {
    const user = this.db.get('users', id);
    if (!user) return;
    const connection = this.connectionOf(user);
    if (connection?.enabledDatabaseCustomization && this.o.customDb) await this.o.customDb.remove(connection, user);
    await this.db.write([
      { op: 'del', coll: 'users', key: id },
      { op: 'del', coll: 'credentials', key: id },
      { op: 'del', coll: 'userRoles', key: id },
    ]);
  }

  // ---- roles on a user ----

  rolesOf(id: string): Role[] {
    this.get(id);
    const ids = this.db.get('userRoles', id)?.roles ?? [];
    return ids.map((r) => this.db.get('roles', r)).filter((r): r is Role => r !== undefined);
  }

  async assignRoles(id: string, roleIds: unknown): Promise<void> {
    const wanted = this.checkRoleList(roleIds);
    this.get(id);
    const current = this.db.get('userRoles', id)?.roles ?? [];
    const next = [...current, ...wanted.filter((r) => !current.includes(r))];
    await this.db.put('userRoles', id, { user_id: id, roles: next });
  }

  async removeRoles(id: string, roleIds: unknown): Promise<void> {
    const unwanted = this.checkRoleList(roleIds);
    this.get(id);
    const current = this.db.get('userRoles', id)?.roles ?? [];
    await this.db.put('userRoles', id, { user_id: id, roles: current.filter((r) => !unwanted.includes(r)) });
  }

  private checkRoleList(roles: unknown): string[] {
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => typeof r === 'string')) {
      throw invalidBody("Payload validation error: 'Array is too short (0), minimum 1' on property roles (List of roles IDs to associated with the user.).");
    }
    for (const r of roles) if (!this.db.get('roles', r)) throw roleNotFound();
    return roles as string[];
  }

  private existsOnConnection(user: StoredUser): boolean {
    const conn = user.identities?.[0]?.connection;
    return this.db.usersByEmail(user.email as string).some((u) => u.identities?.[0]?.connection === conn && u.email?.toLowerCase() === (user.email as string).toLowerCase());
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
