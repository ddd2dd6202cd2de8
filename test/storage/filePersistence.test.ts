// The data folder: lowdb file plus fsync'd journal, group commit, compaction, crash recovery, folder errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  createFilePersistence,
  DATA_FILE_NAME,
  JOURNAL_FILE_NAME,
  LOCK_FILE_NAME,
  type FilePersistence,
} from '../../emulator/storage/filePersistence.js';
import { DataFolderError, emptySnapshot, type Mutation, type Snapshot } from '../../emulator/storage/persistence.js';
import type { CollectionName } from '../../emulator/core/users/user.js';
import { crashImage, folderContents, sampleUser, tempFolders } from './folders.js';

const folders = tempFolders();
const open: FilePersistence[] = [];

function store(dir: string, compactAfterBytes?: number): FilePersistence {
  const persistence = createFilePersistence({ dir, compactAfterBytes });
  open.push(persistence);
  return persistence;
}

async function loadFresh(dir: string, compactAfterBytes?: number): Promise<Snapshot> {
  const persistence = store(dir, compactAfterBytes);
  const snapshot = await persistence.load();
  await persistence.close();
  return snapshot;
}

function putUser(n: number): Mutation {
  const user = sampleUser(n);
  return { op: 'put', coll: 'users', key: user.user_id, value: user };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(condition(), 'condition not reached within 5 s');
}

async function expectFolderError(dir: string, reason: DataFolderError['reason'], path: string): Promise<DataFolderError> {
  const error = await store(dir)
    .load()
    .then(
      () => assert.fail('load() should have thrown'),
      (err: unknown) => err,
    );
  assert.ok(error instanceof DataFolderError, `expected a DataFolderError, got ${String(error)}`);
  assert.equal(error.reason, reason);
  assert.equal(error.path, path);
  return error;
}

