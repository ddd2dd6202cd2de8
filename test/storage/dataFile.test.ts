// The lowdb data file: what write() produces, how read() judges it, and the line-by-line fast reader.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { DurableJsonFile, type DataFileDocument } from '../../emulator/storage/dataFile.js';
import { DataFolderError } from '../../emulator/storage/persistence.js';
import { parseRecordLines } from '../../emulator/storage/recordLines.js';
import { sampleUser, tempFolders } from './folders.js';

const folders = tempFolders();

function documentOf(collections: Record<string, Record<string, unknown>>, seq = 7): DataFileDocument {
  return { version: 1, seq, collections: new Map(Object.entries(collections).map(([name, recs]) => [name, new Map(Object.entries(recs))])) };
}

describe('data file', () => {
  afterEach(() => folders.cleanup());

  it('writes the same JSON lowdb would read, one record per line, and reads it back', async () => {
    const file = new DurableJsonFile(join(await folders.make(), 'auth0-emulator.json'));
    const user = sampleUser(1);
    await file.write(documentOf({ users: { [user.user_id]: user }, roles: {} }));
    const text = await readFile(file.path, 'utf8');
    assert.equal(
      text,
      `{\n  "version": 1,\n  "seq": 7,\n  "collections": {\n    "users": {\n      ${JSON.stringify(user.user_id)}: ${JSON.stringify(user)}\n    },\n    "roles": {}\n  }\n}\n`,
    );
    const read = await file.read();
    assert.equal(read?.seq, 7);
    assert.deepEqual(read?.collections.get('users'), { [user.user_id]: user });
  });

  it('reads its own layout line by line to exactly what JSON.parse gives', async () => {
    const dir = await folders.make();
    const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'a"b', 'x": 1, "y', '\\', 'line\nbreak'));
    const recordsArb = fc.dictionary(key, fc.jsonValue({ noUnicodeString: false }), { maxKeys: 5, noNullPrototype: true });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, recordsArb, { maxKeys: 4, noNullPrototype: true }), async (collections) => {
        const file = new DurableJsonFile(join(dir, 'auth0-emulator.json'));
        await file.write(documentOf(collections));
        const bytes = await readFile(file.path);
        const fast = parseRecordLines(bytes);
        assert.notEqual(fast, null, 'the written layout is recognised');
        assert.deepEqual(fast, JSON.parse(bytes.toString('utf8')));
      }),
      { numRuns: 100 },
    );
  });

  it('still reads a file reformatted by hand (any valid JSON layout)', async () => {
    const file = new DurableJsonFile(join(await folders.make(), 'auth0-emulator.json'));
    const user = sampleUser(2);
    await writeFile(file.path, JSON.stringify({ version: 1, seq: 3, collections: { users: { [user.user_id]: user } } }, null, 4));
    assert.equal(parseRecordLines(await readFile(file.path)), null);
    assert.deepEqual((await file.read())?.collections.get('users'), { [user.user_id]: user });
  });

  it('reports a trailing comma after the last record as corrupt rather than guessing', async () => {
    const file = new DurableJsonFile(join(await folders.make(), 'auth0-emulator.json'));
    await writeFile(file.path, '{\n  "version": 1,\n  "seq": 0,\n  "collections": {\n    "users": {\n      "a": {},\n    }\n  }\n}\n');
    await assert.rejects(file.read(), (err: unknown) => err instanceof DataFolderError && err.reason === 'corrupt');
  });

  it('reads a missing file as no file', async () => {
    assert.equal(await new DurableJsonFile(join(await folders.make(), 'none.json')).read(), null);
  });
});
