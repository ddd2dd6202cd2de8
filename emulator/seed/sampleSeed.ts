// The sample tenant: a dozen users of the music streaming app from Auth0's "User Data Storage" scenario, each one
// there to show a behaviour (the playlist-editor rule, the displayName default, IdP tokens, blocking, lazy
// migration from a custom database, login statistics). Fixed data only, so every call returns the same document.
import { createHash } from 'node:crypto';
import type { Client, Connection, Identity } from '../core/users/user.js';
import type { SeedDocument, SeedUser } from '../core/seedDocument.js';
import { LEGACY_MUSIC_DB_SCRIPTS } from './legacyMusicDbScripts.js';
import {
  CONNECTION_IDS,
  DB_CONNECTION,
  GOOGLE_CONNECTION,
  LEGACY_CONNECTION,
  MANAGEMENT_SCOPES,
  ROLE_IDS,
} from './musicApp.js';

export const DEFAULT_M2M_CLIENT_ID = 'emulator-m2m-client';
export const DEFAULT_M2M_CLIENT_SECRET = 'emulator-m2m-secret';
export const M2M_CLIENT_NAME = 'Auth0 Emulator M2M';

/** The users by the part they play in the story, for tests, demos and docs. */
export const SAMPLE_USER_IDS = {
  playlistEditor: 'auth0|64b7f1a2c3d4e5f601a2b3c4',
  premiumListener: 'auth0|64c0a9d2e1f3b4a5c6d7e8f9',
  freeListener: 'auth0|64d15e7a8b9c0d1e2f3a4b5c',
  nearPromotion: 'auth0|650a3c4d5e6f7a8b9c0d1e2f',
  noDisplayName: 'auth0|651b2c3d4e5f6a7b8c9d0e1f',
  googleListener: 'google-oauth2|108326587461923847561',
  blocked: 'auth0|6520f1e2d3c4b5a697887766',
  legacyPremium: 'auth0|legacy-music-db|1001',
  legacyFree: 'auth0|legacy-music-db|1002',
  manyLogins: 'auth0|63e4d5c6b7a8f9e0d1c2b3a4',
  neverLoggedIn: 'auth0|6655aa44bb33cc22dd11ee00',
  supportAdmin: 'auth0|63a1b2c3d4e5f60718293a4b',
} as const;

/**
 * What the scenario's external API (`GET https://example.com/playlists/getPlays`) reports for each user; a mock of
 * that API in a Rule or Action test should answer these. The promotion rule grants `playlist_editor` at >= 100:
 * the editor is far above it, and the near-promotion listener reaches exactly 100, so her next login promotes her.
 */
export const SAMPLE_PLAY_COUNTS: Readonly<Record<string, number>> = {
  [SAMPLE_USER_IDS.playlistEditor]: 2431,
  [SAMPLE_USER_IDS.premiumListener]: 64,
  [SAMPLE_USER_IDS.freeListener]: 12,
  [SAMPLE_USER_IDS.nearPromotion]: 100,
  [SAMPLE_USER_IDS.noDisplayName]: 3,
  [SAMPLE_USER_IDS.googleListener]: 57,
  [SAMPLE_USER_IDS.blocked]: 0,
  [SAMPLE_USER_IDS.legacyPremium]: 88,
  [SAMPLE_USER_IDS.legacyFree]: 9,
  [SAMPLE_USER_IDS.manyLogins]: 96,
  [SAMPLE_USER_IDS.neverLoggedIn]: 0,
  [SAMPLE_USER_IDS.supportAdmin]: 0,
};

