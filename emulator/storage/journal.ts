// The append-only journal beside the data file: one JSON line per group of mutations, `{"v":1,"seq":N,"m":[...]}`,
// fsync'd before any commit in the group is acknowledged. Reading tolerates a torn tail (a write a crash cut
// short, so never acknowledged); anything else unreadable is reported as corruption.
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataFolderError, type Mutation } from './persistence.js';
import { DATA_FORMAT_VERSION } from './dataFile.js';
import { fsyncDir, replaceDurably, tempPathFor, writeAll } from './durableFs.js';

export interface JournalGroup {
  seq: number;
  mutations: Mutation[];
}

export interface JournalContents {
  /** Sequence number of the last intact group; undefined for an empty journal. */
  lastSeq: number | undefined;
  /** Length of the intact part; bytes after it are a torn write and are cut off before appending again. */
  validBytes: number;
}

/** The journal line for one group; `parts` are serialised mutation lists without their brackets. */
export function journalLine(seq: number, parts: readonly string[]): Buffer {
  return Buffer.from(`{"v":${DATA_FORMAT_VERSION},"seq":${seq},"m":[${parts.join(',')}]}\n`, 'utf8');
}

/**
 * Reads the journal and hands each intact group to `onGroup` in order, as it is parsed (so a long journal is never
 * held parsed in memory all at once). Throws DataFolderError when the journal is damaged other than at its tail.
 */
export async function readJournal(path: string, onGroup: (group: JournalGroup) => void): Promise<JournalContents> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lastSeq: undefined, validBytes: 0 };
    throw err;
  }
  let lastSeq: number | undefined;
  let start = 0;
  let lineNo = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    lineNo++;
    // A write cut short never got its newline, so it was never fsync'd as a whole, so never acknowledged.
    if (end < 0) break;
    let group: JournalGroup;
    try {
      group = parseGroup(bytes.toString('utf8', start, end));
    } catch (err) {
      if (err instanceof DataFolderError) throw new DataFolderError(path, err.reason, `${path} line ${lineNo}: ${err.message}`);
      if (isTornTail(bytes.subarray(start))) break;
      throw new DataFolderError(
        path,
        'corrupt',
        `${path} line ${lineNo} is not a valid journal entry. Repair or move the file, or choose another data ` +
          'folder; it was left untouched.',
      );
    }
    if (lastSeq !== undefined && group.seq !== lastSeq + 1) {
      throw new DataFolderError(
        path,
        'corrupt',
        `${path} line ${lineNo} has sequence ${group.seq} after ${lastSeq}; groups are missing. The file was ` +
          'left untouched.',
      );
    }
    onGroup(group);
    lastSeq = group.seq;
    start = end + 1;
  }
  return { lastSeq, validBytes: start };
}

/** After power loss a file can end in zero-filled blocks; those (and an unterminated last line) were never acked. */
function isTornTail(tail: Buffer): boolean {
  const lastNewline = tail.lastIndexOf(0x0a);
  for (let i = 0; i < lastNewline; i++) {
    if (tail[i] !== 0 && tail[i] !== 0x0a) return false;
  }
  return true;
}

function parseGroup(line: string): JournalGroup {
  const entry: unknown = JSON.parse(line);
  if (typeof entry !== 'object' || entry === null) throw new Error('not an object');
  const { v, seq, m } = entry as Record<string, unknown>;
  if (typeof v !== 'number' || typeof seq !== 'number' || !Number.isInteger(seq) || !Array.isArray(m)) {
    throw new Error('missing fields');
  }
  if (v > DATA_FORMAT_VERSION) {
    throw new DataFolderError(
      '',
      'newer-version',
      `written by a newer Auth0 emulator (data format ${v}; this one reads up to ${DATA_FORMAT_VERSION}). Update ` +
        'the emulator or choose another data folder; the file was left untouched.',
    );
  }
  for (const mutation of m) {
    if (!isMutation(mutation)) throw new Error('bad mutation');
  }
  return { seq, mutations: m as Mutation[] };
}

function isMutation(value: unknown): value is Mutation {
  if (typeof value !== 'object' || value === null) return false;
  const { op, coll, key } = value as Record<string, unknown>;
  if (op === 'clear') return true;
  return (op === 'put' || op === 'del') && typeof coll === 'string' && typeof key === 'string';
}

/** The open journal: appends groups durably and, after a compaction, drops the groups folded into the data file. */
export class JournalAppender {
  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private bytes: number,
  ) {}

  /** Opens (creating if needed) for appending, first cutting off a torn tail so new lines start clean. */
  static async open(path: string, validBytes: number): Promise<JournalAppender> {
    const existing = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    const handle = await open(path, 'a');
    try {
      if (!existing) {
        await fsyncDir(dirname(path));
      } else if (existing.size > validBytes) {
        await handle.truncate(validBytes);
        await handle.datasync();
      }
    } catch (err) {
      await handle.close();
      throw err;
    }
    return new JournalAppender(path, handle, validBytes);
  }

  /** Current length in bytes. */
  get size(): number {
    return this.bytes;
  }

  /**
   * Appends one group and waits for fdatasync. If the write fails (disk full), cuts the partial line off again so
   * later groups start clean; if even that fails the error says so and the journal must not be used further.
   */
  async append(line: Buffer): Promise<void> {
    await this.write(line);
    await this.sync();
  }

  /**
   * Appends one group without waiting for the disk (see `sync`). If the write fails, cuts the partial line off
   * again; if even that fails the error says so and the journal must not be used further.
   */
  async write(line: Buffer): Promise<void> {
    const before = this.bytes;
    try {
      await writeAll(this.handle, line);
      this.bytes += line.length;
    } catch (err) {
      try {
        await this.handle.truncate(before);
        await this.handle.datasync();
      } catch {
        throw new JournalBrokenError(this.path, err);
      }
      throw err;
    }
  }

  /** fdatasync: every byte written before this call is durable when it resolves. */
  sync(): Promise<void> {
    return this.handle.datasync();
  }

  /**
   * Replaces the journal by its bytes from `offset` on (the groups appended after the compacted snapshot was
   * taken), through a fsync'd temp file and rename: a crash leaves either the old or the new journal, and both load
   * correctly because groups at or below the data file's seq are skipped. No append may run meanwhile.
   */
  async keepFrom(offset: number): Promise<void> {
    const tail = Buffer.alloc(this.bytes - offset);
    if (tail.length > 0) {
      const reader = await open(this.path, 'r');
      try {
        let read = 0;
        while (read < tail.length) {
          const { bytesRead } = await reader.read(tail, read, tail.length - read, offset + read);
          if (bytesRead === 0) throw new Error(`${this.path} is shorter than expected`);
          read += bytesRead;
        }
      } finally {
        await reader.close();
      }
    }
    const temp = tempPathFor(this.path);
    const writer = await open(temp, 'w');
    try {
      await writeAll(writer, tail);
      await writer.sync();
    } finally {
      await writer.close();
    }
    // Windows will not rename over a file this process holds open, so close first and always reopen.
    await this.handle.close();
    try {
      await replaceDurably(temp, this.path);
      this.bytes = tail.length;
    } finally {
      try {
        this.handle = await open(this.path, 'a');
      } catch (err) {
        throw new JournalBrokenError(this.path, err);
      }
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** The journal is in an unknown state (a failed write could not be undone); storage must stop accepting commits. */
export class JournalBrokenError extends Error {
  constructor(
    readonly path: string,
    override readonly cause: unknown,
  ) {
    super(`cannot write ${path}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}
