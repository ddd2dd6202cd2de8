// Applying a sync: progress, 429 back-off following x-ratelimit-reset, cancellation, per-user failures, the journal,
// the report, and a dry run that writes nothing.
import assert from 'node:assert/strict';
import { applySync, describeReport, type WriteFailure, type WriteRequest } from '../../../extension/tenant/syncApply.js';
import { planUser, type SyncUser, type UserPlan } from '../../../extension/tenant/syncPlan.js';

function plans(n: number): UserPlan[] {
  return Array.from({ length: n }, (_, i) => {
    const e: SyncUser = { user_id: `e${i}`, email: `u${i}@x.test`, app_metadata: { v: i } };
    const t: SyncUser = { user_id: `t${i}`, email: `u${i}@x.test`, app_metadata: { v: -1 } };
    return planUser(e, [t], { matchBy: 'email' });
  });
}

class Fail extends Error {
  constructor(readonly f: WriteFailure) {
    super(f.message);
  }
}
const classify = (err: unknown): WriteFailure => (err instanceof Fail ? err.f : { message: String(err) });

describe('applying a sync', () => {
  it('writes each planned PATCH once, in order, reporting progress and journaling each write', async () => {
    const writes: WriteRequest[] = [];
    const progress: number[] = [];
    const journal: string[] = [];
    const report = await applySync(plans(3), {
      write: async (r) => (writes.push(r), { app_metadata: r.patch.app_metadata! }),
      classify,
      onProgress: (done) => progress.push(done),
      onWritten: (e) => void journal.push(e.tenantUserId),
    });
    assert.deepEqual(writes.map((w) => [w.tenantUserId, w.patch]), [['t0', { app_metadata: { v: 0 } }], ['t1', { app_metadata: { v: 1 } }], ['t2', { app_metadata: { v: 2 } }]]);
    assert.deepEqual(progress, [1, 2, 3]);
    assert.deepEqual(journal, ['t0', 't1', 't2']);
    assert.equal(report.written, 3);
    assert.equal(describeReport(report, 'acme.eu.auth0.com'), 'Sync finished: 3 users written to acme.eu.auth0.com, 0 skipped.');
  });

  it('a dry run writes nothing and says what would be written', async () => {
    let calls = 0;
    const report = await applySync(plans(2), { dryRun: true, write: async () => (calls++, {}), classify });
    assert.equal(calls, 0);
    assert.deepEqual(report.lines.map((l) => l.outcome), ['would-write', 'would-write']);
    assert.match(describeReport(report, 'T'), /^Dry run \(nothing written\): 2 users would be written/);
  });

  it('on 429 waits until x-ratelimit-reset, then retries the same user', async () => {
    let clock = 1_700_000_000_000;
    const waits: number[] = [];
    let failures = 2;
    const report = await applySync(plans(1), {
      write: async () => {
        if (failures-- > 0) throw new Fail({ statusCode: 429, rateLimitReset: Math.floor(clock / 1000) + 3, message: 'Global limit has been reached' });
        return {};
      },
      classify,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    assert.equal(report.written, 1);
    assert.equal(report.rateLimited, 2);
    assert.equal(waits.length, 2);
    assert.ok(waits.every((w) => w >= 3000 && w <= 3200), `waited ${waits}`);
  });

  it('gives up on a user still rate limited after maxAttempts, and goes on', async () => {
    const report = await applySync(plans(2), {
      write: async (r) => {
        if (r.tenantUserId === 't0') throw new Fail({ statusCode: 429, message: 'Global limit has been reached' });
        return {};
      },
      classify,
      maxAttempts: 3,
      sleep: async () => {},
    });
    assert.deepEqual(report.lines.map((l) => l.outcome), ['failed', 'written']);
    assert.match(report.lines[0]!.reason, /Still rate limited after 3 tries/);
  });

  it('a 403 on one user fails that user only, with the reason', async () => {
    const report = await applySync(plans(3), {
      write: async (r) => {
        if (r.tenantUserId === 't1') throw new Fail({ statusCode: 403, message: 'The tenant refused to change u1@x.test: missing scope update:users.' });
        return {};
      },
      classify,
    });
    assert.deepEqual(report.lines.map((l) => l.outcome), ['written', 'failed', 'written']);
    assert.match(report.lines[1]!.reason, /update:users/);
  });

  it('stops when the network is gone and lists what was written and what was not attempted', async () => {
    const report = await applySync(plans(4), {
      write: async (r) => {
        if (r.tenantUserId === 't2') throw new Fail({ network: true, message: 'getaddrinfo ENOTFOUND acme.auth0.com' });
        return {};
      },
      classify,
    });
    assert.deepEqual(report.lines.map((l) => l.outcome), ['written', 'written', 'not-attempted', 'not-attempted']);
    assert.equal(report.stopped, 'network');
    assert.match(describeReport(report, 'acme'), /stopped .*could not be reached.* 2 users written/);
  });

  it('stops on cancellation, between writes or while waiting for the rate limit', async () => {
    const ctrl = new AbortController();
    const report = await applySync(plans(3), {
      write: async (r) => {
        if (r.tenantUserId === 't1') {
          ctrl.abort();
          throw new Fail({ statusCode: 429, message: 'limit' });
        }
        return {};
      },
      classify,
      signal: ctrl.signal,
    });
    assert.equal(report.stopped, 'cancelled');
    assert.deepEqual(report.lines.map((l) => l.outcome), ['written', 'not-attempted', 'not-attempted']);
  });

  it('skips users with nothing to write or a conflict, with the plan\'s reason', async () => {
    const same = planUser({ user_id: 'e', email: 'a@b.c', app_metadata: { a: 1 } }, [{ user_id: 't', email: 'a@b.c', app_metadata: { a: 1 } }], { matchBy: 'email' });
    const report = await applySync([same], { write: async () => assert.fail('nothing to write'), classify });
    assert.equal(report.lines[0]!.outcome, 'skipped');
    assert.equal(report.lines[0]!.reason, 'Already the same on the tenant.');
  });
});
