import assert from 'node:assert/strict';
import { runPostLoginFlow, resumePostLoginFlow } from '../../../emulator/core/actions/flow.js';
import { createActionExecutor } from '../../../emulator/runtime/actions/executor.js';
import { createSandbox, type Sandbox } from '../../../emulator/runtime/sandbox/index.js';
import { aUser, memoryHost } from '../support/memoryHost.js';
import { tempWorkspace, type Workspace } from '../support/actionFiles.js';

const UID = 'auth0|0000000000000000000000a1';

describe('post-login flow', () => {
  let sandbox: Sandbox;
  let ws: Workspace;
  const execute = () => createActionExecutor({ sandbox });
  before(() => {
    sandbox = createSandbox();
    ws = tempWorkspace();
  });
  after(async () => {
    await sandbox.close();
    ws.remove();
  });

  it('7.a: a later Action sees metadata set by an earlier one, and exactly one update is written', async () => {
    const host = memoryHost();
    const a1 = ws.action('a1', `exports.onExecutePostLogin = async (event, api) => { api.user.setAppMetadata('plan', 'gold'); };`);
    const a2 = ws.action('a2', `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://x/plan', event.user.app_metadata.plan); };`);
    const t = await runPostLoginFlow({ host, actions: [a1, a2], execute: execute(), userId: UID });
    assert.equal(t.status, 'success', t.error?.error_description);
    assert.equal(t.idTokenClaims?.['https://x/plan'], 'gold');
    assert.equal(t.writes, 1);
    assert.equal(host.patches.length, 1);
    assert.equal(host.getUser(UID)?.app_metadata?.plan, 'gold');
  });

  it('batches the changes of five Actions into one write with the last value of each key', async () => {
    const host = memoryHost([aUser({ user_metadata: { keep: true } })]);
    const actions = [1, 2, 3, 4, 5].map((n) =>
      ws.action(`five${n}`, `exports.onExecutePostLogin = async (event, api) => {
        api.user.setUserMetadata('n', ${n});
        api.user.setAppMetadata('seen${n}', Object.keys(event.user.app_metadata).sort().join(','));
      };`),
    );
    const t = await runPostLoginFlow({ host, actions, execute: execute(), userId: UID });
    assert.equal(t.writes, 1);
    assert.deepEqual(host.patches, [
      {
        app_metadata: { seen1: '', seen2: 'seen1', seen3: 'seen1,seen2', seen4: 'seen1,seen2,seen3', seen5: 'seen1,seen2,seen3,seen4' },
        user_metadata: { n: 5 },
      },
    ]);
    assert.deepEqual(host.getUser(UID)?.user_metadata, { keep: true, n: 5 });
  });

  it('7.b: setting a key to undefined cancels the pending change, so nothing is written', async () => {
    const host = memoryHost();
    const a1 = ws.action('b1', `exports.onExecutePostLogin = async (e, api) => { api.user.setUserMetadata('tmp', 'x'); };`);
    const a2 = ws.action('b2', `exports.onExecutePostLogin = async (e, api) => {
      if (e.user.user_metadata.tmp !== 'x') throw new Error('tmp not visible');
      api.user.setUserMetadata('tmp', undefined);
    };`);
    const a3 = ws.action('b3', `exports.onExecutePostLogin = async (e, api) => { api.idToken.setCustomClaim('https://x/tmp', e.user.user_metadata.tmp ?? 'absent'); };`);
    const t = await runPostLoginFlow({ host, actions: [a1, a2, a3], execute: execute(), userId: UID });
    assert.equal(t.status, 'success', t.error?.error_description);
    assert.equal(t.writes, 0);
    assert.equal(t.write, null);
    assert.equal(host.patches.length, 0);
    assert.equal(t.idTokenClaims?.['https://x/tmp'], 'absent');
    assert.equal(host.getUser(UID)?.user_metadata?.tmp, undefined);
  });

  it('7.c: null deletes the key', async () => {
    const host = memoryHost([aUser({ app_metadata: { a: 1, b: 2 } })]);
    const a = ws.action('c1', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('a', null); };`);
    const t = await runPostLoginFlow({ host, actions: [a], execute: execute(), userId: UID });
    assert.deepEqual(host.getUser(UID)?.app_metadata, { b: 2 });
    assert.deepEqual(t.user?.app_metadata, { b: 2 });
  });

  it("does not show an Action its own changes in event.user by default, and does when configured", async () => {
    const code = `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('own', 1); api.idToken.setCustomClaim('https://x/own', e.user.app_metadata.own ?? 'no'); };`;
    const a = ws.action('own', code);
    const t1 = await runPostLoginFlow({ host: memoryHost(), actions: [a], execute: execute(), userId: UID });
    assert.equal(t1.idTokenClaims?.['https://x/own'], 'no');
    const t2 = await runPostLoginFlow({ host: memoryHost(), actions: [a], execute: execute(), userId: UID, options: { ownChangesVisible: true } });
    assert.equal(t2.idTokenClaims?.['https://x/own'], 1);
  });

  it('7.d: deny fails the login with access_denied, persists pending metadata and skips later Actions', async () => {
    const host = memoryHost();
    const a1 = ws.action('d1', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('k', 1); api.access.deny('nope'); };`);
    const a2 = ws.action('d2', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('later', true); };`);
    const t = await runPostLoginFlow({ host, actions: [a1, a2], execute: execute(), userId: UID });
    assert.equal(t.status, 'denied');
    assert.equal(t.denied, 'nope');
    assert.deepEqual(t.error, { error: 'access_denied', error_description: 'nope' });
    assert.equal(host.getUser(UID)?.app_metadata?.k, 1);
    assert.equal(host.getUser(UID)?.app_metadata?.later, undefined);
    assert.equal(t.actions.length, 1);
    assert.equal(t.writes, 1);
    assert.equal(t.tokens, undefined);
    assert.equal(host.getUser(UID)?.logins_count, 3, 'a denied login is not counted');
  });

  it('7.e: sendUserTo persists metadata first, returns the URL with state, and /continue resumes the same Action then later ones', async () => {
    const host = memoryHost();
    const r = ws.action('r1', `exports.onExecutePostLogin = async (e, api) => {
        api.user.setUserMetadata('step', 1);
        api.redirect.sendUserTo('https://x.example/consent', { query: { why: 'terms' } });
      };
      exports.onContinuePostLogin = async (e, api) => { api.user.setUserMetadata('step', 2); api.idToken.setCustomClaim('https://x/continued', e.request.query.answer); };`);
    const later = ws.action('r2', `exports.onExecutePostLogin = async (e, api) => { api.accessToken.setCustomClaim('https://x/step', e.user.user_metadata.step); };`);
    const actions = [r, later];
    const t = await runPostLoginFlow({ host, actions, execute: execute(), userId: UID, clientId: 'app1' });
    assert.equal(t.status, 'redirect');
    assert.equal(host.getUser(UID)?.user_metadata?.step, 1, 'persisted before the redirect');
    const url = new URL(t.redirect!);
    assert.equal(url.origin + url.pathname, 'https://x.example/consent');
    assert.equal(url.searchParams.get('why'), 'terms');
    assert.equal(url.searchParams.get('state'), t.state);
    assert.equal(t.actions.length, 1, 'later Actions wait');

    const done = await resumePostLoginFlow({ host, actions, execute: execute(), continuation: t.continuation!, request: { query: { state: t.state, answer: 'yes' } } });
    assert.equal(done.status, 'success', done.error?.error_description);
    assert.deepEqual(done.actions.map((s) => `${s.name}:${s.handler}`), ['r1:onExecutePostLogin', 'r1:onContinuePostLogin', 'r2:onExecutePostLogin']);
    assert.equal(done.idTokenClaims?.['https://x/continued'], 'yes');
    assert.equal(done.accessTokenClaims?.['https://x/step'], 2);
    assert.equal(host.getUser(UID)?.user_metadata?.step, 2);
    assert.equal(done.writes, 2);
  });

  it('refuses a redirect on a password grant with interaction_required', async () => {
    const host = memoryHost();
    const r = ws.action('rp', `exports.onExecutePostLogin = async (e, api) => { if (!api.redirect.canRedirect()) api.idToken.setCustomClaim('https://x/c', false); api.redirect.sendUserTo('https://x.example'); };`);
    const t = await runPostLoginFlow({ host, actions: [r], execute: execute(), userId: UID, transaction: { protocol: 'oauth2-password' } });
    assert.equal(t.status, 'failed');
    assert.equal(t.error?.error, 'interaction_required');
  });

  it('a thrown error stops the flow with access_denied naming the file and line, and writes nothing', async () => {
    const host = memoryHost();
    const a1 = ws.action('t1', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('first', 1); };`);
    const a2 = ws.action('t2', `exports.onExecutePostLogin = async (e, api) => {\n  api.user.setAppMetadata('half', 1);\n  throw new Error('kaboom');\n};`);
    const a3 = ws.action('t3', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('never', 1); };`);
    const t = await runPostLoginFlow({ host, actions: [a1, a2, a3], execute: execute(), userId: UID });
    assert.equal(t.status, 'failed');
    assert.equal(t.error?.error, 'access_denied');
    assert.match(t.error!.error_description, /kaboom/);
    assert.equal(t.actions[1]?.errorDetail?.file, a2.file);
    assert.equal(t.actions[1]?.errorDetail?.line, 3);
    assert.equal(t.actions.length, 2);
    assert.equal(host.patches.length, 0);
    assert.equal(t.writes, 0);
  });

  it('7.f: an Action that outlives the trigger budget fails the trigger with a timeout', async () => {
    const host = memoryHost();
    const slow = ws.action('slow', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('x', 1); await new Promise((r) => setTimeout(r, 25000)); };`);
    const t = await runPostLoginFlow({ host, actions: [slow], execute: execute(), userId: UID, timeoutMs: 300 });
    assert.equal(t.status, 'failed');
    assert.equal(t.actions[0]?.errorDetail?.kind, 'timeout');
    assert.match(t.error!.error_description, /time/i);
    assert.equal(host.patches.length, 0);
  });

  it('retries the batched write after x-ratelimit-reset when the Write User limit answers 429', async () => {
    const host = memoryHost();
    host.rateLimitNext(2, 3);
    const waits: number[] = [];
    const a = ws.action('rl', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('rl', true); };`);
    const t = await runPostLoginFlow({
      host,
      actions: [a],
      execute: execute(),
      userId: UID,
      sleep: async (ms) => {
        waits.push(ms);
        host.clock.advance(ms);
      },
    });
    assert.equal(t.status, 'success');
    assert.equal(host.rejected, 2);
    assert.equal(host.patches.length, 1);
    assert.equal(t.writes, 1);
    assert.deepEqual(waits, [3000, 3000]);
    assert.deepEqual(t.write?.retries, [{ status: 429, waitMs: 3000 }, { status: 429, waitMs: 3000 }]);
    assert.equal(host.getUser(UID)?.app_metadata?.rl, true);
  });

  it('fails the login when the write stays rate limited past the retries', async () => {
    const host = memoryHost();
    host.rateLimitNext(10, 1);
    const a = ws.action('rl2', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('rl', true); };`);
    const t = await runPostLoginFlow({ host, actions: [a], execute: execute(), userId: UID, rateLimitRetry: { maxRetries: 1 }, sleep: async (ms) => host.clock.advance(ms) });
    assert.equal(t.status, 'failed');
    assert.equal(host.rejected, 2);
    assert.match(t.error!.error_description, /rate limited/);
  });

  it('builds the event from the stored user, roles, client and overrides, and signs claims into tokens', async () => {
    const host = memoryHost([aUser({ app_metadata: { plan: 'basic' } })]);
    host.roles.set(UID, [{ id: 'rol_1', name: 'admin', description: '' }]);
    const a = ws.action('ev', `exports.onExecutePostLogin = async (event, api) => {
      api.idToken.setCustomClaim('https://x/event', {
        roles: event.authorization.roles, client: event.client.name, meta: event.client.metadata.tier, logins: event.stats.logins_count,
        ip: event.request.ip, country: event.request.geoip.countryCode, hasLoginsCount: 'logins_count' in event.user,
        conn: event.connection.strategy, secret: event.secrets.API_KEY, tenant: event.tenant.id, org: event.organization && event.organization.name,
      });
      api.accessToken.addScope('read:things');
      api.accessToken.setCustomClaim('roles', ['x']);
    };`, { API_KEY: 'k1' });
    const t = await runPostLoginFlow({ host, actions: [a], execute: execute(), userId: UID, clientId: 'app1', request: { ip: '10.1.2.3' }, event: { organization: { id: 'org_1', name: 'acme', display_name: 'Acme', metadata: {} } } });
    assert.deepEqual(t.idTokenClaims?.['https://x/event'], {
      roles: ['admin'], client: 'My App', meta: 'pro', logins: 4, ip: '10.1.2.3', country: 'NL', hasLoginsCount: false, conn: 'auth0', secret: 'k1', tenant: 'tenant', org: 'acme',
    });
    assert.equal(t.accessTokenClaims?.scope, 'openid profile email read:things');
    assert.equal(t.accessTokenClaims?.roles, undefined, 'restricted claim is dropped');
    assert.match(t.actions[0]!.notes.join('\n'), /restricted/);
    assert.equal(t.idTokenClaims?.sub, UID);
    assert.equal(t.idTokenClaims?.aud, 'app1');
    assert.equal(t.idTokenClaims?.iss, 'https://tenant.example/');
    assert.ok(t.tokens?.id_token);
    assert.equal(host.getUser(UID)?.logins_count, 4);
    assert.equal(host.getUser(UID)?.last_ip, '10.1.2.3');
  });

  it('keeps full console output per Action and flags output past Auth0\'s 256 characters', async () => {
    const host = memoryHost();
    const a = ws.action('log1', `exports.onExecutePostLogin = async (e) => { console.log('hello', e.user.user_id); };`);
    const b = ws.action('log2', `exports.onExecutePostLogin = async () => { console.warn('x'.repeat(300)); };`);
    const t = await runPostLoginFlow({ host, actions: [a, b], execute: execute(), userId: UID });
    assert.deepEqual(t.actions[0]?.logs.map((l) => [l.level, l.message]), [['log', `hello ${UID}`]]);
    assert.equal(t.actions[0]?.logsTruncated, false);
    assert.equal(t.actions[1]?.logs[0]?.message.length, 300);
    assert.equal(t.actions[1]?.logsTruncated, true);
  });

  it('records what it cannot do offline instead of dropping it', async () => {
    const host = memoryHost();
    const a = ws.action('mfa', `exports.onExecutePostLogin = async (e, api) => { api.multifactor.enable('any'); api.session.revoke('x'); };`);
    const t = await runPostLoginFlow({ host, actions: [a], execute: execute(), userId: UID });
    assert.equal(t.status, 'success');
    const notes = t.actions[0]!.notes.join('\n');
    assert.match(notes, /multifactor\.enable\('any'\)/);
    assert.match(notes, /api\.session\.revoke: not emulated/);
  });

  it('a dry run writes nothing but shows the write and the resulting user', async () => {
    const host = memoryHost();
    const a = ws.action('dry', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('dry', 1); };`);
    const t = await runPostLoginFlow({ host, actions: [a], execute: execute(), userId: UID, dryRun: true });
    assert.equal(t.writes, 0);
    assert.equal(t.write?.dryRun, true);
    assert.equal(t.user?.app_metadata?.dry, 1);
    assert.equal(host.getUser(UID)?.app_metadata, undefined);
    assert.equal(host.getUser(UID)?.logins_count, 3);
  });

  it('shares the cache between the Actions of the trigger', async () => {
    const host = memoryHost();
    const a = ws.action('c1', `exports.onExecutePostLogin = async (e, api) => { const r = api.cache.set('k', 'v'); if (r.type !== 'success') throw new Error('set failed'); };`);
    const b = ws.action('c2', `exports.onExecutePostLogin = async (e, api) => { api.idToken.setCustomClaim('https://x/cache', api.cache.get('k')?.value); };`);
    const t = await runPostLoginFlow({ host, actions: [a, b], execute: execute(), userId: UID });
    assert.equal(t.idTokenClaims?.['https://x/cache'], 'v');
  });

  it('runs Rules before Actions through the hook, counting their writes and keeping their claims', async () => {
    const host = memoryHost();
    const a = ws.action('after-rules', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('a', api.rules.wasExecuted('rul_1')); };`);
    const t = await runPostLoginFlow({
      host,
      actions: [a],
      execute: execute(),
      userId: UID,
      runRules: async () => {
        await host.updateUserMetadata(UID, { app_metadata: { fromRule: true } });
        return { ok: true, idTokenClaims: { 'https://x/rule': 1 }, accessTokenClaims: {}, accessTokenScopes: ['openid'], writes: [{ ok: true }], steps: [{ id: 'rul_1', name: 'r' }] };
      },
    });
    assert.equal(t.writes, 2);
    assert.deepEqual(host.getUser(UID)?.app_metadata, { fromRule: true, a: true });
    assert.equal(t.idTokenClaims?.['https://x/rule'], 1);
  });

  it('does not run Actions after a rule denies', async () => {
    const host = memoryHost();
    const a = ws.action('never-run', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('ran', true); };`);
    const t = await runPostLoginFlow({
      host, actions: [a], execute: execute(), userId: UID,
      runRules: async () => ({ ok: false, denial: { error: 'unauthorized', error_description: 'closed' }, idTokenClaims: {}, accessTokenClaims: {}, accessTokenScopes: [], writes: [], steps: [] }),
    });
    assert.equal(t.status, 'denied');
    assert.deepEqual(t.error, { error: 'unauthorized', error_description: 'closed' });
    assert.equal(t.actions.length, 0);
  });
});
