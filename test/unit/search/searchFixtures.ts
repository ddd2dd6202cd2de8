// Builds stored users and runs a q string over them, so search tests read as "these users, this query, these ids".
import type { SearchOptions } from '../../../emulator/core/users/search/index.js';
import { compileQuery } from '../../../emulator/core/users/search/index.js';
import type { StoredUser } from '../../../emulator/core/users/user.js';

let seq = 0;

/** A stored user as the emulator keeps it; only user_id is needed, the rest defaults like a fresh DB user. */
export function user(fields: Partial<StoredUser> & { user_id: string }): StoredUser {
  seq++;
  const stamp = new Date(Date.UTC(2020, 0, 1) + seq * 1000).toISOString();
  return {
    created_at: stamp,
    updated_at: stamp,
    identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: fields.user_id.replace(/^auth0\|/, ''), isSocial: false }],
    ...fields,
  };
}

/** user_ids matching q, in input order. */
export function search(q: string, users: StoredUser[], opts?: SearchOptions): string[] {
  const matches = compileQuery(q, opts);
  return users.filter((u) => matches(u)).map((u) => u.user_id);
}
