// A real tenant, played by a second emulator over HTTPS with its self-signed certificate trusted, reached through the
// official SDK exactly as the extension reaches Auth0: connect and scopes, plain-words failures, browse (paged,
// searched), pull with scrubbing into the local emulator, sync with a conflict, with injected 429s, with a 403 on one
// user, a dry run, and a sync stopped halfway then finished without writing anything twice.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ManagementClient } from 'auth0';
import { EmulatorControlClient } from '../../emulator/client.js';
import { httpsFetch } from '../../extension/tenant/httpsFetch.js';
import { connectTenant, TenantError, type TenantConnection } from '../../extension/tenant/tenantConnection.js';
import { planSync, pullSample, runSync, TenantStateFiles, toSeedUser } from '../../extension/tenant/tenantSync.js';
import type { SyncUser } from '../../extension/tenant/syncPlan.js';
import { startTestEmulator, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type TestEmulator } from '../support/emulator.js';
import { sdkV7 } from '../support/sdk.js';

const PEOPLE = Array.from({ length: 12 }, (_, i) => ({
  user_id: `auth0|tenant${String(i).padStart(2, '0')}`,
  email: `person${String(i).padStart(2, '0')}@acme-real.com`,
  name: `Real Person ${i}`,
  connection: 'Username-Password-Authentication',
  password: 'Str0ng!Passw0rd',
  app_metadata: { plan: i % 3 === 0 ? 'premium' : 'free', seats: i },
  user_metadata: { theme: 'light', contact: { phone: `+44 20 7946 09${String(i).padStart(2, '0')}` } },
}));

