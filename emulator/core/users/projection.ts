// What a stored user looks like on the wire: Auth0's key order, IdP tokens hidden without read:user_idp_tokens,
// and the `fields` / `include_fields` allow- or deny-list.
import type { Identity, StoredUser } from './user.js';

export interface ProjectionOptions {
  /** Comma-separated field names (or a list); empty/absent = all fields. */
  fields?: string | readonly string[];
  /** true (default): `fields` is an allow-list; false: a deny-list. */
  include_fields?: boolean;
  /** Whether the token holds read:user_idp_tokens. */
  showIdpTokens: boolean;
  /**
   * Share nested values with the stored user instead of copying them: for responses serialised at once (the HTTP
   * routes), where nothing can mutate them.
   */
  share?: boolean;
}

const IDP_TOKEN_KEYS = ['access_token', 'access_token_secret', 'refresh_token'] as const;

/**
 * Keys Auth0 emits after the alphabetical block, in this order. Recorded responses end with
 * `…,"user_id","user_metadata","username","last_password_reset","app_metadata"}`; the position of the login
 * statistics and multifactor keys inside this tail is an emulator choice.
 */
const TAIL_ORDER = [
  'last_password_reset',
  'last_ip',
  'last_login',
  'logins_count',
  'multifactor',
  'multifactor_last_modified',
  'app_metadata',
];

/** Identities as recorded: connection, user_id, provider, isSocial, then anything else in stored order. */
const IDENTITY_HEAD = ['connection', 'user_id', 'provider', 'isSocial'];

/** Split `fields=a, b,,c` into names. */
export function parseFields(fields: string | readonly string[] | undefined): string[] {
  if (fields === undefined) return [];
  const list = typeof fields === 'string' ? fields.split(',') : fields;
  return list.map((f) => f.trim()).filter((f) => f.length > 0);
}

/** A fresh plain object for the API response; never shares nested objects with the stored user. */
export function projectUser(user: StoredUser, opts: ProjectionOptions): Record<string, unknown> {
  const names = parseFields(opts.fields);
  const include = opts.include_fields ?? true;
  const keep = (k: string) => names.length === 0 || (include ? names.includes(k) : !names.includes(k));
  const out: Record<string, unknown> = {};
  for (const key of orderedUserKeys(user)) {
    const value = user[key];
    if (value === undefined || !keep(key)) continue;
    out[key] =
      key === 'identities'
        ? (value as Identity[]).map((i) => projectIdentity(i, opts.showIdpTokens, opts.share === true))
        : opts.share
          ? value
          : structuredClone(value);
  }
  return out;
}

/** The user's own keys in Auth0's response order: alphabetical, then the TAIL_ORDER keys. */
export function orderedUserKeys(user: object): string[] {
  const keys = Object.keys(user);
  const head = keys.filter((k) => !TAIL_ORDER.includes(k)).sort();
  const tail = TAIL_ORDER.filter((k) => keys.includes(k));
  return [...head, ...tail];
}

function projectIdentity(identity: Identity, showIdpTokens: boolean, share: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...IDENTITY_HEAD.filter((k) => k in identity), ...Object.keys(identity).filter((k) => !IDENTITY_HEAD.includes(k))];
  for (const key of keys) {
    const value = (identity as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (!showIdpTokens && (IDP_TOKEN_KEYS as readonly string[]).includes(key)) continue;
    out[key] = share ? value : structuredClone(value);
  }
  return out;
}
