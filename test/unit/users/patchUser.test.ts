import assert from 'node:assert/strict';
import { applyUserPatch, type PatchUserOptions } from '../../../emulator/core/users/patchUser.js';
import type { Connection, StoredUser } from '../../../emulator/core/users/user.js';
import { aClock, aConnection, assertApiError, aUser, T0 } from './helpers.js';

const LATER = T0 + 60_000;
const patch = (stored: StoredUser, body: unknown, over: Partial<PatchUserOptions> = {}) =>
  applyUserPatch(stored, body, { connection: aConnection(), clock: aClock(LATER), ...over });

const google: Connection = { id: 'g', name: 'google-oauth2', strategy: 'google-oauth2' };
const aGoogleUser = () =>
  aUser({
    user_id: 'google-oauth2|1035',
    identities: [{ connection: 'google-oauth2', user_id: '1035', provider: 'google-oauth2', isSocial: true }],
  });

describe('PATCH /api/v2/users/:id', () => {
  describe('metadata', () => {
    it('replaces nested objects and keeps other keys (vector 1.b)', () => {
      const stored = aUser({ user_metadata: { profileCode: 1479, addresses: { work: '100 Way' } } });
      const { user } = patch(stored, { user_metadata: { addresses: { home: '742 Ev' } } });
      assert.deepEqual(user.user_metadata, { profileCode: 1479, addresses: { home: '742 Ev' } });
    });

    it('deletes keys set to null, then {} wipes all user_metadata (vector 1.c)', () => {
      const stored = aUser({ app_metadata: { plan: 'gold', seats: 2 }, user_metadata: { a: 1, b: 2 } });
      const first = patch(stored, { app_metadata: { plan: null } }).user;
      assert.deepEqual(first.app_metadata, { seats: 2 });
      const second = patch(first, { user_metadata: {} }).user;
      assert.ok(!('user_metadata' in second), 'wiped user_metadata is omitted (default)');
      assert.deepEqual(second.app_metadata, { seats: 2 });
    });

    it('keeps {} after a wipe when configured so', () => {
      const { user } = patch(aUser({ user_metadata: { a: 1 } }), { user_metadata: {} }, { metadata: { whenEmpty: 'empty-object' } });
      assert.deepEqual(user.user_metadata, {});
    });

    it('merges app_metadata as recorded (facts + foo) and sets last_password_reset with a password', () => {
      const stored = aUser({ app_metadata: { facts: ['count_to_infinity_twice'] } });
      const { user, passwordChanged } = patch(stored, { connection: 'Username-Password-Authentication', password: "I don't need one", app_metadata: { foo: 'bar' } });
      assert.deepEqual(user.app_metadata, { facts: ['count_to_infinity_twice'], foo: 'bar' });
      assert.equal(passwordChanged, "I don't need one");
      assert.equal(user.last_password_reset, new Date(LATER).toISOString());
      assert.equal(user.updated_at, new Date(LATER).toISOString());
      assert.equal(user.created_at, stored.created_at);
    });

    it('rejects dotted and $ keys and reserved app_metadata names (vectors 4.a, 4.b, 4.d), accepts dotted values (4.c)', () => {
      assertApiError(() => patch(aUser(), { user_metadata: { 'preference.color': 'pink' } }), { message: /Fields with "\." are not allowed/ });
      assertApiError(() => patch(aUser(), { app_metadata: { a$b: 1 } }), { errorCode: 'invalid_body' });
      assertApiError(() => patch(aUser(), { app_metadata: { user_id: 'x' } }), { errorCode: 'invalid_body' });
      const { user } = patch(aUser(), { user_metadata: { preference: { color: 'light.blue' } } });
      assert.deepEqual(user.user_metadata, { preference: { color: 'light.blue' } });
    });

    it('rejects null metadata as a type error', () => {
      assertApiError(() => patch(aUser(), { app_metadata: null }), { message: /'Expected type object but found type null' on property app_metadata/ });
    });
  });

  describe('root attributes', () => {
    it('rejects a malformed email (vector 3.d)', () => {
      assertApiError(() => patch(aUser(), { email: 'not-an-email' }), {
        errorCode: 'invalid_body',
        message: /^Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property email/,
      });
    });

    it('rejects read-only root fields with the Additional properties message (vector 3.f)', () => {
      assertApiError(() => patch(aUser(), { user_id: 'x', identities: [] }), {
        errorCode: 'invalid_body',
        message:
          `Payload validation error: 'Additional properties not allowed: user_id,identities (consider storing them in app_metadata or user_metadata. ` +
          `See "Users Metadata" in https://auth0.com/docs/api/v2/changes for more details)'.`,
      });
      for (const field of ['created_at', 'updated_at', 'logins_count', 'last_login', 'last_ip', 'locale'])
        assertApiError(() => patch(aUser(), { [field]: 'x' }), { message: new RegExp(`Additional properties not allowed: ${field} `) });
    });

    it('replaces profile attributes and unsets them with null', () => {
      const stored = aUser({ given_name: 'Chuck', family_name: 'Sanchez', phone_number: '+15550001' });
      const { user } = patch(stored, { given_name: 'Carlos', family_name: null, phone_number: null, nickname: 'Chucky', picture: null });
      assert.equal(user.given_name, 'Carlos');
      assert.equal(user.nickname, 'Chucky');
      for (const gone of ['family_name', 'phone_number', 'picture']) assert.ok(!(gone in user), gone);
      assert.equal(user.name, stored.name);
    });

    it('lower-cases a new email on a database connection and marks it unverified', () => {
      const stored = aUser({ email_verified: true });
      const { user } = patch(stored, { email: 'New@Example.COM' });
      assert.equal(user.email, 'new@example.com');
      assert.equal(user.email_verified, false);
    });

    it('keeps email_verified when sent with the new email, and when the email does not change', () => {
      assert.equal(patch(aUser(), { email: 'n@example.com', email_verified: true }).user.email_verified, true);
      assert.equal(patch(aUser({ email_verified: true }), { email: 'CHUCK@example.com' }).user.email_verified, true);
    });

    it('keeps the email case on a custom database without import mode', () => {
      const conn = aConnection({ enabledDatabaseCustomization: true, import_mode: false });
      assert.equal(patch(aUser(), { email: 'New@Example.com' }, { connection: conn }).user.email, 'New@Example.com');
    });

    it('refuses to change the email of a non-database user', () => {
      assertApiError(() => patch(aGoogleUser(), { email: 'x@example.com' }, { connection: google }), { message: /non-database/ });
    });

    it('refuses to change the password of a non-database user', () => {
      assertApiError(() => patch(aGoogleUser(), { password: 'Str0ng!Pass' }, { connection: google }), { message: /database users/ });
    });

    it('refuses profile attributes on a federated connection that syncs them at each login', () => {
      assertApiError(() => patch(aGoogleUser(), { name: 'X', nickname: 'Y' }, { connection: google }), {
        message: 'The following user attributes cannot be updated: name, nickname',
      });
      const noSync = { ...google, set_user_root_attributes: 'on_first_login' as const };
      assert.equal(patch(aGoogleUser(), { name: 'X' }, { connection: noSync }).user.name, 'X');
    });

    it('sets blocked, email_verified and phone_verified', () => {
      const { user } = patch(aUser(), { blocked: true, email_verified: true, phone_verified: false });
      assert.equal(user.blocked, true);
      assert.equal(user.email_verified, true);
      assert.equal(user.phone_verified, false);
    });

    it('refuses null for blocked and email_verified (not nullable)', () => {
      assertApiError(() => patch(aUser(), { blocked: null }), { message: /'Expected type boolean but found type null' on property blocked/ });
      assertApiError(() => patch(aUser(), { email_verified: null }), { message: /on property email_verified/ });
    });

    it('checks the phone pattern and lengths', () => {
      assertApiError(() => patch(aUser(), { phone_number: '12345' }), { message: /String does not match pattern/ });
      assertApiError(() => patch(aUser(), { given_name: '' }), { message: /too short/ });
    });

    it('checks a new password against the policy', () => {
      assertApiError(() => patch(aUser(), { password: 'weak' }), { message: 'PasswordStrengthError: Password is too weak' });
    });

    it('treats password: null as no password change', () => {
      const { user, passwordChanged } = patch(aUser(), { password: null });
      assert.equal(passwordChanged, undefined);
      assert.ok(!('last_password_reset' in user));
    });

    it('sets a lower-cased username only where the connection requires usernames', () => {
      assertApiError(() => patch(aUser(), { username: 'chuck' }), { message: 'Cannot set username for connection without requires_username' });
      assert.equal(patch(aUser(), { username: 'Chuck' }, { connection: aConnection({ requires_username: true }) }).user.username, 'chuck');
    });

    it('bumps updated_at even for an empty body, and never touches the stored object', () => {
      const stored = aUser({ user_metadata: { a: { b: 1 } } });
      const before = structuredClone(stored);
      const { user } = patch(stored, { user_metadata: { a: { c: 2 } }, name: 'n' });
      assert.deepEqual(stored, before);
      assert.equal(patch(stored, {}).user.updated_at, new Date(LATER).toISOString());
      // Untouched values are kept as they were (stored users are immutable, the storage contract), in a new user.
      assert.deepEqual(user.identities, stored.identities);
      assert.notEqual(user, stored);
    });

    it('ignores verify_email, client_id and verify_phone_number (not stored)', () => {
      const { user } = patch(aUser(), { verify_email: false, client_id: 'abc', verify_phone_number: true });
      for (const k of ['verify_email', 'client_id', 'verify_phone_number']) assert.ok(!(k in user));
    });
  });

  describe('combination rules', () => {
    const pairs: Array<[Record<string, unknown>, string]> = [
      [{ password: 'Str0ng!Pass', email: 'a@example.com' }, 'Cannot update password and email simultaneously'],
      [{ password: 'Str0ng!Pass', email_verified: true }, 'Cannot update password and email_verified simultaneously'],
      [{ username: 'abc', email: 'a@example.com' }, 'Cannot update username and email simultaneously'],
      [{ username: 'abc', email_verified: true }, 'Cannot update username and email_verified simultaneously'],
      [{ username: 'abc', password: 'Str0ng!Pass' }, 'Cannot update username and password simultaneously'],
    ];
    for (const [body, message] of pairs) {
      it(`refuses ${Object.keys(body).join(' + ')}`, () => {
        assertApiError(() => patch(aUser(), body, { connection: aConnection({ requires_username: true }) }), { errorCode: 'invalid_body', message });
      });
    }
  });

  describe('connection targeting and token limits', () => {
    it('accepts connection naming the primary identity', () => {
      patch(aUser(), { connection: 'Username-Password-Authentication', blocked: false });
    });

    it('answers 501 for a linked secondary identity and 400 for a connection the user does not have', () => {
      const linked = aUser();
      linked.identities.push({ connection: 'github', user_id: 7, provider: 'github', isSocial: true });
      assertApiError(() => patch(linked, { connection: 'github', email: 'x@example.com' }), { status: 501 });
      assertApiError(() => patch(aUser(), { connection: 'other' }), { status: 400 });
    });

    it('limits an update:users_app_metadata token to app_metadata (403)', () => {
      assertApiError(() => patch(aUser(), { app_metadata: { a: 1 }, given_name: 'x', email: 'e@example.com' }, { onlyFields: ['app_metadata'] }), {
        status: 403,
        errorCode: 'insufficient_scope',
        message: 'You cannot update the following fields: given_name, email',
      });
      assert.deepEqual(patch(aUser(), { app_metadata: { a: 1 } }, { onlyFields: ['app_metadata'] }).user.app_metadata, { a: 1 });
    });
  });
});
