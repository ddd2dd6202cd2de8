// Builders that fill Auth0-shaped defaults so a test names only what matters.
import type { SeedDocument, SeedUser } from '../../emulator/core/seedDocument.js';

let n = 0;

export function aUser(over: SeedUser = {}): SeedUser {
  n++;
  const id = over.user_id ?? `auth0|${String(n).padStart(24, 'a')}`;
  const email = over.email ?? `user${n}@example.com`;
  return {
    user_id: id,
    email,
    email_verified: true,
    name: email,
    nickname: email.split('@')[0],
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

export function aSeed(users: SeedUser[], extra: Partial<SeedDocument> = {}): SeedDocument {
  return { users, ...extra };
}
