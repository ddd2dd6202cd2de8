// PATCH /api/v2/users/{id} as pure logic: Auth0's replace semantics for root attributes (null unsets), one-level
// metadata merge, the combination rules, and the timestamps a write touches.
import { badRequest, fieldsNotAllowed, notEmulated } from '../errors.js';
import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import type { Connection, StoredUser } from './user.js';
import { isDatabase, isFederated, lowercasesIdentifiers } from './connectionKinds.js';
import { additionalPropertiesError } from './createUser.js';
import { checkProfileSize, mergeMetadata, validateMetadata, type MetadataOptions, type ProfileSizeLimits } from './metadata.js';
import { assertPasswordStrength, DEFAULT_PASSWORD_POLICY } from './passwordPolicy.js';
import { projectUser } from './projection.js';
import { checkBodyObject, checkBoolean, checkString, PHONE_PATTERN, type StringRule } from './validation.js';

/** UpdateUserRequestContent string properties; these may be null to unset the attribute (OAS). */
const STRING_RULES: Record<string, StringRule> = {
  email: { format: 'email', nullable: true, description: 'Email address of this user.' },
  phone_number: { pattern: PHONE_PATTERN, nullable: true, description: "The user's phone number (following the E.164 recommendation)." },
  given_name: { minLength: 1, maxLength: 150, nullable: true, description: 'Given name/first name/forename of this user.' },
  family_name: { minLength: 1, maxLength: 150, nullable: true, description: 'Family name/last name/surname of this user.' },
  name: { minLength: 1, maxLength: 300, nullable: true, description: 'Name of this user.' },
  nickname: { minLength: 1, maxLength: 300, nullable: true, description: 'Preferred nickname or alias of this user.' },
  picture: { format: 'strict-uri', nullable: true, description: 'URL to picture, photo, or avatar of this user.' },
  password: { minLength: 1, nullable: true, description: 'New password for this user. Only valid for database connections.' },
  username: { minLength: 1, maxLength: 128, nullable: true, description: "The user's username. Only valid if the connection requires a username." },
  connection: { minLength: 1, description: 'Name of the connection to target for this user update.' },
  client_id: { description: 'Auth0 client ID. Only valid when updating email address.' },
};

const BOOLEAN_FIELDS: Record<string, string> = {
  blocked: 'Whether this user was blocked by an administrator (true) or not (false).',
  email_verified: 'Whether this email address is verified (true) or unverified (false).',
  phone_verified: 'Whether this phone number has been verified (true) or not (false).',
  verify_email: 'Whether this user will receive a verification email after creation (true) or no email (false).',
  verify_phone_number: 'Whether this user will receive a text after changing the phone number (true) or no text (false).',
};

const STRING_RULE_ENTRIES = Object.entries(STRING_RULES);
const BOOLEAN_FIELD_ENTRIES = Object.entries(BOOLEAN_FIELDS);

const ALLOWED = new Set([...Object.keys(STRING_RULES), ...Object.keys(BOOLEAN_FIELDS), 'user_metadata', 'app_metadata']);

/** Root attributes copied onto the user as sent (null deletes them). */
const PROFILE_ATTRIBUTES = ['given_name', 'family_name', 'name', 'nickname', 'picture'] as const;

/** Pairs Auth0 refuses to change in one call (OAS x-descriptions). */
const EXCLUSIVE_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['password', 'email'],
  ['password', 'email_verified'],
  ['username', 'email'],
  ['username', 'email_verified'],
  ['username', 'password'],
];

export interface PatchUserOptions {
  /** The connection of the user's primary identity (identities[0]), resolved by the caller. */
  connection: Connection | undefined;
  clock: Clock;
  /**
   * Root fields the caller's token may write, when limited: `['app_metadata']` for update:users_app_metadata,
   * `['user_metadata']` for update:current_user_metadata. Other sent fields -> 403 "You cannot update the following
   * fields: …". Undefined = update:users (everything).
   */
  onlyFields?: readonly string[];
  metadata?: MetadataOptions;
  sizeLimits?: ProfileSizeLimits;
  /** The body is the caller's to give away (a freshly parsed request): its values may be stored without a copy. */
  ownsBody?: boolean;
}

export interface PatchResult {
  /** A new object; `stored` is not modified. */
  user: StoredUser;
  /** The new plain-text password to hash into credentials, when the body set one. */
  passwordChanged: string | undefined;
  /** Non-fatal notes for the caller to log (profile above the 10 KB soft limit). */
  warnings: string[];
  /** `JSON.stringify(user)`, made for the size check; storage reuses it instead of serialising the user again. */
  json: string;
}

/**
 * Apply a PATCH body to a stored user. Throws a 400 ApiError for anything Auth0 rejects (unknown or read-only root
 * fields, wrong types/formats, forbidden combinations, email/password/username on connections that do not allow
 * them, bad metadata keys), 403 for fields outside `onlyFields`, and 501 for updates aimed at a linked secondary identity (`connection` naming one).
 */
