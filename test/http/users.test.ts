// Every users route over real HTTP, with Auth0's status codes, bodies and errors (fact sheet §1, §3, §4, §6).
import assert from 'node:assert/strict';
import { aSeed, aUser } from '../support/builders.js';
import { enc, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const google = aUser({
  user_id: 'google-oauth2|103547991597142817347',
  email: 'gail@gmail.example',
  name: 'Gail Google',
  identities: [{ connection: 'google-oauth2', user_id: '103547991597142817347', provider: 'google-oauth2', isSocial: true, access_token: 'ya29.secret', refresh_token: '1//refresh' }],
});

describe('users endpoints over HTTP', () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator({
      seed: aSeed(
        [
          aUser({ user_id: 'auth0|john', email: 'john@example.com', name: 'John Richard Doe', logins_count: 5, app_metadata: { plan: 'Gold' } }),
          aUser({ user_id: 'auth0|richard', email: 'richard@example.com', name: 'Richard', logins_count: 10, user_metadata: { tags: [] } }),
          aUser({ user_id: 'auth0|12345', email: 'numbers@example.com', name: 'Numbers', logins_count: 150, user_metadata: { profileCode: 1479, addresses: { work: '100 Way' } } }),
          google,
        ],
        { roles: [{ id: 'rol_aaaaaaaaaaaaaaaa', name: 'reader', description: 'Reads' }] },
      ),
    });
  });
  after(() => emu.stop());

  const json = async (res: Response) => ({ status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as any), headers: res.headers });

  describe('GET /api/v2/users', () => {
    it('answers a bare array by default and the envelope in Auth0 key order with include_totals', async () => {
      const bare = await json(await emu.request('GET', '/api/v2/users'));
      assert.ok(Array.isArray(bare.body));
      assert.equal(bare.headers.get('content-type'), 'application/json; charset=utf-8');
      const env = await json(await emu.request('GET', '/api/v2/users?include_totals=true&per_page=2&page=1'));
      assert.deepEqual(Object.keys(env.body), ['start', 'limit', 'length', 'users', 'total']);
      assert.equal(env.body.start, 2);
      assert.equal(env.body.limit, 2);
      assert.equal(env.body.length, 2);
      assert.equal(env.body.total, 4);
    });

    it('matches whole values case-insensitively on name and wildcards within (vector 2.a)', async () => {
      const exact = await json(await emu.request('GET', `/api/v2/users?q=${encodeURIComponent('name:richard')}&search_engine=v3`));
      assert.deepEqual(exact.body.map((u: any) => u.user_id), ['auth0|richard']);
      const wild = await json(await emu.request('GET', `/api/v2/users?q=${encodeURIComponent('name:*richard*')}&search_engine=v3`));
      assert.deepEqual(wild.body.map((u: any) => u.user_id).sort(), ['auth0|john', 'auth0|richard']);
    });

    it('keeps metadata case-sensitive, ignores empty arrays, honours ranges and id prefixes (vectors 2.b–2.f)', async () => {
      const ids = async (q: string) => (await json(await emu.request('GET', `/api/v2/users?q=${encodeURIComponent(q)}`))).body.map((u: any) => u.user_id);
      assert.deepEqual(await ids('app_metadata.plan:"gold"'), []);
      assert.deepEqual(await ids('app_metadata.plan:"Gold"'), ['auth0|john']);
      assert.deepEqual(await ids('_exists_:user_metadata.tags'), []);
      assert.deepEqual(await ids('logins_count:[10 TO 100}'), ['auth0|richard']);
      assert.deepEqual(await ids('user_id:auth0'), []);
      assert.deepEqual((await ids('user_id:auth0*')).sort(), ['auth0|12345', 'auth0|john', 'auth0|richard']);
      assert.deepEqual(await ids('identities.connection:"google-oauth2"'), [google.user_id]);
    });

    it('rejects malformed queries with 400 invalid_query_string (vector 2.e)', async () => {
      for (const q of ['name:*sa', 'name:"unbalanced', 'user_metadata.profileCode:[1 TO 2]', 'updated_at:>=2018-01-15']) {
        const r = await json(await emu.request('GET', `/api/v2/users?q=${encodeURIComponent(q)}`));
        assert.equal(r.status, 400, q);
        assert.equal(r.body.errorCode, 'invalid_query_string', q);
      }
    });

    it('caps paging at 1000 records (vector 1.f) and per_page at 100', async () => {
      const cap = await json(await emu.request('GET', '/api/v2/users?per_page=100&page=10&include_totals=true'));
      assert.equal(cap.status, 400);
      assert.equal(cap.body.errorCode, 'invalid_paging');
      assert.match(cap.body.message, /^You can only page through the first 1000 records\./);
      const big = await json(await emu.request('GET', '/api/v2/users?per_page=101'));
      assert.equal(big.status, 400);
      assert.match(big.body.message, /greater than maximum 100/);
    });

    it('refuses search engines v1 and v2', async () => {
      const v2 = await json(await emu.request('GET', '/api/v2/users?q=name:x&search_engine=v2'));
      assert.equal(v2.status, 400);
      assert.match(v2.body.message, /not allowed to use search_engine=v2/);
    });

    it('sorts and projects fields', async () => {
      const r = await json(await emu.request('GET', '/api/v2/users?sort=logins_count:-1&fields=user_id,logins_count&include_fields=true&q=logins_count:*'));
      assert.deepEqual(r.body, [
        { logins_count: 150, user_id: 'auth0|12345' },
        { logins_count: 10, user_id: 'auth0|richard' },
        { logins_count: 5, user_id: 'auth0|john' },
      ]);
      const sortMeta = await json(await emu.request('GET', '/api/v2/users?sort=app_metadata.plan:1'));
      assert.equal(sortMeta.status, 400);
    });
  });

  describe('GET /api/v2/users/{id}', () => {
    it('decodes percent-encoded ids and 404s in Auth0 shape (vector 1.e)', async () => {
      assert.equal((await json(await emu.request('GET', `/api/v2/users/${enc('auth0|john')}`))).body.user_id, 'auth0|john');
      const missing = await json(await emu.request('GET', `/api/v2/users/${enc('auth0|doesnotexist')}`));
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' });
    });

    it('hides identity-provider tokens without read:user_idp_tokens (vector 6.e)', async () => {
      const plain = await emu.token(['read:users']);
      const hidden = await json(await emu.request('GET', `/api/v2/users/${enc(google.user_id!)}`, { token: plain }));
      assert.equal(hidden.body.identities[0].access_token, undefined);
      assert.equal(hidden.body.identities[0].refresh_token, undefined);
      const withIdp = await emu.token(['read:users', 'read:user_idp_tokens']);
      const shown = await json(await emu.request('GET', `/api/v2/users/${enc(google.user_id!)}`, { token: withIdp }));
      assert.equal(shown.body.identities[0].access_token, 'ya29.secret');
    });
  });

  describe('PATCH /api/v2/users/{id}', () => {
    it('replaces nested objects whole and deletes keys set to null (vectors 1.b, 1.c)', async () => {
      const id = enc('auth0|12345');
      const merged = await json(await emu.request('PATCH', `/api/v2/users/${id}`, { json: { user_metadata: { addresses: { home: '742 Ev' } } } }));
      assert.deepEqual(merged.body.user_metadata, { profileCode: 1479, addresses: { home: '742 Ev' } });
      const del = await json(await emu.request('PATCH', `/api/v2/users/${id}`, { json: { user_metadata: { profileCode: null } } }));
      assert.deepEqual(del.body.user_metadata, { addresses: { home: '742 Ev' } });
      const wiped = await json(await emu.request('PATCH', `/api/v2/users/${id}`, { json: { user_metadata: {} } }));
      assert.equal(wiped.status, 200);
      assert.equal(Object.keys(wiped.body.user_metadata ?? {}).length, 0);
    });

    it('rejects read-only root fields, bad emails and dotted or $ keys with 400 (vectors 3.d, 3.f, 4.a, 4.b, 4.d)', async () => {
      const id = enc('auth0|john');
      const cases: Array<[unknown, RegExp]> = [
        [{ user_id: 'x', identities: [] }, /Additional properties not allowed: /],
        [{ email: 'not-an-email' }, /^Payload validation error/],
        [{ user_metadata: { 'preference.color': 'pink' } }, /dotted fields/],
        [{ app_metadata: { a$b: 1 } }, /\$/],
        [{ app_metadata: { user_id: 'x' } }, /user_id/],
      ];
      for (const [body, message] of cases) {
        const r = await json(await emu.request('PATCH', `/api/v2/users/${id}`, { json: body }));
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.body.errorCode, 'invalid_body');
        assert.match(r.body.message, message);
      }
      const dotsInValues = await json(await emu.request('PATCH', `/api/v2/users/${id}`, { json: { user_metadata: { preference: { color: 'light.blue' } } } }));
      assert.equal(dotsInValues.status, 200);
    });

    it('answers malformed JSON with a 400, never a 500', async () => {
      const r = await json(await emu.request('PATCH', `/api/v2/users/${enc('auth0|john')}`, { body: '{"user_metadata":', headers: { 'content-type': 'application/json' } }));
      assert.equal(r.status, 400);
      assert.equal(r.body.errorCode, 'invalid_body');
    });

    it('lets a current-user token edit only its own user_metadata (vectors 6.b–6.d)', async () => {
      const mine = await emu.control.mintToken({ user_id: 'auth0|john', scopes: ['read:current_user', 'update:current_user_metadata'] });
      const other = await json(await emu.request('GET', `/api/v2/users/${enc('auth0|richard')}`, { token: mine.access_token }));
      assert.equal(other.status, 403);
      assert.equal(other.body.message, 'User to be acted on does not match subject in bearer token.');
      const app = await json(await emu.request('PATCH', `/api/v2/users/${enc('auth0|john')}`, { token: mine.access_token, json: { app_metadata: { x: 1 } } }));
      assert.equal(app.status, 403);
      const ok = await json(await emu.request('PATCH', `/api/v2/users/${enc('auth0|john')}`, { token: mine.access_token, json: { user_metadata: { x: 1 } } }));
      assert.equal(ok.status, 200);
      assert.equal(ok.body.user_metadata.x, 1);
      const list = await json(await emu.request('GET', '/api/v2/users', { token: mine.access_token }));
      assert.equal(list.status, 403);
    });
  });

  describe('POST, DELETE and by-email', () => {
    it('creates with defaults, refuses a duplicate with 409 and deletes with 204', async () => {
      const body = { connection: 'Username-Password-Authentication', email: 'New.Person@Example.com', password: 'Str0ng!Pass', user_id: '777' };
      const created = await json(await emu.request('POST', '/api/v2/users', { json: body }));
      assert.equal(created.status, 201);
      assert.equal(created.body.user_id, 'auth0|777');
      assert.equal(created.body.email, 'new.person@example.com');
      const dup = await json(await emu.request('POST', '/api/v2/users', { json: body }));
      assert.equal(dup.status, 409);
      assert.deepEqual(dup.body, { statusCode: 409, error: 'Conflict', message: 'The user already exists.', errorCode: 'auth0_idp_error' });
      const del = await emu.request('DELETE', `/api/v2/users/${enc('auth0|777')}`);
      assert.equal(del.status, 204);
      assert.equal(await del.text(), '');
      assert.equal((await emu.request('DELETE', `/api/v2/users/${enc('auth0|777')}`)).status, 204);
    });

    it('rejects creation without a connection, on an unknown one, or with a weak password', async () => {
      for (const body of [{ email: 'a@b.co', password: 'Str0ng!Pass' }, { connection: 'nope', email: 'a@b.co', password: 'Str0ng!Pass' }, { connection: 'Username-Password-Authentication', email: 'a@b.co', password: '123' }]) {
        const r = await json(await emu.request('POST', '/api/v2/users', { json: body }));
        assert.equal(r.status, 400, JSON.stringify(body));
      }
    });

    it('finds by exact email only and requires the email parameter', async () => {
      assert.deepEqual((await json(await emu.request('GET', '/api/v2/users-by-email?email=john@example.com'))).body.map((u: any) => u.user_id), ['auth0|john']);
      assert.deepEqual((await json(await emu.request('GET', '/api/v2/users-by-email?email=JOHN@example.com'))).body, []);
      assert.equal((await emu.request('GET', '/api/v2/users-by-email')).status, 400);
    });
  });

  describe('roles', () => {
    it('creates roles, assigns them and pages them without a length key', async () => {
      const created = await json(await emu.request('POST', '/api/v2/roles', { json: { name: 'editor', description: 'Edits' } }));
      assert.equal(created.status, 200);
      assert.match(created.body.id, /^rol_/);
      assert.equal((await emu.request('POST', `/api/v2/users/${enc('auth0|john')}/roles`, { json: { roles: [created.body.id, 'rol_aaaaaaaaaaaaaaaa'] } })).status, 204);
      const env = await json(await emu.request('GET', `/api/v2/users/${enc('auth0|john')}/roles?include_totals=true`));
      assert.deepEqual(Object.keys(env.body), ['roles', 'start', 'limit', 'total']);
      assert.deepEqual(env.body.roles.map((r: any) => r.name).sort(), ['editor', 'reader']);
      assert.equal((await emu.request('DELETE', `/api/v2/users/${enc('auth0|john')}/roles`, { json: { roles: [created.body.id] } })).status, 204);
      const listed = await json(await emu.request('GET', '/api/v2/roles'));
      assert.ok(listed.body.some((r: any) => r.name === 'editor'));
      const missingUser = await emu.request('GET', `/api/v2/users/${enc('auth0|nobody')}/roles`);
      assert.equal(missingUser.status, 404);
    });
  });

  describe('authentication and everything else', () => {
    it('answers 401 without a token and for another key (vectors 3.a, 3.b)', async () => {
      const none = await json(await emu.request('GET', '/api/v2/users', { token: null }));
      assert.deepEqual(none.body, { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication' });
      const [h, p] = (await emu.token()).split('.');
      const forged = `${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`;
      const bad = await json(await emu.request('GET', '/api/v2/users', { token: forged }));
      assert.equal(bad.status, 401);
      assert.equal(bad.body.errorCode, undefined);
      assert.equal(bad.body.attributes.error, bad.body.message);
    });

    it('answers 403 insufficient_scope (vector 3.c)', async () => {
      const t = await emu.token(['read:roles']);
      const r = await json(await emu.request('GET', '/api/v2/users', { token: t }));
      assert.deepEqual(r.body, { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: read:users', errorCode: 'insufficient_scope' });
    });

    it('answers 501 for Management and Authentication API routes it does not emulate', async () => {
      const r = await json(await emu.request('GET', '/api/v2/clients'));
      assert.equal(r.status, 501);
      assert.match(r.body.message, /Not emulated/);
      for (const path of ['/authorize?client_id=x', '/userinfo', '/oauth/device/code', '/mfa/challenge']) {
        const a = await fetch(emu.url + path);
        assert.equal(a.status, 501, path);
      }
      assert.equal((await fetch(emu.url + '/nothing-here')).status, 404);
    });

    it('issues RS256 tokens whose kid is in the JWKS, and OAuth errors on bad credentials (vectors 6.a, 3.e)', async () => {
      const res = await fetch(`${emu.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'test-m2m-client', client_secret: 'test-m2m-secret', audience: `https://${emu.domain}/api/v2/` }),
      });
      const tok = (await res.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
      assert.equal(tok.token_type, 'Bearer');
      assert.equal(tok.expires_in, 86400);
      const header = JSON.parse(Buffer.from(tok.access_token.split('.')[0]!, 'base64url').toString());
      assert.equal(header.alg, 'RS256');
      const jwks = (await (await fetch(`${emu.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
      assert.ok(jwks.keys.some((k) => k.kid === header.kid));
      const disco = (await (await fetch(`${emu.url}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
      assert.equal(disco.issuer, `https://${emu.domain}/`, 'the issuer is what tokens carry');
      assert.equal(disco.jwks_uri, `${emu.url}/.well-known/jwks.json`, 'endpoints are reachable as served');
      const wrong = await fetch(`${emu.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'test-m2m-client', client_secret: 'nope', audience: `https://${emu.domain}/api/v2/` }),
      });
      assert.equal(wrong.status, 401);
      assert.equal(((await wrong.json()) as { error: string }).error, 'invalid_client');
    });

    it('guards control routes with the M2M secret', async () => {
      const r = await fetch(`${emu.url}/_emulator/health`);
      assert.equal(r.status, 401);
      assert.equal((await emu.control.health()).status, 'ok');
    });
  });
});
