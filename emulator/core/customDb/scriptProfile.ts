// Turns the profile a login / get_user script returns into the Auth0 user (auth0-facts §9.2): `auth0|<id>` with
// identities[0] naming the custom-DB connection, IdP tokens moved into the identity, app_metadata (or the legacy
// `metadata` alias), and the "sync user profile attributes at each login" rule for later logins.
import type { Connection, Identity, JsonObject, StoredUser } from '../users/user.js';

/** Normalized-profile root attributes copied from a script's profile; anything else unknown is kept too. */
const ROOT_FIELDS = ['email', 'email_verified', 'username', 'phone_number', 'phone_verified', 'name', 'nickname', 'given_name', 'family_name', 'picture'] as const;
/** Refreshed from the script on every login only when the connection syncs root attributes. */
const SYNCED_ON_LOGIN = ['name', 'nickname', 'given_name', 'family_name', 'picture'] as const;
/** Never copied from a script profile onto the stored user. */
const NOT_COPIED = new Set(['user_id', 'id', 'identities', 'app_metadata', 'metadata', 'user_metadata', 'access_token', 'refresh_token', 'mfa_factors', 'password', 'created_at', 'updated_at', 'logins_count', 'last_login', 'last_ip', 'blocked']);

export interface ScriptProfileResult {
  /** The identity id: what the script returned, without Auth0's `auth0|` prefix. */
  id: string;
  user: StoredUser;
  warnings: string[];
}

/**
 * The id of a script profile: `user_id`, or `id` (the environment docs accept either). When neither is present the
 * emulator falls back to the email (UNCONFIRMED: the templates say user_id is mandatory) and warns.
 */
export function scriptProfileId(profile: Record<string, unknown>): { id: string | undefined; warning?: string } {
  const raw = profile.user_id ?? profile.id;
  if (typeof raw === 'string' && raw !== '') return { id: raw };
  if (typeof raw === 'number') return { id: String(raw) };
  if (typeof profile.email === 'string' && profile.email) {
    return { id: profile.email, warning: 'the profile has no user_id: the emulator used the email as the id (the templates say user_id is mandatory)' };
  }
  return { id: undefined };
}

export function userFromScriptProfile(
  profile: Record<string, unknown>,
  opts: { connection: Connection; now: string; existing?: StoredUser },
): ScriptProfileResult {
  const warnings: string[] = [];
  const { id, warning } = scriptProfileId(profile);
  if (warning) warnings.push(warning);
  if (id === undefined) throw new Error('the script returned a profile without user_id, id or email');
  const identity: Identity = { connection: opts.connection.name, user_id: id, provider: 'auth0', isSocial: false };
  if (typeof profile.access_token === 'string') identity.access_token = profile.access_token;
  if (typeof profile.refresh_token === 'string') identity.refresh_token = profile.refresh_token;

  let app = asObject(profile.app_metadata);
  if (app === undefined && asObject(profile.metadata) !== undefined) {
    app = asObject(profile.metadata);
    warnings.push('app metadata was returned as `metadata`: accepted as the legacy name; current templates return `app_metadata`');
  }
  const userMeta = asObject(profile.user_metadata);

  const { existing } = opts;
  const user: StoredUser = existing
    ? { ...existing, identities: [identity, ...existing.identities.slice(1)], updated_at: opts.now }
    : { user_id: `auth0|${id}`, created_at: opts.now, updated_at: opts.now, identities: [identity] };
  for (const [k, v] of Object.entries(profile)) {
    if (NOT_COPIED.has(k) || v === undefined) continue;
    const isRoot = (ROOT_FIELDS as readonly string[]).includes(k);
    if (existing && isRoot && (SYNCED_ON_LOGIN as readonly string[]).includes(k) && opts.connection.set_user_root_attributes !== 'on_each_login') continue;
    if (existing && !isRoot) continue;
    user[k] = structuredClone(v);
  }
  if (!existing) {
    user.email_verified = profile.email_verified === true;
    if (user.nickname === undefined && typeof user.email === 'string') user.nickname = user.email.split('@')[0];
    // Auth0 keeps the metadata itself from the first login on (create template: "Auth0 stores these values").
    if (app !== undefined) user.app_metadata = app;
    if (userMeta !== undefined) user.user_metadata = userMeta;
  }
  return { id, user, warnings };
}

function asObject(v: unknown): JsonObject | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (structuredClone(v) as JsonObject) : undefined;
}
