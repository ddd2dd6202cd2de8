// Auth0's database-connection password strength levels (password-sheriff presets: none, low, fair, good, excellent).
import { badRequest } from '../errors.js';

export type PasswordPolicy = 'none' | 'low' | 'fair' | 'good' | 'excellent';

/** New database connections in the Dashboard default to "good". */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = 'good';

const LOWER = /[a-z]/;
const UPPER = /[A-Z]/;
const DIGIT = /[0-9]/;
// password-sheriff counts any of these as "special"; spaces count too, so passphrases pass "good".
const SPECIAL = /[ !"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

function characterClasses(password: string): number {
  return [LOWER, UPPER, DIGIT, SPECIAL].filter((re) => re.test(password)).length;
}

/** Whether `password` satisfies `policy` (https://auth0.com/docs/authenticate/database-connections/password-strength). */
export function passwordMeetsPolicy(password: string, policy: PasswordPolicy): boolean {
  const length = [...password].length;
  switch (policy) {
    case 'none':
      return length >= 1;
    case 'low':
      return length >= 6;
    case 'fair':
      return length >= 8 && LOWER.test(password) && UPPER.test(password) && DIGIT.test(password);
    case 'good':
      return length >= 8 && characterClasses(password) >= 3;
    case 'excellent':
      return length >= 10 && characterClasses(password) >= 3 && !/(.)\1\1/su.test(password);
  }
}

/** Throws Auth0's literal 400 when the password is too weak for the connection. */
export function assertPasswordStrength(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): void {
  if (!passwordMeetsPolicy(password, policy)) throw badRequest('PasswordStrengthError: Password is too weak');
}
