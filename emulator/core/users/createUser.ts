// POST /api/v2/users as pure logic: validate the body like Auth0 (schema, connection rules, password strength)
// and build the stored user with Auth0's defaults (ids, identities, name/nickname/picture, lower-cased email).
import { ApiError, badRequest } from '../errors.js';
import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import type { IdGenerator } from '../ids.js';
import type { Connection, JsonObject, StoredUser } from './user.js';
import { isDatabase, isPasswordless, lowercasesIdentifiers, providerOf } from './connectionKinds.js';
import { checkProfileSize, mergeMetadata, validateMetadata, type MetadataOptions, type ProfileSizeLimits } from './metadata.js';
import { assertPasswordStrength, DEFAULT_PASSWORD_POLICY } from './passwordPolicy.js';
import { defaultName, defaultNickname, defaultPicture } from './profileDefaults.js';
import {
  checkBodyObject,
  checkBoolean,
  checkString,
  NO_WHITESPACE_PATTERN,
  PHONE_PATTERN,
  payloadError,
  type StringRule,
} from './validation.js';

/** A body that passed validateCreateUserBody. */
export interface CreateUserBody {
  connection: string;
  email?: string;
  phone_number?: string;
  user_metadata?: JsonObject;
  app_metadata?: JsonObject;
  blocked?: boolean;
  email_verified?: boolean;
  phone_verified?: boolean;
  verify_email?: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  user_id?: string;
  password?: string;
  username?: string;
}

/** CreateUserRequestContent string properties (OAS constraints; descriptions as Auth0 quotes them). */
const STRING_RULES: Record<string, StringRule> = {
  connection: { minLength: 1, description: 'Name of the connection this user should be created in.' },
  email: { format: 'email', description: "The user's email" },
  phone_number: { pattern: PHONE_PATTERN, description: "The user's phone number (following the E.164 recommendation)." },
  given_name: { minLength: 1, maxLength: 150, description: "The user's given name(s)." },
  family_name: { minLength: 1, maxLength: 150, description: "The user's family name(s)." },
  // OAS says 300/300; the profile-structure page says 150/350 (CONFLICT): the OAS wins.
  name: { minLength: 1, maxLength: 300, description: "The user's full name." },
  nickname: { minLength: 1, maxLength: 300, description: "The user's nickname." },
  picture: { format: 'strict-uri', description: "A URI pointing to the user's picture." },
  user_id: { maxLength: 255, pattern: NO_WHITESPACE_PATTERN, description: "The external user's id provided by the identity provider." },
  password: { minLength: 1, description: 'Initial password for this user. Only valid for auth0 connection strategy.' },
  username: { minLength: 1, maxLength: 128, description: "The user's username. Only valid if the connection requires a username." },
};

const BOOLEAN_FIELDS: Record<string, string> = {
  blocked: 'Whether this user was blocked by an administrator (true) or not (false).',
  email_verified: 'Whether this email address is verified (true) or unverified (false).',
  phone_verified: 'Whether this phone number has been verified (true) or not (false).',
  verify_email: 'Whether the user will receive a verification email after creation (true) or no email (false).',
};

const ALLOWED = new Set([...Object.keys(STRING_RULES), ...Object.keys(BOOLEAN_FIELDS), 'user_metadata', 'app_metadata']);

/** Auth0's wording for unknown root fields on user writes (recorded on PATCH; the same validator serves POST). */
export function additionalPropertiesError(names: string[]): ApiError {
  return payloadError(
    `Additional properties not allowed: ${names.join(',')} (consider storing them in app_metadata or user_metadata. ` +
      `See "Users Metadata" in https://auth0.com/docs/api/v2/changes for more details)`,
  );
}

export const inexistentConnection = () => new ApiError(400, 'The connection does not exist.', 'inexistent_connection');

export interface CreateUserOptions {
  /** The connection named by `body.connection`, resolved by the caller; undefined when no such connection exists. */
  connection: Connection | undefined;
}

/**
 * Validate a POST /users body. Order: schema (object, unknown fields, required `connection`, types/formats,
 * metadata), then the connection (exists, supports creation, username allowed), then required fields by strategy,
 * then password strength. Throws a 400 ApiError.
 */
