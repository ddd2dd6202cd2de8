// Durable storage in a data folder: lowdb's auth0-emulator.json holds the compacted state, an fsync'd journal
// beside it takes each group of commits (group commit), and compaction folds the journal back into the file.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { DataFolderError, type Mutation, type Persistence, type Snapshot } from './persistence.js';
import { DATA_FORMAT_VERSION, DurableJsonFile, type DataFileDocument } from './dataFile.js';
import { JournalAppender, JournalBrokenError, journalLine, readJournal } from './journal.js';
import { lockDataFolder, type FolderLock } from './folderLock.js';
import type { CollectionName } from '../core/users/user.js';

export const DATA_FILE_NAME = 'auth0-emulator.json';
export const JOURNAL_FILE_NAME = 'auth0-emulator.journal';
export const LOCK_FILE_NAME = 'auth0-emulator.lock';

const COLLECTION_NAMES: readonly CollectionName[] = [
  'users',
  'credentials',
  'roles',
  'userRoles',
  'clients',
  'connections',
  'meta',
];

export interface FilePersistenceOptions {
  /** The data folder; created if missing. */
  dir: string;
  /** Journal length that triggers folding it into the data file in the background. Default 32 MiB. */
  compactAfterBytes?: number;
}

/** Counters for logs, benchmarks and tests. */
export interface StorageStats {
  /** commit() calls accepted. */
  commits: number;
  /** Journal groups written, each with one fdatasync. */
  fsyncs: number;
  journalBytes: number;
  /** Compactions finished (data file rewritten and journal shortened), including the one on close. */
  compactions: number;
  compacting: boolean;
  /** Why the last background compaction failed, if it did (the journal still holds everything). */
  lastCompactionError: string | undefined;
}

export interface FilePersistence extends Persistence {
  readonly dataFile: string;
  readonly journalFile: string;
  readonly stats: Readonly<StorageStats>;
}

export function createFilePersistence(opts: FilePersistenceOptions): FilePersistence {
  return new FileStore(resolve(opts.dir), opts.compactAfterBytes ?? 32 * 1024 * 1024);
}

/** Commits waiting for the same journal write; they all share one promise. */
interface PendingGroup {
  parts: string[];
  batches: Mutation[][];
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Work that needs the journal to itself (shortening it after compaction); runs between group writes. */
interface ExclusiveTask {
  run: () => Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** How many fdatasyncs may overlap; each holds a libuv thread-pool thread. */
const MAX_SYNCS_IN_FLIGHT = 2;

class FileStore implements FilePersistence {
  readonly dataFile: string;
  readonly journalFile: string;
  readonly location: string;
  readonly stats: StorageStats = {
    commits: 0,
    fsyncs: 0,
    journalBytes: 0,
    compactions: 0,
    compacting: false,
    lastCompactionError: undefined,
  };

  private readonly lockFile: string;
  private readonly file: DurableJsonFile;
  private readonly low: Low<DataFileDocument>;
  private lock: FolderLock | undefined;
  private journal: JournalAppender | undefined;
  /** The durable state: every group up to `seq` applied. Values are shared with the caller, never copied. */
  private collections = new Map<string, Map<string, unknown>>();
  private seq = 0;

  private pending: PendingGroup | null = null;
  /**
   * Groups written to the journal whose fdatasync has not returned yet, oldest first. The next group is written
   * while the previous sync runs (pipelining: a request waits for one sync, not for the end of another group's
   * sync plus its own); groups are acknowledged strictly in order, since a sync covers every earlier write.
   */
  private unsynced: Array<{ seq: number; group: PendingGroup }> = [];
  private syncsInFlight: Array<Promise<void>> = [];
  private exclusive: ExclusiveTask | null = null;
  private flushing = false;
  private idleWaiters: Array<() => void> = [];
  private compaction: Promise<void> | null = null;
  private compactAt: number;
  private failure: unknown = null;
  private closing: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    private readonly compactAfterBytes: number,
  ) {
    this.dataFile = join(dir, DATA_FILE_NAME);
    this.journalFile = join(dir, JOURNAL_FILE_NAME);
    this.lockFile = join(dir, LOCK_FILE_NAME);
    this.location = this.dataFile;
    this.file = new DurableJsonFile(this.dataFile);
    this.low = new Low<DataFileDocument>(this.file, emptyDocument());
    this.compactAt = compactAfterBytes;
  }

