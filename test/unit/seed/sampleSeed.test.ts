import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import {
  DEFAULT_M2M_CLIENT_ID,
  DEFAULT_M2M_CLIENT_SECRET,
  LEGACY_CONNECTION,
  PLAYLIST_EDITOR_THRESHOLD,
  SAMPLE_PLAY_COUNTS,
  SAMPLE_USER_IDS,
  UNMIGRATED_LEGACY_ACCOUNT,
  sampleSeed,
} from '../../../emulator/seed/index.js';
import type { SeedUser } from '../../../emulator/core/seedDocument.js';
import { assertWellFormedUser } from './userShape.js';

function userById(id: string): SeedUser {
  const user = sampleSeed().users!.find((u) => u.user_id === id);
  assert.ok(user, `sample user ${id} exists`);
  return user;
}

/** Runs one of the connection's script sources the way a sandbox would: the function, then a call to it. */
function runScript(source: string, name: string, args: unknown[]): Promise<{ err: unknown; profile: unknown }> {
  class WrongUsernameOrPasswordError extends Error {}
  return new Promise((resolve) => {
    const callback = (err: unknown, profile?: unknown) => resolve({ err, profile });
    runInNewContext(`${source}\n${name}(...args, callback);`, { args, callback, WrongUsernameOrPasswordError });
  });
}

