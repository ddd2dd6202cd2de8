// user_metadata / app_metadata: Auth0's one-level merge (null deletes, {} wipes) and the rules on what metadata
// may contain (no "." or "$" in key names, reserved app_metadata names, size limits).
// https://auth0.com/docs/manage-users/user-accounts/metadata/manage-metadata-api
// https://auth0.com/docs/manage-users/user-accounts/metadata/metadata-fields-data
import { invalidBody } from '../errors.js';
import type { Json, JsonObject } from './user.js';
import { isJsonObject, jsonTypeOf, payloadError } from './validation.js';

export type MetadataField = 'app_metadata' | 'user_metadata';

export interface MetadataOptions {
  /**
   * What a user looks like once every key of a metadata object is gone (after `{}` or nulls).
   * 'omit' (default): the key disappears from the user, as reported in auth0/auth0.js#1194.
   * 'empty-object': the user keeps `{}` (what auth0/node-auth0#522 shows). UNCONFIRMED either way.
   */
  whenEmpty?: 'omit' | 'empty-object';
  /**
   * `null` inside a sent sub-object (`{"a":{"b":null}}`): 'keep' (default) stores the sub-object exactly as sent,
   * since the sent value replaces the stored one whole; 'strip' removes null-valued keys at every depth. UNCONFIRMED.
   */
  nestedNulls?: 'keep' | 'strip';
  /**
   * Share the stored values in the result instead of copying them. Safe for the database's own users: stored values
   * are never mutated, only replaced (the storage contract), so a PATCH need not deep-copy what it keeps.
   */
  shareStored?: boolean;
  /** Share the sent values too: for a body the caller owns and will not touch again (a freshly parsed request). */
  sharePatch?: boolean;
}

/**
 * Merge a PATCH's metadata object into the stored one, one level deep:
 * each sent top-level key replaces the stored value whole, a key sent as `null` is deleted,
 * and an empty object wipes everything. Returns the new object, or undefined when it should be omitted.
 * Never mutates its arguments and shares no nested object with them.
 */
export function mergeMetadata(
  stored: JsonObject | undefined,
  patch: JsonObject,
  opts: MetadataOptions = {},
): JsonObject | undefined {
  const keys = Object.keys(patch);
  const merged: JsonObject = {};
  if (keys.length > 0 && stored) {
    for (const [k, v] of Object.entries(stored)) defineKey(merged, k, opts.shareStored ? v : structuredClone(v));
  }
  for (const k of keys) {
    const v = patch[k]!;
    if (v === null) {
      delete merged[k];
      continue;
    }
    defineKey(merged, k, opts.nestedNulls === 'strip' ? stripNulls(v) : opts.sharePatch ? v : structuredClone(v));
  }
  if (Object.keys(merged).length === 0) return opts.whenEmpty === 'empty-object' ? {} : undefined;
  return merged;
}

// Plain assignment of "__proto__" would set the prototype instead of a key; metadata may legitimately use that name.
function defineKey(target: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function stripNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) defineKey(out, k, stripNulls(v));
    return out;
  }
  return value;
}

/** Top-level app_metadata names Auth0 refuses (they collide with the root profile in Rules/Actions). */
export const RESERVED_APP_METADATA_KEYS: readonly string[] = [
  '__tenant', '_id', 'blocked', 'clientID', 'created_at', 'email_verified', 'email', 'globalClientID',
  'global_client_id', 'identities', 'lastIP', 'lastLogin', 'loginsCount', 'metadata', 'multifactor_last_modified',
  'multifactor', 'updated_at', 'user_id',
];

/** OAS descriptions, quoted in type errors. */
const DESCRIPTIONS: Record<MetadataField, string> = {
  app_metadata: "Data related to the user that does affect the application's core functionality.",
  user_metadata: "Data related to the user that does not affect the application's core functionality.",
};

/**
 * Check a metadata object sent in a POST or PATCH body; throws a 400 invalid_body ApiError.
 * - must be an object (`Expected type object but found type <t>`);
 * - no key at any depth (also inside arrays) may contain "." or "$" (Auth0's storage refuses dotted field names
 *   anywhere in the document, and the support article's message names "all dotted fields");
 * - app_metadata may not use the reserved top-level names (status and wording UNCONFIRMED: the OAS schema
 *   declares them `not: {}`, so the z-schema wording "Data matches schema from 'not'" is used).
 */
export function validateMetadata(field: MetadataField, value: unknown): asserts value is JsonObject {
  if (!isJsonObject(value))
    throw payloadError(`Expected type object but found type ${jsonTypeOf(value)}`, field, DESCRIPTIONS[field]);
  if (field === 'app_metadata') {
    for (const k of Object.keys(value)) {
      if (RESERVED_APP_METADATA_KEYS.includes(k)) throw payloadError(`Data matches schema from 'not'`, `app_metadata.${k}`);
    }
  }
  const bad = findForbiddenKey(value);
  if (bad === undefined) return;
  if (bad.includes('.'))
    throw invalidBody(`Fields with "." are not allowed, please remove all dotted fields. Example: ${bad}`);
  // Wording for "$" is UNCONFIRMED; modelled on the dotted-field message.
  throw invalidBody(`Fields with "$" are not allowed, please remove all fields containing "$". Example: ${bad}`);
}

function findForbiddenKey(value: Json): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findForbiddenKey(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('.') || k.includes('$')) return k;
    const found = findForbiddenKey(v);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Auth0's soft limit on a user profile: writes above it succeed (a tenant log flags them). */
export const PROFILE_SOFT_LIMIT_BYTES = 10 * 1024;
/**
 * The emulator's hard limit (emulator choice; Auth0 documents no hard reject today): 1 MiB, the size beyond which
 * Auth0 search drops metadata and the request-body cap. Keeps runaway merge loops in tests from growing forever.
 */
export const PROFILE_HARD_LIMIT_BYTES = 1024 * 1024;

export interface ProfileSizeLimits {
  softLimitBytes?: number;
  hardLimitBytes?: number;
}

/**
 * Measure a user profile as stored JSON. Returns warnings for the caller to log when above the soft limit;
 * throws 400 invalid_body above the hard limit.
 */
export function checkProfileSize(user: object, limits: ProfileSizeLimits = {}, json = JSON.stringify(user)): string[] {
  const soft = limits.softLimitBytes ?? PROFILE_SOFT_LIMIT_BYTES;
  const hard = limits.hardLimitBytes ?? PROFILE_HARD_LIMIT_BYTES;
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > hard)
    throw invalidBody(
      `User profile too large: ${bytes} bytes exceeds the emulator's limit of ${hard} bytes. Reduce app_metadata/user_metadata.`,
    );
  if (bytes > soft)
    return [`User profile is ${bytes} bytes, above Auth0's ${soft}-byte soft limit (accepted; Auth0 flags this in tenant logs).`];
  return [];
}