  async load(): Promise<Snapshot> {
    if (this.lock) throw new Error('load() was already called');
    await mkdir(this.dir, { recursive: true });
    this.lock = await lockDataFolder(this.lockFile);
    try {
      const fresh = this.low.data;
      await this.low.read();
      const fileExists = this.low.data !== fresh;
      const { collections: fromFile, seq } = this.low.data;
      this.low.data = emptyDocument(); // the state lives in this.collections from here on
      // The parsed objects become the snapshot handed back (no copy); the journal is replayed onto them.
      const snapshot = new Map<string, Record<string, unknown>>();
      for (const name of COLLECTION_NAMES) snapshot.set(name, {});
      for (const [name, records] of fromFile) snapshot.set(name, records as Record<string, unknown>);
      // Groups at or below the file's seq are already in it (a crash came before the journal was shortened).
      let expected = seq + 1;
      const journal = await readJournal(this.journalFile, (group) => {
        if (group.seq < expected) return;
        if (group.seq > expected) throw missingGroups(this.journalFile, group.seq, seq);
        applyToRecords(snapshot, group.mutations);
        expected++;
      });
      for (const [name, records] of snapshot) this.collections.set(name, toMap(records));
      this.seq = Math.max(seq, journal.lastSeq ?? 0);
      // Only now, with everything validated, may the folder change: cut a torn tail, create missing files.
      this.journal = await JournalAppender.open(this.journalFile, journal.validBytes);
      // A journal wholly older than the file would leave a gap before the next group; it is all folded in already.
      if (journal.lastSeq !== undefined && journal.lastSeq < seq) await this.journal.keepFrom(this.journal.size);
      this.stats.journalBytes = this.journal.size;
      if (!fileExists) await this.writeDataFile(this.frozenView());
      return Object.fromEntries(snapshot) as Snapshot;
    } catch (err) {
      await this.journal?.close().catch(() => undefined);
      this.journal = undefined;
      await this.lock.release().catch(() => undefined);
      this.lock = undefined; // the folder may be fixed and load() tried again
      throw err;
    }
  }

  commit(mutations: Mutation[]): Promise<void> {
    if (!this.journal) return Promise.reject(new Error('storage is not loaded'));
    if (this.closing) return Promise.reject(new Error(`storage ${this.dataFile} is closed`));
    if (this.failure) return Promise.reject(this.failure);
    let body: string;
    try {
      body = serialiseMutations(mutations);
    } catch (err) {
      return Promise.reject(err);
    }
    const group = (this.pending ??= newPendingGroup());
    if (mutations.length > 0) {
      group.parts.push(body);
      group.batches.push(mutations);
    }
    this.stats.commits++;
    this.kick();
    return group.promise;
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (!this.journal || !this.lock) return;
    await this.drained();
    await this.compaction;
    if (!this.failure && this.journal.size > 0) {
      const offset = this.journal.size;
      // No commit can arrive any more, so the live maps are the frozen view.
      await this.writeDataFile({ version: DATA_FORMAT_VERSION, seq: this.seq, collections: this.collections });
      await this.journal.keepFrom(offset);
      this.stats.journalBytes = this.journal.size;
      this.stats.compactions++;
    }
    await this.journal.close();
    await this.lock.release();
    this.collections = new Map();
    if (this.failure) throw this.failure;
  }

  /** Starts the writer loop on the next microtask, so commits made in the same tick share the first write. */
  private kick(): void {
    if (this.flushing) return;
    this.flushing = true;
    queueMicrotask(() => void this.writeLoop());
  }

  private async writeLoop(): Promise<void> {
    try {
      for (;;) {
        const task = this.exclusive;
        if (task) {
          this.exclusive = null;
          await this.settleSyncs(0);
          await task.run().then(task.resolve, task.reject);
          continue;
        }
        const group = this.pending;
        if (!group) {
          if (this.syncsInFlight.length === 0) break;
          await this.settleSyncs(0);
          continue;
        }
        this.pending = null;
        await this.writeGroup(group);
        await this.settleSyncs(MAX_SYNCS_IN_FLIGHT - 1);
        if (this.journal!.size >= this.compactAt && !this.compaction) {
          // The compaction view must hold exactly what the journal holds up to its offset: settle every write first.
          await this.settleSyncs(0);
          this.maybeStartCompaction();
        }
      }
    } finally {
      this.flushing = false;
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private async writeGroup(group: PendingGroup): Promise<void> {
    if (this.failure) return group.reject(this.failure);
    if (group.parts.length === 0) return group.resolve();
    const journal = this.journal!;
    const seq = this.seq + 1;
    try {
      await journal.write(journalLine(seq, group.parts));
    } catch (err) {
      if (err instanceof JournalBrokenError) this.failure = err;
      return group.reject(err);
    }
    this.seq = seq;
    this.stats.journalBytes = journal.size;
    this.unsynced.push({ seq, group });
    const synced = journal.sync().then(
      () => {
        this.stats.fsyncs++;
        this.acknowledgeThrough(seq);
      },
      (err: unknown) => {
        // The disk refused: nothing unsynced may be acknowledged, and the journal's state is unknown from here on.
        this.failure ??= new JournalBrokenError(this.journalFile, err);
        for (const { group: g } of this.unsynced.splice(0)) g.reject(this.failure);
      },
    );
    this.syncsInFlight.push(synced);
    void synced.finally(() => this.syncsInFlight.splice(this.syncsInFlight.indexOf(synced), 1));
  }

  /** A finished sync makes its group and every earlier one durable: apply and acknowledge them, in order. */
  private acknowledgeThrough(seq: number): void {
    while (this.unsynced.length > 0 && this.unsynced[0]!.seq <= seq) {
      const { group } = this.unsynced.shift()!;
      for (const batch of group.batches) applyMutations(this.collections, batch);
      group.resolve();
    }
  }

  /** Waits until at most `max` syncs are still running. */
  private async settleSyncs(max: number): Promise<void> {
    while (this.syncsInFlight.length > max) await Promise.race(this.syncsInFlight);
  }

  private drained(): Promise<void> {
    if (!this.flushing && !this.pending && !this.exclusive) return Promise.resolve();
    return new Promise<void>((wake) => this.idleWaiters.push(wake)).then(() => this.drained());
  }

  private runExclusive(run: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.exclusive = { run, resolve, reject };
      this.kick();
    });
  }

