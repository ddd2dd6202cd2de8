// /api/v2/users, /api/v2/users/{id}, /api/v2/users-by-email and /api/v2/users/{id}/roles.
// Thin handlers: authorize, parse, one service call, Auth0's status and shape.
import { Hono, type Context } from 'hono';
import { queryValidation } from '../../core/errors.js';
import { authorize, canSeeIdpTokens } from '../../core/tokens/scopes.js';
import { parseListParams, paginate } from '../../core/users/paging.js';
import { projectUser } from '../../core/users/projection.js';
import type { EmulatorCore } from '../../emulatorCore.js';
import { JSON_UTF8, json, readJsonObject } from '../body.js';
import type { AppEnv } from '../env.js';

export function usersRoutes(core: EmulatorCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const users = () => core.users;

  const view = (c: Context<AppEnv>, defaults: { include_fields?: boolean } = {}) => {
    const include = c.req.query('include_fields');
    return {
      fields: c.req.query('fields'),
      include_fields: include === undefined ? (defaults.include_fields ?? true) : include !== 'false',
      showIdpTokens: canSeeIdpTokens(c.get('principal')),
      // Serialised at once: no need to copy the stored values.
      share: true,
    };
  };

  app.get('/users', (c) => {
    authorize(c.get('principal'), 'listUsers');
    const params = parseListParams(c.req.query());
    return json(c, users().list(params, view(c)) as object);
  });

  app.post('/users', async (c) => {
    authorize(c.get('principal'), 'createUser');
    const user = await users().create(await readJsonObject(c));
    return json(c, projectUser(user, view(c)), 201);
  });

  app.get('/users/:id', (c) => {
    const id = c.req.param('id');
    authorize(c.get('principal'), 'getUser', { targetUserId: id });
    return json(c, projectUser(users().get(id), view(c)));
  });

  app.patch('/users/:id', async (c) => {
    const id = c.req.param('id');
    const body = await readJsonObject(c);
    authorize(c.get('principal'), 'updateUser', { targetUserId: id, patchBody: body });
    const user = await users().update(id, body, { ownsBody: true });
    const v = view(c);
    // A caller that sees every field gets the JSON the write already made (stored users are in Auth0's order).
    const full = !v.fields && v.showIdpTokens ? users().serialisedFull(user) : undefined;
    if (full !== undefined) return c.body(full, 200, { 'content-type': JSON_UTF8 });
    return json(c, projectUser(user, v));
  });

  app.delete('/users/:id', async (c) => {
    const id = c.req.param('id');
    authorize(c.get('principal'), 'deleteUser', { targetUserId: id });
    await users().remove(id);
    return c.body(null, 204);
  });

  app.get('/users-by-email', (c) => {
    authorize(c.get('principal'), 'getUsersByEmail');
    const email = c.req.query('email');
    if (email === undefined || email === '') throw queryValidation('Missing required property: email');
    const v = view(c, { include_fields: true });
    return json(c, users().byEmail(email).map((u) => projectUser(u, v)));
  });

  app.get('/users/:id/roles', (c) => {
    const id = c.req.param('id');
    authorize(c.get('principal'), 'listUserRoles', { targetUserId: id });
    const params = parseListParams(c.req.query(), { search: false, minPerPage: 1 });
    return json(c, paginate(users().rolesOf(id), params, 'roles', (r) => ({ ...r })) as object);
  });

  app.post('/users/:id/roles', async (c) => {
    const id = c.req.param('id');
    authorize(c.get('principal'), 'assignUserRoles', { targetUserId: id });
    await users().assignRoles(id, (await readJsonObject(c)).roles);
    return c.body(null, 204);
  });

  app.delete('/users/:id/roles', async (c) => {
    const id = c.req.param('id');
    authorize(c.get('principal'), 'removeUserRoles', { targetUserId: id });
    await users().removeRoles(id, (await readJsonObject(c)).roles);
    return c.body(null, 204);
  });

  return app;
}
