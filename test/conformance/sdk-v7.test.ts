// The official auth0 SDK v7, unmodified, driven against the emulator on port 0 through its `fetch` option.
import assert from 'node:assert/strict';
import { ManagementClient, ManagementError } from 'auth0';
import { aSeed, aUser } from '../support/builders.js';
import { enc, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { sdkV7, type RecordedRequest } from '../support/sdk.js';

describe('auth0 SDK v7 against the emulator', () => {
  let emu: TestEmulator;
  let client: ManagementClient;
  const log: RecordedRequest[] = [];

  before(async () => {
    emu = await startTestEmulator({
      seed: aSeed(
        [
          aUser({ user_id: 'auth0|ann', email: 'ann@music.example', name: 'Ann Lee', app_metadata: { plan: 'premium' }, user_metadata: { profileCode: 1479, addresses: { work: '100 Way' } } }),
          aUser({ user_id: 'auth0|bob', email: 'bob@music.example', name: 'Bob Stone', app_metadata: { plan: 'free' } }),
          aUser({ user_id: 'auth0|cat', email: 'cat@other.example', name: 'Cat Noir', app_metadata: { plan: 'premium' } }),
        ],
        { roles: [{ id: 'rol_0000000000000001', name: 'playlist_editor', description: 'Edits playlists' }] },
      ),
    });
    client = sdkV7(emu, { log });
  });
  after(() => emu.stop());
  beforeEach(() => {
    log.length = 0;
  });

  it('lists users through the envelope the SDK asks for', async () => {
    const page = await client.users.list();
    assert.equal(page.data.length, 3);
    assert.equal(page.response.total, 3);
    assert.ok(log.some((r) => r.url.includes('include_totals=true')), 'the SDK asks for the envelope');
  });

  it('searches with Lucene syntax and pages one user at a time', async () => {
    const page = await client.users.list({ q: 'app_metadata.plan:"premium"', search_engine: 'v3', per_page: 1 });
    const ids: string[] = [];
    for await (const u of page) ids.push(u.user_id as string);
    assert.deepEqual(ids.sort(), ['auth0|ann', 'auth0|cat']);
    // The v7 pager asks for the next page while the last one was full: two matches, three requests.
    assert.equal(log.filter((r) => r.url.includes('/api/v2/users?')).length, 3);
  });

  it('creates a database user with Auth0 defaults (vector 1.a)', async () => {
    const created = await client.users.create({ connection: 'Username-Password-Authentication', email: 'Chuck@Example.com', password: 'Str0ng!Pass' });
    assert.match(created.user_id as string, /^auth0\|[0-9a-f]{24}$/);
    assert.equal(created.email, 'chuck@example.com');
    assert.equal(created.name, 'chuck@example.com');
    assert.equal(created.nickname, 'chuck');
    assert.equal(created.email_verified, false);
    const hex = (created.user_id as string).slice('auth0|'.length);
    assert.deepEqual(created.identities, [{ connection: 'Username-Password-Authentication', user_id: hex, provider: 'auth0', isSocial: false }]);
    assert.equal('logins_count' in created, false);
    assert.equal('app_metadata' in created, false);
  });

  it('merges metadata one level deep and deletes keys set to null (vectors 1.b, 1.c)', async () => {
    const merged = await client.users.update('auth0|ann', { user_metadata: { addresses: { home: '742 Ev' } } });
    assert.deepEqual(merged.user_metadata, { profileCode: 1479, addresses: { home: '742 Ev' } });
    const deleted = await client.users.update('auth0|ann', { app_metadata: { plan: null } as never });
    assert.equal((deleted.app_metadata as Record<string, unknown> | undefined)?.plan, undefined);
    const again = await client.users.get('auth0|ann');
    assert.deepEqual(again.user_metadata, { profileCode: 1479, addresses: { home: '742 Ev' } });
    assert.ok(log.some((r) => r.url.endsWith(`/api/v2/users/${enc('auth0|ann')}`)), 'the id travels percent-encoded');
  });

  it('finds users by email, case-sensitively, as an array', async () => {
    const found = await client.users.listUsersByEmail({ email: 'bob@music.example' });
    assert.deepEqual(found.map((u) => u.user_id), ['auth0|bob']);
    assert.deepEqual(await client.users.listUsersByEmail({ email: 'nobody@music.example' }), []);
  });

  it('answers 404 as NotFoundError with Auth0 body (vector 1.e)', async () => {
    await assert.rejects(client.users.get('auth0|doesnotexist'), (e: unknown) => {
      assert.ok(e instanceof ManagementError);
      assert.equal(e.statusCode, 404);
      assert.equal(e.constructor.name, 'NotFoundError');
      assert.deepEqual(e.body, { statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' });
      return true;
    });
  });

  it('deletes with 204, also a user that does not exist (vector 1.d)', async () => {
    await client.users.delete('auth0|cat');
    await client.users.delete('auth0|cat');
    await assert.rejects(client.users.get('auth0|cat'), /404|does not exist/);
  });

  it('assigns, lists and removes roles', async () => {
    await client.users.roles.assign('auth0|bob', { roles: ['rol_0000000000000001'] });
    const roles = await client.users.roles.list('auth0|bob');
    assert.deepEqual(roles.data.map((r) => r.name), ['playlist_editor']);
    await client.users.roles.delete('auth0|bob', { roles: ['rol_0000000000000001'] });
    assert.equal((await client.users.roles.list('auth0|bob')).data.length, 0);
  });

  it('backs off on a 429 by the x-ratelimit-reset header and then succeeds', async () => {
    await emu.control.injectFault({ method: 'GET', path: '/api/v2/users/*', count: 1 });
    const started = Date.now();
    const user = await client.users.get('auth0|bob');
    const waited = Date.now() - started;
    assert.equal(user.user_id, 'auth0|bob');
    const attempts = log.filter((r) => r.url.includes(enc('auth0|bob')));
    assert.equal(attempts.length, 2, 'one 429, then the retry');
    assert.ok(waited < 5000, `the reset header is epoch seconds, so the SDK waits about a second, not 60 s (waited ${waited} ms)`);
  });

  it('surfaces TooManyRequestsError with the rate-limit headers when retries run out', async () => {
    const strict = sdkV7(emu, { maxRetries: 0 });
    await emu.control.injectFault({ method: 'GET', path: '/api/v2/users/*', count: 1 });
    await assert.rejects(strict.users.get('auth0|bob'), (e: unknown) => {
      assert.ok(e instanceof ManagementError);
      assert.equal(e.constructor.name, 'TooManyRequestsError');
      assert.equal(e.statusCode, 429);
      assert.equal((e.body as { errorCode: string }).errorCode, 'too_many_requests');
      const headers = e.rawResponse?.headers;
      const reset = Number(headers?.get('x-ratelimit-reset'));
      assert.ok(reset >= Math.floor(Date.now() / 1000) - 1, 'reset is epoch seconds');
      return true;
    });
  });

  it('is throttled for real under the free profile (vector 5.a) and recovers after the reset', async () => {
    const strict = sdkV7(emu, { maxRetries: 0 });
    await strict.users.get('auth0|bob'); // token fetched before limits start
    await emu.control.setRateLimit('free');
    try {
      const results = await Promise.allSettled([strict.users.get('auth0|bob'), strict.users.get('auth0|bob'), strict.users.get('auth0|bob')]);
      const statuses = results.map((r) => (r.status === 'fulfilled' ? 200 : (r.reason as ManagementError).statusCode));
      assert.deepEqual(statuses.filter((s) => s === 429).length, 1);
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal((await strict.users.get('auth0|bob')).user_id, 'auth0|bob');
    } finally {
      await emu.control.setRateLimit('off');
    }
  });
});
