import assert from 'node:assert/strict';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { ActionsRuntime } from '../../../emulator/runtime/actions/actionsRuntime.js';
import { createContinueRoutes, createFlowRoutes } from '../../../emulator/runtime/actions/flowRoutes.js';
import { createSandbox, type Sandbox } from '../../../emulator/runtime/sandbox/index.js';
import { memoryHost } from '../support/memoryHost.js';
import { tempWorkspace, type Workspace } from '../support/actionFiles.js';

const UID = 'auth0|0000000000000000000000a1';
const client = { client_id: 'm2m', client_secret: 's', name: 'Backend', grant_scopes: [] };
const connection = { id: 'con_db', name: 'Username-Password-Authentication', strategy: 'auth0' };

describe('Actions runtime: grants, other triggers and flow routes', () => {
  let sandbox: Sandbox;
  let ws: Workspace;
  before(() => {
    sandbox = createSandbox();
    ws = tempWorkspace('triggers-');
  });
  after(async () => {
    await sandbox.close();
    ws.remove();
  });
  const runtimeWith = (sources: string[], host = memoryHost()) => new ActionsRuntime({ host, sandbox, actionsConfig: { sources, timeoutMs: 5000 } });

  it('password grant: runs the bound post-login Actions and returns tokens carrying their claims', async () => {
    const a = ws.file('pw-claims.js', `exports.onExecutePostLogin = async (e, api) => { api.accessToken.setCustomClaim('https://x/proto', e.transaction.protocol); api.user.setAppMetadata('pw', true); };`);
    const host = memoryHost();
    const r = await runtimeWith([a], host).passwordGrant({ userId: UID, clientId: 'app1', grantType: 'password', ip: '10.0.0.9', scope: 'openid email' });
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.equal(r.body.token_type, 'Bearer');
    assert.equal(r.body.scope, 'openid email');
    assert.equal(r.transcript.accessTokenClaims?.['https://x/proto'], 'oauth2-password');
    assert.equal(r.transcript.accessTokenClaims?.gty, 'password');
    assert.equal(host.getUser(UID)?.app_metadata?.pw, true);
  });

  it("password grant: a deny answers 403 access_denied with the Action's reason", async () => {
    const a = ws.file('pw-deny.js', `exports.onExecutePostLogin = async (e, api) => { api.access.deny('blocked by policy'); };`);
    const r = await runtimeWith([a]).passwordGrant({ userId: UID, clientId: 'app1', grantType: 'password', ip: '10.0.0.9' });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, { error: 'access_denied', error_description: 'blocked by policy' });
  });

  it('credentials-exchange: adds custom claims and changes scopes', async () => {
    const a = ws.file('cx.js', `exports.onExecuteCredentialsExchange = async (e, api) => {
      api.accessToken.setCustomClaim('https://x/client', e.client.name);
      api.accessToken.setCustomClaim('gty', 'nope');
      api.transaction.addTargetScope('extra:scope');
    };`);
    const t = await runtimeWith([a]).credentialsExchange({ client, audience: 'https://api.example/', scopes: ['read:x'] });
    assert.equal(t.status, 'success');
    assert.deepEqual(t.customClaims, { 'https://x/client': 'Backend' });
    assert.deepEqual(t.scopes, ['read:x', 'extra:scope']);
  });

  it('credentials-exchange: deny gives the OAuth error with its code', async () => {
    const a = ws.file('cx-deny.js', `exports.onExecuteCredentialsExchange = async (e, api) => { api.access.deny('invalid_scope', 'not for you'); };`);
    const t = await runtimeWith([a]).credentialsExchange({ client, audience: 'https://api.example/', scopes: [] });
    assert.equal(t.status, 'denied');
    assert.deepEqual(t.error, { status: 400, error: 'invalid_scope', error_description: 'not for you' });
  });

  it('pre-user-registration: sets metadata for the new user, or denies with the user message', async () => {
    const set = ws.file('pre-set.js', `exports.onExecutePreUserRegistration = async (e, api) => { api.user.setAppMetadata('plan', e.user.email.endsWith('@corp.example') ? 'corp' : 'free'); };`);
    const ok = await runtimeWith([set]).preUserRegistration({ user: { email: 'new@corp.example' }, connection });
    assert.equal(ok.status, 'success');
    assert.deepEqual(ok.app_metadata, { plan: 'corp' });
    const deny = ws.file('pre-deny.js', `exports.onExecutePreUserRegistration = async (e, api) => { api.access.deny('domain_blocked', 'Sign-ups from this domain are closed'); };`);
    const no = await runtimeWith([deny]).preUserRegistration({ user: { email: 'x@spam.example' }, connection });
    assert.equal(no.status, 'denied');
    assert.equal(no.error?.error_description, 'Sign-ups from this domain are closed');
  });

  it('post-user-registration: runs with the created user and reports failures without blocking', async () => {
    const a = ws.file('post-reg.js', `exports.onExecutePostUserRegistration = async (e) => { console.log('welcome', e.user.user_id); };`);
    const b = ws.file('post-reg-bad.js', `exports.onExecutePostUserRegistration = async () => { throw new Error('webhook down'); };`);
    const host = memoryHost();
    const t = await runtimeWith([a, b], host).postUserRegistration({ user: host.getUser(UID)!, connection });
    assert.equal(t.status, 'failed');
    assert.equal(t.actions[0]?.logs[0]?.message, `welcome ${UID}`);
    assert.match(t.actions[1]?.error ?? '', /webhook down/);
  });

  describe('HTTP routes', () => {
    let server: ServerType;
    let base: string;
    let host: ReturnType<typeof memoryHost>;
    before(async () => {
      host = memoryHost();
      const runtime = new ActionsRuntime({ host, sandbox });
      const app = new Hono();
      app.route('/_emulator/flows', createFlowRoutes({ runtime }));
      app.route('/', createContinueRoutes({ runtime }));
      await new Promise<void>((resolve) => {
        server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    it('POST /_emulator/flows/post-login runs the given Action files and returns the transcript; /continue resumes', async () => {
      const r = ws.file('http-redirect.js', `exports.onExecutePostLogin = async (e, api) => { api.user.setUserMetadata('consent', 'asked'); api.redirect.sendUserTo('https://consent.example/'); };
exports.onContinuePostLogin = async (e, api) => { api.user.setUserMetadata('consent', e.request.body.answer); };`);
      const res = await fetch(`${base}/_emulator/flows/post-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: UID, client_id: 'app1', actions: [r] }) });
      assert.equal(res.status, 200);
      const t = (await res.json()) as { status: string; redirect: string; state: string; writes: number; continuation?: unknown };
      assert.equal(t.status, 'redirect');
      assert.equal(t.continuation, undefined);
      assert.equal(host.getUser(UID)?.user_metadata?.consent, 'asked');
      assert.equal(new URL(t.redirect).searchParams.get('state'), t.state);

      const bad = await fetch(`${base}/continue?state=nope`);
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { error: string }).error, 'invalid_request');

      const done = await fetch(`${base}/continue`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ state: t.state, answer: 'yes' }) });
      const t2 = (await done.json()) as { status: string; writes: number; tokens?: { id_token: string } };
      assert.equal(t2.status, 'success');
      assert.equal(host.getUser(UID)?.user_metadata?.consent, 'yes');
      assert.ok(t2.tokens?.id_token);
      const again = await fetch(`${base}/continue?state=${t.state}`);
      assert.equal(again.status, 400, 'a state resumes once');
    });
  });
});