describe('a real tenant (a second emulator over HTTPS, through the official SDK)', function () {
  this.timeout(60_000);
  let tenantEmu: TestEmulator;
  let local: TestEmulator;
  let localSdk: ManagementClient;
  let ca: string;
  let stateDir: string;
  let patches: string[];
  /** The test's own view of the tenant: the official SDK and the control routes, over the same trusted HTTPS. */
  let tenantSdk: ManagementClient;
  let tenantControl: EmulatorControlClient;

  /** The extension's connection, with a transport that counts PATCHes (what was written, and how often). */
  function connect(secret = TEST_CLIENT_SECRET, domain = tenantEmu.domain): TenantConnection {
    const transport = httpsFetch({ ca });
    return connectTenant({
      domain,
      clientId: TEST_CLIENT_ID,
      clientSecret: secret,
      fetch: async (input, init) => {
        const res = await transport(input, init);
        if ((init?.method ?? 'GET') === 'PATCH' && res.ok) patches.push(decodeURIComponent(String(input).split('/users/')[1]!));
        return res;
      },
    });
  }
  const files = () => new TenantStateFiles(stateDir, tenantEmu.domain);
  async function tenantUser(id: string): Promise<SyncUser> {
    return (await tenantSdk.users.get(id)) as unknown as SyncUser;
  }
  async function localUsers(q: string): Promise<SyncUser[]> {
    return (await localSdk.users.list({ q, search_engine: 'v3', per_page: 100 })).data as unknown as SyncUser[];
  }

  before(async () => {
    tenantEmu = await startTestEmulator({ https: true, seed: { users: PEOPLE } });
    assert.match(tenantEmu.url, /^https:/);
    ca = readFileSync(tenantEmu.running.certPath!, 'utf8');
    tenantSdk = new ManagementClient({ domain: tenantEmu.domain, clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, fetch: httpsFetch({ ca }) });
    tenantControl = new EmulatorControlClient({ baseUrl: tenantEmu.url, key: TEST_CLIENT_SECRET, fetch: httpsFetch({ ca }) });
    local = await startTestEmulator({ seed: { users: [] } });
    localSdk = sdkV7(local);
    stateDir = mkdtempSync(path.join(tmpdir(), 'auth0-tenant-state-'));
  });
  after(async () => {
    await tenantEmu?.stop();
    await local?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    patches = [];
  });

  describe('connecting', () => {
    it('gets a token over HTTPS and shows the granted scopes', async () => {
      const result = await connect().test();
      assert.ok(result.scopes.includes('read:users') && result.scopes.includes('update:users'), result.scopes.join(' '));
      assert.deepEqual(result.missing, []);
      assert.ok(result.expiresIn > 3600);
    });

    it('says the secret is wrong when the tenant refuses the client', async () => {
      await assert.rejects(connect('not-the-secret').test(), (e: TenantError) => {
        assert.equal(e.kind, 'unauthorized');
        assert.match(e.message, /refused the client id or secret/);
        assert.ok(!e.message.includes('not-the-secret'), 'the secret is never repeated');
        return true;
      });
    });

    it('says the name does not resolve, and that nothing answers on a closed port', async () => {
      await assert.rejects(connect(undefined, 'no-such-tenant.invalid').test(), (e: TenantError) => e.kind === 'network' && /does not resolve/.test(e.message));
      const closed = await new Promise<number>((r) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = s.address() as net.AddressInfo;
          s.close(() => r(port));
        });
      });
      await assert.rejects(connect(undefined, `127.0.0.1:${closed}`).test(), (e: TenantError) => e.kind === 'network' && /nothing answers at 127\.0\.0\.1/.test(e.message));
    });

    it('says which scope is missing when a token lacks update:users', async () => {
      await tenantControl.seed({ clients: [{ client_id: 'read-only-client', client_secret: 'read-only-secret', name: 'Read only', grant_scopes: ['read:users'] }] });
      const ro = connectTenant({ domain: tenantEmu.domain, clientId: 'read-only-client', clientSecret: 'read-only-secret', caPem: ca });
      const test = await ro.test();
      assert.deepEqual(test.missing, ['update:users']);
      await assert.rejects(ro.updateMetadata(PEOPLE[0]!.user_id, { app_metadata: { x: 1 } }, undefined, PEOPLE[0]!.email), (e: TenantError) => {
        assert.equal(e.kind, 'forbidden');
        assert.match(e.message, new RegExp(`refused to change ${PEOPLE[0]!.email}: the application lacks a scope`));
        return true;
      });
    });
  });

  describe('browsing', () => {
    it('pages through the users', async () => {
      const t = connect();
      const first = await t.listUsers({ page: 0, perPage: 5 });
      const third = await t.listUsers({ page: 2, perPage: 5 });
      assert.equal(first.total, PEOPLE.length);
      assert.equal(first.users.length, 5);
      assert.equal(third.users.length, 2);
      assert.deepEqual(first.users.map((u) => u.email), PEOPLE.slice(0, 5).map((p) => p.email));
    });

    it("searches with Auth0's query syntax", async () => {
      const found = await connect().listUsers({ q: 'app_metadata.plan:"premium"', page: 0, perPage: 50 });
      assert.deepEqual(found.users.map((u) => u.email).sort(), PEOPLE.filter((p) => p.app_metadata.plan === 'premium').map((p) => p.email).sort());
    });
  });

  describe('pull', () => {
    it('pulls a scrubbed sample into the emulator: same shapes, no personal data, same result twice', async () => {
      const t = connect();
      const sample = await pullSample(t, files(), { count: 8, scrubKey: 'team-key' });
      assert.equal(sample.length, 8);
      const text = JSON.stringify(sample);
      assert.ok(!/acme-real|Real Person|7946/.test(text), `no personal data: ${text.slice(0, 300)}`);
      assert.deepEqual(sample.map((u) => u.user_id), PEOPLE.slice(0, 8).map((p) => p.user_id), 'ids are kept');
      assert.deepEqual(sample.map((u) => u.app_metadata), PEOPLE.slice(0, 8).map((p) => p.app_metadata), 'metadata without personal data is kept');
      assert.deepEqual(await pullSample(t, files(), { count: 8, scrubKey: 'team-key' }), sample, 'deterministic');
      await local.control.seed({ users: sample.map(toSeedUser) as never });
      const inEmulator = await localUsers('email:*@example.com');
      assert.equal(inEmulator.length, 8);
      const one = inEmulator.find((u) => u.user_id === PEOPLE[1]!.user_id)!;
      assert.equal(one.email, sample[1]!.email);
      assert.deepEqual(one.user_metadata, sample[1]!.user_metadata);
      assert.ok(!JSON.stringify(one).includes('acme-real'));
    });
  });

  describe('sync from the emulator', () => {
    let emulatorSide: SyncUser[];
    before(async () => {
      // An unscrubbed pull of users 8..11, to sync back by user_id; then the emulator changes their metadata.
      const t = connect();
      const pulled = (await pullSample(t, files(), { q: 'app_metadata.seats:[8 TO 11]', count: 4, scrub: false }));
      assert.equal(pulled.length, 4);
      await local.control.seed({ users: pulled.map(toSeedUser) as never });
      for (const u of pulled) await localSdk.users.update(u.user_id, { app_metadata: { plan: 'enterprise' }, user_metadata: { theme: 'dark' } });
      emulatorSide = await localUsers('app_metadata.seats:[8 TO 11]');
      assert.equal(emulatorSide.length, 4);
    });

    it('a dry run shows the PATCH bodies and writes nothing', async () => {
      const t = connect();
      const before = await tenantUser(PEOPLE[8]!.user_id);
      const plans = await planSync(t, emulatorSide, files(), { matchBy: 'user_id' });
      assert.deepEqual(plans.map((p) => p.patch), emulatorSide.map(() => ({ app_metadata: { plan: 'enterprise' }, user_metadata: { theme: 'dark' } })));
      const report = await runSync(t, plans, files(), { dryRun: true });
      assert.equal(report.written, 4);
      assert.ok(report.lines.every((l) => l.outcome === 'would-write'));
      assert.deepEqual(patches, []);
      assert.deepEqual(await tenantUser(PEOPLE[8]!.user_id), before);
    });

    it('shows a change made on the tenant since the pull as a conflict, and writes the rest', async () => {
      const t = connect();
      const id = PEOPLE[9]!.user_id;
      await tenantSdk.users.update(id, { app_metadata: { plan: 'changed-on-tenant' } });
      const plans = await planSync(t, emulatorSide.filter((u) => u.user_id === id || u.user_id === PEOPLE[8]!.user_id), files(), { matchBy: 'user_id' });
      const conflict = plans.find((p) => p.emulator.user_id === id)!;
      assert.equal(conflict.status, 'conflict');
      assert.deepEqual(conflict.keys.filter((k) => k.outcome === 'conflict').map((k) => [k.key, k.tenant, k.emulator]), [['plan', 'changed-on-tenant', 'enterprise']]);
      const report = await runSync(t, plans, files());
      assert.deepEqual(report.lines.map((l) => [l.emulatorUserId, l.outcome]), [[PEOPLE[8]!.user_id, 'written'], [id, 'skipped']]);
      assert.deepEqual(patches, [PEOPLE[8]!.user_id]);
      assert.equal((await tenantUser(id)).app_metadata!.plan, 'changed-on-tenant', 'the tenant change survived');
      assert.deepEqual((await tenantUser(PEOPLE[8]!.user_id)).user_metadata, { theme: 'dark', contact: PEOPLE[8]!.user_metadata.contact }, "Auth0's merge: top-level key replaced, others kept");
      // Overwriting is a choice per user.
      const again = await planSync(t, emulatorSide.filter((u) => u.user_id === id), files(), { matchBy: 'user_id', overwrite: new Set([id]) });
      assert.deepEqual(again[0]!.patch, { app_metadata: { plan: 'enterprise' }, user_metadata: { theme: 'dark' } });
    });

    it('backs off on injected 429s by x-ratelimit-reset and writes every user exactly once', async () => {
      const t = connect();
      const id = PEOPLE[10]!.user_id;
      await tenantControl.injectFault({ path: '/api/v2/users/*', method: 'PATCH', count: 2 });
      const plans = await planSync(t, emulatorSide.filter((u) => u.user_id === id), files(), { matchBy: 'user_id' });
      const started = Date.now();
      const report = await runSync(t, plans, files());
      assert.equal(report.written, 1);
      assert.equal(report.rateLimited, 2);
      assert.deepEqual(patches, [id], 'one successful PATCH');
      assert.ok(Date.now() - started >= 500, 'it waited for the reset');
      assert.equal((await tenantUser(id)).app_metadata!.plan, 'enterprise');
    });

    it('a 403 on one user fails that user with the reason, and the others are written', async () => {
      const t = connect();
      const ids = [PEOPLE[11]!.user_id, PEOPLE[9]!.user_id];
      await tenantControl.injectFault({ path: `/api/v2/users/${encodeURIComponent(ids[0]!)}`, method: 'PATCH', count: 1, status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: update:users', errorCode: 'insufficient_scope' } });
      const plans = await planSync(t, emulatorSide.filter((u) => ids.includes(u.user_id)), files(), { matchBy: 'user_id', overwrite: new Set([ids[1]!]) });
      const report = await runSync(t, plans, files());
      const line = report.lines.find((l) => l.emulatorUserId === ids[0])!;
      assert.equal(line.outcome, 'failed');
      assert.match(line.reason, /refused to change .*: the application lacks a scope \(Insufficient scope/);
      assert.equal(report.lines.find((l) => l.emulatorUserId === ids[1])!.outcome, 'written');
    });

    it('a sync stopped halfway reports what was written; running it again finishes the rest and writes nothing twice', async () => {
      // Fresh users, each with something to write.
      const fresh = Array.from({ length: 6 }, (_, i) => ({ user_id: `auth0|resume${i}`, email: `resume${i}@acme-real.com`, connection: 'Username-Password-Authentication', password: 'Str0ng!Passw0rd', app_metadata: { step: 0 } }));
      await tenantControl.seed({ users: fresh });
      await local.control.seed({ users: fresh.map((u) => ({ ...u, app_metadata: { step: 1 } })) });
      const source = await localUsers('email:resume*');
      assert.equal(source.length, 6);
      const t = connect();
      const stop = new AbortController();
      const first = await runSync(t, await planSync(t, source, files(), { matchBy: 'email' }), files(), {
        signal: stop.signal,
        onProgress: (done) => done === 3 && stop.abort(),
      });
      assert.equal(first.stopped, 'cancelled');
      const written = first.lines.filter((l) => l.outcome === 'written').map((l) => l.tenantUserId);
      assert.deepEqual(written, patches, 'the report lists exactly what was written');
      assert.equal(written.length, 3);
      assert.deepEqual(files().readJournal().slice(-3).map((j) => j.tenantUserId), written, 'and so does the journal on disk');
      patches = [];
      const plans = await planSync(t, source, files(), { matchBy: 'email' });
      assert.deepEqual(plans.filter((p) => p.status === 'unchanged').map((p) => p.tenant!.user_id), written);
      const second = await runSync(t, plans, files());
      assert.equal(second.written, 3);
      assert.deepEqual([...written, ...patches].sort(), fresh.map((u) => u.user_id).sort(), 'every user written exactly once over both runs');
      for (const u of fresh) assert.deepEqual((await tenantUser(u.user_id)).app_metadata, { step: 1 });
    });
  });
});
