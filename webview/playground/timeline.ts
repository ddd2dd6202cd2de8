// Pure views of a run: the commit timeline (which Action queued which metadata key, what later Actions saw), the
// before/after metadata diff, custom claims, and the many-users summary with the outliers first.
import type { CommandView, MetadataBag, StepView, TranscriptView, UserRunResult } from './protocol.js';

export type MetadataKind = 'app_metadata' | 'user_metadata';

export interface QueuedChange {
  kind: MetadataKind;
  key: string;
  /** set: a value queued; delete: null queued (removed on flush); cancel: undefined passed (pending change dropped). */
  op: 'set' | 'delete' | 'cancel';
  value?: unknown;
}

export interface TimelineStep {
  name: string;
  file: string;
  handler: string;
  ms: number;
  /** The metadata this Action saw in event.user (the stored values plus what earlier Actions queued). */
  saw: Record<MetadataKind, MetadataBag>;
  queued: QueuedChange[];
  /** Other api calls, one readable line each. */
  calls: string[];
  logs: string[];
  error: string | null;
  notes: string[];
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function queuedOf(c: CommandView): QueuedChange | undefined {
  if (c.type !== 'user.setAppMetadata' && c.type !== 'user.setUserMetadata') return undefined;
  const kind: MetadataKind = c.type === 'user.setAppMetadata' ? 'app_metadata' : 'user_metadata';
  if (c.cancel) return { kind, key: c.key ?? '', op: 'cancel' };
  if (c.value === null) return { kind, key: c.key ?? '', op: 'delete', value: null };
  return { kind, key: c.key ?? '', op: 'set', value: c.value };
}

export function describeCall(c: CommandView): string {
  const v = (x: unknown) => JSON.stringify(x);
  switch (c.type) {
    case 'idToken.setCustomClaim':
    case 'accessToken.setCustomClaim':
      return `${c.type}(${v(c.key)}, ${v(c.value)})`;
    case 'access.deny':
      return `access.deny(${v(c.reason)})`;
    case 'redirect.sendUserTo':
      return `redirect.sendUserTo(${v(c.url)})`;
    case 'accessToken.addScope':
    case 'accessToken.removeScope':
      return `${c.type}(${v(c.scope)})`;
    case 'transaction.setMetadata':
      return `transaction.setMetadata(${v(c.key)}, ${v(c.value)})`;
    case 'unsupported':
    case 'late':
    case 'authentication':
      return `${c.type}: ${c.method ?? ''}`;
    default:
      return c.type;
  }
}

/** Replays the steps' metadata commands over the stored metadata, as the flow executor shows it to later Actions. */
export function buildTimeline(before: UserRunResult['before'], t: TranscriptView): TimelineStep[] {
  const stored: Record<MetadataKind, MetadataBag> = { app_metadata: clone(before.app_metadata ?? {}), user_metadata: clone(before.user_metadata ?? {}) };
  const view: Record<MetadataKind, MetadataBag> = clone(stored);
  return t.actions.map((s: StepView) => {
    const saw = clone(view);
    const queued: QueuedChange[] = [];
    const calls: string[] = [];
    for (const c of s.commands) {
      const q = queuedOf(c);
      if (!q) {
        if (!c.type.startsWith('cache.')) calls.push(describeCall(c));
        continue;
      }
      queued.push(q);
      if (q.op === 'cancel') {
        if (q.key in stored[q.kind]) view[q.kind][q.key] = clone(stored[q.kind][q.key]);
        else delete view[q.kind][q.key];
      } else if (q.op === 'delete') delete view[q.kind][q.key];
      else view[q.kind][q.key] = clone(q.value);
    }
    return { name: s.name, file: s.file, handler: s.handler, ms: s.ms, saw, queued, calls, logs: s.logs.map((l) => l.message), error: s.error, notes: s.notes };
  });
}

export interface KeyDiff {
  kind: MetadataKind;
  key: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Top-level keys that differ between before and after (Auth0 merges metadata one level deep). */
export function metadataDiff(before: UserRunResult['before'], after: TranscriptView['user']): KeyDiff[] {
  const out: KeyDiff[] = [];
  for (const kind of ['app_metadata', 'user_metadata'] as const) {
    const a = before[kind] ?? {};
    const b = (after?.[kind] as MetadataBag | undefined) ?? {};
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(key in b)) out.push({ kind, key, change: 'removed', before: a[key] });
      else if (!(key in a)) out.push({ kind, key, change: 'added', after: b[key] });
      else if (!same(a[key], b[key])) out.push({ kind, key, change: 'changed', before: a[key], after: b[key] });
    }
  }
  return out;
}

/** Registered and OIDC profile claims every token carries; the rest are what Rules and Actions added. */
const STANDARD_CLAIMS = new Set([
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'scope', 'gty', 'auth_time', 'nonce', 'sid', 'at_hash', 'c_hash', 'acr', 'amr',
  'org_id', 'org_name', 'permissions', 'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile',
  'picture', 'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified',
  'address', 'updated_at',
]);

export function customClaims(claims: MetadataBag | null): MetadataBag {
  return Object.fromEntries(Object.entries(claims ?? {}).filter(([k]) => !STANDARD_CLAIMS.has(k)));
}

export type Outlier = 'error' | 'denied' | 'redirect' | 'slow' | 'retried';

export interface SummaryRow {
  userId: string;
  label?: string;
  status: TranscriptView['status'];
  ms: number;
  /** Metadata keys written (or that would be, in a dry run). */
  written: string[];
  outliers: Outlier[];
  reason?: string;
}

const RANK: Record<Outlier, number> = { error: 0, denied: 1, retried: 2, slow: 3, redirect: 4 };

/** A run is slow when it took over twice the median and over 50 ms (or over 1 s outright). */
export function summarize(results: UserRunResult[]): SummaryRow[] {
  const times = results.map((r) => r.transcript.ms || r.transcript.actions.reduce((n, s) => n + s.ms, 0));
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! : 0;
  const rows = results.map((r, i): SummaryRow => {
    const t = r.transcript;
    const ms = times[i]!;
    const outliers: Outlier[] = [];
    if (t.status === 'failed') outliers.push('error');
    if (t.status === 'denied') outliers.push('denied');
    if (t.status === 'redirect') outliers.push('redirect');
    if (t.write?.retries.length) outliers.push('retried');
    if (ms > 1000 || (results.length > 2 && ms > 2 * median && ms > 50)) outliers.push('slow');
    const patch = t.write?.patch ?? {};
    const written = [...Object.keys(patch.app_metadata ?? {}).map((k) => `app_metadata.${k}`), ...Object.keys(patch.user_metadata ?? {}).map((k) => `user_metadata.${k}`)];
    const reason = t.error?.error_description ?? (typeof t.denied === 'string' ? t.denied : undefined);
    return { userId: r.userId, ...(r.label ? { label: r.label } : {}), status: t.status, ms, written, outliers, ...(reason ? { reason } : {}) };
  });
  const rank = (r: SummaryRow) => (r.outliers.length ? Math.min(...r.outliers.map((o) => RANK[o])) : 99);
  return rows.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || (rank(a.r) === 99 ? a.i - b.i : b.r.ms - a.r.ms)).map((x) => x.r);
}
