// Rule → Action parity: the same user, a Rule and the Action meant to replace it, both as a dry run; the report
// lists what differs (claims, metadata, deny) and the real store is left untouched.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { compareRuleAndAction, formatParityReport } from '../../../emulator/runtime/rules/parity.js';
import { loadRuleFile } from '../../../emulator/runtime/rules/loadRules.js';
import type { LoadedAction } from '../../../emulator/core/actions/loadedAction.js';
import { aUser, createTestTenant } from './support/testHost.js';
import { testSandbox as sandbox } from './support/sandbox.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/rules/${p}`, import.meta.url));
const action = (p: string): LoadedAction => ({ name: p, file: fixture(p), secrets: {}, triggers: ['post-login'] });

describe('Rule → Action parity check', () => {
  it('finds no difference between the displayName rule and its Action, and writes nothing', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a' })] });
    const report = await compareRuleAndAction({ sandbox, host: t.host, userId: 'auth0|a', rules: [await loadRuleFile(fixture('seed/default-display-name.js'))], actions: [action('parity/display-name.action.js')] });
    assert.deepEqual(report.differences, []);
    assert.equal(report.same, true);
    assert.deepEqual(report.rule.user_metadata, { displayName: 'user' });
    assert.deepEqual(report.action.user_metadata, { displayName: 'user' });
    assert.equal(t.db.get('users', 'auth0|a')!.user_metadata, undefined, 'dry run: the real store is untouched');
    assert.equal(t.writes(), 0);
  });

  it('reports the claim the Action forgot', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a', app_metadata: { plan: 'gold' } })] });
    const report = await compareRuleAndAction({ sandbox, host: t.host, userId: 'auth0|a', rules: [await loadRuleFile(fixture('parity/plan-claim.rule.js'))], actions: [action('parity/plan-claim.action.js')] });
    assert.equal(report.same, false);
    assert.deepEqual(report.differences, [{ aspect: 'idToken', key: 'https://music.example/plan', rule: 'gold', action: undefined }]);
    assert.match(formatParityReport(report), /idToken https:\/\/music.example\/plan: rule "gold" ≠ action \(absent\)/);
    assert.deepEqual(t.db.get('users', 'auth0|a')!.app_metadata, { plan: 'gold' });
  });

  it('reports that UnauthorizedError and api.access.deny reach the application as different errors', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a' })] });
    const report = await compareRuleAndAction({ sandbox, host: t.host, userId: 'auth0|a', rules: [await loadRuleFile(fixture('vectors/unauthorized.js'))], actions: [action('parity/closed.action.js')] });
    assert.deepEqual(report.differences.map((d) => d.aspect), ['outcome']);
    assert.equal(report.differences[0]!.rule, 'denied: unauthorized (closed)');
    assert.equal(report.differences[0]!.action, 'denied: access_denied (closed)');
  });

  it('reports app metadata the Rule writes but the Action does not', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a', app_metadata: { plan: 'gold' } })] });
    const report = await compareRuleAndAction({ sandbox, host: t.host, userId: 'auth0|a', rules: [await loadRuleFile(fixture('parity/plan-claim.rule.js'))], actions: [action('parity/display-name.action.js')] });
    const aspects = report.differences.map((d) => `${d.aspect}:${d.key ?? ''}`);
    assert.deepEqual(aspects, ['idToken:https://music.example/plan', 'app_metadata:checked', 'user_metadata:displayName']);
  });
});
