import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateUsers, largeSeed, sampleSeed, writeSeedFile } from '../../../emulator/seed/index.js';
import { assertWellFormedUser } from './userShape.js';

describe('generateUsers', () => {
  const users = generateUsers(3000);

  it('returns the same users for the same seed, and other users for another seed', () => {
    assert.deepEqual(generateUsers(200, 7), generateUsers(200, 7));
    assert.notDeepEqual(generateUsers(50, 7), generateUsers(50, 8));
    assert.deepEqual(generateUsers(100), users.slice(0, 100));
  });

  it('returns n users with unique ids and emails', () => {
    assert.equal(users.length, 3000);
    assert.equal(new Set(users.map((u) => u.user_id)).size, users.length);
    assert.equal(new Set(users.map((u) => u.email)).size, users.length);
  });

  it('returns only well-formed users, none with a password', () => {
    for (const user of users) {
      assertWellFormedUser(user);
      assert.equal('password' in user, false);
    }
  });

  it('mixes the three sample connections', () => {
    const count = (name: string) => users.filter((u) => u.identities[0]!.connection === name).length;
    assert.ok(count('Username-Password-Authentication') > users.length / 2);
    assert.ok(count('google-oauth2') > users.length / 10);
    assert.ok(count('legacy-music-db') > users.length / 50);
  });

  it('gives everyone a plan and preferences, most a displayName, a few blocked or never logged in', () => {
    for (const user of users) {
      assert.ok(['free', 'premium', 'family', 'student'].includes(user.app_metadata!.plan as string));
      assert.ok(Array.isArray(user.app_metadata!.roles));
      assert.ok(user.user_metadata!.preferences);
    }
    const share = (pred: (u: (typeof users)[number]) => boolean) => users.filter(pred).length / users.length;
    assert.ok(share((u) => typeof u.user_metadata!.displayName === 'string') > 0.8);
    assert.ok(share((u) => u.blocked === true) > 0.005);
    assert.ok(share((u) => u.last_login === undefined) > 0.01);
    assert.ok(share((u) => (u.app_metadata!.roles as string[]).includes('playlist_editor')) > 0.005);
  });

  it('produces users of a realistic size', () => {
    const bytes = users.reduce((sum, u) => sum + Buffer.byteLength(JSON.stringify(u)), 0) / users.length;
    assert.ok(bytes > 500 && bytes < 900, `${bytes} bytes on average`);
  });

  it('dates everything before mid-2025, whatever the day it runs', () => {
    for (const user of users) assert.ok(user.updated_at < '2025-06-02', user.updated_at);
  });
});

describe('largeSeed', () => {
  it('adds n generated users to the sample tenant, without id clashes', () => {
    const doc = largeSeed(500, { clientId: 'x', clientSecret: 'y' });
    assert.equal(doc.users!.length, sampleSeed().users!.length + 500);
    assert.equal(new Set(doc.users!.map((u) => u.user_id)).size, doc.users!.length);
    assert.equal(new Set(doc.users!.map((u) => u.email)).size, doc.users!.length);
    assert.equal(doc.clients![0]!.client_id, 'x');
    assert.deepEqual(doc.connections, sampleSeed().connections);
  });

  it('can leave the story users out', () => {
    const doc = largeSeed(20, { includeSampleUsers: false });
    assert.deepEqual(doc.users, generateUsers(20));
    assert.deepEqual(doc.userRoles, {});
  });
});

describe('writeSeedFile', () => {
  it('writes JSON that reads back as the same document, leaving no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seed-'));
    try {
      const path = join(dir, 'nested', 'seed.json');
      await writeSeedFile(path, sampleSeed());
      assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), sampleSeed());
      await writeSeedFile(path, largeSeed(10), { pretty: false });
      const text = await readFile(path, 'utf8');
      assert.equal(text.split('\n').length, 2);
      assert.deepEqual(JSON.parse(text), largeSeed(10));
      assert.deepEqual(await readdir(join(dir, 'nested')), ['seed.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
