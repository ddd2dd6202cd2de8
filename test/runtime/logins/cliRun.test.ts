// `auth0-emulator run post-login` from the built CLI, on the same data folder the server uses: the JSON transcript
// carries the keys CI scripts read, and bad code is named by file and line.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SAMPLE_USER_IDS } from '../../../emulator/seed/sampleSeed.js';
import { runCliToExit, startCli } from '../../support/cli.js';

describe('auth0-emulator run post-login (built CLI)', () => {
  let dir: string;
  before(async function () {
    this.timeout(30_000);
    dir = mkdtempSync(join(tmpdir(), 'auth0-emu-run-'));
    const server = await startCli(['--port', '0', '--data', dir]);
    await server.stop('SIGTERM'); // the data folder now holds the sample users
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const action = (name: string) => resolve('test/fixtures/actions', name);

  it('prints the transcript as JSON with the documented keys and writes once', async () => {
    const r = await runCliToExit(['run', 'post-login', '--data', dir, '--user', SAMPLE_USER_IDS.noDisplayName, '--action', action('set-plan.js'), '--action', action('read-plan.js'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const t = JSON.parse(r.stdout);
    for (const k of ['user', 'writes', 'idTokenClaims', 'accessTokenClaims', 'denied', 'redirect', 'actions']) assert.ok(k in t, `key ${k}`);
    assert.equal(t.writes, 1);
    assert.equal(t.user.app_metadata.plan, 'gold');
    assert.equal(t.idTokenClaims['https://example.com/plan'], 'gold');
    assert.equal(t.denied, false);
    assert.equal(t.redirect, null);
    assert.deepEqual(t.actions.map((a: any) => a.name), ['set-plan', 'read-plan']);
    for (const a of t.actions) for (const k of ['name', 'logs', 'error', 'ms']) assert.ok(k in a);
  });

  it('runs legacy Rules on the same data folder with `run rules --data`', async () => {
    const r = await runCliToExit(['run', 'rules', '--data', dir, '--user', SAMPLE_USER_IDS.noDisplayName, '--rules', resolve('test/fixtures/rules/seed/default-display-name.js'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.storedUser.user_metadata.displayName, 'user', 'the rule defaulted displayName and wrote it');
  });

  it('names the file and line of a syntax error, exits 1 and writes nothing', async () => {
    const r = await runCliToExit(['run', 'post-login', '--data', dir, '--user', SAMPLE_USER_IDS.freeListener, '--action', action('set-plan.js'), '--action', action('syntax-error.js'), '--json']);
    assert.equal(r.code, 1);
    const t = JSON.parse(r.stdout);
    assert.equal(t.writes, 0);
    assert.match(t.actions[1].error, /syntax-error\.js:\d+/);
  });
});
