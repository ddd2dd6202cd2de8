// The sync and the pull as steps over a connected tenant, free of VS Code: find each chosen emulator user on the
// tenant, plan (syncPlan.ts), apply (syncApply.ts) while keeping the last agreed copy and a journal on disk, and
// pull a scrubbed sample of users for the emulator. The extension and the integration tests both drive these.
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scrubUsers } from './scrub.js';
import { applySync, type JournalEntry, type ReportLine, type SyncReport } from './syncApply.js';
import { baseAfterWrite, baseCopyOf, planUser, type BaseStore, type MatchBy, type SyncUser, type UserPlan } from './syncPlan.js';
import type { TenantConnection, TenantUser } from './tenantConnection.js';

/** The last agreed copy (hashes only) and the sync journal of one tenant, as files in a folder. */
export class TenantStateFiles {
  private readonly basePath: string;
  readonly journalPath: string;

  constructor(dir: string, tenantKey: string) {
    mkdirSync(dir, { recursive: true });
    const safe = tenantKey.replace(/[^\w.-]+/g, '_');
    this.basePath = path.join(dir, `${safe}.base.json`);
    this.journalPath = path.join(dir, `${safe}.journal.jsonl`);
  }

  loadBase(): BaseStore {
    try {
      return (JSON.parse(readFileSync(this.basePath, 'utf8')) as { users?: BaseStore }).users ?? {};
    } catch {
      return {};
    }
  }

  saveBase(users: BaseStore): void {
    const tmp = `${this.basePath}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, users }, null, 1));
    renameSync(tmp, this.basePath);
  }

  appendJournal(entry: JournalEntry): void {
    // Ids and the keys written, not the values: the journal says what was written without copying personal data.
    const line = { at: entry.at, emulatorUserId: entry.emulatorUserId, tenantUserId: entry.tenantUserId, keys: keysOf(entry.patch) };
    appendFileSync(this.journalPath, `${JSON.stringify(line)}\n`);
  }

  readJournal(): Array<{ at: string; emulatorUserId: string; tenantUserId: string; keys: string[] }> {
    try {
      return readFileSync(this.journalPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    } catch {
      return [];
    }
  }
}

function keysOf(patch: JournalEntry['patch']): string[] {
  return Object.entries(patch).flatMap(([kind, m]) => Object.keys(m ?? {}).map((k) => `${kind}.${k}`));
}

/** The tenant users each emulator user could match (a read per user: by id, or users-by-email). */
export async function findOnTenant(tenant: TenantConnection, users: readonly SyncUser[], matchBy: MatchBy, concurrency = 4): Promise<Map<string, TenantUser[]>> {
  const found = new Map<string, TenantUser[]>();
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const u = users[next++]!;
      if (matchBy === 'user_id') {
        const t = await tenant.getUser(u.user_id);
        found.set(u.user_id, t ? [t] : []);
      } else {
        found.set(u.user_id, u.email ? await tenant.findByEmail(u.email) : []);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, users.length) }, worker));
  return found;
}

export interface PlanRequest {
  matchBy: MatchBy;
  overwrite?: ReadonlySet<string>;
}

export async function planSync(tenant: TenantConnection, emulatorUsers: readonly SyncUser[], files: TenantStateFiles, req: PlanRequest): Promise<UserPlan[]> {
  const found = await findOnTenant(tenant, emulatorUsers, req.matchBy);
  const base = files.loadBase();
  return emulatorUsers.map((u) => planUser(u, found.get(u.user_id) ?? [], { matchBy: req.matchBy, base, ...(req.overwrite ? { overwrite: req.overwrite } : {}) }));
}

export interface RunOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, line: ReportLine): void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Applies the plans; each successful write moves the agreed copy of the keys written and is journaled. */
export async function runSync(tenant: TenantConnection, plans: readonly UserPlan[], files: TenantStateFiles, opts: RunOptions = {}): Promise<SyncReport> {
  const base = files.loadBase();
  const byTenantId = new Map(plans.filter((p) => p.tenant).map((p) => [p.tenant!.user_id, p]));
  return applySync(plans, {
    dryRun: opts.dryRun,
    signal: opts.signal,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    onProgress: opts.onProgress,
    write: (r) => tenant.updateMetadata(r.tenantUserId, r.patch, r.signal, byTenantId.get(r.tenantUserId)?.emulator.email),
    classify: (err) => tenant.classify(err),
    onWritten: (entry) => {
      base[entry.tenantUserId] = baseAfterWrite(base[entry.tenantUserId], entry.patch, byTenantId.get(entry.tenantUserId)?.tenant);
      files.saveBase(base);
      files.appendJournal(entry);
    },
  });
}

export interface PullOptions {
  /** Lucene query (search v3); empty = any users. */
  q?: string;
  /** How many users (the first pages of the result), default 50. */
  count?: number;
  /** Scrub personal data (default true) with this key; the same key gives the same fake users. */
  scrub?: boolean;
  scrubKey?: string;
}

/** A sample of tenant users, scrubbed, ready for the emulator's seed route; their agreed copy is recorded. */
export async function pullSample(tenant: TenantConnection, files: TenantStateFiles, opts: PullOptions = {}): Promise<TenantUser[]> {
  const count = opts.count ?? 50;
  const users: TenantUser[] = [];
  for (let page = 0; users.length < count; page++) {
    const perPage = Math.min(100, count);
    const got = await tenant.listUsers({ q: opts.q, page, perPage });
    users.push(...got.users);
    if (got.users.length < perPage) break;
  }
  const sample = users.slice(0, count);
  const out = opts.scrub === false ? sample : scrubUsers(sample, opts.scrubKey ?? tenant.creds.domain);
  // The agreed copy is what the emulator now holds: a key whose value scrubbing changed differs from the tenant's, so
  // a later sync sees it as changed on the tenant and never pushes a scrubbed value back by itself.
  const base = files.loadBase();
  for (const u of out) base[u.user_id] = baseCopyOf(u);
  files.saveBase(base);
  return out;
}

/** A pulled user as a seed user for POST /_emulator/seed: read-only counters and IdP tokens left out. */
export function toSeedUser(u: TenantUser): Record<string, unknown> {
  const { logins_count: _l, last_login: _ll, last_ip: _ip, multifactor: _m, ...rest } = u as Record<string, unknown>;
  const identities = (u.identities ?? []).map(({ connection, provider, user_id, isSocial }) => ({ connection, provider, user_id, isSocial }));
  return { ...rest, identities, ...(u.identities?.[0] ? { connection: u.identities[0].connection } : {}) };
}
