// The custom-DB examples of Auth0's best-practice and template pages, run as written against a local server
// standing in for the user store's API; and each script kind's callback convention.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadCustomDbFolder } from '../../../emulator/runtime/customDb/loadScripts.js';
import { createCustomDbRuntime, sandboxScriptCaller } from '../../../emulator/runtime/customDb/customDbRuntime.js';
import {
  CustomDbFailure,
  changeEmailWithCustomDb,
  changePasswordWithCustomDb,
  getUserWithCustomDb,
  verifyWithCustomDb,
} from '../../../emulator/core/customDb/connectionBehaviours.js';
import { runCustomDbCommand } from '../../../emulator/runtime/customDb/command.js';
import { createTestTenant } from '../rules/support/testHost.js';
import { testSandbox as sandbox } from '../rules/support/sandbox.js';

const dir = (name: string) => fileURLToPath(new URL(`../../fixtures/customDb/${name}`, import.meta.url));

describe('Custom DB examples of the seed documents', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ email: string; password: string }> = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/api/authenticate') return void res.writeHead(404).end();
        const { email, password } = JSON.parse(body) as { email: string; password: string };
        seen.push({ email, password });
        if (email === 'down@example.com') return void res.writeHead(503).end();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(password === 'right' ? { profileData: { email, username: email.split('@')[0] } } : { err: 'invalid credentials' }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  for (const variant of ['async', 'promise']) {
    it(`best practices (${variant} fetch example): logs in through the API, the email standing in for the missing user_id`, async () => {
      const f = await loadCustomDbFolder(dir(`best-practices/${variant}`));
      const t = await createTestTenant({ connections: [f.connection] });
      const rt = createCustomDbRuntime({ db: t.db, clock: t.clock, folders: [{ ...f, configuration: { AUTH_API_URL: url } }], sandbox, timeoutMs: 5000 });
      const r = await rt.login(f.connection, 'sam@example.com', 'right');
      assert.equal(r.user.user_id, 'auth0|sam@example.com');
      assert.equal(r.user.username, 'sam');
      assert.match(r.warnings.join(), /no user_id/);
      assert.deepEqual(seen.at(-1), { email: 'sam@example.com', password: 'right' });
      const bad = await rt.login(f.connection, 'sam@example.com', 'wrong').catch((e: CustomDbFailure) => e);
      assert.ok(bad instanceof CustomDbFailure);
      assert.equal(bad.scriptError?.message, 'Error authenticating user: invalid credentials');
      const down = await rt.login(f.connection, 'down@example.com', 'right').catch((e: CustomDbFailure) => e);
      assert.equal((down as CustomDbFailure).scriptError?.message, 'HTTP error! Status: 503');
    });
  }

  it("templates: the default Login template fails with its 'Please implement' message", async () => {
    const f = await loadCustomDbFolder(dir('templates'));
    const t = await createTestTenant({ connections: [f.connection] });
    const rt = createCustomDbRuntime({ db: t.db, clock: t.clock, folders: [f], sandbox, timeoutMs: 5000 });
    const e = await rt.login(f.connection, 'a@example.com', 'x').catch((x: CustomDbFailure) => x);
    assert.match((e as CustomDbFailure).scriptError!.message, /^Please implement the Login script/);
    assert.equal((e as CustomDbFailure).oauth.error, 'server_error');
  });

  it('templates: get_user, verify, change_password and change_email follow their callback conventions', async () => {
    const f = await loadCustomDbFolder(dir('templates'));
    const t = await createTestTenant({ connections: [f.connection] });
    const deps = createCustomDbRuntime({ db: t.db, clock: t.clock, folders: [f], sandbox, timeoutMs: 5000 }).deps(f.connection);
    const profile = await getUserWithCustomDb(deps, 'username@domain.com');
    assert.equal(profile?.user_id, 'my-custom-db|username@domain.com');
    assert.equal(await verifyWithCustomDb(deps, 'a@example.com'), true);
    assert.deepEqual(await changePasswordWithCustomDb(deps, 'a@example.com', 'n3w'), { changed: true, last_password_reset: '2026-01-02T03:04:05.000Z' });
    assert.equal(await changeEmailWithCustomDb(deps, 'a@example.com', 'b@example.com', true), true);
    assert.equal(await changeEmailWithCustomDb(deps, 'a@example.com', 'a@example.com', true), false);
    const v = await loadCustomDbFolder(dir('vectors-db'));
    const notFound = await getUserWithCustomDb(createCustomDbRuntime({ db: t.db, clock: t.clock, folders: [v], sandbox }).deps(v.connection), 'x@example.com');
    assert.equal(notFound, undefined, 'callback(null) means "not found"');
  });

  it('broken scripts fail with the file and line: missing module, syntax error, thrown error, no callback', async () => {
    const f = await loadCustomDbFolder(dir('broken-db'));
    const call = sandboxScriptCaller(f.scripts, {}, { sandbox, timeoutMs: 800 });
    const login = (await call('login', ['a@example.com', 'x']))!.value.error!;
    assert.equal(login.kind, 'require');
    assert.match(login.message, /Cannot find module 'mysql-not-installed'/);
    assert.equal(login.line, 2);
    const get = (await call('get_user', ['a@example.com']))!.value.error!;
    assert.deepEqual([get.kind, get.line], ['syntax', 4]);
    const verify = (await call('verify', ['a@example.com']))!.value.error!;
    assert.deepEqual([verify.kind, verify.name, verify.line], ['thrown', 'TypeError', 3]);
    const change = (await call('change_password', ['a@example.com', 'x']))!.value.error!;
    assert.equal(change.kind, 'timeout');
    assert.match(change.message, /change_password script had not called back after 800 ms/);
  });

  it('`run custom-db` prints the Auth0 user a login makes, readable and --json', async () => {
    let text = '';
    const out = { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream;
    const code = await runCustomDbCommand(['--scripts', dir('vectors-db'), 'login', 'a@example.com', 'S3cret-Passw0rd!'], { out, sandbox });
    assert.equal(code, 0);
    assert.match(text, /login\("a@example.com", "\*\*\*\*\*\*\*\*"\)/);
    assert.match(text, /Auth0 user: auth0\|42 {2}identities\[0\]: \{"connection":"legacy-db","user_id":"42","provider":"auth0","isSocial":false\}/);
    text = '';
    const bad = await runCustomDbCommand(['--scripts', dir('vectors-db'), 'login', 'a@example.com', 'nope', '--json'], { out, sandbox });
    assert.equal(bad, 1);
    const json = JSON.parse(text) as { logType: string; oauth: { error: string }; error: { line: number } };
    assert.equal(json.logType, 'fp');
    assert.equal(json.oauth.error, 'invalid_grant');
    assert.equal(json.error.line, 3);
  });
});
