// The custom-DB checklist reports what Auth0's best-practice pages warn about, from the scripts' text and from
// running login/get_user twice for the same users.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCustomDbFolder } from '../../../emulator/runtime/customDb/loadScripts.js';
import { checkCustomDbScripts, formatChecklist } from '../../../emulator/runtime/customDb/checkScripts.js';
import { testSandbox as sandbox } from '../rules/support/sandbox.js';

const dir = (name: string) => fileURLToPath(new URL(`../../fixtures/customDb/${name}`, import.meta.url));
const codes = (fs: Array<{ code: string }>) => [...new Set(fs.map((f) => f.code))].sort();

describe('Custom DB checklist', () => {
  it('reports an unstable user_id, one email for two users, `metadata`, an anonymous function and state in global', async () => {
    const f = await loadCustomDbFolder(dir('risky-db'));
    const r = await checkCustomDbScripts({ scripts: f.scripts, sandbox, timeoutMs: 5000, probes: [{ email: 'alice', password: 'pw' }, { email: 'bob', password: 'pw' }] });
    assert.equal(r.ok, false);
    assert.deepEqual(codes(r.findings), ['anonymous-function', 'app-metadata-name', 'duplicate-email', 'inconsistent-user-id', 'state-in-global', 'unstable-user-id']);
    const globals = r.findings.filter((x) => x.code === 'state-in-global');
    assert.deepEqual(globals.map((g) => [g.script, g.line]), [['login', 2], ['get_user', 2], ['get_user', 3]]);
    assert.match(formatChecklist(r), /\[unstable-user-id\] login\(alice\) returned user_id "u-/);
  });

  it('finds nothing wrong with stable, consistent, named scripts', async () => {
    const f = await loadCustomDbFolder(dir('vectors-db'));
    const r = await checkCustomDbScripts({ scripts: f.scripts, configuration: f.configuration, sandbox, timeoutMs: 5000, probes: [{ email: 'a@example.com', password: 'S3cret-Passw0rd!' }] });
    assert.deepEqual(r.findings, []);
    assert.equal(r.ok, true);
  });

  it('reports a script over 100 kB', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'customdb-'));
    try {
      const padding = '// ' + 'x'.repeat(120) + '\n';
      await writeFile(join(tmp, 'login.js'), `function login(email, password, callback) {\n${padding.repeat(900)}  callback(null, { user_id: '1', email: email });\n}\n`);
      const f = await loadCustomDbFolder(tmp);
      const r = await checkCustomDbScripts({ scripts: f.scripts, sandbox });
      assert.deepEqual(codes(r.findings), ['script-too-large']);
      assert.match(r.findings[0]!.message, /login is 10\d\.\d kB/);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('reports scripts that fail (network error, syntax error) with file and line', async () => {
    const bp = await loadCustomDbFolder(dir('best-practices/async'));
    const broken = await loadCustomDbFolder(dir('broken-db'));
    const r = await checkCustomDbScripts({ scripts: { login: bp.scripts.login!, get_user: broken.scripts.get_user! }, configuration: { AUTH_API_URL: 'http://127.0.0.1:1' }, sandbox, timeoutMs: 5000, probes: [{ email: 'a@example.com', password: 'pw' }] });
    const failed = r.findings.filter((x) => x.code === 'script-failed');
    assert.ok(failed.some((x) => x.script === 'login' && /fetch failed/.test(x.message)));
    const syntax = failed.find((x) => x.script === 'get_user')!;
    assert.equal(syntax.file, broken.scripts.get_user!.file);
    assert.equal(syntax.line, 4);
  });
});
