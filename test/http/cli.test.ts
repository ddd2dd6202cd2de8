// The auth0-emulator command as CI runs it: flags, environment, the listening line, clean shutdown that flushes,
// a signing key that survives restarts, and clear exits for a taken port or an unreadable data folder.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientCredentialsToken, runCliToExit, startCli } from '../support/cli.js';

describe('auth0-emulator command', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth0-emu-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('flushes on SIGTERM, exits 0, and keeps data and the signing key across restarts', async function () {
    this.timeout(30_000);
    const env = { AUTH0_EMULATOR_CLIENT_ID: 'ci-client', AUTH0_EMULATOR_CLIENT_SECRET: 'ci-secret' };
    const first = await startCli(['--port', '0', '--data', dir, '--log-level', 'warn'], env);
    assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const token = await clientCredentialsToken(first.url, 'ci-client', 'ci-secret');
    const created = await fetch(`${first.url}/api/v2/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ connection: 'Username-Password-Authentication', email: 'kept@example.com', password: 'Str0ng!Pass' }),
    });
    assert.equal(created.status, 201);
    const port = new URL(first.url).port;
    assert.equal(await first.stop('SIGTERM'), 0);

    const second = await startCli(['--port', port, '--data', dir, '--log-level', 'warn'], env);
    try {
      // The token from the first run still verifies: same key, same domain.
      const res = await fetch(`${second.url}/api/v2/users-by-email?email=kept@example.com`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as unknown[]).length, 1);
    } finally {
      assert.equal(await second.stop('SIGINT'), 0);
    }
  });

  it('seeds from --seed and honours --client-id/--client-secret flags', async function () {
    this.timeout(20_000);
    const seed = join(dir, 'seed.json');
    writeFileSync(seed, JSON.stringify({ users: [{ user_id: 'auth0|seeded', email: 'seeded@example.com' }], roles: [{ name: 'tester' }] }));
    const emu = await startCli(['--port', '0', '--ephemeral', '--seed', seed, '--client-id', 'flag-id', '--client-secret', 'flag-secret', '--log-level', 'warn']);
    try {
      const token = await clientCredentialsToken(emu.url, 'flag-id', 'flag-secret');
      const list = (await (await fetch(`${emu.url}/api/v2/users`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ user_id: string }>;
      assert.deepEqual(list.map((u) => u.user_id), ['auth0|seeded']);
    } finally {
      await emu.stop();
    }
  });

  it('names a taken port and exits 3', async function () {
    this.timeout(20_000);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = String((blocker.address() as { port: number }).port);
    try {
      const r = await runCliToExit(['--port', port, '--ephemeral']);
      assert.equal(r.code, 3);
      assert.match(r.stderr, /EADDRINUSE/);
      assert.equal(r.stdout, '');
    } finally {
      blocker.close();
    }
  });

  it('refuses a corrupt data folder with its path, exits 2 and leaves the file untouched', async function () {
    this.timeout(20_000);
    const file = join(dir, 'auth0-emulator.json');
    writeFileSync(file, '{"version":1, this is not json');
    const r = await runCliToExit(['--port', '0', '--data', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /DataFolderError \(corrupt\)/);
    assert.ok(r.stderr.includes(dir));
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(file, 'utf8'), '{"version":1, this is not json');
  });

  it('refuses a folder another running emulator holds', async function () {
    this.timeout(20_000);
    const holder = await startCli(['--port', '0', '--data', dir, '--log-level', 'warn']);
    try {
      const r = await runCliToExit(['--port', '0', '--data', dir]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /locked/);
    } finally {
      await holder.stop();
    }
  });
});
