// /api/v2/roles over HTTP: create, list, read, update, delete, a role's users, and the errors.
import assert from 'node:assert/strict';
import { aSeed, aUser } from '../support/builders.js';
import { enc, startTestEmulator, type TestEmulator } from '../support/emulator.js';

describe('roles endpoints over HTTP', () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator({
      seed: aSeed([aUser({ user_id: 'auth0|r1', email: 'r1@example.com' }), aUser({ user_id: 'auth0|r2', email: 'r2@example.com' })], {
        roles: [{ id: 'rol_0000000000000abc', name: 'editor', description: 'Edits' }],
        userRoles: { 'auth0|r1': ['editor'] },
      }),
    });
  });
  after(() => emu.stop());
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await emu.request(method, path, { json: body, ...(token ? { token } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  it('reads, renames and lists the users of a role', async () => {
    const got = await call('GET', '/api/v2/roles/rol_0000000000000abc');
    assert.deepEqual(got.body, { id: 'rol_0000000000000abc', name: 'editor', description: 'Edits' });
    const renamed = await call('PATCH', '/api/v2/roles/rol_0000000000000abc', { description: 'Edits playlists' });
    assert.equal(renamed.body.description, 'Edits playlists');
    const members = await call('GET', '/api/v2/roles/rol_0000000000000abc/users');
    assert.deepEqual(members.body.map((u: { user_id: string }) => u.user_id), ['auth0|r1']);
    const filtered = await call('GET', '/api/v2/roles?name_filter=edit&include_totals=true');
    assert.deepEqual(Object.keys(filtered.body), ['roles', 'start', 'limit', 'total']);
    assert.equal(filtered.body.total, 1);
  });

  it('deletes a role and takes it off its users', async () => {
    const created = await call('POST', '/api/v2/roles', { name: 'temporary' });
    assert.equal((await call('POST', `/api/v2/users/${enc('auth0|r2')}/roles`, { roles: [created.body.id] })).status, 204);
    assert.equal((await call('DELETE', `/api/v2/roles/${created.body.id}`)).status, 200);
    assert.equal((await call('GET', `/api/v2/roles/${created.body.id}`)).status, 404);
    const left = await call('GET', `/api/v2/users/${enc('auth0|r2')}/roles`);
    assert.deepEqual(left.body, []);
  });

  it("answers Auth0's errors: unknown role, duplicate name, bad body, missing scope, unknown role on a user", async () => {
    const missing = await call('GET', '/api/v2/roles/rol_doesnotexist00');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.errorCode, 'inexistent_role');
    assert.equal((await call('POST', '/api/v2/roles', { name: 'editor' })).status, 409);
    assert.equal((await call('POST', '/api/v2/roles', { name: '' })).status, 400);
    assert.equal((await call('POST', '/api/v2/roles', { name: 'x', permissions: [] })).status, 400);
    const noScope = await call('GET', '/api/v2/roles', undefined, await emu.token(['read:users']));
    assert.equal(noScope.status, 403);
    assert.equal(noScope.body.errorCode, 'insufficient_scope');
    const unknownOnUser = await call('POST', `/api/v2/users/${enc('auth0|r1')}/roles`, { roles: ['rol_doesnotexist00'] });
    assert.equal(unknownOnUser.status, 404);
    const empty = await call('POST', `/api/v2/users/${enc('auth0|r1')}/roles`, { roles: [] });
    assert.equal(empty.status, 400);
  });
});
