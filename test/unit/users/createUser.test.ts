import assert from 'node:assert/strict';
import { buildNewUser, validateCreateUserBody } from '../../../emulator/core/users/createUser.js';
import type { Connection } from '../../../emulator/core/users/user.js';
import { aClock, aConnection, assertApiError, someIds, T0 } from './helpers.js';

const DB = 'Username-Password-Authentication';
const build = (body: unknown, connection: Connection | undefined = aConnection()) =>
  buildNewUser(body, { connection, clock: aClock(), ids: someIds() });
const valid = (over: Record<string, unknown> = {}) => ({ connection: DB, email: 'chuck@example.com', password: 'Str0ng!Pass', ...over });

describe('POST /api/v2/users: building the new user', () => {
  it('creates a database user with Auth0 defaults (vector 1.a)', () => {
    const { user, password } = build({ connection: DB, email: 'Chuck@Example.com', password: 'Str0ng!Pass' });
    assert.match(user.user_id, /^auth0\|[0-9a-f]{24}$/);
    const hex = user.user_id.slice('auth0|'.length);
    assert.equal(user.email, 'chuck@example.com');
    assert.equal(user.name, 'chuck@example.com');
    assert.equal(user.nickname, 'chuck');
    assert.equal(user.email_verified, false);
    assert.deepEqual(user.identities, [{ connection: DB, user_id: hex, provider: 'auth0', isSocial: false }]);
    for (const absent of ['logins_count', 'last_login', 'last_ip', 'blocked', 'app_metadata', 'user_metadata', 'password', 'verify_email', 'connection'])
      assert.ok(!(absent in user), `${absent} should be absent`);
    assert.equal(password, 'Str0ng!Pass');
  });

  it('stamps created_at and updated_at with the same ISO millisecond time', () => {
    const { user } = build(valid());
    assert.equal(user.created_at, new Date(T0).toISOString());
    assert.equal(user.updated_at, user.created_at);
    assert.match(user.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('uses the recorded Gravatar URL with the two-letter fallback avatar', () => {
    const { user } = build(valid());
    assert.equal(
      user.picture,
      'https://s.gravatar.com/avatar/0b79e7da7bc7877560620cf8f2cc93ae?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fch.png',
    );
  });

  it('keeps name = email even when given and family names are sent', () => {
    const { user } = build(valid({ given_name: 'Chuck', family_name: 'Sanchez' }));
    assert.equal(user.name, 'chuck@example.com');
    assert.equal(user.given_name, 'Chuck');
    assert.equal(user.family_name, 'Sanchez');
  });

  it('keeps sent name, nickname, picture, blocked, email_verified and metadata', () => {
    const { user } = build(
      valid({
        name: 'Chuck N',
        nickname: 'Chucky',
        picture: 'https://example-picture-url.jpg',
        blocked: false,
        email_verified: true,
        user_metadata: { favourite_attack: 'roundhouse_kick' },
        app_metadata: { facts: ['can_hear_sign_language'] },
        verify_email: false,
      }),
    );
    assert.equal(user.name, 'Chuck N');
    assert.equal(user.nickname, 'Chucky');
    assert.equal(user.picture, 'https://example-picture-url.jpg');
    assert.equal(user.blocked, false);
    assert.equal(user.email_verified, true);
    assert.deepEqual(user.user_metadata, { favourite_attack: 'roundhouse_kick' });
    assert.deepEqual(user.app_metadata, { facts: ['can_hear_sign_language'] });
    assert.ok(!('verify_email' in user));
  });

  it('keeps sent empty metadata as {} and drops its top-level nulls', () => {
    const { user } = build(valid({ user_metadata: {}, app_metadata: { a: null, b: 1 } }));
    assert.deepEqual(user.user_metadata, {});
    assert.deepEqual(user.app_metadata, { b: 1 });
  });

  it('prefixes a caller-supplied user_id with auth0| and keeps the bare id in the identity', () => {
    const { user } = build(valid({ user_id: '12345' }));
    assert.equal(user.user_id, 'auth0|12345');
    assert.equal(user.identities[0]!.user_id, '12345');
  });

  it('prefixes even an id that already starts with auth0| (documented rule, no exception)', () => {
    assert.equal(build(valid({ user_id: 'auth0|x' })).user.user_id, 'auth0|auth0|x');
  });

  it('generates an id when user_id is empty', () => {
    assert.match(build(valid({ user_id: '' })).user.user_id, /^auth0\|[0-9a-f]{24}$/);
  });

  it('keeps the email as sent on a custom database without import mode', () => {
    const conn = aConnection({ name: 'legacy-db', enabledDatabaseCustomization: true, import_mode: false });
    const { user } = build(valid({ connection: 'legacy-db', email: 'Chuck@Example.com' }), conn);
    assert.equal(user.email, 'Chuck@Example.com');
  });

  it('lower-cases the email on a custom database in import mode', () => {
    const conn = aConnection({ name: 'legacy-db', enabledDatabaseCustomization: true, import_mode: true });
    assert.equal(build(valid({ connection: 'legacy-db', email: 'Chuck@Example.com' }), conn).user.email, 'chuck@example.com');
  });

  it('stores a lower-cased username when the connection requires usernames; nickname stays the email local part', () => {
    const conn = aConnection({ requires_username: true });
    const { user } = build(valid({ username: 'Chuck99', email: 'norris@example.com' }), conn);
    assert.equal(user.username, 'chuck99');
    assert.equal(user.nickname, 'norris');
  });

  it('creates an SMS passwordless user from a phone number', () => {
    const conn: Connection = { id: 'con_sms', name: 'sms', strategy: 'sms' };
    const { user, password } = build({ connection: 'sms', phone_number: '+15555550123' }, conn);
    assert.match(user.user_id, /^sms\|[0-9a-f]{24}$/);
    assert.equal(user.identities[0]!.provider, 'sms');
    assert.equal(user.phone_number, '+15555550123');
    assert.equal(user.phone_verified, false);
    assert.equal(user.name, '+15555550123');
    assert.ok(!('email' in user) && !('email_verified' in user));
    assert.equal(password, undefined);
  });

  it('creates an email passwordless user with the email kept as sent', () => {
    const conn: Connection = { id: 'con_em', name: 'email', strategy: 'email' };
    const { user } = build({ connection: 'email', email: 'Pat@Example.com' }, conn);
    assert.match(user.user_id, /^email\|/);
    assert.equal(user.email, 'Pat@Example.com');
  });

  it('warns (and still creates) above the 10 KB profile soft limit', () => {
    const { warnings } = build(valid({ user_metadata: { blob: 'x'.repeat(11_000) } }));
    assert.equal(warnings.length, 1);
  });
});

describe('POST /api/v2/users: validation', () => {
  const check = (body: unknown, connection: Connection | undefined = aConnection()) => () =>
    validateCreateUserBody(body, { connection });

  it('requires a JSON object body', () => {
    assertApiError(check([]), { errorCode: 'invalid_body', message: "Payload validation error: 'Expected type object but found type array'." });
  });

  it('requires connection', () => {
    assertApiError(check({ email: 'a@b.co', password: 'Str0ng!Pass' }), {
      errorCode: 'invalid_body',
      message: "Payload validation error: 'Missing required property: connection'.",
    });
  });

  it('rejects an unknown connection', () => {
    assertApiError(check(valid({ connection: 'nope' }), undefined), {
      errorCode: 'inexistent_connection',
      message: 'The connection does not exist.',
    });
  });

  it('rejects a connection that is neither database nor passwordless', () => {
    assertApiError(check(valid({ connection: 'google-oauth2' }), { id: 'g', name: 'google-oauth2', strategy: 'google-oauth2' }), {
      message: /must either be a database or passwordless connection/,
    });
  });

  it('rejects unknown root properties with Auth0 wording', () => {
    assertApiError(check(valid({ foo: 1, logins_count: 3 })), {
      errorCode: 'invalid_body',
      message:
        `Payload validation error: 'Additional properties not allowed: foo,logins_count (consider storing them in app_metadata or user_metadata. ` +
        `See "Users Metadata" in https://auth0.com/docs/api/v2/changes for more details)'.`,
    });
  });

  it('rejects a malformed email with the format message', () => {
    assertApiError(check(valid({ email: 'not-an-email' })), {
      errorCode: 'invalid_body',
      message: "Payload validation error: 'Object didn't pass validation for format email: not-an-email' on property email (The user's email).",
    });
  });

  it('checks the phone number pattern', () => {
    assertApiError(check(valid({ phone_number: '555-0123' })), {
      message: /^Payload validation error: 'String does not match pattern \^\\\+\[0-9\]\{1,15\}\$: 555-0123' on property phone_number/,
    });
    validateCreateUserBody(valid({ phone_number: '+15555550123' }), { connection: aConnection() });
  });

  it('checks string lengths', () => {
    assertApiError(check(valid({ given_name: 'x'.repeat(151) })), {
      message: /'String is too long \(151 chars\), maximum 150' on property given_name/,
    });
    assertApiError(check(valid({ nickname: '' })), { message: /'String is too short \(0 chars\), minimum 1' on property nickname/ });
    assertApiError(check(valid({ name: 'x'.repeat(301) })), { message: /maximum 300' on property name/ });
    assertApiError(check(valid({ username: 'x'.repeat(129) }), aConnection({ requires_username: true })), { message: /maximum 128/ });
  });

  it('rejects whitespace in user_id', () => {
    assertApiError(check(valid({ user_id: 'a b' })), { message: /String does not match pattern \^\\S\*\$: a b' on property user_id/ });
  });

  it('checks types of booleans and strings', () => {
    assertApiError(check(valid({ email_verified: 'yes' })), { message: /'Expected type boolean but found type string' on property email_verified/ });
    assertApiError(check(valid({ email: 42 })), { message: /'Expected type string but found type integer' on property email/ });
    assertApiError(check(valid({ user_metadata: 'x' })), { message: /'Expected type object but found type string' on property user_metadata/ });
  });

  it('requires a picture to be an absolute URL', () => {
    assertApiError(check(valid({ picture: 'not a url' })), { message: /format strict-uri/ });
  });

  it('applies the metadata rules', () => {
    assertApiError(check(valid({ user_metadata: { 'a.b': 1 } })), { message: /dotted fields/ });
    assertApiError(check(valid({ app_metadata: { email: 'x' } })), { message: /on property app_metadata\.email/ });
  });

  it('refuses a username when the connection does not require usernames', () => {
    assertApiError(check(valid({ username: 'chuck' })), { message: 'Cannot set username for connection without requires_username' });
  });

  it('requires email and password on a database connection, and username when required', () => {
    assertApiError(check({ connection: DB, password: 'Str0ng!Pass' }), { message: "Payload validation error: 'Missing required property: email'." });
    assertApiError(check({ connection: DB, email: 'a@b.co' }), { message: "Payload validation error: 'Missing required property: password'." });
    assertApiError(check(valid(), aConnection({ requires_username: true })), { message: "Payload validation error: 'Missing required property: username'." });
  });

  it('rejects a weak password under the default "good" policy', () => {
    assertApiError(check(valid({ password: 'password' })), { errorCode: 'invalid_body', message: 'PasswordStrengthError: Password is too weak' });
  });

  it("applies the connection's own password policy", () => {
    validateCreateUserBody(valid({ password: 'x' }), { connection: aConnection({ passwordPolicy: 'none' }) });
    // "excellent" refuses a character repeated three times in a row.
    validateCreateUserBody(valid({ password: 'Str0ng!Pass' }), { connection: aConnection({ passwordPolicy: 'excellent' }) });
    assertApiError(check(valid({ password: 'Str0ng!Passs' }), aConnection({ passwordPolicy: 'excellent' })), {
      message: 'PasswordStrengthError: Password is too weak',
    });
  });

  it('requires phone_number on SMS and email on email passwordless connections, and refuses passwords there', () => {
    const sms: Connection = { id: 's', name: 'sms', strategy: 'sms' };
    const email: Connection = { id: 'e', name: 'email', strategy: 'email' };
    assertApiError(check({ connection: 'sms' }, sms), { message: /Missing required property: phone_number/ });
    assertApiError(check({ connection: 'email' }, email), { message: /Missing required property: email/ });
    assertApiError(check({ connection: 'sms', phone_number: '+1555', password: 'Str0ng!Pass' }, sms), { message: /Password is only valid/ });
  });
});
