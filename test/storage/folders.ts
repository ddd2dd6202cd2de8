// Test helpers for storage: temp data folders that are removed afterwards, crash images, user-sized records.
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredUser } from '../../emulator/core/users/user.js';
import { LOCK_FILE_NAME } from '../../emulator/storage/filePersistence.js';

/** Creates temp folders for one test file and removes them all in `cleanup`. */
export function tempFolders() {
  const made: string[] = [];
  return {
    async make(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'auth0-emu-storage-'));
      made.push(dir);
      return dir;
    },
    async cleanup(): Promise<void> {
      await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

/**
 * What a crash would leave on disk right now: a copy of every file except the lock (whose pid, this test process,
 * is still alive). Everything acknowledged has been fsync'd, so the copy holds it.
 */
export async function crashImage(dir: string, into: string): Promise<string> {
  for (const name of await readdir(dir)) {
    if (name !== LOCK_FILE_NAME) await cp(join(dir, name), join(into, name));
  }
  return into;
}

/** Every file in a folder with its bytes, to prove that nothing was changed. */
export async function folderContents(dir: string): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) contents[name] = (await readFile(join(dir, name))).toString('base64');
  return contents;
}

/** A user of about 600 bytes of JSON, like a typical Auth0 profile. */
export function sampleUser(n: number): StoredUser {
  const id = n.toString(16).padStart(24, '0');
  return {
    user_id: `auth0|${id}`,
    email: `user${n}@example.com`,
    email_verified: true,
    name: `User Number ${n}`,
    nickname: `user${n}`,
    given_name: 'Given',
    family_name: 'Family',
    picture: 'https://s.gravatar.com/avatar/0123456789abcdef0123456789abcdef?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Fus.png',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    identities: [{ connection: 'Username-Password-Authentication', user_id: id, provider: 'auth0', isSocial: false }],
    app_metadata: { plan: 'pro', seq: n },
    user_metadata: { theme: 'dark' },
    logins_count: 3,
  };
}
