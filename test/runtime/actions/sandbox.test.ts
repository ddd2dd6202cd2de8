import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createSandbox, type Sandbox, type SandboxOutcome } from '../../../emulator/runtime/sandbox/index.js';
import { tempWorkspace, type Workspace } from '../support/actionFiles.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/actions/${name}`, import.meta.url));
const event = () => ({ user: { user_id: 'auth0|1', app_metadata: {}, user_metadata: {} }, request: { ip: '1.2.3.4', query: {}, body: {} }, transaction: { metadata: {} } });
const apiCtx = { trigger: 'post-login' as const, domain: 'tenant.example', now: Date.now(), cache: {}, canRedirect: true, ownChangesVisible: false };

describe('sandbox: isolation and bad code', () => {
  let sandbox: Sandbox;
  let ws: Workspace;
  const run = (file: string, opts: { timeoutMs?: number; memoryMb?: number; inProcess?: boolean } = {}): Promise<SandboxOutcome> =>
    sandbox.run({ runner: 'action', payload: { file, handler: 'onExecutePostLogin', event: event(), api: apiCtx } }, { timeoutMs: opts.timeoutMs ?? 5000, ...opts });
  const assertWorks = async () => {
    const ok = await run(fixture('set-plan.js'));
    assert.equal(ok.ok, true, 'the sandbox still runs Actions');
  };
  before(() => {
    sandbox = createSandbox({ maxWorkers: 2 });
    ws = tempWorkspace();
  });
  after(async () => {
    await sandbox.close();
    ws.remove();
  });

  it('names the file, line and column of a syntax error', async () => {
    const o = await run(fixture('syntax-error.js'));
    assert.equal(o.ok, false);
    if (o.ok) return;
    assert.equal(o.error.kind, 'syntax');
    assert.equal(o.error.file, fixture('syntax-error.js'));
    assert.equal(o.error.line, 2);
    assert.match(o.error.message, /syntax-error\.js:2/);
  });

  it('says which export is missing and what the file exports', async () => {
    const o = await run(fixture('no-export.js'));
    assert.equal(!o.ok && o.error.kind, 'missing-export');
    assert.match(!o.ok ? o.error.message : '', /does not export onExecutePostLogin \(it exports onExecuteSomethingElse\)/);
  });

  it('names the module that is not installed and the line that requires it', async () => {
    const o = await run(fixture('missing-module.js'));
    assert.equal(!o.ok && o.error.kind, 'module-not-found');
    if (o.ok) return;
    assert.match(o.error.message, /definitely-not-installed-pkg/);
    assert.match(o.error.message, /npm install definitely-not-installed-pkg/);
    assert.equal(o.error.line, 2);
  });

  it('reports a thrown error with the file and line of the throw', async () => {
    const o = await run(fixture('throws.js'));
    assert.equal(!o.ok && o.error.kind, 'thrown');
    if (o.ok) return;
    assert.equal(o.error.message, 'boom from the action');
    assert.equal(o.error.file, fixture('throws.js'));
    assert.equal(o.error.line, 3);
  });

  it('resolves require() of npm modules from the workspace of the Action', async () => {
    ws.file('node_modules/greeting/package.json', JSON.stringify({ name: 'greeting', main: 'index.js' }));
    ws.file('node_modules/greeting/index.js', `module.exports = (n) => 'hi ' + n;`);
    const file = ws.file('uses-dep.js', `const greet = require('greeting');\nexports.onExecutePostLogin = async (e, api) => { api.idToken.setCustomClaim('https://x/g', greet(e.user.user_id)); };`);
    const o = await run(file);
    assert.equal(o.ok, true);
    assert.deepEqual((o as { value: { commands: unknown[] } }).value.commands, [{ type: 'idToken.setCustomClaim', key: 'https://x/g', value: 'hi auth0|1' }]);
  });

  it('ends an endless loop with a timeout, and the next run still works', async () => {
    const o = await run(fixture('endless-loop.js'), { timeoutMs: 300 });
    assert.equal(!o.ok && o.error.kind, 'timeout');
    await assertWorks();
  });

  it('ends a promise that never settles with a timeout', async () => {
    const o = await run(fixture('never-settles.js'), { timeoutMs: 300 });
    assert.equal(!o.ok && o.error.kind, 'timeout');
    await assertWorks();
  });

  it('ends a huge allocation at the memory limit, and the next run still works', async () => {
    const o = await run(fixture('huge-alloc.js'), { memoryMb: 64, timeoutMs: 15000 });
    assert.equal(!o.ok && o.error.kind, 'memory');
    assert.match(!o.ok ? o.error.message : '', /memory limit of 64 MB/);
    await assertWorks();
  });

  it('keeps answering other runs while one is stuck in an endless loop', async () => {
    const stuck = run(fixture('endless-loop.js'), { timeoutMs: 1500 });
    const other = await run(fixture('set-plan.js'));
    assert.equal(other.ok, true);
    assert.equal((await stuck).ok, false);
  });

  it('captures console output per run with levels', async () => {
    const o = await run(fixture('logs.js'));
    assert.deepEqual(o.logs.map((l) => l.level), ['log', 'error']);
    assert.equal(o.logs[0]?.message, 'hello auth0|1');
    assert.equal(o.logs[1]?.message.length, 300);
  });

  it('fails the run on an exception thrown from a timer callback and stays usable', async () => {
    const file = ws.file('timer-throw.js', `exports.onExecutePostLogin = () => new Promise(() => { setTimeout(() => { throw new Error('late boom'); }, 5); });`);
    const o = await run(file);
    assert.equal(!o.ok && o.error.kind, 'thrown');
    assert.match(!o.ok ? o.error.message : '', /late boom/);
    await assertWorks();
  });

  it('picks up edits to an Action file on the next run', async () => {
    const file = ws.file('edited.js', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('v', 1); };`);
    const a = await run(file);
    await new Promise((r) => setTimeout(r, 20));
    ws.file('edited.js', `exports.onExecutePostLogin = async (e, api) => { api.user.setAppMetadata('v', 22); };`);
    const b = await run(file);
    const value = (o: SandboxOutcome) => (o.ok ? (o.value as { commands: Array<{ value?: unknown }> }).commands[0]?.value : undefined);
    assert.equal(value(a), 1);
    assert.equal(value(b), 22);
  });

  describe('in-process mode (for debuggers)', () => {
    it('runs the same runner in this thread, with errors located in the user file', async () => {
      const o = await run(fixture('throws.js'), { inProcess: true });
      assert.equal(!o.ok && o.error.kind, 'thrown');
      assert.equal(!o.ok && o.error.line, 3);
      const ok = await sandbox.run(
        { runner: 'action', payload: { file: fixture('logs.js'), handler: 'onExecutePostLogin', event: event(), api: apiCtx } },
        { timeoutMs: 2000, inProcess: true, echoConsole: false },
      );
      assert.equal(ok.ok, true);
      assert.equal(ok.logs[0]?.message, 'hello auth0|1');
    });

    it('loads the user file under its real path, so the stack (and a debugger) points there', async () => {
      const file = ws.file('where.js', `exports.onExecutePostLogin = async (e, api) => {\n  api.idToken.setCustomClaim('https://x/stack', new Error().stack.split('\\n')[1]);\n};`);
      const o = await run(file, { inProcess: true });
      const frame = String((o as { value: { commands: Array<{ value: unknown }> } }).value.commands[0]?.value);
      assert.ok(frame.includes(`${file}:2:`), frame);
    });
  });
});
