// What a connection's strategy means for user writes: database vs passwordless vs federated, and who lower-cases email.
import type { Connection } from './user.js';

export const isDatabase = (c: Connection): boolean => c.strategy === 'auth0';
export const isPasswordless = (c: Connection): boolean => c.strategy === 'sms' || c.strategy === 'email';
export const isFederated = (c: Connection): boolean => !isDatabase(c) && !isPasswordless(c);

/** Custom database without "Import Users to Auth0": Auth0 keeps no copy of its own, and stores email as given. */
export const isCustomDbWithoutImport = (c: Connection): boolean =>
  isDatabase(c) && c.enabledDatabaseCustomization === true && c.import_mode !== true;

/** Auth0 lower-cases email (and username) on save for its own database connections only. */
export const lowercasesIdentifiers = (c: Connection): boolean => isDatabase(c) && !isCustomDbWithoutImport(c);

/** The provider part of user ids created on this connection (`auth0|…`, `sms|…`, `email|…`). */
export const providerOf = (c: Connection): string => c.strategy;
