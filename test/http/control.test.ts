// The emulator-only control routes through the typed client (emulator/client.ts).
import assert from 'node:assert/strict';
import { EmulatorControlError } from '../../emulator/client.js';
import { aSeed, aUser } from '../support/builders.js';
import { enc, startTestEmulator, type TestEmulator } from '../support/emulator.js';

describe('control routes (/_emulator)', () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await startTestEmulator({ seed: aSeed([aUser({ user_id: 'auth0|one' })], { roles: [{ name: 'r1' }] }), sampleSeed: () => aSeed([aUser({ user_id: 'auth0|sample' })]) });
  });
  afterEach(() => emu.stop());

  const ids = async () => ((await (await emu.request('GET', '/api/v2/users')).json()) as Array<{ user_id: string }>).map((u) => u.user_id).sort();

  it('seeds, exports, resets and imports', async () => {
    const counts = await emu.control.seed(aSeed([aUser({ user_id: 'auth0|two', password: 'Str0ng!Pass' })]));
    assert.equal(counts.users, 1);
    assert.deepEqual(await ids(), ['auth0|one', 'auth0|two']);
    const exported = await emu.control.exportData();
    assert.equal(exported.users?.length, 2);
    assert.ok(exported.credentials?.some((c) => c.user_id === 'auth0|two' && c.password_hash?.startsWith('scrypt$')), 'password hashes travel, never plain text');
    await emu.control.reset();
    assert.deepEqual(await ids(), ['auth0|one']);
    await emu.control.reset({ sample: true });
    assert.deepEqual(await ids(), ['auth0|sample']);
    await emu.control.reset({ empty: true });
    assert.deepEqual(await ids(), []);
    await emu.control.importData(exported);
    assert.deepEqual(await ids(), ['auth0|one', 'auth0|two']);
    // The M2M client and its token keep working through every reset.
    assert.equal((await emu.request('GET', '/api/v2/roles')).status, 200);
  });

  it('switches the rate-limit profile at run time', async () => {
    const d = await emu.control.setRateLimit('custom:1:1');
    assert.equal(d.profile, 'custom:1:1');
    const a = await emu.request('GET', '/api/v2/users');
    const b = await emu.request('GET', '/api/v2/users');
    assert.equal(a.status, 200);
    assert.equal(a.headers.get('x-ratelimit-limit'), '1');
    assert.equal(b.status, 429);
    assert.ok(Number(b.headers.get('x-ratelimit-reset')) >= Math.floor(Date.now() / 1000));
    await assert.rejects(emu.control.setRateLimit('platinum'), (e: unknown) => e instanceof EmulatorControlError && e.status === 400);
  });

  it('injects faults on the next N matching requests only', async () => {
    await emu.control.injectFault({ method: 'PATCH', path: '/api/v2/users/*', count: 2, status: 503 });
    const patch = () => emu.request('PATCH', `/api/v2/users/${enc('auth0|one')}`, { json: { user_metadata: { a: 1 } } });
    assert.equal((await emu.request('GET', `/api/v2/users/${enc('auth0|one')}`)).status, 200, 'GET is not matched');
    assert.equal((await patch()).status, 503);
    assert.equal((await patch()).status, 503);
    assert.equal((await patch()).status, 200);
    assert.deepEqual((await emu.control.listFaults()).faults, []);
  });

  it('long-polls for changes', async () => {
    const rev = await emu.control.revision();
    const waiting = emu.control.waitForChange(rev, 5000);
    await emu.request('PATCH', `/api/v2/users/${enc('auth0|one')}`, { json: { user_metadata: { b: 2 } } });
    assert.ok((await waiting) > rev);
    const started = Date.now();
    assert.equal(await emu.control.waitForChange(rev + 1, 200), rev + 1);
    assert.ok(Date.now() - started >= 150, 'waits when nothing changes');
  });

  it('refuses a wrong key', async () => {
    const res = await fetch(`${emu.url}/_emulator/export`, { headers: { 'x-emulator-key': 'guess' } });
    assert.equal(res.status, 401);
  });
});
