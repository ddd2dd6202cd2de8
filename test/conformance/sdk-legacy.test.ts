// The v4 API of the official SDK (`auth0/legacy`), unmodified, against the emulator through its `fetch` option.
import assert from 'node:assert/strict';
import { ManagementApiError, type ManagementClient } from 'auth0/legacy';
import { aSeed, aUser } from '../support/builders.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkLegacy } from '../support/sdk.js';

describe('auth0/legacy (the v4 API) against the emulator', () => {
  let emu: TestEmulator;
  let client: ManagementClient;

  before(async () => {
    emu = await startTestEmulator({
      seed: aSeed([
        aUser({ user_id: 'auth0|dee', email: 'dee@music.example', name: 'Dee Dee', app_metadata: { plan: 'free', facts: [1, 2] } }),
        aUser({ user_id: 'auth0|eve', email: 'eve@music.example', name: 'Eve Online' }),
      ]),
    });
    client = sdkLegacy(emu);
  });
  after(() => emu.stop());

  it('lists with include_totals and searches with q', async () => {
    const all = await client.users.getAll({ include_totals: true });
    const body = all.data as unknown as { users: Array<{ user_id: string }>; total: number; start: number; limit: number; length: number };
    assert.equal(body.total, 2);
    assert.deepEqual(Object.keys(body), ['start', 'limit', 'length', 'users', 'total'], "Auth0's key order");
    const found = await client.users.getAll({ q: 'name:"dee dee"', search_engine: 'v3' });
    assert.deepEqual((found.data as Array<{ user_id: string }>).map((u) => u.user_id), ['auth0|dee']);
  });

  it('creates, merges, reads by email and deletes', async () => {
    const { data: created } = await client.users.create({ connection: 'Username-Password-Authentication', email: 'fay@music.example', password: 'Str0ng!Pass', app_metadata: { plan: 'free' } });
    const { data: patched } = await client.users.update({ id: created.user_id as string }, { app_metadata: { foo: 'bar' } });
    assert.deepEqual(patched.app_metadata, { plan: 'free', foo: 'bar' });
    const { data: byEmail } = await client.usersByEmail.getByEmail({ email: 'fay@music.example' });
    assert.equal(byEmail[0]?.user_id, created.user_id);
    const del = await client.users.delete({ id: created.user_id as string });
    assert.equal(del.status, 204);
  });

  it('keeps sibling metadata keys when one key is patched (GOREC vector)', async () => {
    const { data } = await client.users.update({ id: 'auth0|dee' }, { app_metadata: { foo: 'bar' } });
    assert.deepEqual(data.app_metadata, { plan: 'free', facts: [1, 2], foo: 'bar' });
  });

  it('throws ManagementApiError with Auth0 fields on 404 and on a bad body', async () => {
    await assert.rejects(client.users.get({ id: 'auth0|nobody' }), (e: unknown) => {
      assert.ok(e instanceof ManagementApiError);
      assert.equal(e.statusCode, 404);
      assert.equal(e.errorCode, 'inexistent_user');
      assert.equal(e.message, 'The user does not exist.');
      return true;
    });
    await assert.rejects(client.users.update({ id: 'auth0|dee' }, { user_id: 'x' } as never), (e: unknown) => {
      assert.ok(e instanceof ManagementApiError);
      assert.equal(e.statusCode, 400);
      assert.match(e.message, /Additional properties not allowed: user_id/);
      return true;
    });
  });

  it('retries a 429 and then succeeds', async () => {
    await emu.control.injectFault({ method: 'GET', path: '/api/v2/users/*', count: 1 });
    const { data } = await client.users.get({ id: 'auth0|eve' });
    assert.equal(data.user_id, 'auth0|eve');
  });
});