export function validateCreateUserBody(body: unknown, opts: CreateUserOptions): CreateUserBody {
  checkBodyObject(body);
  const extra = Object.keys(body).filter((k) => !ALLOWED.has(k));
  if (extra.length > 0) throw additionalPropertiesError(extra);
  if (body.connection === undefined) throw payloadError('Missing required property: connection');
  for (const [name, rule] of Object.entries(STRING_RULES)) {
    if (body[name] !== undefined) checkString(name, body[name], rule);
  }
  for (const [name, description] of Object.entries(BOOLEAN_FIELDS)) {
    if (body[name] !== undefined) checkBoolean(name, body[name], description);
  }
  if (body.user_metadata !== undefined) validateMetadata('user_metadata', body.user_metadata);
  if (body.app_metadata !== undefined) validateMetadata('app_metadata', body.app_metadata);
  const valid = body as unknown as CreateUserBody;

  const connection = opts.connection;
  if (!connection || connection.name !== valid.connection) throw inexistentConnection();
  if (!isDatabase(connection) && !isPasswordless(connection))
    throw badRequest(
      'Connection does not support user creation through the API. It must either be a database or passwordless connection.',
    );
  if (valid.username !== undefined && !(isDatabase(connection) && connection.requires_username))
    throw badRequest('Cannot set username for connection without requires_username');

  if (isDatabase(connection)) {
    if (valid.email === undefined) throw payloadError('Missing required property: email');
    if (valid.password === undefined) throw payloadError('Missing required property: password');
    if (connection.requires_username && valid.username === undefined) throw payloadError('Missing required property: username');
    assertPasswordStrength(valid.password, connection.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);
  } else {
    if (valid.password !== undefined) throw badRequest('Password is only valid for database connections (strategy auth0).');
    if (connection.strategy === 'sms' && valid.phone_number === undefined)
      throw payloadError('Missing required property: phone_number');
    if (connection.strategy === 'email' && valid.email === undefined) throw payloadError('Missing required property: email');
  }
  return valid;
}

export interface BuildUserOptions extends CreateUserOptions {
  clock: Clock;
  ids: IdGenerator;
  metadata?: MetadataOptions;
  sizeLimits?: ProfileSizeLimits;
}

export interface BuiltUser {
  user: StoredUser;
  /** The plain-text password to hash and keep in credentials; never part of the user. */
  password?: string;
  /** Sent `verify_email` (Auth0 would send a verification email unless false or email_verified). Not stored. */
  verifyEmail?: boolean;
  /** Non-fatal notes for the caller to log (profile above the 10 KB soft limit). */
  warnings: string[];
}

/**
 * Build the user Auth0 would store for a POST /users body (validates first). Does not check for an existing user
 * with the same email/id: that needs the store, and the caller answers 409 `userAlreadyExists()`.
 * A caller-supplied `user_id` is always prefixed with the provider (`12345` -> `auth0|12345`, also `auth0|x` ->
 * `auth0|auth0|x`: Auth0 documents the prefixing, not an exception); an empty `user_id` counts as absent.
 */
export function buildNewUser(body: unknown, opts: BuildUserOptions): BuiltUser {
  const b = validateCreateUserBody(body, opts);
  const connection = opts.connection!;
  const lower = lowercasesIdentifiers(connection);
  const email = b.email !== undefined && lower ? b.email.toLowerCase() : b.email;
  const username = b.username !== undefined && lower ? b.username.toLowerCase() : b.username;
  const idInProvider = b.user_id ? b.user_id : opts.ids.userHex();
  const now = isoNow(opts.clock);
  const ids = { email, username, phone_number: b.phone_number };

  const user: StoredUser = {
    user_id: `${providerOf(connection)}|${idInProvider}`,
    created_at: now,
    updated_at: now,
    identities: [{ connection: connection.name, user_id: idInProvider, provider: providerOf(connection), isSocial: false }],
  };
  if (email !== undefined) user.email = email;
  if (email !== undefined || b.email_verified !== undefined) user.email_verified = b.email_verified ?? false;
  if (username !== undefined) user.username = username;
  if (b.phone_number !== undefined) user.phone_number = b.phone_number;
  if (b.phone_verified !== undefined) user.phone_verified = b.phone_verified;
  else if (connection.strategy === 'sms') user.phone_verified = false;
  if (b.given_name !== undefined) user.given_name = b.given_name;
  if (b.family_name !== undefined) user.family_name = b.family_name;
  const name = b.name ?? defaultName(ids);
  if (name !== undefined) user.name = name;
  const nickname = b.nickname ?? defaultNickname(ids);
  if (nickname !== undefined) user.nickname = nickname;
  user.picture = b.picture ?? defaultPicture(ids);
  if (b.blocked !== undefined) user.blocked = b.blocked;
  // Sent metadata is kept even when {} (keys appear exactly when sent); top-level nulls mean "no value".
  if (b.user_metadata !== undefined) user.user_metadata = mergeMetadata(undefined, b.user_metadata, opts.metadata) ?? {};
  if (b.app_metadata !== undefined) user.app_metadata = mergeMetadata(undefined, b.app_metadata, opts.metadata) ?? {};

  const warnings = checkProfileSize(user, opts.sizeLimits);
  const built: BuiltUser = { user, warnings };
  if (b.password !== undefined) built.password = b.password;
  if (b.verify_email !== undefined) built.verifyEmail = b.verify_email;
  return built;
}
