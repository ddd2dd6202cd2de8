// The rules of Auth0's "User Data Storage" page run as written (Deploy CLI folder, configuration file), against a
// local server standing in for the music app's API that verifies the signed JWT the rule sends.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runRulesPipeline } from '../../../emulator/runtime/rules/pipeline.js';
import { loadRulesConfiguration, loadRulesFolder } from '../../../emulator/runtime/rules/loadRules.js';
import type { LoadedRule } from '../../../emulator/core/rules/loadedRule.js';
import { aUser, createTestTenant } from './support/testHost.js';
import { testSandbox as sandbox } from './support/sandbox.js';
import { startPlaylistApi, type PlaylistApi } from './support/playlistApi.js';

const seedDir = fileURLToPath(new URL('../../fixtures/rules/seed', import.meta.url));
const configFile = fileURLToPath(new URL('../../fixtures/rules/seed-configuration.json', import.meta.url));

describe('Rules from the "User Data Storage" page (seed document)', () => {
  let api: PlaylistApi;
  let rules: LoadedRule[];
  let configuration: Record<string, string>;

  beforeEach(async () => {
    const base = await loadRulesConfiguration(configFile, {});
    api = await startPlaylistApi({
      clientId: base.AUTH0_CLIENT_ID!,
      clientSecret: base.AUTH0_CLIENT_SECRET!,
      plays: { 'auth0|fan': 150, 'auth0|casual': 20, 'auth0|former': 20 },
    });
    configuration = { ...base, PLAYLIST_API_URL: api.url };
    rules = await loadRulesFolder(seedDir);
  });
  afterEach(() => api.close());

  it('loads the Deploy CLI folder with the order of each .json', () => {
    assert.deepEqual(
      [...rules].sort((a, b) => a.order - b.order).map((r) => [r.name, r.order, r.enabled, r.stage]),
      [
        ['roles-from-app-metadata', 1, true, 'login_success'],
        ['assign-playlist-editor-role', 2, true, 'login_success'],
        ['default-display-name', 3, true, 'login_success'],
      ],
    );
  });

  it('promotes a user with 100 plays or more to playlist_editor, calling the API with a JWT it verifies', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|fan', name: 'Fan', app_metadata: { plan: 'premium' } })] });
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|fan', rules, configuration });
    assert.equal(out.ok, true, out.error?.message);
    const stored = t.db.get('users', 'auth0|fan')!;
    assert.deepEqual(stored.app_metadata, { plan: 'premium', roles: ['playlist_editor'] });
    assert.deepEqual(out.user.roles, ['playlist_editor']);
    assert.deepEqual(api.refused, []);
    const token = api.verified[0]!;
    assert.equal(token.sub, 'auth0|fan');
    assert.equal(token.user_id, 'auth0|fan');
    assert.equal(token.email, 'fan@example.com');
    assert.equal(token.name, 'Fan');
    // expiresInMinutes: 600 → ten hours.
    assert.equal(token.exp! - token.iat!, 600 * 60);
  });

  it('demotes a playlist editor whose plays fell under 100', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|former', app_metadata: { roles: ['playlist_editor'] } })] });
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|former', rules, configuration });
    assert.equal(out.ok, true, out.error?.message);
    assert.deepEqual(t.db.get('users', 'auth0|former')!.app_metadata, { roles: [] });
  });

  it('leaves app_metadata alone when nothing changes (no write from the playlist rule)', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|casual' })] });
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|casual', rules, configuration });
    assert.equal(out.ok, true, out.error?.message);
    assert.deepEqual(out.writes.map((w) => [w.ruleId, w.method]), [['default-display-name', 'updateUserMetadata']]);
    assert.equal(t.db.get('users', 'auth0|casual')!.app_metadata, undefined);
  });

  it('defaults user_metadata.displayName to "user" and keeps a name the user chose', async () => {
    const t = await createTestTenant({
      users: [aUser({ user_id: 'auth0|casual' }), aUser({ user_id: 'auth0|fan', user_metadata: { displayName: 'J-vald3z', lang: 'en' } })],
    });
    await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|casual', rules, configuration });
    assert.deepEqual(t.db.get('users', 'auth0|casual')!.user_metadata, { displayName: 'user' });
    await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|fan', rules, configuration });
    assert.deepEqual(t.db.get('users', 'auth0|fan')!.user_metadata, { displayName: 'J-vald3z', lang: 'en' });
  });

  it('copies app_metadata.roles onto user.roles, and gives [] when there are none', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|casual', app_metadata: { roles: ['listener'] } }), aUser({ user_id: 'auth0|bare' })] });
    const only = rules.filter((r) => r.name === 'roles-from-app-metadata');
    const withRoles = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|casual', rules: only });
    assert.deepEqual(withRoles.user.roles, ['listener']);
    const bare = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|bare', rules: only });
    assert.deepEqual(bare.user.roles, []);
  });

  it('shows why the playlist rule needs the roles rule first: alone, on a user without roles, it fails at its line', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|fan' })] });
    const alone = rules.filter((r) => r.name === 'assign-playlist-editor-role');
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|fan', rules: alone, configuration });
    assert.equal(out.ok, false);
    assert.equal(out.denial?.error, 'access_denied');
    assert.match(out.denial!.error_description, /Cannot read properties of undefined \(reading 'indexOf'\)/);
    assert.equal(out.error?.file, alone[0]!.file);
    assert.equal(out.error?.line, 40);
    assert.equal(t.db.get('users', 'auth0|fan')!.app_metadata, undefined, 'nothing was written');
  });

  it('does not promote when the API refuses the token (wrong secret): the rule sees NaN plays', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|fan', app_metadata: { roles: [] } })] });
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|fan', rules, configuration: { ...configuration, AUTH0_CLIENT_SECRET: 'wrong' } });
    assert.equal(out.ok, true);
    assert.equal(api.refused.length, 1);
    assert.match(api.refused[0]!, /invalid signature/);
    assert.deepEqual(t.db.get('users', 'auth0|fan')!.app_metadata, { roles: [] });
  });

  it('fails the login with the request error when the API cannot be reached', async () => {
    const t = await createTestTenant({ users: [aUser({ user_id: 'auth0|fan', app_metadata: { roles: [] } })] });
    await api.close();
    const out = await runRulesPipeline({ sandbox, host: t.host, userId: 'auth0|fan', rules, configuration });
    assert.equal(out.denial?.error, 'access_denied');
    assert.match(out.denial!.error_description, /ECONNREFUSED/);
    api = await startPlaylistApi({ clientId: 'x', clientSecret: 'y', plays: {} });
  });
});
