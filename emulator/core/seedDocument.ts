// The seed/export document: what `--seed <file>`, POST /_emulator/seed, /_emulator/import and /_emulator/export
// speak. Plain JSON so that teams can keep seeds in their repository.
import type { Client, Connection, Role, StoredUser, UserCredentials } from './users/user.js';

/** A user in a seed: a stored user, optionally with a plain-text password for password grants. */
export type SeedUser = Partial<StoredUser> & { user_id?: string; password?: string; connection?: string };

export interface SeedDocument {
  /** Format version; absent means 1. */
  version?: number;
  users?: SeedUser[];
  clients?: Client[];
  /** Roles by id; `id` may be omitted and is then generated. */
  roles?: Array<Partial<Role> & { name: string }>;
  connections?: Connection[];
  /** user_id -> role ids or role names */
  userRoles?: Record<string, string[]>;
  /** Password hashes, as exported; lets an export round-trip through import without plain-text passwords. */
  credentials?: UserCredentials[];
}
