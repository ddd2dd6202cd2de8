// The lowdb adapter for auth0-emulator.json, the readable source of truth: parses and checks it on read, and on
// write streams one record per line into a temp file that is fsync'd before it replaces the old file.
import { open, readFile, rm } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { DataFolderError } from './persistence.js';
import { replaceDurably, tempPathFor, writeAll } from './durableFs.js';
import { parseRecordLines } from './recordLines.js';

/** The format this code writes. A file with a higher version was written by a newer emulator. */
export const DATA_FORMAT_VERSION = 1;

/**
 * Records of one collection, keyed. `read()` yields the plain objects JSON.parse made (handed on to the caller
 * without copying 100k entries); the live state uses Maps (cheap deletes, no `__proto__` pitfalls). `write()` takes
 * either.
 */
export type CollectionRecords = Map<string, unknown> | Record<string, unknown>;

/** The file's content: `{ version, seq, collections }`, where seq is the last journal group folded in. */
export interface DataFileDocument {
  version: number;
  seq: number;
  collections: Map<string, CollectionRecords>;
}

/** Bytes gathered before each write, so serialising a large file yields to the event loop between chunks. */
const WRITE_CHUNK_BYTES = 1 << 20;

export class DurableJsonFile implements Adapter<DataFileDocument> {
  constructor(readonly path: string) {}

  async read(): Promise<DataFileDocument | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    // The layout write() produces is read line by line; anything else (edited by hand) as one JSON text.
    let parsed = parseRecordLines(bytes);
    if (parsed === null) {
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch (err) {
        throw this.corrupt(`is not valid JSON (${(err as Error).message})`);
      }
    }
    return this.toDocument(parsed);
  }

  /**
   * Writes `data` to the temp file, fsyncs it, renames it over the file and fsyncs the folder: at every moment
   * the file on disk is either the old complete version or the new complete version. Records must not change
   * while this runs (the caller hands in a frozen view).
   */
  async write(data: DataFileDocument): Promise<void> {
    const temp = tempPathFor(this.path);
    const handle = await open(temp, 'w');
    try {
      let chunk = `{\n  "version": ${data.version},\n  "seq": ${data.seq},\n  "collections": {`;
      let firstCollection = true;
      for (const [name, records] of data.collections) {
        chunk += `${firstCollection ? '' : ','}\n    ${JSON.stringify(name)}: {`;
        firstCollection = false;
        let firstRecord = true;
        for (const [key, value] of entriesOf(records)) {
          // undefined has no JSON form; null keeps the file parseable and matches what the journal replays.
          chunk += `${firstRecord ? '' : ','}\n      ${JSON.stringify(key)}: ${JSON.stringify(value) ?? 'null'}`;
          firstRecord = false;
          if (chunk.length >= WRITE_CHUNK_BYTES) {
            await writeAll(handle, Buffer.from(chunk, 'utf8'));
            chunk = '';
          }
        }
        chunk += firstRecord ? '}' : '\n    }';
      }
      chunk += '\n  }\n}\n';
      await writeAll(handle, Buffer.from(chunk, 'utf8'));
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    await handle.close();
    await replaceDurably(temp, this.path);
  }

  private toDocument(parsed: unknown): DataFileDocument {
    if (!isPlainObject(parsed)) throw this.corrupt('does not hold a JSON object');
    const { version, seq, collections } = parsed;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      throw this.corrupt('has no valid "version" field');
    }
    if (version > DATA_FORMAT_VERSION) {
      throw new DataFolderError(
        this.path,
        'newer-version',
        `${this.path} was written by a newer Auth0 emulator (data format ${version}; this one reads up to ` +
          `${DATA_FORMAT_VERSION}). Update the emulator or choose another data folder; the file was left untouched.`,
      );
    }
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) throw this.corrupt('has no valid "seq" field');
    if (!isPlainObject(collections)) throw this.corrupt('has no "collections" object');
    const maps = new Map<string, Record<string, unknown>>();
    for (const [name, records] of Object.entries(collections)) {
      if (!isPlainObject(records)) throw this.corrupt(`has a collection "${name}" that is not an object`);
      maps.set(name, records);
    }
    return { version, seq, collections: maps };
  }

  private corrupt(problem: string): DataFolderError {
    return new DataFolderError(
      this.path,
      'corrupt',
      `${this.path} ${problem}. Repair or move the file, or choose another data folder; it was left untouched.`,
    );
  }
}

function* entriesOf(records: CollectionRecords): Iterable<[string, unknown]> {
  if (records instanceof Map) {
    yield* records;
  } else {
    for (const key in records) yield [key, records[key]];
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
