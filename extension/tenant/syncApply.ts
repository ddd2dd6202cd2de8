// Applies a sync plan to a tenant: one PATCH per user, in order, with progress, cancellation (AbortSignal) and its
// own back-off on 429 that waits until `x-ratelimit-reset` (epoch seconds, auth0-facts §5). The SDK's retries are
// off for these writes (maxRetries 0), so this loop alone decides when to try again. Every write is recorded in a
// journal the moment it succeeds, so a sync stopped halfway reports exactly what was written; a re-run plans
// against the tenant as it now is, so a key already equal there is not written again.
import type { Meta, UserPlan } from './syncPlan.js';

export interface WriteRequest {
  tenantUserId: string;
  patch: { app_metadata?: Meta; user_metadata?: Meta };
  signal: AbortSignal;
}

/** What a failed write looks like (the tenant client maps SDK errors to this). */
export interface WriteFailure {
  statusCode?: number;
  /** Network failure (DNS, refused, reset): the run stops. */
  network?: boolean;
  /** `x-ratelimit-reset` of a 429, epoch seconds. */
  rateLimitReset?: number;
  message: string;
}

export interface JournalEntry {
  at: string;
  emulatorUserId: string;
  tenantUserId: string;
  patch: WriteRequest['patch'];
  /** The tenant's user after the write (metadata only). */
  result?: { app_metadata?: Meta; user_metadata?: Meta };
}

export type ReportOutcome = 'written' | 'would-write' | 'skipped' | 'failed' | 'not-attempted';

export interface ReportLine {
  emulatorUserId: string;
  label: string;
  tenantUserId?: string;
  outcome: ReportOutcome;
  reason: string;
  patch?: WriteRequest['patch'];
}

export interface SyncReport {
  dryRun: boolean;
  /** Why the run ended early, if it did. */
  stopped?: 'cancelled' | 'network' | 'unauthorized';
  stopReason?: string;
  lines: ReportLine[];
  written: number;
  skipped: number;
  failed: number;
  notAttempted: number;
  /** 429s answered by waiting. */
  rateLimited: number;
}

export interface ApplyOptions {
  dryRun?: boolean;
  write(req: WriteRequest): Promise<{ app_metadata?: Meta; user_metadata?: Meta }>;
  /** Turns a thrown error into a WriteFailure. */
  classify(err: unknown): WriteFailure;
  onProgress?(done: number, total: number, line: ReportLine): void;
  /** Called after each successful write, before the next one starts (persist it). */
  onWritten?(entry: JournalEntry): void | Promise<void>;
  signal?: AbortSignal;
  /** Tries per user on 429 before giving up on that user (default 5). */
  maxAttempts?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Longest single wait (default 60 s, as the SDK). */
  maxDelayMs?: number;
}

export function labelOf(plan: UserPlan): string {
  return plan.emulator.email ?? plan.emulator.user_id;
}

export async function applySync(plans: readonly UserPlan[], opts: ApplyOptions): Promise<SyncReport> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxDelay = opts.maxDelayMs ?? 60_000;
  const signal = opts.signal ?? new AbortController().signal;
  const report: SyncReport = { dryRun: !!opts.dryRun, lines: [], written: 0, skipped: 0, failed: 0, notAttempted: 0, rateLimited: 0 };
  const push = (line: ReportLine) => {
    report.lines.push(line);
    if (line.outcome === 'written' || line.outcome === 'would-write') report.written++;
    else if (line.outcome === 'skipped') report.skipped++;
    else if (line.outcome === 'failed') report.failed++;
    else report.notAttempted++;
    opts.onProgress?.(report.lines.length, plans.length, line);
  };

  for (const plan of plans) {
    const base = { emulatorUserId: plan.emulator.user_id, label: labelOf(plan), ...(plan.tenant ? { tenantUserId: plan.tenant.user_id } : {}) };
    if (report.stopped) {
      push({ ...base, outcome: 'not-attempted', reason: `Not attempted: ${report.stopReason}` });
      continue;
    }
    if (!plan.patch || !plan.tenant) {
      push({ ...base, outcome: 'skipped', reason: plan.reason });
      continue;
    }
    if (opts.dryRun) {
      push({ ...base, outcome: 'would-write', reason: `Dry run: ${plan.reason}`, patch: plan.patch });
      continue;
    }
    if (signal.aborted) {
      stop(report, 'cancelled', 'the sync was cancelled.');
      push({ ...base, outcome: 'not-attempted', reason: 'Not attempted: the sync was cancelled.' });
      continue;
    }
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const result = await opts.write({ tenantUserId: plan.tenant.user_id, patch: plan.patch, signal });
        await opts.onWritten?.({
          at: new Date(now()).toISOString(),
          emulatorUserId: plan.emulator.user_id,
          tenantUserId: plan.tenant.user_id,
          patch: plan.patch,
          result,
        });
        push({ ...base, outcome: 'written', reason: plan.reason, patch: plan.patch });
        break;
      } catch (err) {
        if (signal.aborted) {
          stop(report, 'cancelled', 'the sync was cancelled.');
          // The request may or may not have reached the tenant; a re-run compares and writes only what differs.
          push({ ...base, outcome: 'not-attempted', reason: 'Cancelled while this write was in flight; run the sync again to check it.' });
          break;
        }
        const f = opts.classify(err);
        if (f.statusCode === 429 && attempt < maxAttempts) {
          report.rateLimited++;
          const wait = f.rateLimitReset !== undefined ? Math.max(0, f.rateLimitReset * 1000 - now()) + 100 : 1000 * 2 ** (attempt - 1);
          try {
            await sleep(Math.min(wait, maxDelay), signal);
          } catch {
            stop(report, 'cancelled', 'the sync was cancelled.');
            push({ ...base, outcome: 'not-attempted', reason: 'Cancelled while waiting for the rate limit.' });
            break;
          }
          continue;
        }
        if (f.network) {
          stop(report, 'network', `the tenant could not be reached (${f.message}).`);
          push({ ...base, outcome: 'not-attempted', reason: `Not written: the tenant could not be reached (${f.message}).` });
        } else if (f.statusCode === 401) {
          stop(report, 'unauthorized', f.message);
          push({ ...base, outcome: 'failed', reason: f.message });
        } else {
          push({ ...base, outcome: 'failed', reason: f.statusCode === 429 ? `Still rate limited after ${attempt} tries: ${f.message}` : f.message });
        }
        break;
      }
    }
  }
  return report;
}

function stop(report: SyncReport, why: NonNullable<SyncReport['stopped']>, reason: string): void {
  if (report.stopped) return;
  report.stopped = why;
  report.stopReason = reason;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One paragraph for a notification or the log. */
export function describeReport(r: SyncReport, tenant: string): string {
  const verb = r.dryRun ? 'would be written' : 'written';
  const parts = [`${r.written} user${r.written === 1 ? '' : 's'} ${verb} to ${tenant}`, `${r.skipped} skipped`];
  if (r.failed) parts.push(`${r.failed} failed`);
  if (r.notAttempted) parts.push(`${r.notAttempted} not attempted`);
  if (r.rateLimited) parts.push(`${r.rateLimited} rate-limit wait${r.rateLimited === 1 ? '' : 's'}`);
  const head = r.dryRun ? 'Dry run (nothing written): ' : r.stopped ? `Sync stopped (${r.stopReason}) ` : 'Sync finished: ';
  return `${head}${parts.join(', ')}.`;
}
