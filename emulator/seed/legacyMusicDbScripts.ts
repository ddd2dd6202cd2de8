// Action scripts of the sample custom database `legacy-music-db`: the music app's old account database, being
// migrated lazily into Auth0 (import mode on). The scripts carry a tiny in-script table standing in for that
// database, so logins work offline. Real scripts would query the database and compare bcrypt hashes.

/**
 * The old database's rows. 1001 and 1002 already logged in once and were imported (they are in the sample seed);
 * 1003 has not been migrated yet: the first password login as eli.turner@example.org runs `login` and imports them.
 */
const LEGACY_TABLE = `
  var LEGACY_ACCOUNTS = [
    { id: 1001, email: 'walter.nguyen@example.net', password: 'Mixtape-1998', name: 'Walter Nguyen', plan: 'premium' },
    { id: 1002, email: 'rosa.delgado@example.net', password: 'Cassette#77', name: 'Rosa Delgado', plan: 'free' },
    { id: 1003, email: 'eli.turner@example.org', password: 'Vinyl&Chill3', name: 'Eli Turner', plan: 'student' }
  ];
  function findAccount(email) {
    var wanted = String(email).toLowerCase();
    for (var i = 0; i < LEGACY_ACCOUNTS.length; i++) {
      if (LEGACY_ACCOUNTS[i].email === wanted) return LEGACY_ACCOUNTS[i];
    }
    return null;
  }
  // Ids carry the connection name, as Auth0 recommends when several databases could collide.
  function toProfile(row) {
    return {
      user_id: 'legacy-music-db|' + row.id,
      email: row.email,
      email_verified: true,
      name: row.name,
      nickname: row.email.split('@')[0],
      app_metadata: { plan: row.plan, legacy_account_id: row.id }
    };
  }
`;

const login = `function login(email, password, callback) {
${LEGACY_TABLE}
  var row = findAccount(email);
  if (!row || row.password !== password) {
    return callback(new WrongUsernameOrPasswordError(email, 'Wrong email or password.'));
  }
  return callback(null, toProfile(row));
}
`;

const getUser = `function getUser(email, callback) {
${LEGACY_TABLE}
  var row = findAccount(email);
  if (!row) return callback(null);
  return callback(null, toProfile(row));
}
`;

/** `options.customScripts` of the `legacy-music-db` connection (import mode needs `login` and `get_user`). */
export const LEGACY_MUSIC_DB_SCRIPTS: Record<string, string> = {
  login,
  get_user: getUser,
};

/** Credentials of the not-yet-migrated legacy account, for trying lazy migration. */
export const UNMIGRATED_LEGACY_ACCOUNT = { email: 'eli.turner@example.org', password: 'Vinyl&Chill3' } as const;
