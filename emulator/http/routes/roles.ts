// /api/v2/roles: create, list, read, update, delete roles, and list a role's users.
import { Hono } from 'hono';
import { authorize } from '../../core/tokens/scopes.js';
import { parseListParams, paginate } from '../../core/users/paging.js';
import type { EmulatorCore } from '../../emulatorCore.js';
import { readJsonObject, json } from '../body.js';
import type { AppEnv } from '../env.js';

export function rolesRoutes(core: EmulatorCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const roles = () => core.roles;

  app.get('/roles', (c) => {
    authorize(c.get('principal'), 'listRoles');
    const { name_filter, ...rest } = c.req.query();
    const params = parseListParams(rest, { search: false, minPerPage: 1 });
    return json(c, paginate(roles().list(name_filter), params, 'roles', (r) => ({ ...r })) as object);
  });
  app.post('/roles', async (c) => {
    authorize(c.get('principal'), 'createRole');
    return json(c, await roles().create(await readJsonObject(c)));
  });
  app.get('/roles/:id', (c) => {
    authorize(c.get('principal'), 'getRole');
    return json(c, roles().get(c.req.param('id')));
  });
  app.patch('/roles/:id', async (c) => {
    authorize(c.get('principal'), 'updateRole');
    return json(c, await roles().update(c.req.param('id'), await readJsonObject(c)));
  });
  app.delete('/roles/:id', async (c) => {
    authorize(c.get('principal'), 'deleteRole');
    await roles().remove(c.req.param('id'));
    return c.body(null, 200);
  });
  app.get('/roles/:id/users', (c) => {
    authorize(c.get('principal'), 'listRoleUsers');
    const params = parseListParams(c.req.query(), { search: false, minPerPage: 1 });
    const list = roles()
      .usersWithRole(c.req.param('id'))
      .map((u) => ({ user_id: u.user_id, email: u.email, picture: u.picture, name: u.name }));
    return json(c, paginate(list, params, 'users', (u) => u) as object);
  });
  return app;
}