  private maybeStartCompaction(): void {
    const journal = this.journal!;
    if (this.compaction || this.failure || journal.size < this.compactAt) return;
    // Taken between two group writes, so the view is exactly the state at `seq` and everything in the journal
    // after `offset` comes later. The copies hold references only; the records themselves are not duplicated.
    const view = this.frozenView();
    const offset = journal.size;
    this.stats.compacting = true;
    this.compaction = this.compact(view, offset).finally(() => {
      this.compaction = null;
      this.stats.compacting = false;
    });
  }

  private async compact(view: DataFileDocument, offset: number): Promise<void> {
    try {
      await this.writeDataFile(view);
      await this.runExclusive(async () => {
        await this.journal!.keepFrom(offset);
        this.stats.journalBytes = this.journal!.size;
      });
      this.stats.compactions++;
      this.stats.lastCompactionError = undefined;
      this.compactAt = this.compactAfterBytes;
    } catch (err) {
      if (err instanceof JournalBrokenError) this.failure = err;
      // The journal still holds every group; try again once it has grown by another threshold.
      this.stats.lastCompactionError = (err as Error)?.message ?? String(err);
      this.compactAt = this.journal!.size + this.compactAfterBytes;
    }
  }

  /** lowdb writes the file through the durable adapter; `data` must not change until this resolves. */
  private async writeDataFile(view: DataFileDocument): Promise<void> {
    this.low.data = view;
    try {
      await this.low.write();
    } finally {
      this.low.data = emptyDocument();
    }
  }

  private frozenView(): DataFileDocument {
    const collections = new Map<string, Map<string, unknown>>();
    for (const [name, records] of this.collections) collections.set(name, new Map(records));
    return { version: DATA_FORMAT_VERSION, seq: this.seq, collections };
  }
}

/** The mutations as comma-separated JSON objects (a journal line's array body), reusing a caller's `json`. */
function serialiseMutations(mutations: Mutation[]): string {
  let out = '';
  for (let i = 0; i < mutations.length; i++) {
    const m = mutations[i]!;
    if (i > 0) out += ',';
    if (m.op === 'put' && m.json !== undefined) {
      out += `{"op":"put","coll":${JSON.stringify(m.coll)},"key":${JSON.stringify(m.key)},"value":${m.json}}`;
    } else {
      out += JSON.stringify(m.op === 'put' ? { op: m.op, coll: m.coll, key: m.key, value: m.value } : m);
    }
  }
  return out;
}

function newPendingGroup(): PendingGroup {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { parts: [], batches: [], promise, resolve, reject };
}

function emptyDocument(): DataFileDocument {
  return { version: DATA_FORMAT_VERSION, seq: 0, collections: new Map() };
}

function missingGroups(journalPath: string, firstSeq: number, fileSeq: number): DataFolderError {
  return new DataFolderError(
    journalPath,
    'corrupt',
    `${journalPath} continues at group ${firstSeq} but the data file ends at group ${fileSeq}; groups are missing. ` +
      'Both files were left untouched.',
  );
}

function applyMutations(collections: Map<string, Map<string, unknown>>, mutations: readonly Mutation[]): void {
  for (const mutation of mutations) {
    switch (mutation.op) {
      case 'put': {
        let records = collections.get(mutation.coll);
        if (!records) collections.set(mutation.coll, (records = new Map()));
        // The journal has no `undefined`; store null as a replay would.
        records.set(mutation.key, mutation.value === undefined ? null : mutation.value);
        break;
      }
      case 'del':
        collections.get(mutation.coll)?.delete(mutation.key);
        break;
      case 'clear':
        for (const records of collections.values()) records.clear();
        break;
    }
  }
}

/** The same as applyMutations, on the plain objects of a snapshot being loaded. */
function applyToRecords(snapshot: Map<string, Record<string, unknown>>, mutations: readonly Mutation[]): void {
  for (const mutation of mutations) {
    switch (mutation.op) {
      case 'put': {
        let records = snapshot.get(mutation.coll);
        if (!records) snapshot.set(mutation.coll, (records = {}));
        // Plain assignment of "__proto__" would replace the prototype instead of adding a record.
        Object.defineProperty(records, mutation.key, {
          value: mutation.value === undefined ? null : mutation.value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
        break;
      }
      case 'del':
        delete snapshot.get(mutation.coll)?.[mutation.key];
        break;
      case 'clear':
        for (const name of snapshot.keys()) snapshot.set(name, {});
        break;
    }
  }
}

function toMap(records: Record<string, unknown>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const key in records) map.set(key, records[key]);
  return map;
}
