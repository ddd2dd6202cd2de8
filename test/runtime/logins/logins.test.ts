// Emulated logins through the real server: the password grants on /oauth/token run Rules then Actions and answer
// with signed tokens carrying the custom claims, or Auth0's error; custom-database connections log users in
// through their scripts (import mode migrates on first login); signup runs the registration triggers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { sampleSeed, SAMPLE_USER_IDS } from '../../../emulator/seed/sampleSeed.js';
import { enc, startTestEmulator, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type TestEmulator } from '../../support/emulator.js';

const fixtures = resolve('test/fixtures');

async function token(emu: TestEmulator, body: Record<string, string>) {
  const res = await fetch(`${emu.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('emulated logins', () => {
  let emu: TestEmulator;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'auth0-emu-logins-'));
    const claim = join(dir, 'claim.js');
    writeFileSync(claim, "exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim('https://music.example/plan', event.user.app_metadata.plan ?? null);\n  api.accessToken.setCustomClaim('https://music.example/roles', event.authorization?.roles ?? []);\n  if (event.user.email === 'mateo.garcia@example.com') api.access.deny('free listeners may not use this app');\n};\nexports.onExecuteCredentialsExchange = async (event, api) => {\n  api.accessToken.setCustomClaim('https://music.example/m2m', true);\n};\nexports.onExecutePreUserRegistration = async (event, api) => {\n  api.user.setAppMetadata('plan', 'trial');\n};\n");
    emu = await startTestEmulator({
      seed: sampleSeed({ clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET }),
      runtimes: { actions: [join(fixtures, 'actions', 'set-plan.js'), claim] },
    });
  });
  after(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const login = (username: string, password: string, extra: Record<string, string> = {}) =>
    token(emu, { grant_type: 'password', username, password, client_id: TEST_CLIENT_ID, client_secret: TEST_CLIENT_SECRET, scope: 'openid profile email', ...extra });

  it('runs the Actions on a password grant and signs tokens with their claims', async () => {
    const r = await login('amara.okafor@example.com', 'Afrobeats&Jazz5');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/.well-known/jwks.json`));
    const { payload: id } = await jwtVerify(r.body.id_token, jwks, { issuer: `https://${emu.domain}/`, audience: TEST_CLIENT_ID });
    assert.equal(id.sub, SAMPLE_USER_IDS.premiumListener);
    // set-plan.js queued plan=gold; the next Action saw it and put it in the ID token.
    assert.equal(id['https://music.example/plan'], 'gold');
    const stored = (await (await emu.request('GET', `/api/v2/users/${enc(SAMPLE_USER_IDS.premiumListener)}`)).json()) as any;
    assert.equal(stored.app_metadata.plan, 'gold');
    assert.ok(stored.logins_count >= 1);
  });

  it("answers Auth0's errors: wrong password, blocked user, denied by an Action", async () => {
    const wrong = await login('amara.okafor@example.com', 'nope');
    assert.equal(wrong.status, 403);
    assert.deepEqual(wrong.body, { error: 'invalid_grant', error_description: 'Wrong email or password.' });
    const blocked = await login('trent.moss@example.com', 'Blocked-Account1');
    assert.equal(blocked.status, 401);
    assert.equal(blocked.body.error, 'unauthorized');
    const denied = await login('mateo.garcia@example.com', 'Reggaeton-2024');
    assert.equal(denied.status, 403);
    assert.deepEqual(denied.body, { error: 'access_denied', error_description: 'free listeners may not use this app' });
    // Deny does not cancel side effects: set-plan.js's write still happened.
    const mateo = (await (await emu.request('GET', `/api/v2/users/${enc(SAMPLE_USER_IDS.freeListener)}`)).json()) as any;
    assert.equal(mateo.app_metadata.plan, 'gold');
  });

  it('logs in through the custom database scripts and migrates the user in import mode', async () => {
    const first = await login('eli.turner@example.org', 'Vinyl&Chill3', { grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'legacy-music-db' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const found = (await (await emu.request('GET', '/api/v2/users-by-email?email=eli.turner@example.org')).json()) as any[];
    assert.equal(found.length, 1, 'migrated into the emulator on first login');
    assert.equal(found[0].identities[0].connection, 'legacy-music-db');
    const wrong = await login('eli.turner@example.org', 'bad', { grant_type: 'http://auth0.com/oauth/grant-type/password-realm', realm: 'legacy-music-db' });
    assert.equal(wrong.status, 403);
  });

  it('runs credentials-exchange Actions on client credentials', async () => {
    const r = await token(emu, { grant_type: 'client_credentials', client_id: TEST_CLIENT_ID, client_secret: TEST_CLIENT_SECRET, audience: `https://${emu.domain}/api/v2/` });
    assert.equal(r.status, 200);
    const claims = JSON.parse(Buffer.from(r.body.access_token.split('.')[1], 'base64url').toString());
    assert.equal(claims['https://music.example/m2m'], true);
  });

  it('runs pre-user-registration on signup and stores what it set', async () => {
    const res = await fetch(`${emu.url}/dbconnections/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: TEST_CLIENT_ID, email: 'New.Signup@Example.com', password: 'Str0ng!Pass', connection: 'Username-Password-Authentication' }),
    });
    const body = (await res.json()) as any;
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.email, 'new.signup@example.com');
    const stored = (await (await emu.request('GET', `/api/v2/users-by-email?email=new.signup@example.com`)).json()) as any[];
    assert.equal(stored[0].app_metadata.plan, 'trial');
    const again = await fetch(`${emu.url}/dbconnections/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: TEST_CLIENT_ID, email: 'new.signup@example.com', password: 'Str0ng!Pass', connection: 'Username-Password-Authentication' }),
    });
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as any).code, 'user_exists');
  });

  it('runs a post-login flow through the control route with a transcript', async () => {
    const t = await emu.control.call<any>('POST', '/flows/post-login', { user_id: SAMPLE_USER_IDS.noDisplayName, actions: [join(fixtures, 'actions', 'set-plan.js')], dryRun: true });
    assert.equal(t.writes, 0, 'dry run writes nothing');
    assert.deepEqual(t.write.patch, { app_metadata: { plan: 'gold' } });
    assert.equal(t.write.dryRun, true);
    const stored = (await (await emu.request('GET', `/api/v2/users/${enc(SAMPLE_USER_IDS.noDisplayName)}`)).json()) as any;
    assert.notEqual(stored.app_metadata?.plan, 'gold', 'nothing was written');
    assert.equal(t.actions.length, 1);
  });
});
