// Plans a sync from the emulator to a tenant, without I/O: matches users (by email or user_id), and per user computes
// the exact PATCH body that would be sent under Auth0's one-level merge (a top-level key is replaced whole, null
// deletes it), with a three-way check against the last agreed copy so a change made on the tenant is never
// silently overwritten. https://auth0.com/docs/manage-users/user-accounts/metadata/manage-metadata-api
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Meta = { [key: string]: Json };
export type MetadataKind = 'app_metadata' | 'user_metadata';
export const METADATA_KINDS: readonly MetadataKind[] = ['app_metadata', 'user_metadata'];
export type MatchBy = 'email' | 'user_id';

/** The part of a user a sync looks at. */
export interface SyncUser {
  user_id: string;
  email?: string;
  app_metadata?: Meta;
  user_metadata?: Meta;
}

/**
 * The last copy both sides agreed on, per tenant user: a hash per top-level key (values are not kept, so the
 * copy on disk holds no personal data). Written when the user pulls, and per key when a sync writes it.
 */
export type BaseCopy = { [kind in MetadataKind]?: { [key: string]: string } };
export type BaseStore = { [tenantUserId: string]: BaseCopy };

export type KeyOutcome =
  /** The emulator's value goes to the tenant (added, changed, or `null` = deleted). */
  | 'write'
  /** Both sides changed the key since the last pull: not written unless the user overwrites. */
  | 'conflict'
  /** Changed on the tenant since the last pull, unchanged in the emulator: the tenant's value is kept. */
  | 'tenant-changed'
  /** On the tenant only, with no record that the emulator ever had it: kept. */
  | 'tenant-only';

export interface KeyDiff {
  kind: MetadataKind;
  key: string;
  outcome: KeyOutcome;
  /** undefined = absent on that side. */
  tenant?: Json;
  emulator?: Json;
  /** What a write sends: the emulator's value, or null to delete. */
  send?: Json;
}

export type UserStatus = 'update' | 'unchanged' | 'conflict' | 'not-on-tenant' | 'ambiguous';

export interface UserPlan {
  emulator: SyncUser;
  /** The matching tenant user (absent when not found or ambiguous). */
  tenant?: SyncUser;
  status: UserStatus;
  /** Every key that differs, with what happens to it. */
  keys: KeyDiff[];
  /** The exact PATCH /api/v2/users/{id} body (only keys whose outcome is `write`); undefined when nothing to send. */
  patch?: { app_metadata?: Meta; user_metadata?: Meta };
  /** Plain words for the user. */
  reason: string;
}

export interface PlanOptions {
  matchBy: MatchBy;
  base?: BaseStore;
  /** Emulator user_ids whose conflicting keys take the emulator's value. */
  overwrite?: ReadonlySet<string>;
}

/** Which tenant user each emulator user corresponds to. `candidates` are the tenant users found for it. */
export function matchUser(emulator: SyncUser, candidates: readonly SyncUser[], matchBy: MatchBy): SyncUser[] {
  if (matchBy === 'user_id') return candidates.filter((c) => c.user_id === emulator.user_id);
  const email = emulator.email?.toLowerCase();
  if (!email) return [];
  return candidates.filter((c) => c.email?.toLowerCase() === email);
}

export function planUser(emulator: SyncUser, candidates: readonly SyncUser[], opts: PlanOptions): UserPlan {
  const matches = matchUser(emulator, candidates, opts.matchBy);
  if (matches.length === 0) {
    const by = opts.matchBy === 'email' ? (emulator.email ? `email ${emulator.email}` : 'email (the user has none)') : `user_id ${emulator.user_id}`;
    return { emulator, status: 'not-on-tenant', keys: [], reason: `No tenant user with ${by}; users are not created by a sync.` };
  }
  if (matches.length > 1) {
    return {
      emulator,
      status: 'ambiguous',
      keys: [],
      reason: `${matches.length} tenant users share the email ${emulator.email} (${matches.map((m) => m.user_id).join(', ')}); match by user_id instead.`,
    };
  }
  const tenant = matches[0]!;
  const base = opts.base?.[tenant.user_id];
  const overwrite = opts.overwrite?.has(emulator.user_id) ?? false;
  const keys: KeyDiff[] = [];
  const patch: { app_metadata?: Meta; user_metadata?: Meta } = {};
  for (const kind of METADATA_KINDS) {
    const e = emulator[kind] ?? {};
    const t = tenant[kind] ?? {};
    const b = base?.[kind];
    for (const key of unionKeys(e, t, b)) {
      const diff = diffKey(kind, key, e, t, b, base !== undefined, overwrite);
      if (!diff) continue;
      keys.push(diff);
      if (diff.outcome === 'write') (patch[kind] ??= {})[key] = diff.send!;
    }
  }
  const conflicts = keys.filter((k) => k.outcome === 'conflict').length;
  const writes = keys.filter((k) => k.outcome === 'write').length;
  const hasPatch = writes > 0;
  const status: UserStatus = conflicts > 0 ? 'conflict' : hasPatch ? 'update' : 'unchanged';
  const reason =
    status === 'conflict'
      ? `${conflicts} key${conflicts === 1 ? '' : 's'} changed on the tenant and in the emulator since the last pull (${keys
          .filter((k) => k.outcome === 'conflict')
          .map((k) => `${k.kind}.${k.key}`)
          .join(', ')}); nothing is written for this user until you choose to overwrite.`
      : status === 'update'
        ? `${writes} key${writes === 1 ? '' : 's'} to write.`
        : keys.length
          ? 'Only the tenant changed; its values are kept.'
          : 'Already the same on the tenant.';
  return { emulator, tenant, status, keys, ...(hasPatch && status !== 'conflict' ? { patch } : {}), reason };
}

