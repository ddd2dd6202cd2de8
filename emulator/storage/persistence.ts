// The contract between the emulator's in-memory database and durable storage. Storage is generic: it persists
// keyed records per collection and knows nothing about users.
import type { CollectionName, Collections } from '../core/users/user.js';

export type Mutation =
  /** `json`, when given, is `JSON.stringify(value)` already made by the caller: the journal reuses it. */
  | { op: 'put'; coll: CollectionName; key: string; value: unknown; json?: string }
  | { op: 'del'; coll: CollectionName; key: string }
  | { op: 'clear' };

export type Snapshot = { [C in CollectionName]: Record<string, Collections[C]> };

export interface Persistence {
  /** Reads the last durable state (lowdb file plus journal replay). Called once before anything else. */
  load(): Promise<Snapshot>;
  /**
   * Queues mutations and resolves once they are durable on disk. Mutations queued while a flush runs share the
   * next flush (group commit). Order of calls is the order of application.
   */
  commit(mutations: Mutation[]): Promise<void>;
  /** Flushes everything queued and writes a compacted lowdb file; used on shutdown and export. */
  close(): Promise<void>;
  /** A human description for logs: the data file path, or "memory". */
  readonly location: string;
}

export function emptySnapshot(): Snapshot {
  return { users: {}, credentials: {}, roles: {}, userRoles: {}, clients: {}, connections: {}, meta: {} };
}

/** Why a data folder cannot be opened. Nothing in the folder is deleted or overwritten when this is thrown. */
export type DataFolderProblem = 'corrupt' | 'newer-version' | 'locked';

/**
 * Thrown by `load()` when the data folder cannot be used as it is: its files are not valid JSON, they were written
 * by a newer emulator, or another running emulator holds the folder. The CLI and the extension show `message`.
 */
export class DataFolderError extends Error {
  override readonly name = 'DataFolderError';
  constructor(
    /** The file (or folder) the problem is about. */
    readonly path: string,
    readonly reason: DataFolderProblem,
    message: string,
  ) {
    super(message);
  }
}
