// Bad rule code stops the login the way Auth0 stops it, with a message naming the file and line, per-rule logs,
// and nothing half-done written.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runRulesPipeline } from '../../../emulator/runtime/rules/pipeline.js';
import { loadRuleFile } from '../../../emulator/runtime/rules/loadRules.js';
import type { LoadedRule } from '../../../emulator/core/rules/loadedRule.js';
import { aUser, createTestTenant } from './support/testHost.js';
import { testSandbox as sandbox } from './support/sandbox.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/rules/${p}`, import.meta.url));
const rule = async (p: string, order = 0): Promise<LoadedRule> => ({ ...(await loadRuleFile(fixture(p))), order });

async function runOne(p: string, extra: Partial<Parameters<typeof runRulesPipeline>[0]> = {}) {
  const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a', app_metadata: { kept: true } })] });
  const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|a', rules: [await rule('vectors/trace-a.js', 0), await rule(p, 1)], timeoutMs: 3000, ...extra });
  return { t, out };
}

describe('Rules: bad code', () => {
  it('a syntax error names the file and line and stops the login', async () => {
    const { out } = await runOne('broken/syntax-error.js');
    assert.equal(out.ok, false);
    assert.equal(out.error?.kind, 'syntax');
    assert.equal(out.error?.file, fixture('broken/syntax-error.js'));
    assert.equal(out.error?.line, 3);
    assert.equal(out.denial?.error, 'access_denied');
    assert.deepEqual(out.steps.map((s) => [s.name, !!s.error]), [['trace-a', false], ['syntax-error', true]]);
    assert.match(out.steps[1]!.errorText!, /syntax-error\.js:3:\d+: SyntaxError: /);
  });

  it('a trailing semicolon after the function is refused, with the reason', async () => {
    const { out } = await runOne('broken/trailing-semicolon.js');
    assert.equal(out.error?.kind, 'syntax');
    assert.equal(out.error?.line, 3);
    assert.match(out.error!.message, /remove the semicolon/);
  });

  it('requiring a module that is not installed names the module, the file and the line (version suffix stripped)', async () => {
    const { out } = await runOne('broken/missing-module.js');
    assert.equal(out.error?.kind, 'require');
    assert.match(out.error!.message, /Cannot find module 'left-pad-that-is-not-installed': it is not installed/);
    assert.equal(out.error?.line, 2);
  });

  it('a thrown TypeError becomes access_denied with its message, located at its line', async () => {
    const { out, t } = await runOne('broken/throws.js');
    assert.deepEqual(out.denial, { error: 'access_denied', error_description: "Cannot read properties of null (reading 'name')" });
    assert.equal(out.error?.line, 3);
    assert.deepEqual(t.db.get('users', 'auth0|a')!.app_metadata, { kept: true });
  });

  it('an error thrown later (from a timer) stops the login and is located too', async () => {
    const { out } = await runOne('broken/throws-later.js');
    assert.equal(out.ok, false);
    assert.match(out.denial!.error_description, /undefinedFunctionCall is not defined/);
    assert.equal(out.error?.file, fixture('broken/throws-later.js'));
    assert.equal(out.error?.line, 3);
  });

  it('a rule that never calls back is stopped at the time limit, its logs kept', async () => {
    const { out } = await runOne('broken/never-calls-back.js', { timeoutMs: 800 });
    assert.equal(out.error?.kind, 'timeout');
    assert.match(out.error!.message, /rule "never-calls-back" had not called back after 800 ms/);
    assert.deepEqual(out.steps[1]!.logs.map((l) => l.message), ['waiting forever']);
    assert.deepEqual(out.steps[0]!.logs, []);
  });

  it('a file that is not a function is reported as such', async () => {
    const { out } = await runOne('broken/not-a-function.js');
    assert.equal(out.error?.kind, 'missing-export');
    assert.match(out.error!.message, /does not evaluate to a function \(user, context, callback\)/);
  });

  it('captures console output per rule and lists the Management writes it made', async () => {
    const { out, t } = await runOne('vectors/logs-and-writes.js');
    assert.equal(out.ok, true);
    const step = out.steps[1]!;
    assert.deepEqual(step.logs.map((l) => l.message), ['hello from a@example.com', 'written']);
    assert.deepEqual(step.writes, [{ ruleId: 'logs-and-writes', method: 'updateUserMetadata', userId: 'auth0|a', patch: { user_metadata: { seen: true } }, ok: true }]);
    assert.deepEqual(t.db.get('users', 'auth0|a')!.user_metadata, { seen: true });
  });

  it('runs in the current thread too (debugger mode) with the same results', async () => {
    const { out } = await runOne('vectors/deny-error.js', { inProcess: true });
    assert.deepEqual(out.denial, { error: 'access_denied', error_description: 'nope' });
    assert.equal(out.error?.line, 2);
  });
});