function diffKey(
  kind: MetadataKind,
  key: string,
  e: Meta,
  t: Meta,
  b: { [key: string]: string } | undefined,
  hasBase: boolean,
  overwrite: boolean,
): KeyDiff | undefined {
  const ev = own(e, key);
  const tv = own(t, key);
  if (sameJson(ev, tv)) return undefined;
  const values = { ...(tv !== undefined ? { tenant: tv } : {}), ...(ev !== undefined ? { emulator: ev } : {}) };
  const write: KeyDiff = { kind, key, outcome: 'write', ...values, send: ev === undefined ? null : ev };
  if (!hasBase) {
    // Two-way only: a key missing in the emulator may be one the tenant added; never delete it blindly.
    return ev === undefined ? { kind, key, outcome: 'tenant-only', ...values } : write;
  }
  const bh = b?.[key];
  const emulatorChanged = hashJson(ev) !== (bh ?? ABSENT);
  const tenantChanged = hashJson(tv) !== (bh ?? ABSENT);
  if (!tenantChanged) return write;
  if (!emulatorChanged) return { kind, key, outcome: bh === undefined ? 'tenant-only' : 'tenant-changed', ...values };
  return overwrite ? write : { kind, key, outcome: 'conflict', ...values };
}

const ABSENT = 'absent';

/** A stable hash of a JSON value (object keys sorted); `absent` for undefined. */
export function hashJson(value: Json | undefined): string {
  if (value === undefined) return ABSENT;
  return createHash('sha256').update(canonicalJson(value)).digest('base64url').slice(0, 22);
}

/** The base entry for a copy of the metadata as it now stands on both sides. */
export function baseCopyOf(user: Pick<SyncUser, MetadataKind>): BaseCopy {
  const copy: BaseCopy = {};
  for (const kind of METADATA_KINDS) {
    copy[kind] = Object.fromEntries(Object.entries(user[kind] ?? {}).map(([k, v]) => [k, hashJson(v)]));
  }
  return copy;
}

/** The base after a successful write: only the keys written move; the others keep their last agreed value. */
export function baseAfterWrite(base: BaseCopy | undefined, patch: NonNullable<UserPlan['patch']>, tenantBefore?: SyncUser): BaseCopy {
  const next: BaseCopy = {};
  for (const kind of METADATA_KINDS) {
    // With no base yet, the tenant's values as read are the agreed copy of every key that was not written.
    const start = base ? { ...(base[kind] ?? {}) } : baseCopyOf(tenantBefore ?? { user_id: '' })[kind] ?? {};
    for (const [key, value] of Object.entries(patch[kind] ?? {})) {
      if (value === null) delete start[key];
      else start[key] = hashJson(value);
    }
    next[kind] = start;
  }
  return next;
}

export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

function own(o: Meta, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function unionKeys(...objs: Array<object | undefined>): string[] {
  const keys = new Set<string>();
  for (const o of objs) for (const k of Object.keys(o ?? {})) keys.add(k);
  return [...keys];
}

export interface PlanSummary {
  update: number;
  unchanged: number;
  conflict: number;
  notOnTenant: number;
  ambiguous: number;
}

export function summarize(plans: readonly UserPlan[]): PlanSummary {
  const count = (s: UserStatus) => plans.filter((p) => p.status === s).length;
  return {
    update: count('update'),
    unchanged: count('unchanged'),
    conflict: count('conflict'),
    notOnTenant: count('not-on-tenant'),
    ambiguous: count('ambiguous'),
  };
}