describe('file persistence', () => {
  afterEach(async () => {
    await Promise.all(open.splice(0).map((persistence) => persistence.close().catch(() => undefined)));
    await folders.cleanup();
  });

  describe('loading and saving', () => {
    it('starts empty in a new folder and writes a readable lowdb data file there', async () => {
      const dir = join(await folders.make(), 'nested', 'data');
      const persistence = store(dir);
      assert.deepEqual(await persistence.load(), emptySnapshot());
      assert.equal(persistence.location, join(dir, DATA_FILE_NAME));
      const file = JSON.parse(await readFile(join(dir, DATA_FILE_NAME), 'utf8'));
      assert.deepEqual(file, { version: 1, seq: 0, collections: emptySnapshot() });
    });

    it('keeps committed puts, deletes and clears across a restart', async () => {
      const dir = await folders.make();
      const first = store(dir);
      await first.load();
      await first.commit([putUser(1), putUser(2), { op: 'put', coll: 'roles', key: 'rol_1', value: { id: 'rol_1', name: 'admin', description: '' } }]);
      await first.commit([{ op: 'clear' }, putUser(3), putUser(4)]);
      await first.commit([{ op: 'del', coll: 'users', key: sampleUser(4).user_id }]);
      await first.close();

      const snapshot = await loadFresh(dir);
      assert.deepEqual(snapshot, { ...emptySnapshot(), users: { [sampleUser(3).user_id]: sampleUser(3) } });
    });

    it('writes the data file as JSON with one record per line on close', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      await persistence.commit([putUser(1), putUser(2)]);
      await persistence.close();
      const text = await readFile(join(dir, DATA_FILE_NAME), 'utf8');
      const lines = text.split('\n');
      assert.ok(lines.includes(`      ${JSON.stringify(sampleUser(1).user_id)}: ${JSON.stringify(sampleUser(1))},`));
      assert.equal(JSON.parse(text).seq, 1);
      assert.equal((await stat(join(dir, JOURNAL_FILE_NAME))).size, 0);
    });

    it('applies commits in the order they were made', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      const key = sampleUser(1).user_id;
      await Promise.all([
        persistence.commit([{ op: 'put', coll: 'users', key, value: { ...sampleUser(1), name: 'first' } }]),
        persistence.commit([{ op: 'put', coll: 'users', key, value: { ...sampleUser(1), name: 'second' } }]),
        persistence.commit([{ op: 'del', coll: 'users', key }, { op: 'put', coll: 'meta', key: 'k', value: { key: 'k', value: 1 } }]),
        persistence.commit([{ op: 'put', coll: 'users', key, value: { ...sampleUser(1), name: 'third' } }]),
      ]);
      await persistence.close();
      const snapshot = await loadFresh(dir);
      assert.equal(snapshot.users[key]?.name, 'third');
      assert.deepEqual(snapshot.meta, { k: { key: 'k', value: 1 } });
    });

    it('round-trips any snapshot exactly, through the journal and through the compacted file', async () => {
      const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'auth0|a"b\\c', 'émoji 🎉'));
      // JSON has no -0 (it reads back as 0), so values are taken as they would arrive in a JSON request body.
      const value = fc.jsonValue({ noUnicodeString: false }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
      const records = fc.dictionary(key, value, { maxKeys: 6, noNullPrototype: true });
      const snapshotArb = fc.record({
        users: records,
        credentials: records,
        roles: records,
        userRoles: records,
        clients: records,
        connections: records,
        meta: records,
      }, { noNullPrototype: true });
      await fc.assert(
        fc.asyncProperty(snapshotArb, async (wanted) => {
          const dir = await folders.make();
          const persistence = store(dir);
          await persistence.load();
          const mutations: Mutation[] = [];
          for (const coll of Object.keys(wanted) as CollectionName[]) {
            for (const [k, value] of Object.entries(wanted[coll])) mutations.push({ op: 'put', coll, key: k, value });
          }
          await persistence.commit(mutations);
          const replayed = await loadFresh(await crashImage(dir, await folders.make()));
          await persistence.close();
          const compacted = await loadFresh(dir);
          assert.deepEqual(replayed, wanted);
          assert.deepEqual(compacted, wanted);
        }),
        { numRuns: 25 },
      );
    });

    it('refuses commits before load and after close', async () => {
      const persistence = store(await folders.make());
      await assert.rejects(persistence.commit([putUser(1)]), /not loaded/);
      await persistence.load();
      await persistence.close();
      await assert.rejects(persistence.commit([putUser(1)]), /closed/);
    });
  });

  describe('group commit', () => {
    it('acknowledges many concurrent commits with far fewer fsyncs', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      const clients = 64;
      const perClient = 20;
      await Promise.all(
        Array.from({ length: clients }, async (_, client) => {
          for (let i = 0; i < perClient; i++) await persistence.commit([putUser(client * perClient + i)]);
        }),
      );
      const commits = clients * perClient;
      assert.equal(persistence.stats.commits, commits);
      assert.ok(persistence.stats.fsyncs <= commits / 8, `${persistence.stats.fsyncs} fsyncs for ${commits} commits`);
      const snapshot = await loadFresh(await crashImage(dir, await folders.make()));
      assert.equal(Object.keys(snapshot.users).length, commits);
    });

    it('writes commits made in the same tick as one journal group', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      await Promise.all(Array.from({ length: 200 }, (_, n) => persistence.commit([putUser(n)])));
      assert.equal(persistence.stats.fsyncs, 1);
      const journal = (await readFile(join(dir, JOURNAL_FILE_NAME), 'utf8')).trimEnd().split('\n');
      assert.equal(journal.length, 1);
      assert.equal(JSON.parse(journal[0]!).m.length, 200);
    });
  });

  describe('crash recovery', () => {
    it('replays acknowledged commits from the journal when the emulator died without closing', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      await persistence.commit([putUser(1)]);
      await persistence.commit([putUser(2), { op: 'del', coll: 'users', key: sampleUser(1).user_id }]);
      const snapshot = await loadFresh(await crashImage(dir, await folders.make()));
      assert.deepEqual(Object.keys(snapshot.users), [sampleUser(2).user_id]);
    });

    it('ignores a torn last journal line and appends cleanly after it', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      await persistence.commit([putUser(1)]);
      const crashed = await crashImage(dir, await folders.make());
      await appendFile(join(crashed, JOURNAL_FILE_NAME), '{"v":1,"seq":2,"m":[{"op":"put","coll":"users","key":"x","val');

      const reopened = store(crashed);
      assert.deepEqual(Object.keys((await reopened.load()).users), [sampleUser(1).user_id]);
      await reopened.commit([putUser(2)]);
      const again = await loadFresh(await crashImage(crashed, await folders.make()));
      assert.deepEqual(Object.keys(again.users).sort(), [sampleUser(1).user_id, sampleUser(2).user_id].sort());
    });

    it('ignores zero-filled blocks at the end of the journal (power loss)', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      await persistence.commit([putUser(1)]);
      const crashed = await crashImage(dir, await folders.make());
      await appendFile(join(crashed, JOURNAL_FILE_NAME), Buffer.concat([Buffer.alloc(100), Buffer.from('\n'), Buffer.alloc(50)]));
      assert.deepEqual(Object.keys((await loadFresh(crashed)).users), [sampleUser(1).user_id]);
    });

    it('ignores a half-written temp data file left by a crash during compaction', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      await persistence.commit([putUser(1)]);
      const crashed = await crashImage(dir, await folders.make());
      await writeFile(join(crashed, `.${DATA_FILE_NAME}.tmp`), '{\n  "version": 1,\n  "seq": 1,\n  "collections": {\n    "users": {');
      assert.deepEqual(Object.keys((await loadFresh(crashed)).users), [sampleUser(1).user_id]);
    });

    it('loads correctly after a crash between rewriting the data file and shortening the journal', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      await persistence.commit([putUser(1), putUser(2)]);
      await persistence.commit([{ op: 'del', coll: 'users', key: sampleUser(1).user_id }, putUser(3)]);
      const oldJournal = await readFile(join(dir, JOURNAL_FILE_NAME));
      await persistence.close();
      await writeFile(join(dir, JOURNAL_FILE_NAME), oldJournal); // the compacted file, with the journal not yet cut

      const reopened = store(dir);
      const expected = [sampleUser(2).user_id, sampleUser(3).user_id];
      assert.deepEqual(Object.keys((await reopened.load()).users).sort(), expected);
      await reopened.commit([putUser(4)]);
      const again = await loadFresh(await crashImage(dir, await folders.make()));
      assert.deepEqual(Object.keys(again.users).sort(), [...expected, sampleUser(4).user_id].sort());
    });

    it('does not apply journal groups again that the data file already contains', async () => {
      const dir = await folders.make();
      const file = { version: 1, seq: 3, collections: { ...emptySnapshot(), users: { a: { user_id: 'a' } } } };
      await writeFile(join(dir, DATA_FILE_NAME), JSON.stringify(file));
      const line = (seq: number, m: Mutation[]) => JSON.stringify({ v: 1, seq, m }) + '\n';
      await writeFile(
        join(dir, JOURNAL_FILE_NAME),
        line(2, [{ op: 'put', coll: 'users', key: 'b', value: { user_id: 'b' } }]) +
          line(3, [{ op: 'del', coll: 'users', key: 'a' }]) +
          line(4, [{ op: 'put', coll: 'users', key: 'c', value: { user_id: 'c' } }]),
      );
      assert.deepEqual(Object.keys((await loadFresh(dir)).users), ['a', 'c']);
    });
  });

  describe('compaction', () => {
    it('folds the journal into the data file once it passes compactAfterBytes, keeping every commit', async () => {
      const dir = await folders.make();
      const persistence = store(dir, 8 * 1024);
      await persistence.load();
      for (let wave = 0; wave < 10; wave++) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => persistence.commit([putUser(wave * 10 + i)])));
      }
      await until(() => persistence.stats.compactions > 0 && !persistence.stats.compacting);
      const file = JSON.parse(await readFile(join(dir, DATA_FILE_NAME), 'utf8'));
      assert.ok(file.seq > 0, 'the data file has groups folded in');
      assert.ok(Object.keys(file.collections.users).length > 0);
      const journal = (await readFile(join(dir, JOURNAL_FILE_NAME), 'utf8')).split('\n').filter(Boolean);
      assert.ok(journal.length < persistence.stats.fsyncs, 'the journal was shortened');
      for (const line of journal) assert.ok(JSON.parse(line).seq > file.seq, 'only groups newer than the file remain');
      const snapshot = await loadFresh(await crashImage(dir, await folders.make()));
      assert.equal(Object.keys(snapshot.users).length, 100);
    });

    it('keeps commits that arrive while compaction runs', async () => {
      const dir = await folders.make();
      const persistence = store(dir, 64 * 1024);
      await persistence.load();
      let n = 0;
      let sawCompaction = false;
      while (n < 3000) {
        await Promise.all(Array.from({ length: 20 }, () => persistence.commit([putUser(n++)])));
        sawCompaction ||= persistence.stats.compacting;
      }
      assert.ok(sawCompaction, 'commits were made during a compaction');
      await until(() => !persistence.stats.compacting);
      const snapshot = await loadFresh(await crashImage(dir, await folders.make()));
      assert.equal(Object.keys(snapshot.users).length, 3000);
      for (let i = 0; i < 3000; i++) assert.ok(snapshot.users[sampleUser(i).user_id], `user ${i} is missing`);
    });
  });

  describe('folders that cannot be used', () => {
    it('reports a data file that is not valid JSON as corrupt and leaves the folder untouched', async () => {
      const dir = await folders.make();
      await writeFile(join(dir, DATA_FILE_NAME), '{"version": 1, "seq": 0, "collections": {"users": {');
      await writeFile(join(dir, JOURNAL_FILE_NAME), '');
      const before = await folderContents(dir);
      const error = await expectFolderError(dir, 'corrupt', join(dir, DATA_FILE_NAME));
      assert.match(error.message, /is not valid JSON/);
      assert.match(error.message, /auth0-emulator\.json/);
      assert.deepEqual(await folderContents(dir), before);
    });

    it('reports a data file without the expected fields as corrupt', async () => {
      const dir = await folders.make();
      await writeFile(join(dir, DATA_FILE_NAME), '[1, 2, 3]');
      await expectFolderError(dir, 'corrupt', join(dir, DATA_FILE_NAME));
    });

    it('reports a data file from a newer emulator and leaves the folder untouched', async () => {
      const dir = await folders.make();
      await writeFile(join(dir, DATA_FILE_NAME), JSON.stringify({ version: 2, seq: 0, collections: {}, newThing: [] }));
      const before = await folderContents(dir);
      const error = await expectFolderError(dir, 'newer-version', join(dir, DATA_FILE_NAME));
      assert.match(error.message, /newer Auth0 emulator \(data format 2; this one reads up to 1\)/);
      assert.deepEqual(await folderContents(dir), before);
    });

    it('reports a damaged journal line before the last one as corrupt and leaves the folder untouched', async () => {
      const dir = await folders.make();
      const persistence = store(dir);
      await persistence.load();
      await persistence.commit([putUser(1)]);
      await persistence.commit([putUser(2)]);
      const crashed = await crashImage(dir, await folders.make());
      const journal = join(crashed, JOURNAL_FILE_NAME);
      await writeFile(journal, (await readFile(journal, 'utf8')).replace('"seq":1', '"seq":1,,'));
      const before = await folderContents(crashed);
      const error = await expectFolderError(crashed, 'corrupt', journal);
      assert.match(error.message, /line 1/);
      assert.deepEqual(await folderContents(crashed), before);
    });

    it('reports a journal written by a newer emulator', async () => {
      const dir = await folders.make();
      await writeFile(join(dir, JOURNAL_FILE_NAME), JSON.stringify({ v: 2, seq: 1, m: [] }) + '\n');
      await expectFolderError(dir, 'newer-version', join(dir, JOURNAL_FILE_NAME));
    });

    it('refuses a folder another running emulator holds, until it closes', async () => {
      const dir = await folders.make();
      const first = store(dir);
      await first.load();
      const error = await expectFolderError(dir, 'locked', join(dir, LOCK_FILE_NAME));
      assert.match(error.message, new RegExp(`pid ${process.pid}`));
      await first.close();
      await loadFresh(dir);
    });

    it('takes over a lock left by an emulator that is no longer running', async () => {
      const dir = await folders.make();
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      await writeFile(join(dir, LOCK_FILE_NAME), `${dead.stdout}\n`);
      const persistence = store(dir);
      await persistence.load();
      assert.equal((await readFile(join(dir, LOCK_FILE_NAME), 'utf8')).trim(), String(process.pid));
      await persistence.close();
      await assert.rejects(stat(join(dir, LOCK_FILE_NAME)), { code: 'ENOENT' });
    });
  });
});
