// Injected id generation: Auth0 DB users get 24 hex chars (auth0|63d17c4a8869daf88ed7db97), roles rol_ + 16 chars.
import { randomBytes } from 'node:crypto';

export interface IdGenerator {
  /** 24 lowercase hex characters, like a Mongo ObjectId. */
  userHex(): string;
  /** `rol_` followed by 16 alphanumeric characters. */
  roleId(): string;
  /** A random opaque id for tokens (jti), transactions and the like. */
  opaque(bytes?: number): string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function alnum(n: number, bytes: Buffer): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[bytes[i]! % ALNUM.length];
  return s;
}

export const randomIds: IdGenerator = {
  userHex: () => randomBytes(12).toString('hex'),
  roleId: () => 'rol_' + alnum(16, randomBytes(16)),
  opaque: (bytes = 16) => randomBytes(bytes).toString('base64url'),
};

/** Deterministic ids for tests: counters rendered in the real formats. */
export function sequentialIds(start = 1): IdGenerator {
  let n = start;
  return {
    userHex: () => (n++).toString(16).padStart(24, '0'),
    roleId: () => 'rol_' + (n++).toString(36).padStart(16, '0'),
    opaque: () => 'id' + n++,
  };
}
