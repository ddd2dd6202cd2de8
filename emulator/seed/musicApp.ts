// Names and constants of the sample tenant: the mobile music app from Auth0's "User Data Storage" scenario
// (https://auth0.com/docs/users/references/user-data-storage-scenario), shared by the sample seed and the
// generated users so both tell the same story.

export const DB_CONNECTION = 'Username-Password-Authentication';
export const GOOGLE_CONNECTION = 'google-oauth2';
export const LEGACY_CONNECTION = 'legacy-music-db';

export const ROLE_IDS = {
  playlist_editor: 'rol_Pl4ylistEd1t0rQz',
  listener: 'rol_L1stenerB4s1cWx9',
  admin: 'rol_Adm1nSupp0rtZk2m',
} as const;

export const CONNECTION_IDS = {
  [DB_CONNECTION]: 'con_Us3rP4ssw0rdDbA1',
  [GOOGLE_CONNECTION]: 'con_G00gleS0c1alXy7Q',
  [LEGACY_CONNECTION]: 'con_L3gacyMus1cDb0rT',
} as const;

export const PLANS = ['free', 'premium', 'family', 'student'] as const;

export const GENRES = [
  'afrobeats', 'ambient', 'blues', 'classical', 'country', 'drum-and-bass', 'electronic', 'folk', 'funk', 'hip-hop',
  'indie', 'jazz', 'k-pop', 'latin', 'lo-fi', 'metal', 'pop', 'punk', 'r-and-b', 'reggae', 'rock', 'soul', 'techno',
] as const;

/** The play count at which the scenario's rule grants `playlist_editor` (plays >= 100). */
export const PLAYLIST_EDITOR_THRESHOLD = 100;

/** The scenario's external API the promotion rule calls (`GET` with a bearer token, body = play count). */
export const PLAYS_API_URL = 'https://example.com/playlists/getPlays';

/** Every Management API scope on users and roles, so the sample M2M client can exercise the whole surface. */
export { MANAGEMENT_SCOPES } from '../core/tokens/scopes.js';
