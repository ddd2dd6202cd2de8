// Custom database scripts: test vectors 9.a–9.f of auth0-facts §9.6, through the real users service (POST/DELETE
// /users logic), the real store and the worker sandbox.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadCustomDbFolder, type CustomDbFolder } from '../../../emulator/runtime/customDb/loadScripts.js';
import { createCustomDbRuntime, type CustomDbRuntime } from '../../../emulator/runtime/customDb/customDbRuntime.js';
import { CustomDbFailure, createWithCustomDb, type ScriptCall } from '../../../emulator/core/customDb/connectionBehaviours.js';
import { createTestTenant, type TestTenant } from '../rules/support/testHost.js';
import { testSandbox as sandbox } from '../rules/support/sandbox.js';

const dir = (name: string) => fileURLToPath(new URL(`../../fixtures/customDb/${name}`, import.meta.url));

async function setUp(folderName: string, over: Partial<CustomDbFolder['connection']> = {}) {
  const folder = await loadCustomDbFolder(dir(folderName));
  folder.connection = { ...folder.connection, ...over };
  const t: TestTenant = await createTestTenant({ connections: [folder.connection] });
  const calls: ScriptCall[] = [];
  const runtime: CustomDbRuntime = createCustomDbRuntime({ db: t.db, clock: t.clock, folders: [folder], sandbox, timeoutMs: 5000, onCall: (_c, call) => calls.push(call) });
  t.users.useCustomDb(runtime.hooks);
  return { t, runtime, calls, connection: folder.connection };
}

async function rejects(p: Promise<unknown>): Promise<CustomDbFailure> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CustomDbFailure, `expected a CustomDbFailure, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a failure');
}

describe('Custom database scripts: test vectors (auth0-facts §9.6)', () => {
  it('9.a POST /users on a custom DB runs get_user, create, then login, and stores auth0|<id> with the identity', async () => {
    const { t, calls } = await setUp('vectors-db');
    const user = await t.users.create({ connection: 'legacy-db', email: 'a@example.com', password: 'S3cret-Passw0rd!', user_metadata: { color: 'red' } });
    assert.equal(user.user_id, 'auth0|42');
    assert.deepEqual(user.identities[0], { connection: 'legacy-db', user_id: '42', provider: 'auth0', isSocial: false });
    assert.equal(user.email_verified, true);
    assert.deepEqual(user.user_metadata, { color: 'red' });
    assert.deepEqual(calls.map((c) => c.script), ['get_user', 'create', 'login']);
    assert.deepEqual(calls[1]!.logs.map((l) => l.message), ['creating a@example.com for legacy-db with metadata {"color":"red"}']);
    assert.equal((calls[1]!.args[0] as { password: string }).password, '********', 'passwords never reach the transcript');
    assert.equal(t.db.get('users', 'auth0|42')?.email, 'a@example.com');
  });

  it('9.b WrongUsernameOrPasswordError(email, msg) fails the login as invalid credentials, logged fp', async () => {
    const { t, runtime, connection } = await setUp('vectors-db');
    const f = await rejects(runtime.login(connection, 'a@example.com', 'wrong'));
    assert.deepEqual(f.oauth, { status: 403, error: 'invalid_grant', error_description: 'Wrong email or password.' });
    assert.equal(f.logType, 'fp');
    assert.equal(f.scriptError?.message, 'bad');
    assert.equal(f.scriptError?.line, 3);
    assert.equal(t.db.size('users'), 0);
  });

  it('9.b with a null first argument the failure is logged fu', async () => {
    const { runtime, connection } = await setUp('wrong-null');
    const f = await rejects(runtime.login(connection, 'nobody@b.c', 'x'));
    assert.equal(f.logType, 'fu');
    assert.equal(f.oauth.error, 'invalid_grant');
  });

  it('9.c ValidationError("user_exists") from create fails the creation (409), logged fs with its description', async () => {
    const { t } = await setUp('dup-create');
    await assert.rejects(t.users.create({ connection: 'dup-create', email: 'a@example.com', password: 'Passw0rd!' }), (e: { statusCode: number; message: string; errorCode: string }) => {
      assert.equal(e.statusCode, 409);
      assert.equal(e.message, 'The user already exists.');
      return true;
    });
    const { runtime, connection } = await setUp('dup-create');
    const f = await rejects(createWithCustomDb(runtime.deps(connection), { email: 'a@example.com', password: 'x' }));
    assert.equal(f.logType, 'fs');
    assert.equal(f.scriptError?.message, 'dup');
  });

  it('9.d import mode: the first login runs the script and stores the user with its password; the second does not run it', async () => {
    const { t, runtime, connection, calls } = await setUp('import-db');
    const first = await runtime.login(connection, 'old@b.c', 'legacy-password');
    assert.equal(first.created, true);
    assert.equal(first.scriptCalled, true);
    assert.equal(first.user.user_id, 'auth0|legacy|7');
    assert.ok(t.db.get('credentials', 'auth0|legacy|7')?.password_hash, 'the password was imported');
    const second = await runtime.login(connection, 'old@b.c', 'legacy-password');
    assert.equal(second.scriptCalled, false);
    assert.equal(second.user.user_id, 'auth0|legacy|7');
    assert.equal(calls.length, 1);
    const wrong = await rejects(runtime.login(connection, 'old@b.c', 'nope'));
    assert.equal(wrong.oauth.error, 'invalid_grant');
    assert.equal(calls.length, 1, 'a migrated user never reaches the legacy store again');
  });

  it('9.e DELETE /users/auth0|42 runs the delete script with "42"', async () => {
    const { t, calls } = await setUp('vectors-db');
    await t.users.create({ connection: 'legacy-db', email: 'a@example.com', password: 'S3cret-Passw0rd!' });
    await t.users.remove('auth0|42');
    const del = calls.find((c) => c.script === 'delete')!;
    assert.deepEqual(del.args, ['42']);
    assert.deepEqual(del.logs.map((l) => l.message), ['deleting 42']);
    assert.equal(t.db.get('users', 'auth0|42'), undefined);
  });

  it('9.f app_metadata returned by login is stored', async () => {
    const { t, runtime, connection } = await setUp('metadata-db', { enabledDatabaseCustomization: true });
    await runtime.login(connection, 'm@b.c', 'pw');
    const stored = t.db.get('users', 'auth0|1')!;
    assert.equal(stored.app_metadata?.plan, 'x');
    assert.deepEqual(stored.user_metadata, { language: 'en' });
  });

  it('passes the organizations context just before the callback, and {} to delete', async () => {
    const { t, runtime, connection, calls } = await setUp('org-db');
    const r = await runtime.login(connection, 'o@b.c', 'pw', { organization: { id: 'org_1', name: 'acme' } });
    assert.equal(r.user.user_id, 'auth0|acme-o@b.c');
    await t.users.remove(r.user.user_id);
    assert.deepEqual(calls.at(-1)!.logs.map((l) => l.message), ['delete context {}']);
  });
});
