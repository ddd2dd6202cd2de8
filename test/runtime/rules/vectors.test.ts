// Legacy Rules test vectors 8.a–8.e of auth0-facts §8, run in the real worker sandbox against a real user store.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runRulesPipeline } from '../../../emulator/runtime/rules/pipeline.js';
import { loadRuleFile } from '../../../emulator/runtime/rules/loadRules.js';
import type { LoadedRule } from '../../../emulator/core/rules/loadedRule.js';
import { aUser, createTestTenant } from './support/testHost.js';
import { testSandbox as sandbox } from './support/sandbox.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/rules/${p}`, import.meta.url));
async function rule(p: string, over: Partial<LoadedRule> = {}): Promise<LoadedRule> {
  return { ...(await loadRuleFile(fixture(p))), ...over };
}

describe('Legacy Rules: test vectors (auth0-facts §8.1)', () => {
  it('8.a callback(new UnauthorizedError(msg)) ends the login with error=unauthorized', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a' })] });
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|a', rules: [await rule('vectors/unauthorized.js')] });
    assert.equal(out.ok, false);
    assert.deepEqual(out.denial, { error: 'unauthorized', error_description: 'closed' });
  });

  it('8.b callback(new Error(msg)) ends the login with error=access_denied', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a' })] });
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|a', rules: [await rule('vectors/deny-error.js')] });
    assert.deepEqual(out.denial, { error: 'access_denied', error_description: 'nope' });
    assert.equal(out.steps[0]?.error?.file, fixture('vectors/deny-error.js'));
    assert.equal(out.steps[0]?.error?.line, 2);
  });

  it('8.b callback("msg") (a string) is also access_denied with the string as description', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a' })] });
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|a', rules: [await rule('vectors/deny-string.js')] });
    assert.deepEqual(out.denial, { error: 'access_denied', error_description: 'plain string reason' });
  });

  it('8.c runs rules by ascending order, whatever order they are given in', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a' })] });
    const out = await runRulesPipeline({
      sandbox,
      host: t.host,
      userId: 'auth0|a',
      rules: [await rule('vectors/trace-b.js', { order: 2 }), await rule('vectors/trace-a.js', { order: 1 })],
    });
    assert.equal(out.ok, true);
    assert.equal(out.idTokenClaims['https://x/trace'], 'ab');
    assert.deepEqual(out.steps.map((s) => s.name), ['trace-a', 'trace-b']);
  });

  it('8.c skips disabled rules and rules of other stages', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a' })] });
    const out = await runRulesPipeline({
      sandbox,
      host: t.host,
      userId: 'auth0|a',
      rules: [
        await rule('vectors/trace-a.js', { order: 1 }),
        await rule('vectors/trace-b.js', { order: 2, enabled: false }),
        await rule('vectors/unauthorized.js', { order: 3, stage: 'pre_authorize' }),
      ],
    });
    assert.equal(out.ok, true);
    assert.equal(out.idTokenClaims['https://x/trace'], 'a');
  });

  it('8.d a top-level key set to null in updateAppMetadata is deleted from the stored user', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|a', app_metadata: { roles: ['w'], x: 1 } })] });
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|a', rules: [await rule('vectors/null-roles.js')] });
    assert.equal(out.ok, true);
    assert.deepEqual(t.db.get('users', 'auth0|a')?.app_metadata, { x: 1 });
    assert.equal(out.writes.length, 1);
    assert.deepEqual(out.writes[0], { ruleId: 'null-roles', method: 'updateAppMetadata', userId: 'auth0|a', patch: { app_metadata: { roles: null, x: 1 } }, ok: true });
  });

  it('8.e a user without app_metadata sees user.app_metadata === undefined; with some, its keys also sit on the root', async () => {
    const t = await createTestTenant({
      users: [aUser({ user_id: 'auth0|bare' }), aUser({ user_id: 'auth0|plan', app_metadata: { plan: 'gold' } })],
      clients: [{ client_id: 'cli_1', client_secret: 's', name: 'Music', grant_scopes: [] }],
      roles: [{ id: 'rol_1', name: 'editor', description: '' }],
      userRoles: { 'auth0|plan': ['rol_1'] },
    });
    const bare = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|bare', clientId: 'cli_1', rules: [await rule('vectors/observe-user.js')] });
    assert.equal(bare.idTokenClaims['https://x/app_metadata_type'], 'undefined');
    assert.equal(bare.idTokenClaims['https://x/user_metadata_type'], 'undefined');
    const plan = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|plan', clientId: 'cli_1', rules: [await rule('vectors/observe-user.js')] });
    assert.equal(plan.idTokenClaims['https://x/app_metadata_type'], 'object');
    assert.equal(plan.idTokenClaims['https://x/root_plan'], 'gold');
    assert.equal(plan.idTokenClaims['https://x/logins'], 3);
    assert.equal(plan.idTokenClaims['https://x/client'], 'cli_1');
    assert.deepEqual(plan.idTokenClaims['https://x/roles'], ['editor']);
  });
});