describe('sampleSeed', () => {
  it('returns the same document on every call, as fresh objects', () => {
    const a = sampleSeed();
    const b = sampleSeed();
    assert.deepEqual(a, b);
    a.users![0]!.app_metadata!.plan = 'changed';
    assert.notEqual(sampleSeed().users![0]!.app_metadata!.plan, 'changed');
  });

  it('holds a dozen users with unique ids and emails', () => {
    const users = sampleSeed().users!;
    assert.ok(users.length >= 10 && users.length <= 14, `${users.length} users`);
    assert.equal(new Set(users.map((u) => u.user_id)).size, users.length);
    assert.equal(new Set(users.map((u) => u.email)).size, users.length);
  });

  it('has only well-formed users whose connections exist', () => {
    const doc = sampleSeed();
    const connections = new Set(doc.connections!.map((c) => c.name));
    for (const user of doc.users!) {
      assertWellFormedUser(user);
      assert.ok(connections.has(user.identities![0]!.connection), `${user.user_id}'s connection is seeded`);
    }
  });

  it('gives every database user a password and its connection, and the social user neither', () => {
    for (const user of sampleSeed().users!) {
      const identity = user.identities![0]!;
      if (identity.provider === 'auth0') {
        assert.ok(typeof user.password === 'string' && user.password.length >= 8, `${user.user_id} has a password`);
        assert.equal(user.connection, identity.connection);
      } else {
        assert.equal(user.password, undefined);
      }
    }
  });

  it('has exactly one playlist editor, with the role in app_metadata and in RBAC', () => {
    const doc = sampleSeed();
    const editors = doc.users!.filter((u) => (u.app_metadata?.roles as string[] | undefined)?.includes('playlist_editor'));
    assert.deepEqual(editors.map((u) => u.user_id), [SAMPLE_USER_IDS.playlistEditor]);
    assert.deepEqual(editors[0]!.app_metadata!.roles, ['playlist_editor']);
    const editorRole = doc.roles!.find((r) => r.name === 'playlist_editor')!;
    assert.ok(doc.userRoles![SAMPLE_USER_IDS.playlistEditor]!.includes(editorRole.id!));
  });

  it('reports enough plays to promote only the near-promotion listener among the non-editors', () => {
    const promotable = sampleSeed()
      .users!.filter((u) => !(u.app_metadata?.roles as string[] | undefined)?.includes('playlist_editor'))
      .filter((u) => (SAMPLE_PLAY_COUNTS[u.user_id!] ?? 0) >= PLAYLIST_EDITOR_THRESHOLD)
      .map((u) => u.user_id);
    assert.deepEqual(promotable, [SAMPLE_USER_IDS.nearPromotion]);
    assert.ok(SAMPLE_PLAY_COUNTS[SAMPLE_USER_IDS.playlistEditor]! >= PLAYLIST_EDITOR_THRESHOLD);
    for (const user of sampleSeed().users!) assert.ok(user.user_id! in SAMPLE_PLAY_COUNTS, `plays for ${user.user_id}`);
  });

  it('has a listener with preferences but no displayName, for the rule to default', () => {
    const user = userById(SAMPLE_USER_IDS.noDisplayName);
    assert.ok(user.user_metadata?.preferences);
    assert.equal('displayName' in user.user_metadata!, false);
  });

  it('gives listeners a plan, a displayName and nested preferences', () => {
    for (const key of ['playlistEditor', 'premiumListener', 'freeListener', 'nearPromotion', 'googleListener'] as const) {
      const user = userById(SAMPLE_USER_IDS[key]);
      assert.ok(['free', 'premium', 'family', 'student'].includes(user.app_metadata!.plan as string));
      assert.equal(typeof user.user_metadata!.displayName, 'string');
      const prefs = user.user_metadata!.preferences as Record<string, unknown>;
      assert.ok(Array.isArray(prefs.genres) && prefs.genres.length > 0);
      assert.equal(typeof prefs.language, 'string');
      assert.equal(typeof (prefs.notifications as Record<string, unknown>).email, 'object');
    }
    assert.equal(userById(SAMPLE_USER_IDS.freeListener).app_metadata!.plan, 'free');
    assert.equal(userById(SAMPLE_USER_IDS.premiumListener).app_metadata!.plan, 'premium');
  });

  it('has a Google user whose identity carries the IdP tokens', () => {
    const user = userById(SAMPLE_USER_IDS.googleListener);
    const identity = user.identities![0]!;
    assert.equal(identity.provider, 'google-oauth2');
    assert.equal(identity.connection, 'google-oauth2');
    assert.equal(typeof identity.access_token, 'string');
    assert.equal(typeof identity.refresh_token, 'string');
  });

  it('has exactly one blocked user', () => {
    const blocked = sampleSeed().users!.filter((u) => u.blocked === true);
    assert.deepEqual(blocked.map((u) => u.user_id), [SAMPLE_USER_IDS.blocked]);
  });

  it('has two users imported from the legacy-music-db custom database, ids carrying the connection name', () => {
    const legacy = sampleSeed().users!.filter((u) => u.identities![0]!.connection === LEGACY_CONNECTION);
    assert.deepEqual(legacy.map((u) => u.user_id).sort(), [SAMPLE_USER_IDS.legacyPremium, SAMPLE_USER_IDS.legacyFree].sort());
    for (const user of legacy) assert.match(user.user_id!, /^auth0\|legacy-music-db\|\d+$/);
  });

  it('configures legacy-music-db as a custom database in import mode whose scripts know the imported users', async () => {
    const connection = sampleSeed().connections!.find((c) => c.name === LEGACY_CONNECTION)!;
    assert.equal(connection.strategy, 'auth0');
    assert.equal(connection.enabledDatabaseCustomization, true);
    assert.equal(connection.import_mode, true);
    const scripts = connection.customScripts!;

    const walter = userById(SAMPLE_USER_IDS.legacyPremium);
    const ok = await runScript(scripts.login!, 'login', [walter.email, walter.password]);
    assert.equal(ok.err, null);
    assert.equal((ok.profile as { user_id: string }).user_id, walter.identities![0]!.user_id);

    const wrong = await runScript(scripts.login!, 'login', [walter.email, 'not-the-password']);
    assert.equal((wrong.err as Error).constructor.name, 'WrongUsernameOrPasswordError');

    const eli = await runScript(scripts.login!, 'login', [UNMIGRATED_LEGACY_ACCOUNT.email, UNMIGRATED_LEGACY_ACCOUNT.password]);
    assert.equal((eli.profile as { email: string }).email, UNMIGRATED_LEGACY_ACCOUNT.email);
    assert.equal(sampleSeed().users!.some((u) => u.email === UNMIGRATED_LEGACY_ACCOUNT.email), false);

    const missing = await runScript(scripts.get_user!, 'getUser', ['nobody@example.net']);
    assert.deepEqual(missing, { err: null, profile: undefined });
  });

  it('has a user with many logins and one who never logged in', () => {
    assert.ok(userById(SAMPLE_USER_IDS.manyLogins).logins_count! >= 1000);
    const never = userById(SAMPLE_USER_IDS.neverLoggedIn);
    assert.equal(never.last_login, undefined);
    assert.equal(never.logins_count, undefined);
    assert.equal(never.updated_at, never.created_at);
  });

  it('seeds the three connections, the three roles, and role assignments that point at both', () => {
    const doc = sampleSeed();
    assert.deepEqual(doc.connections!.map((c) => [c.name, c.strategy]), [
      ['Username-Password-Authentication', 'auth0'],
      ['google-oauth2', 'google-oauth2'],
      ['legacy-music-db', 'auth0'],
    ]);
    assert.deepEqual(doc.roles!.map((r) => r.name).sort(), ['admin', 'listener', 'playlist_editor']);
    for (const role of doc.roles!) assert.match(role.id!, /^rol_[A-Za-z0-9]{16}$/);
    for (const c of doc.connections!) assert.match(c.id, /^con_[A-Za-z0-9]{16}$/);
    const roleIds = new Set(doc.roles!.map((r) => r.id));
    const userIds = new Set(doc.users!.map((u) => u.user_id));
    for (const [userId, roles] of Object.entries(doc.userRoles!)) {
      assert.ok(userIds.has(userId), `${userId} is a seeded user`);
      for (const role of roles) assert.ok(roleIds.has(role), `${role} is a seeded role`);
    }
    assert.deepEqual(doc.userRoles![SAMPLE_USER_IDS.supportAdmin], [doc.roles!.find((r) => r.name === 'admin')!.id]);
  });

  it('has one M2M client with every users and roles scope, credentials from the options', () => {
    const [client, ...others] = sampleSeed({ clientId: 'ci-client', clientSecret: 'ci-secret' }).clients!;
    assert.equal(others.length, 0);
    assert.equal(client!.client_id, 'ci-client');
    assert.equal(client!.client_secret, 'ci-secret');
    assert.equal(client!.name, 'Auth0 Emulator M2M');
    assert.equal(client!.app_type, 'non_interactive');
    for (const scope of ['read:users', 'create:users', 'update:users', 'delete:users', 'update:users_app_metadata',
      'read:user_idp_tokens', 'read:roles', 'create:roles', 'update:roles', 'delete:roles', 'read:role_members',
      'create:role_members', 'delete:role_members']) {
      assert.ok(client!.grant_scopes.includes(scope), scope);
    }
  });

  it('defaults the M2M credentials', () => {
    const client = sampleSeed().clients![0]!;
    assert.equal(client.client_id, DEFAULT_M2M_CLIENT_ID);
    assert.equal(client.client_secret, DEFAULT_M2M_CLIENT_SECRET);
    assert.equal(DEFAULT_M2M_CLIENT_ID, 'emulator-m2m-client');
    assert.equal(DEFAULT_M2M_CLIENT_SECRET, 'emulator-m2m-secret');
  });
});
