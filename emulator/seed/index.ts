// The seed module's public surface: the sample music-app tenant, generated users, and writing seed files.
export {
  sampleSeed,
  sampleConnections,
  sampleRoles,
  sampleM2MClient,
  SAMPLE_USER_IDS,
  SAMPLE_PLAY_COUNTS,
  DEFAULT_M2M_CLIENT_ID,
  DEFAULT_M2M_CLIENT_SECRET,
  M2M_CLIENT_NAME,
} from './sampleSeed.js';
export { generateUsers } from './generateUsers.js';
export { largeSeed, type LargeSeedOptions } from './largeSeed.js';
export { writeSeedFile } from './writeSeedFile.js';
export { LEGACY_MUSIC_DB_SCRIPTS, UNMIGRATED_LEGACY_ACCOUNT } from './legacyMusicDbScripts.js';
export * from './musicApp.js';
