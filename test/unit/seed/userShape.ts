// Shape checks shared by the seed tests: what a stored Auth0 user must look like for the emulator to serve it.
import assert from 'node:assert/strict';
import type { SeedUser } from '../../../emulator/core/seedDocument.js';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function assertIsoTimestamp(value: unknown, what: string): void {
  assert.equal(typeof value, 'string', `${what} is a string`);
  assert.match(value as string, ISO_MS, `${what} is ISO-8601 with milliseconds and Z`);
  assert.equal(new Date(value as string).toISOString(), value, `${what} is a real date`);
}

/** user_id = provider|identity id, timestamps in order, login statistics present together or not at all. */
export function assertWellFormedUser(user: SeedUser): void {
  const id = user.user_id ?? '';
  assert.ok(user.identities && user.identities.length >= 1, `${id} has identities`);
  const primary = user.identities[0]!;
  assert.equal(id, `${primary.provider}|${primary.user_id}`, `${id} matches its primary identity`);
  assert.equal(typeof primary.isSocial, 'boolean');
  assert.ok(primary.connection.length > 0);
  if (primary.provider === 'auth0') assert.equal(primary.isSocial, false);
  if (primary.provider === 'google-oauth2') {
    assert.match(id, /^google-oauth2\|\d{21}$/);
    assert.equal(primary.isSocial, true);
  }
  if (user.email !== undefined) assert.match(user.email, /^[^@\s]+@[^@\s]+\.[a-z]+$/);

  assertIsoTimestamp(user.created_at, `${id} created_at`);
  assertIsoTimestamp(user.updated_at, `${id} updated_at`);
  assert.ok(user.updated_at! >= user.created_at!, `${id} updated after it was created`);
  if (user.last_login !== undefined) {
    assertIsoTimestamp(user.last_login, `${id} last_login`);
    assert.ok(user.last_login >= user.created_at! && user.last_login <= user.updated_at!, `${id} last_login in range`);
    assert.ok(Number.isInteger(user.logins_count) && user.logins_count! >= 1, `${id} has a logins_count`);
    assert.equal(typeof user.last_ip, 'string', `${id} has a last_ip`);
  } else {
    assert.equal(user.logins_count, undefined, `${id} never logged in, so no logins_count`);
    assert.equal(user.last_ip, undefined, `${id} never logged in, so no last_ip`);
  }
  assert.doesNotThrow(() => new URL(user.picture ?? ''), `${id} picture is a URL`);
}
