// The sync plan: matching, the exact PATCH body under Auth0's one-level merge, and the three-way check.
import assert from 'node:assert/strict';
import { baseAfterWrite, baseCopyOf, planUser, type SyncUser } from '../../../extension/tenant/syncPlan.js';

const emu = (o: Partial<SyncUser> = {}): SyncUser => ({ user_id: 'auth0|e1', email: 'ana@example.com', ...o });
const ten = (o: Partial<SyncUser> = {}): SyncUser => ({ user_id: 'auth0|t1', email: 'Ana@Example.com', ...o });

describe('sync plan', () => {
  describe('matching', () => {
    it('matches by email, case-insensitively', () => {
      const p = planUser(emu(), [ten(), { user_id: 'auth0|x', email: 'bob@example.com' }], { matchBy: 'email' });
      assert.equal(p.tenant?.user_id, 'auth0|t1');
    });
    it('matches by user_id', () => {
      const p = planUser(emu({ user_id: 'auth0|t1' }), [ten()], { matchBy: 'user_id' });
      assert.equal(p.tenant?.user_id, 'auth0|t1');
      assert.equal(planUser(emu(), [ten()], { matchBy: 'user_id' }).status, 'not-on-tenant');
    });
    it('refuses an email shared by several tenant users', () => {
      const p = planUser(emu(), [ten(), ten({ user_id: 'google-oauth2|9' })], { matchBy: 'email' });
      assert.equal(p.status, 'ambiguous');
      assert.equal(p.patch, undefined);
      assert.match(p.reason, /2 tenant users share the email/);
    });
    it('skips a user the tenant does not have, saying so', () => {
      const p = planUser(emu(), [], { matchBy: 'email' });
      assert.equal(p.status, 'not-on-tenant');
      assert.match(p.reason, /No tenant user with email ana@example.com/);
    });
  });

  describe('the PATCH body (no earlier pull)', () => {
    it('sends only the top-level keys that differ, each whole', () => {
      const p = planUser(
        emu({ user_metadata: { prefs: { theme: 'dark', lang: 'fr' }, plan: 'pro' }, app_metadata: { a: 1 } }),
        [ten({ user_metadata: { prefs: { theme: 'light', lang: 'fr' }, plan: 'pro' }, app_metadata: { a: 1 } })],
        { matchBy: 'email' },
      );
      assert.equal(p.status, 'update');
      assert.deepEqual(p.patch, { user_metadata: { prefs: { theme: 'dark', lang: 'fr' } } });
    });
    it('treats key order inside objects as equal', () => {
      const p = planUser(emu({ app_metadata: { x: { a: 1, b: 2 } } }), [ten({ app_metadata: { x: { b: 2, a: 1 } } })], { matchBy: 'email' });
      assert.equal(p.status, 'unchanged');
      assert.equal(p.patch, undefined);
    });
    it('never deletes a key that only the tenant has', () => {
      const p = planUser(emu({ app_metadata: {} }), [ten({ app_metadata: { tenantOnly: true } })], { matchBy: 'email' });
      assert.equal(p.status, 'unchanged');
      assert.deepEqual(p.keys.map((k) => k.outcome), ['tenant-only']);
    });
  });

  describe('three-way check against the last pulled copy', () => {
    const pulled = { app_metadata: { plan: 'free', roles: ['a'] }, user_metadata: { theme: 'light', gone: 1 } };
    const base = { 'auth0|t1': baseCopyOf(pulled) };

    it('writes what changed in the emulator only, and deletes with null what the emulator removed', () => {
      const p = planUser(
        emu({ app_metadata: { plan: 'pro', roles: ['a'] }, user_metadata: { theme: 'light' } }),
        [ten(pulled)],
        { matchBy: 'email', base },
      );
      assert.equal(p.status, 'update');
      assert.deepEqual(p.patch, { app_metadata: { plan: 'pro' }, user_metadata: { gone: null } });
    });
    it('keeps a change made on the tenant since the pull when the emulator did not touch the key', () => {
      const p = planUser(emu(pulled), [ten({ ...pulled, app_metadata: { plan: 'enterprise', roles: ['a'] } })], { matchBy: 'email', base });
      assert.equal(p.status, 'unchanged');
      assert.deepEqual(p.keys.map((k) => [k.key, k.outcome]), [['plan', 'tenant-changed']]);
    });
    it('shows a key changed on both sides as a conflict and writes nothing for that user', () => {
      const p = planUser(
        emu({ app_metadata: { plan: 'pro', roles: ['a', 'b'] }, user_metadata: pulled.user_metadata }),
        [ten({ ...pulled, app_metadata: { plan: 'enterprise', roles: ['a'] } })],
        { matchBy: 'email', base },
      );
      assert.equal(p.status, 'conflict');
      assert.equal(p.patch, undefined);
      const conflict = p.keys.find((k) => k.outcome === 'conflict')!;
      assert.deepEqual([conflict.key, conflict.tenant, conflict.emulator], ['plan', 'enterprise', 'pro']);
      assert.match(p.reason, /app_metadata\.plan/);
    });
    it('overwrites a conflict only when asked to', () => {
      const p = planUser(
        emu({ app_metadata: { plan: 'pro', roles: ['a'] }, user_metadata: pulled.user_metadata }),
        [ten({ ...pulled, app_metadata: { plan: 'enterprise', roles: ['a'] } })],
        { matchBy: 'email', base, overwrite: new Set(['auth0|e1']) },
      );
      assert.equal(p.status, 'update');
      assert.deepEqual(p.patch, { app_metadata: { plan: 'pro' } });
    });
    it('keeps a key the tenant added after the pull', () => {
      const p = planUser(emu(pulled), [ten({ ...pulled, user_metadata: { ...pulled.user_metadata, added: 'x' } })], { matchBy: 'email', base });
      assert.equal(p.status, 'unchanged');
    });
  });

  describe('base after a write', () => {
    it('moves only the keys written, so a skipped key stays guarded', () => {
      const before = baseCopyOf({ app_metadata: { a: 1, scrubbed: 'user.1@example.com' } });
      const after = baseAfterWrite(before, { app_metadata: { a: 2, gone: null } });
      assert.deepEqual(Object.keys(after.app_metadata!).sort(), ['a', 'scrubbed']);
      assert.equal(after.app_metadata!.scrubbed, before.app_metadata!.scrubbed);
      assert.notEqual(after.app_metadata!.a, before.app_metadata!.a);
    });
    it('a re-plan after the write finds nothing to send', () => {
      const tenant = ten({ app_metadata: { a: 1 } });
      const e = emu({ app_metadata: { a: 2 } });
      const first = planUser(e, [tenant], { matchBy: 'email' });
      const base = { 'auth0|t1': baseAfterWrite(undefined, first.patch!, tenant) };
      const again = planUser(e, [ten({ app_metadata: { a: 2 } })], { matchBy: 'email', base });
      assert.equal(again.status, 'unchanged');
    });
  });
});
