// Builders and assertions shared by the users unit tests: a database connection, a stored user, ApiError checks.
import assert from 'node:assert/strict';
import { ManualClock } from '../../../emulator/core/clock.js';
import { ApiError } from '../../../emulator/core/errors.js';
import { sequentialIds } from '../../../emulator/core/ids.js';
import type { Connection, StoredUser } from '../../../emulator/core/users/user.js';

export const T0 = Date.UTC(2023, 0, 25, 19, 0, 26, 187);

export const aClock = (ms = T0) => new ManualClock(ms);
export const someIds = () => sequentialIds(0x63d17c4a);

export function aConnection(over: Partial<Connection> = {}): Connection {
  return { id: 'con_1', name: 'Username-Password-Authentication', strategy: 'auth0', ...over };
}

export function aUser(over: Partial<StoredUser> = {}): StoredUser {
  return {
    user_id: 'auth0|63d17c4a8869daf88ed7db97',
    email: 'chuck@example.com',
    email_verified: false,
    name: 'chuck@example.com',
    nickname: 'chuck',
    picture: 'https://s.gravatar.com/avatar/0b79e7da7bc7877560620cf8f2cc93ae?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fch.png',
    created_at: '2023-01-25T19:00:26.187Z',
    updated_at: '2023-01-25T19:00:26.187Z',
    identities: [{ connection: 'Username-Password-Authentication', user_id: '63d17c4a8869daf88ed7db97', provider: 'auth0', isSocial: false }],
    ...over,
  };
}

export interface Expected {
  status?: number;
  errorCode?: string;
  /** Exact message, or a pattern it must match. */
  message?: string | RegExp;
}

/** Runs fn and asserts it throws an ApiError with the given status (default 400), errorCode and message. */
export function assertApiError(fn: () => unknown, expected: Expected): ApiError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ApiError, `expected an ApiError, got ${String(caught)}`);
  assert.equal(caught.statusCode, expected.status ?? 400, caught.message);
  if (expected.errorCode !== undefined) assert.equal(caught.errorCode, expected.errorCode, caught.message);
  if (typeof expected.message === 'string') assert.equal(caught.message, expected.message);
  else if (expected.message) assert.match(caught.message, expected.message);
  return caught;
}
