import assert from 'node:assert/strict';
import { assertPasswordStrength, passwordMeetsPolicy } from '../../../emulator/core/users/passwordPolicy.js';
import { assertApiError } from './helpers.js';

describe('password strength policies (database connections)', () => {
  const table: Array<[string, Record<string, boolean>]> = [
    ['a', { none: true, low: false, fair: false, good: false, excellent: false }],
    ['abcdef', { none: true, low: true, fair: false, good: false, excellent: false }],
    ['abcdefgh', { none: true, low: true, fair: false, good: false, excellent: false }],
    ['Abcdefg1', { none: true, low: true, fair: true, good: true, excellent: false }],
    ['abcdef1!', { none: true, low: true, fair: false, good: true, excellent: false }],
    ['I have a password and its a secret', { none: true, low: true, fair: false, good: true, excellent: true }],
    ['Abcdefg1!!!', { none: true, low: true, fair: true, good: true, excellent: false }],
    ['Abcdefgh1!', { none: true, low: true, fair: true, good: true, excellent: true }],
  ];
  for (const [password, expected] of table) {
    it(`judges ${JSON.stringify(password)} per level`, () => {
      for (const [policy, ok] of Object.entries(expected))
        assert.equal(passwordMeetsPolicy(password, policy as never), ok, `${policy}`);
    });
  }

  it('throws Auth0\'s literal message for a weak password', () => {
    assertApiError(() => assertPasswordStrength('weak', 'good'), { status: 400, message: 'PasswordStrengthError: Password is too weak' });
  });
});