export function applyUserPatch(stored: StoredUser, body: unknown, opts: PatchUserOptions): PatchResult {
  checkBodyObject(body);
  const extra = Object.keys(body).filter((k) => !ALLOWED.has(k));
  if (extra.length > 0) throw additionalPropertiesError(extra);
  if (opts.onlyFields) {
    const only = opts.onlyFields;
    const forbidden = Object.keys(body).filter((k) => !only.includes(k));
    if (forbidden.length > 0) throw fieldsNotAllowed(forbidden);
  }
  for (const [name, rule] of STRING_RULE_ENTRIES) {
    if (body[name] !== undefined) checkString(name, body[name], rule);
  }
  for (const [name, description] of BOOLEAN_FIELD_ENTRIES) {
    if (body[name] !== undefined) checkBoolean(name, body[name], description);
  }
  if (body.user_metadata !== undefined) validateMetadata('user_metadata', body.user_metadata);
  if (body.app_metadata !== undefined) validateMetadata('app_metadata', body.app_metadata);

  // A null value is "unset", not a change of that credential: only non-null values count for the pair rules.
  const sets = (k: string) => body[k] !== undefined && body[k] !== null;
  for (const [a, b] of EXCLUSIVE_PAIRS) {
    if (sets(a) && sets(b)) throw badRequest(`Cannot update ${a} and ${b} simultaneously`);
  }

  const primary = stored.identities[0];
  const target = body.connection as string | undefined;
  if (target !== undefined && target !== primary?.connection) {
    if (stored.identities.some((i) => i.connection === target))
      throw notEmulated('updating a linked secondary identity through PATCH /users/{id} with `connection`');
    throw badRequest(`The user does not have an identity on connection ${target}.`);
  }
  const connection = opts.connection;
  const database = connection ? isDatabase(connection) : primary?.provider === 'auth0';
  const lower = connection ? lowercasesIdentifiers(connection) : database;

  if (body.email !== undefined && !database) throw badRequest('Email cannot be changed for non-database users.');
  if (sets('password') && !database) throw badRequest('Password can only be changed for database users.');
  if (body.username !== undefined && !(connection && isDatabase(connection) && connection.requires_username))
    throw badRequest('Cannot set username for connection without requires_username');
  if (body.email_verified !== undefined && connection && (connection.strategy === 'sms' || isFederated(connection)))
    throw badRequest('email_verified is not supported for enterprise or passwordless sms connections.');
  if (connection && isFederated(connection) && (connection.set_user_root_attributes ?? 'on_each_login') === 'on_each_login') {
    const locked = PROFILE_ATTRIBUTES.filter((k) => body[k] !== undefined);
    if (locked.length > 0) throw badRequest(`The following user attributes cannot be updated: ${locked.join(', ')}`);
  }
  if (sets('password'))
    assertPasswordStrength(body.password as string, connection?.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);

  const now = isoNow(opts.clock);
  // A shallow copy: only top-level keys are replaced below, and stored values are never mutated (storage contract).
  const user: StoredUser = { ...stored };

  if (body.email !== undefined) {
    if (body.email === null) delete user.email;
    else {
      const email = lower ? (body.email as string).toLowerCase() : (body.email as string);
      // A new address is unverified unless the same call says otherwise.
      if (email !== stored.email && body.email_verified === undefined) user.email_verified = false;
      user.email = email;
    }
  }
  if (body.username !== undefined) {
    if (body.username === null) delete user.username;
    else user.username = lower ? (body.username as string).toLowerCase() : (body.username as string);
  }
  if (body.phone_number !== undefined) {
    if (body.phone_number === null) delete user.phone_number;
    else user.phone_number = body.phone_number as string;
  }
  for (const k of PROFILE_ATTRIBUTES) {
    if (body[k] === undefined) continue;
    if (body[k] === null) delete user[k];
    else user[k] = body[k] as string;
  }
  if (body.email_verified !== undefined) user.email_verified = body.email_verified as boolean;
  if (body.phone_verified !== undefined) user.phone_verified = body.phone_verified as boolean;
  if (body.blocked !== undefined) user.blocked = body.blocked as boolean;

  for (const field of ['user_metadata', 'app_metadata'] as const) {
    const patch = body[field];
    if (patch === undefined) continue;
    const merged = mergeMetadata(stored[field], patch as NonNullable<StoredUser[typeof field]>, {
      ...opts.metadata,
      shareStored: true,
      sharePatch: opts.ownsBody === true,
    });
    if (merged === undefined) delete user[field];
    else user[field] = merged;
  }

  let passwordChanged: string | undefined;
  if (sets('password')) {
    passwordChanged = body.password as string;
    user.last_password_reset = now;
  }
  user.updated_at = now;

  // Kept in Auth0's response order (the projection a full-scope caller sees), so that one serialisation serves the
  // size check, the journal and the response.
  const ordered = projectUser(user, { showIdpTokens: true, share: true }) as StoredUser;
  const json = JSON.stringify(ordered);
  const warnings = checkProfileSize(ordered, opts.sizeLimits, json);
  return { user: ordered, passwordChanged, warnings, json };
}
