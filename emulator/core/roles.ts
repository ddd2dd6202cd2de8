// The /api/v2/roles resource, as far as creating, listing and assigning roles to users needs it.
import type { Database } from './db.js';
import { badRequest, conflict, roleNotFound } from './errors.js';
import type { IdGenerator } from './ids.js';
import type { Role, StoredUser } from './users/user.js';

const NAME_MAX = 50;

export class RolesService {
  constructor(
    private readonly db: Database,
    private readonly ids: IdGenerator,
  ) {}

  list(nameFilter?: string): Role[] {
    const all = [...this.db.values('roles')];
    const f = nameFilter?.toLowerCase();
    return f ? all.filter((r) => r.name.toLowerCase().includes(f)) : all;
  }

  get(id: string): Role {
    const r = this.db.get('roles', id);
    if (!r) throw roleNotFound();
    return r;
  }

  async create(body: Record<string, unknown>): Promise<Role> {
    const name = body.name;
    if (typeof name !== 'string' || name.length < 1 || name.length > NAME_MAX) {
      throw badRequest(`Payload validation error: 'String is too ${typeof name === 'string' && name.length > NAME_MAX ? 'long' : 'short'}' on property name (The name of the role.).`);
    }
    const extra = Object.keys(body).filter((k) => k !== 'name' && k !== 'description');
    if (extra.length) throw badRequest(`Payload validation error: 'Additional properties not allowed: ${extra.join(',')}'.`);
    if ([...this.db.values('roles')].some((r) => r.name === name)) throw conflict('Role name already exists', 'conflict');
    const role: Role = { id: this.ids.roleId(), name, description: typeof body.description === 'string' ? body.description : '' };
    await this.db.put('roles', role.id, role);
    return role;
  }

  async update(id: string, body: Record<string, unknown>): Promise<Role> {
    const role = { ...this.get(id) };
    if (body.name !== undefined) {
      if (typeof body.name !== 'string' || body.name.length < 1) throw badRequest("Payload validation error: 'String is too short' on property name.");
      role.name = body.name;
    }
    if (body.description !== undefined) role.description = String(body.description);
    await this.db.put('roles', id, role);
    return role;
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    const muts: import('../storage/persistence.js').Mutation[] = [{ op: 'del', coll: 'roles', key: id }];
    for (const ur of this.db.values('userRoles')) {
      if (ur.roles.includes(id)) muts.push({ op: 'put', coll: 'userRoles', key: ur.user_id, value: { ...ur, roles: ur.roles.filter((r) => r !== id) } });
    }
    await this.db.write(muts);
  }

  usersWithRole(id: string): StoredUser[] {
    this.get(id);
    const out: StoredUser[] = [];
    for (const ur of this.db.values('userRoles')) {
      if (!ur.roles.includes(id)) continue;
      const u = this.db.get('users', ur.user_id);
      if (u) out.push(u);
    }
    return out;
  }
}
