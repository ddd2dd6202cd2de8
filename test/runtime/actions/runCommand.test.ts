import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EmulatorCore } from '../../../emulator/emulatorCore.js';
import { createFilePersistence } from '../../../emulator/storage/filePersistence.js';
import { tempWorkspace, type Workspace } from '../support/actionFiles.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (n: string) => fileURLToPath(new URL(`../../fixtures/actions/${n}`, import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'emulator/cli.ts', 'run', ...args], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('auth0-emulator run post-login', () => {
  let ws: Workspace;
  let data: string;
  before(async () => {
    ws = tempWorkspace('run-cmd-');
    data = `${ws.dir}/data`;
    const core = await EmulatorCore.create({ persistence: createFilePersistence({ dir: data }) });
    await core.seed({ users: [{ user_id: 'auth0|runcmd', email: 'r@example.com', connection: 'Username-Password-Authentication', app_metadata: { old: 1 } }] });
    await core.close();
  });
  after(() => ws.remove());

  it('prints the transcript as JSON with the agreed keys, and the write lands in the data folder', async () => {
    const r = await cli(['post-login', '--data', data, '--user', 'auth0|runcmd', '--action', fixture('set-plan.js'), '--action', fixture('read-plan.js'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const t = JSON.parse(r.stdout) as Record<string, unknown> & { actions: Array<Record<string, unknown>>; user: { app_metadata: unknown } };
    for (const k of ['user', 'writes', 'idTokenClaims', 'accessTokenClaims', 'denied', 'redirect', 'actions']) assert.ok(k in t, `missing key ${k}`);
    assert.equal(t.writes, 1);
    assert.equal(t.denied, false);
    assert.equal(t.redirect, null);
    assert.deepEqual(t.user.app_metadata, { old: 1, plan: 'gold' });
    assert.deepEqual(Object.keys(t.actions[0]!).filter((k) => ['name', 'logs', 'error', 'ms'].includes(k)).sort(), ['error', 'logs', 'ms', 'name']);
    assert.equal((t.idTokenClaims as Record<string, unknown>)['https://example.com/plan'], 'gold');

    const again = await cli(['post-login', '--data', data, '--user', 'auth0|runcmd', '--action', fixture('read-plan.js'), '--json', '--dry-run']);
    assert.equal((JSON.parse(again.stdout).idTokenClaims as Record<string, unknown>)['https://example.com/plan'], 'gold', 'the first run was stored');
  });

  it('prints a readable transcript naming the file and line of a broken Action, and exits non-zero', async () => {
    const r = await cli(['post-login', '--data', data, '--user', 'auth0|runcmd', '--action', fixture('syntax-error.js')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /login failed/);
    assert.match(r.stdout, /syntax-error\.js:2/);
  });
});
