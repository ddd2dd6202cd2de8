// The emulator's in-memory database: every collection lives in a Map, reads are synchronous, and each mutation is
// applied in memory at once (so concurrent writers never lose updates) and handed to Persistence as one group.
// Callers await the returned promise before answering: a write is acknowledged only once it is durable.
import type { Mutation, Persistence, Snapshot } from '../storage/persistence.js';
import type { CollectionName, Collections, StoredUser } from './users/user.js';

type Tables = { [C in CollectionName]: Map<string, Collections[C]> };

export class Database {
  private tables: Tables;
  /** lower-cased email -> user ids (emails are not unique across connections) */
  private byEmail = new Map<string, Set<string>>();
  private revisionCounter = 0;
  private waiters = new Set<() => void>();

  constructor(
    private readonly persistence: Persistence,
    snapshot: Snapshot,
  ) {
    this.tables = Database.tablesFrom(snapshot);
    this.reindex();
  }

  static async open(persistence: Persistence): Promise<Database> {
    return new Database(persistence, await persistence.load());
  }

  get location(): string {
    return this.persistence.location;
  }

  /** Increases on every committed change: the extension long-polls it to refresh its tree. */
  get revision(): number {
    return this.revisionCounter;
  }

  get<C extends CollectionName>(coll: C, key: string): Collections[C] | undefined {
    return this.tables[coll].get(key) as Collections[C] | undefined;
  }

  values<C extends CollectionName>(coll: C): IterableIterator<Collections[C]> {
    return this.tables[coll].values() as IterableIterator<Collections[C]>;
  }

  size(coll: CollectionName): number {
    return this.tables[coll].size;
  }

  usersByEmail(email: string): StoredUser[] {
    const ids = this.byEmail.get(email.toLowerCase());
    if (!ids) return [];
    const out: StoredUser[] = [];
    for (const id of ids) {
      const u = this.tables.users.get(id);
      if (u) out.push(u);
    }
    return out;
  }

  /** Applies puts/deletes in memory now and resolves once they are durable. */
  write(mutations: Mutation[]): Promise<void> {
    if (mutations.length === 0) return Promise.resolve();
    for (const m of mutations) this.apply(m);
    this.revisionCounter++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    return this.persistence.commit(mutations);
  }

  put<C extends CollectionName>(coll: C, key: string, value: Collections[C]): Promise<void> {
    return this.write([{ op: 'put', coll, key, value }]);
  }

  delete(coll: CollectionName, key: string): Promise<void> {
    return this.write([{ op: 'del', coll, key }]);
  }

  /** Replaces everything (import / reset). */
  replaceAll(snapshot: Snapshot): Promise<void> {
    const muts: Mutation[] = [{ op: 'clear' }];
    for (const coll of Object.keys(snapshot) as CollectionName[]) {
      for (const [key, value] of Object.entries(snapshot[coll])) muts.push({ op: 'put', coll, key, value });
    }
    return this.write(muts);
  }

  snapshot(): Snapshot {
    const out = {} as Record<CollectionName, Record<string, unknown>>;
    for (const coll of Object.keys(this.tables) as CollectionName[]) out[coll] = Object.fromEntries(this.tables[coll]);
    return out as Snapshot;
  }

  /** Resolves when the revision moves past `after`, or after `timeoutMs` (long-poll). */
  waitForChange(after: number, timeoutMs: number): Promise<number> {
    if (this.revisionCounter > after) return Promise.resolve(this.revisionCounter);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(this.revisionCounter);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(this.revisionCounter);
      }, timeoutMs);
      timer.unref?.();
      this.waiters.add(wake);
    });
  }

  close(): Promise<void> {
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    return this.persistence.close();
  }

  private apply(m: Mutation): void {
    if (m.op === 'clear') {
      for (const t of Object.values(this.tables)) t.clear();
      this.byEmail.clear();
      return;
    }
    const table = this.tables[m.coll] as Map<string, unknown>;
    if (m.coll === 'users') {
      const old = this.tables.users.get(m.key);
      // Most writes keep the email: leave the index alone then.
      if (m.op === 'put' && old && old.email === (m.value as StoredUser).email) {
        table.set(m.key, m.value);
        return;
      }
      this.unindexUser(m.key);
    }
    if (m.op === 'put') {
      table.set(m.key, m.value);
      if (m.coll === 'users') this.indexUser(m.value as StoredUser);
    } else {
      table.delete(m.key);
    }
  }

  private indexUser(u: StoredUser): void {
    if (typeof u.email !== 'string') return;
    const k = u.email.toLowerCase();
    let set = this.byEmail.get(k);
    if (!set) this.byEmail.set(k, (set = new Set()));
    set.add(u.user_id);
  }

  private unindexUser(id: string): void {
    const old = this.tables.users.get(id);
    if (!old || typeof old.email !== 'string') return;
    const k = old.email.toLowerCase();
    const set = this.byEmail.get(k);
    set?.delete(id);
    if (set && set.size === 0) this.byEmail.delete(k);
  }

  private reindex(): void {
    this.byEmail.clear();
    for (const u of this.tables.users.values()) this.indexUser(u);
  }

  private static tablesFrom(s: Snapshot): Tables {
    const t = {} as Record<CollectionName, Map<string, unknown>>;
    for (const coll of ['users', 'credentials', 'roles', 'userRoles', 'clients', 'connections', 'meta'] as CollectionName[]) {
      t[coll] = new Map(Object.entries(s[coll] ?? {}));
    }
    return t as Tables;
  }
}