/** Auth0's default picture for database users: Gravatar, falling back to the initials avatar on Auth0's CDN. */
function gravatar(email: string, initials: string): string {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  const fallback = encodeURIComponent(`https://cdn.auth0.com/avatars/${initials}.png`);
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=${fallback}`;
}

function databaseIdentity(userId: string, connection = DB_CONNECTION): Identity[] {
  return [{ connection, user_id: userId.slice('auth0|'.length), provider: 'auth0', isSocial: false }];
}

/**
 * Story users. Database users carry a plain-text `password` (the emulator hashes it on import) so password grants
 * can be tried:
 *
 *   jordan.valdez@example.com   Editor!Plays2431   playlist editor (premium)
 *   amara.okafor@example.com    Afrobeats&Jazz5    premium listener
 *   mateo.garcia@example.com    Reggaeton-2024     free listener, Spanish UI
 *   priya.raman@example.com     NearlyEditor!99    premium listener, 100 plays: promoted on next login
 *   sam.whitaker@example.com    NoNickname#1       free listener without displayName (rule defaults it to "user")
 *   trent.moss@example.com      Blocked-Account1   blocked (login must fail)
 *   walter.nguyen@example.net   Mixtape-1998       imported from legacy-music-db
 *   rosa.delgado@example.net    Cassette#77        imported from legacy-music-db
 *   kenji.watanabe@example.com  DailyListener1873  family plan owner with 1873 logins
 *   olivia.brooks@example.com   InvitedNever1!     created by the API, never logged in, email unverified
 *   dana.reyes@example.com      Support*Admin42    support staff with the `admin` role, MFA enrolled
 *
 * The Google user (Hannah Schmidt) has no password; `eli.turner@example.org` / `Vinyl&Chill3` exists only in
 * legacy-music-db and is imported by its first login.
 */
function sampleUsers(): SeedUser[] {
  return [
    {
      user_id: SAMPLE_USER_IDS.playlistEditor,
      email: 'jordan.valdez@example.com',
      email_verified: true,
      name: 'Jordan Valdez',
      nickname: 'jordan.valdez',
      given_name: 'Jordan',
      family_name: 'Valdez',
      picture: gravatar('jordan.valdez@example.com', 'jv'),
      created_at: '2023-03-14T09:26:53.589Z',
      updated_at: '2025-06-02T18:41:07.312Z',
      last_login: '2025-06-02T18:41:07.312Z',
      last_ip: '203.0.113.24',
      logins_count: 412,
      identities: databaseIdentity(SAMPLE_USER_IDS.playlistEditor),
      app_metadata: { plan: 'premium', roles: ['playlist_editor'] },
      user_metadata: {
        displayName: 'J-vald3z',
        preferences: {
          genres: ['indie', 'lo-fi', 'soul'],
          language: 'en',
          audioQuality: 'high',
          explicitContent: true,
          notifications: {
            email: { newReleases: true, weeklyDigest: true },
            push: { followedArtists: true, playlistUpdates: true },
          },
        },
      },
      connection: DB_CONNECTION,
      password: 'Editor!Plays2431',
    },
    {
      user_id: SAMPLE_USER_IDS.premiumListener,
      email: 'amara.okafor@example.com',
      email_verified: true,
      name: 'Amara Okafor',
      nickname: 'amara.okafor',
      given_name: 'Amara',
      family_name: 'Okafor',
      picture: gravatar('amara.okafor@example.com', 'ao'),
      created_at: '2023-07-26T14:02:11.904Z',
      updated_at: '2025-05-30T07:15:42.118Z',
      last_login: '2025-05-30T07:15:42.118Z',
      last_ip: '198.51.100.73',
      logins_count: 158,
      identities: databaseIdentity(SAMPLE_USER_IDS.premiumListener),
      app_metadata: { plan: 'premium', roles: [] },
      user_metadata: {
        displayName: 'amara.o',
        preferences: {
          genres: ['afrobeats', 'jazz', 'r-and-b'],
          language: 'en',
          audioQuality: 'lossless',
          explicitContent: true,
          notifications: {
            email: { newReleases: true, weeklyDigest: false },
            push: { followedArtists: true, playlistUpdates: false },
          },
        },
      },
      connection: DB_CONNECTION,
      password: 'Afrobeats&Jazz5',
    },
    {
      user_id: SAMPLE_USER_IDS.freeListener,
      email: 'mateo.garcia@example.com',
      email_verified: true,
      name: 'Mateo García',
      nickname: 'mateo.garcia',
      given_name: 'Mateo',
      family_name: 'García',
      picture: gravatar('mateo.garcia@example.com', 'mg'),
      created_at: '2023-09-02T20:48:30.271Z',
      updated_at: '2025-05-28T22:03:19.640Z',
      last_login: '2025-05-28T22:03:19.640Z',
      last_password_reset: '2024-11-17T10:12:55.003Z',
      last_ip: '192.0.2.145',
      logins_count: 37,
      identities: databaseIdentity(SAMPLE_USER_IDS.freeListener),
      app_metadata: { plan: 'free', roles: [] },
      user_metadata: {
        displayName: 'mateo_beats',
        preferences: {
          genres: ['latin', 'pop'],
          language: 'es',
          audioQuality: 'normal',
          explicitContent: false,
          notifications: {
            email: { newReleases: false, weeklyDigest: true },
            push: { followedArtists: true, playlistUpdates: false },
          },
        },
      },
      connection: DB_CONNECTION,
      password: 'Reggaeton-2024',
    },
    {
      user_id: SAMPLE_USER_IDS.nearPromotion,
      email: 'priya.raman@example.com',
      email_verified: true,
      name: 'Priya Raman',
      nickname: 'priya.raman',
      given_name: 'Priya',
      family_name: 'Raman',
      picture: gravatar('priya.raman@example.com', 'pr'),
      created_at: '2023-09-18T06:55:47.826Z',
      updated_at: '2025-05-31T16:27:03.455Z',
      last_login: '2025-05-31T16:27:03.455Z',
      last_ip: '203.0.113.201',
      logins_count: 96,
      identities: databaseIdentity(SAMPLE_USER_IDS.nearPromotion),
      app_metadata: { plan: 'premium', roles: [] },
      user_metadata: {
        displayName: 'priya.curates',
        preferences: {
          genres: ['classical', 'ambient', 'electronic'],
          language: 'en',
          audioQuality: 'high',
          explicitContent: true,
          notifications: {
            email: { newReleases: true, weeklyDigest: true },
            push: { followedArtists: false, playlistUpdates: true },
          },
        },
      },
      connection: DB_CONNECTION,
      password: 'NearlyEditor!99',
    },
    {
      user_id: SAMPLE_USER_IDS.noDisplayName,
      email: 'sam.whitaker@example.com',
      email_verified: true,
      name: 'sam.whitaker@example.com',
      nickname: 'sam.whitaker',
      picture: gravatar('sam.whitaker@example.com', 'sa'),
      created_at: '2024-01-05T11:20:09.377Z',
      updated_at: '2025-02-14T19:44:51.092Z',
      last_login: '2025-02-14T19:44:51.092Z',
      last_ip: '198.51.100.9',
      logins_count: 3,
      identities: databaseIdentity(SAMPLE_USER_IDS.noDisplayName),
      app_metadata: { plan: 'free' },
      user_metadata: {
        preferences: {
          genres: ['rock'],
          language: 'en',
          notifications: { email: { newReleases: false, weeklyDigest: false } },
        },
      },
      connection: DB_CONNECTION,
      password: 'NoNickname#1',
    },
    {
      user_id: SAMPLE_USER_IDS.googleListener,
      email: 'hannah.schmidt.music@gmail.com',
      email_verified: true,
      name: 'Hannah Schmidt',
      nickname: 'hannah.schmidt.music',
      given_name: 'Hannah',
      family_name: 'Schmidt',
      locale: 'de',
      picture: 'https://lh3.googleusercontent.com/a/ACg8ocKx7Qm2Rv9EmUlAt0rSampleHs=s96-c',
      created_at: '2024-02-11T08:14:36.640Z',
      updated_at: '2025-06-01T09:58:24.771Z',
      last_login: '2025-06-01T09:58:24.771Z',
      last_ip: '2001:db8:4f2a::17',
      logins_count: 74,
      identities: [
        {
          provider: 'google-oauth2',
          user_id: '108326587461923847561',
          connection: GOOGLE_CONNECTION,
          isSocial: true,
          // Google's tokens for this user, visible only to tokens holding read:user_idp_tokens.
          access_token: 'ya29.a0AeXRPp5-emulator-sample-google-access-token-hannah',
          refresh_token: '1//09emulatorSampleGoogleRefreshTokenHannahSchmidt',
          expires_in: 3599,
        },
      ],
      app_metadata: { plan: 'family', roles: [] },
      user_metadata: {
        displayName: 'hanni',
        preferences: {
          genres: ['techno', 'electronic', 'indie'],
          language: 'de',
          audioQuality: 'high',
          explicitContent: true,
          notifications: {
            email: { newReleases: true, weeklyDigest: false },
            push: { followedArtists: true, playlistUpdates: true },
          },
        },
      },
    },
    {
      user_id: SAMPLE_USER_IDS.blocked,
      email: 'trent.moss@example.com',
      email_verified: true,
      name: 'Trent Moss',
      nickname: 'trent.moss',
      given_name: 'Trent',
      family_name: 'Moss',
      picture: gravatar('trent.moss@example.com', 'tm'),
      created_at: '2024-04-22T23:07:58.115Z',
      updated_at: '2024-10-03T13:30:00.000Z',
      last_login: '2024-09-29T02:11:46.508Z',
      last_ip: '192.0.2.66',
      logins_count: 21,
      blocked: true,
      identities: databaseIdentity(SAMPLE_USER_IDS.blocked),
      app_metadata: {
        plan: 'free',
        roles: [],
        suspension: { reason: 'chargeback', since: '2024-10-03T13:30:00.000Z' },
      },
      user_metadata: {
        displayName: 'tr3nt',
        preferences: { genres: ['metal', 'punk'], language: 'en' },
      },
      connection: DB_CONNECTION,
      password: 'Blocked-Account1',
    },
    {
      user_id: SAMPLE_USER_IDS.legacyPremium,
      email: 'walter.nguyen@example.net',
      email_verified: true,
      name: 'Walter Nguyen',
      nickname: 'walter.nguyen',
      picture: gravatar('walter.nguyen@example.net', 'wn'),
      created_at: '2024-05-06T17:45:12.930Z',
      updated_at: '2025-05-25T12:09:33.284Z',
      last_login: '2025-05-25T12:09:33.284Z',
      last_ip: '203.0.113.88',
      logins_count: 19,
      identities: databaseIdentity(SAMPLE_USER_IDS.legacyPremium, LEGACY_CONNECTION),
      app_metadata: { plan: 'premium', roles: [], legacy_account_id: 1001 },
      user_metadata: {
        displayName: 'waltz',
        preferences: {
          genres: ['blues', 'folk', 'country'],
          language: 'vi',
          notifications: { email: { newReleases: true, weeklyDigest: true } },
        },
      },
      connection: LEGACY_CONNECTION,
      password: 'Mixtape-1998',
    },
    {
      user_id: SAMPLE_USER_IDS.legacyFree,
      email: 'rosa.delgado@example.net',
      email_verified: true,
      name: 'Rosa Delgado',
      nickname: 'rosa.delgado',
      picture: gravatar('rosa.delgado@example.net', 'rd'),
      created_at: '2024-05-09T10:31:27.466Z',
      updated_at: '2024-12-20T21:52:08.019Z',
      last_login: '2024-12-20T21:52:08.019Z',
      last_ip: '198.51.100.212',
      logins_count: 4,
      identities: databaseIdentity(SAMPLE_USER_IDS.legacyFree, LEGACY_CONNECTION),
      app_metadata: { plan: 'free', roles: [], legacy_account_id: 1002 },
      user_metadata: {
        displayName: 'rosita',
        preferences: { genres: ['latin', 'reggae'], language: 'es' },
      },
      connection: LEGACY_CONNECTION,
      password: 'Cassette#77',
    },
    {
      user_id: SAMPLE_USER_IDS.manyLogins,
      email: 'kenji.watanabe@example.com',
      email_verified: true,
      name: 'Kenji Watanabe',
      nickname: 'kenji.watanabe',
      given_name: 'Kenji',
      family_name: 'Watanabe',
      picture: gravatar('kenji.watanabe@example.com', 'kw'),
      created_at: '2023-02-01T07:00:41.213Z',
      updated_at: '2025-06-03T06:12:59.847Z',
      last_login: '2025-06-03T06:12:59.847Z',
      last_ip: '2001:db8:a0b:12f0::1',
      logins_count: 1873,
      identities: databaseIdentity(SAMPLE_USER_IDS.manyLogins),
      app_metadata: { plan: 'family', roles: [], family_members: [SAMPLE_USER_IDS.neverLoggedIn] },
      user_metadata: {
        displayName: 'kenji_daily',
        preferences: {
          genres: ['k-pop', 'jazz', 'lo-fi', 'classical'],
          language: 'ja',
          audioQuality: 'lossless',
          explicitContent: false,
          notifications: {
            email: { newReleases: false, weeklyDigest: true },
            push: { followedArtists: true, playlistUpdates: true },
          },
        },
      },
      connection: DB_CONNECTION,
      password: 'DailyListener1873',
    },
    {
      // Invited to Kenji's family plan through the Management API; has never logged in, so Auth0 has no
      // logins_count, last_login or last_ip for her.
      user_id: SAMPLE_USER_IDS.neverLoggedIn,
      email: 'olivia.brooks@example.com',
      email_verified: false,
      name: 'olivia.brooks@example.com',
      nickname: 'olivia.brooks',
      picture: gravatar('olivia.brooks@example.com', 'ol'),
      created_at: '2025-05-29T15:36:20.654Z',
      updated_at: '2025-05-29T15:36:20.654Z',
      identities: databaseIdentity(SAMPLE_USER_IDS.neverLoggedIn),
      app_metadata: { plan: 'family', family_owner: SAMPLE_USER_IDS.manyLogins },
      connection: DB_CONNECTION,
      password: 'InvitedNever1!',
    },
    {
      user_id: SAMPLE_USER_IDS.supportAdmin,
      email: 'dana.reyes@example.com',
      email_verified: true,
      name: 'Dana Reyes',
      nickname: 'dana.reyes',
      given_name: 'Dana',
      family_name: 'Reyes',
      picture: gravatar('dana.reyes@example.com', 'dr'),
      created_at: '2022-11-08T12:00:05.482Z',
      updated_at: '2025-06-02T08:30:14.227Z',
      last_login: '2025-06-02T08:30:14.227Z',
      last_ip: '203.0.113.5',
      logins_count: 633,
      multifactor: ['guardian'],
      multifactor_last_modified: '2023-01-09T09:15:44.310Z',
      identities: databaseIdentity(SAMPLE_USER_IDS.supportAdmin),
      app_metadata: { plan: 'premium', roles: [], staff: true },
      user_metadata: {
        displayName: 'Dana (Support)',
        preferences: {
          genres: ['soul', 'funk'],
          language: 'en',
          notifications: { email: { newReleases: false, weeklyDigest: false } },
        },
      },
      connection: DB_CONNECTION,
      password: 'Support*Admin42',
    },
  ];
}

export function sampleConnections(): Connection[] {
  return [
    { id: CONNECTION_IDS[DB_CONNECTION], name: DB_CONNECTION, strategy: 'auth0', requires_username: false },
    {
      id: CONNECTION_IDS[GOOGLE_CONNECTION],
      name: GOOGLE_CONNECTION,
      strategy: 'google-oauth2',
      set_user_root_attributes: 'on_each_login',
    },
    {
      id: CONNECTION_IDS[LEGACY_CONNECTION],
      name: LEGACY_CONNECTION,
      strategy: 'auth0',
      requires_username: false,
      enabledDatabaseCustomization: true,
      import_mode: true,
      customScripts: { ...LEGACY_MUSIC_DB_SCRIPTS },
      configuration: {},
    },
  ];
}

export function sampleRoles(): NonNullable<SeedDocument['roles']> {
  return [
    {
      id: ROLE_IDS.playlist_editor,
      name: 'playlist_editor',
      description: 'May edit featured playlists (granted at 100 plays)',
    },
    { id: ROLE_IDS.listener, name: 'listener', description: 'Streams music and keeps personal playlists' },
    { id: ROLE_IDS.admin, name: 'admin', description: 'Support staff: manages accounts and plans' },
  ];
}

export function sampleM2MClient(opts: { clientId?: string; clientSecret?: string } = {}): Client {
  return {
    client_id: opts.clientId ?? DEFAULT_M2M_CLIENT_ID,
    client_secret: opts.clientSecret ?? DEFAULT_M2M_CLIENT_SECRET,
    name: M2M_CLIENT_NAME,
    app_type: 'non_interactive',
    grant_scopes: [...MANAGEMENT_SCOPES],
  };
}

/** The whole sample tenant; fresh objects on every call, so callers may mutate what they get. */
export function sampleSeed(opts: { clientId?: string; clientSecret?: string } = {}): SeedDocument {
  const users = sampleUsers();
  const listener = ROLE_IDS.listener;
  const userRoles: Record<string, string[]> = {};
  for (const user of users) {
    if (user.user_id && user.user_id !== SAMPLE_USER_IDS.supportAdmin) userRoles[user.user_id] = [listener];
  }
  userRoles[SAMPLE_USER_IDS.playlistEditor] = [listener, ROLE_IDS.playlist_editor];
  userRoles[SAMPLE_USER_IDS.supportAdmin] = [ROLE_IDS.admin];
  return {
    version: 1,
    users,
    clients: [sampleM2MClient(opts)],
    roles: sampleRoles(),
    connections: sampleConnections(),
    userRoles,
  };
}
