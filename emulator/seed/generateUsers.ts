// Many plausible users of the sample music app, reproducible from a seed: for benchmarks and `--seed` files of
// realistic size. Same seed and count -> the same users, byte for byte (no clock, no Math.random).
import { Faker, base, en } from '@faker-js/faker';
import type { Identity, JsonObject, StoredUser } from '../core/users/user.js';
import { DB_CONNECTION, GENRES, GOOGLE_CONNECTION, LEGACY_CONNECTION, PLANS } from './musicApp.js';

// Fixed window for timestamps: the generator must not depend on when it runs.
const SIGNUPS_FROM = '2019-01-01T00:00:00.000Z';
const SIGNUPS_TO = '2025-03-01T00:00:00.000Z';
const ACTIVITY_TO = '2025-06-01T00:00:00.000Z';

const LANGUAGES = ['en', 'en', 'en', 'es', 'de', 'fr', 'pt', 'ja', 'it', 'nl'] as const;
const AUDIO_QUALITY = ['normal', 'high', 'lossless'] as const;
/** Free-mail providers for social and database users; legacy users came from the old site's own domains. */
const LEGACY_DOMAINS = ['example.net', 'example.org'] as const;

type ConnectionKind = 'database' | 'google' | 'legacy';

function pickConnection(faker: Faker): ConnectionKind {
  const roll = faker.number.float({ min: 0, max: 1 });
  if (roll < 0.65) return 'database';
  if (roll < 0.9) return 'google';
  return 'legacy';
}

/** Listening preferences; optional parts are left out now and then, as real profiles grow unevenly. */
function preferences(faker: Faker): JsonObject {
  const prefs: JsonObject = {
    genres: faker.helpers.arrayElements([...GENRES], { min: 1, max: 3 }),
    language: faker.helpers.arrayElement(LANGUAGES),
    notifications: { email: faker.datatype.boolean({ probability: 0.3 }), push: faker.datatype.boolean() },
  };
  if (faker.datatype.boolean({ probability: 0.2 })) prefs.audioQuality = faker.helpers.arrayElement(AUDIO_QUALITY);
  return prefs;
}

function uniqueEmail(faker: Faker, taken: Set<string>, first: string, last: string, kind: ConnectionKind): string {
  const provider = kind === 'legacy' ? faker.helpers.arrayElement(LEGACY_DOMAINS) : undefined;
  let email = faker.internet.email({ firstName: first, lastName: last, provider }).toLowerCase();
  // A collision gets a number before the @, which keeps it readable and deterministic.
  for (let n = 2; taken.has(email); n++) email = email.replace(/(\d*)@/, `${n}@`);
  taken.add(email);
  return email;
}

/** Google's photo, an avatar the listener uploaded in the app, or Auth0's Gravatar default. */
function picture(faker: Faker, kind: ConnectionKind, first: string, last: string): string {
  if (kind === 'google') return `https://lh3.googleusercontent.com/a/ACg8oc${faker.string.alphanumeric(22)}=s96-c`;
  if (faker.datatype.boolean({ probability: 0.6 })) {
    return `https://cdn.example.com/avatars/${faker.string.hexadecimal({ length: 12, casing: 'lower', prefix: '' })}.jpg`;
  }
  const hash = faker.string.hexadecimal({ length: 32, casing: 'lower', prefix: '' });
  const initials = (first[0]! + last[0]!).toLowerCase();
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F${initials}.png`;
}

function iso(date: Date): string {
  return date.toISOString();
}

/**
 * `n` users with mixed connections (about 65 % Username-Password-Authentication, 25 % google-oauth2, 10 %
 * legacy-music-db), `app_metadata` {plan, roles}, `user_metadata` {displayName, preferences}, a few blocked, a few
 * never logged in. About 600 bytes of JSON each. They carry no passwords: hashing 100k of them at import would
 * dominate any benchmark (the sample seed's story users have passwords).
 */
export function generateUsers(n: number, seed = 42): StoredUser[] {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const emails = new Set<string>();
  const ids = new Set<string>();
  const users: StoredUser[] = [];
  let legacyId = 2000;

  for (let i = 0; i < n; i++) {
    const kind = pickConnection(faker);
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const email = uniqueEmail(faker, emails, first, last, kind);

    let userId: string;
    let identity: Identity;
    if (kind === 'google') {
      do userId = `google-oauth2|1${faker.string.numeric(20)}`;
      while (ids.has(userId));
      identity = { provider: 'google-oauth2', user_id: userId.slice('google-oauth2|'.length), connection: GOOGLE_CONNECTION, isSocial: true };
    } else if (kind === 'legacy') {
      const providerId = `${LEGACY_CONNECTION}|${legacyId++}`;
      userId = `auth0|${providerId}`;
      identity = { provider: 'auth0', user_id: providerId, connection: LEGACY_CONNECTION, isSocial: false };
    } else {
      do userId = `auth0|${faker.string.hexadecimal({ length: 24, casing: 'lower', prefix: '' })}`;
      while (ids.has(userId));
      identity = { provider: 'auth0', user_id: userId.slice('auth0|'.length), connection: DB_CONNECTION, isSocial: false };
    }
    ids.add(userId);
    const names = kind === 'google' ? { given_name: first, family_name: last } : {};

    const created = faker.date.between({ from: SIGNUPS_FROM, to: SIGNUPS_TO });
    const neverLoggedIn = faker.datatype.boolean({ probability: 0.05 });
    const plan = faker.helpers.weightedArrayElement([
      { weight: 55, value: PLANS[0] },
      { weight: 30, value: PLANS[1] },
      { weight: 10, value: PLANS[2] },
      { weight: 5, value: PLANS[3] },
    ]);
    const editor = !neverLoggedIn && faker.datatype.boolean({ probability: 0.02 });

    const user: StoredUser = {
      user_id: userId,
      email,
      email_verified: kind === 'google' ? true : faker.datatype.boolean({ probability: neverLoggedIn ? 0.1 : 0.9 }),
      name: `${first} ${last}`,
      nickname: email.split('@')[0]!,
      picture: picture(faker, kind, first, last),
      created_at: iso(created),
      updated_at: iso(created),
      identities: [identity],
      ...names,
      app_metadata: { plan, roles: editor ? ['playlist_editor'] : [] },
      user_metadata: {},
    };

    if (!neverLoggedIn) {
      const lastLogin = faker.date.between({ from: created, to: ACTIVITY_TO });
      user.last_login = iso(lastLogin);
      user.updated_at = iso(lastLogin);
      user.last_ip = faker.datatype.boolean({ probability: 0.85 }) ? faker.internet.ipv4() : faker.internet.ipv6();
      // Long-tailed: most people log in a handful of times, a few every day.
      user.logins_count = Math.max(1, Math.round(Math.exp(faker.number.float({ min: 0, max: 7.5 }))));
    }
    if (faker.datatype.boolean({ probability: 0.9 })) {
      user.user_metadata!.displayName = faker.internet.username({ firstName: first, lastName: last });
    }
    user.user_metadata!.preferences = preferences(faker);
    if (kind === 'legacy') user.app_metadata!.legacy_account_id = legacyId - 1;
    if (faker.datatype.boolean({ probability: 0.03 })) {
      user.blocked = true;
      user.app_metadata!.suspension = { reason: faker.helpers.arrayElement(['chargeback', 'abuse', 'account_sharing']) };
    }
    users.push(user);
  }
  return users;
}
