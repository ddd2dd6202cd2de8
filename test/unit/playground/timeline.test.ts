// The playground's views of a transcript: commit timeline, metadata diff, claims, and the many-users summary.
import assert from 'node:assert/strict';
import type { StepView, TranscriptView, UserRunResult } from '../../../webview/playground/protocol.js';
import { buildTimeline, customClaims, metadataDiff, summarize } from '../../../webview/playground/timeline.js';

const step = (name: string, commands: StepView['commands'], ms = 1): StepView => ({ name, file: `/w/${name}.js`, handler: 'onExecutePostLogin', ms, logs: [], commands, error: null, notes: [] });
const transcript = (over: Partial<TranscriptView> = {}): TranscriptView => ({
  status: 'success', writes: 1, write: null, idTokenClaims: null, accessTokenClaims: null, denied: false, error: null, redirect: null, actions: [], notes: [], ms: 5, ...over,
});
const result = (userId: string, t: Partial<TranscriptView>): UserRunResult => ({ userId, before: { app_metadata: {}, user_metadata: {} }, transcript: transcript(t) });

describe('playground timeline', () => {
  it('shows which Action queued which key and what the next Action saw', () => {
    const t = transcript({
      actions: [
        step('first', [{ type: 'user.setAppMetadata', key: 'plan', value: 'gold' }, { type: 'user.setAppMetadata', key: 'old', value: null }]),
        step('second', [{ type: 'idToken.setCustomClaim', key: 'https://x/plan', value: 'gold' }]),
      ],
    });
    const tl = buildTimeline({ app_metadata: { plan: 'free', old: 1 }, user_metadata: {} }, t);
    assert.deepEqual(tl[0]!.saw.app_metadata, { plan: 'free', old: 1 });
    assert.deepEqual(tl[0]!.queued, [
      { kind: 'app_metadata', key: 'plan', op: 'set', value: 'gold' },
      { kind: 'app_metadata', key: 'old', op: 'delete', value: null },
    ]);
    assert.deepEqual(tl[1]!.saw.app_metadata, { plan: 'gold' });
    assert.deepEqual(tl[1]!.calls, ['idToken.setCustomClaim("https://x/plan", "gold")']);
  });

  it('restores the stored value when a later Action cancels a pending change with undefined', () => {
    const t = transcript({
      actions: [step('a', [{ type: 'user.setUserMetadata', key: 'tmp', value: 'x' }]), step('b', [{ type: 'user.setUserMetadata', key: 'tmp', cancel: true }]), step('c', [])],
    });
    const tl = buildTimeline({ app_metadata: {}, user_metadata: {} }, t);
    assert.deepEqual(tl[1]!.saw.user_metadata, { tmp: 'x' });
    assert.deepEqual(tl[2]!.saw.user_metadata, {});
    assert.equal(tl[1]!.queued[0]!.op, 'cancel');
  });

  it('diffs top-level metadata keys before and after', () => {
    const d = metadataDiff({ app_metadata: { a: 1, b: 2 }, user_metadata: { t: { x: 1 } } }, { app_metadata: { b: 3, c: 4 }, user_metadata: { t: { x: 1 } } });
    assert.deepEqual(d, [
      { kind: 'app_metadata', key: 'a', change: 'removed', before: 1 },
      { kind: 'app_metadata', key: 'b', change: 'changed', before: 2, after: 3 },
      { kind: 'app_metadata', key: 'c', change: 'added', after: 4 },
    ]);
  });

  it('keeps only the claims Rules and Actions added', () => {
    assert.deepEqual(customClaims({ iss: 'x', sub: 'y', email: 'e', 'https://x/plan': 'gold' }), { 'https://x/plan': 'gold' });
    assert.deepEqual(customClaims(null), {});
  });
});

describe('playground summary of many users', () => {
  it('puts errors first, then denials, then slow runs, then the rest in run order', () => {
    const rows = summarize([
      result('ok1', { ms: 10 }),
      result('denied', { status: 'denied', denied: 'no', ms: 10 }),
      result('slow', { ms: 900 }),
      result('ok2', { ms: 12 }),
      result('failed', { status: 'failed', error: { error: 'access_denied', error_description: 'boom' }, ms: 3 }),
    ]);
    assert.deepEqual(rows.map((r) => r.userId), ['failed', 'denied', 'slow', 'ok1', 'ok2']);
    assert.equal(rows[0]!.reason, 'boom');
    assert.deepEqual(rows[2]!.outliers, ['slow']);
  });

  it('lists the keys written and flags a write that met 429s', () => {
    const [row] = summarize([result('u', { write: { when: 'end', patch: { app_metadata: { plan: 'x' }, user_metadata: { d: 1 } }, ok: true, retries: [{ status: 429, waitMs: 1000 }] } })]);
    assert.deepEqual(row!.written, ['app_metadata.plan', 'user_metadata.d']);
    assert.deepEqual(row!.outliers, ['retried']);
  });
});
