// Which `q` field names exist and how each is read from a stored user: typed root fields, `email.domain`,
// dotted metadata / identities paths, the default fields of a term without a field name, and unknown names.
import type { StoredUser } from '../user.js';

export type RootType = 'text' | 'text-ci' | 'boolean' | 'number' | 'date';

export interface RootField {
  kind: 'root';
  name: string;
  type: RootType;
  get: (u: StoredUser) => unknown;
}

/** Metadata and identities: values typed per user (JSON), walked path segment by segment. */
export interface DynamicField {
  kind: 'dynamic';
  name: string;
  root: 'app_metadata' | 'user_metadata' | 'identities';
  path: readonly string[];
}

export type ResolvedField =
  | RootField
  | DynamicField
  | { kind: 'default'; fields: readonly RootField[] }
  | { kind: 'unknown'; name: string };

const emailDomain = (u: StoredUser): string | undefined => {
  const e = u.email;
  if (typeof e !== 'string') return undefined;
  const at = e.lastIndexOf('@');
  return at < 0 ? undefined : e.slice(at + 1);
};

// Getters are written out per field so each property load stays monomorphic over 100k users.
// Case: Auth0 matches email, name, given_name, family_name and nickname case-insensitively, everything else exactly.
const ROOT: Record<string, RootField> = {};
const root = (name: string, type: RootType, get: (u: StoredUser) => unknown) => (ROOT[name] = { kind: 'root', name, type, get });
root('user_id', 'text', (u) => u.user_id);
root('email', 'text-ci', (u) => u.email);
root('email.domain', 'text-ci', emailDomain);
root('name', 'text-ci', (u) => u.name);
root('given_name', 'text-ci', (u) => u.given_name);
root('family_name', 'text-ci', (u) => u.family_name);
root('nickname', 'text-ci', (u) => u.nickname);
root('username', 'text', (u) => u.username);
root('phone_number', 'text', (u) => u.phone_number);
root('last_ip', 'text', (u) => u.last_ip);
// Organization membership is not part of StoredUser; a seeded `organization_id` attribute is honoured if present.
root('organization_id', 'text', (u) => u['organization_id']);
root('email_verified', 'boolean', (u) => u.email_verified);
root('phone_verified', 'boolean', (u) => u.phone_verified);
root('blocked', 'boolean', (u) => u.blocked);
root('logins_count', 'number', (u) => u.logins_count);
root('created_at', 'date', (u) => u.created_at);
root('updated_at', 'date', (u) => u.updated_at);
root('last_login', 'date', (u) => u.last_login);

/**
 * Fields searched by a term without a field name (`q=jane@example.com`). UNCONFIRMED: Auth0 only says such a term
 * "will not match text in the user metadata fields"; we search the normalized text fields of the profile.
 */
export const DEFAULT_FIELDS: readonly RootField[] = [
  'user_id',
  'email',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'username',
  'phone_number',
].map((n) => ROOT[n] as RootField);

/** identities sub-fields Auth0 indexes (documented: connection; provider, user_id, isSocial by inference). */
const IDENTITY_FIELDS = new Set(['connection', 'provider', 'user_id', 'isSocial']);

/**
 * Resolves a field name. Unknown names (picture, multifactor, IdP extras, v2's `connection`, typos) resolve to
 * 'unknown' and match no user, as Elasticsearch does for an unmapped field — no 400. UNCONFIRMED for Auth0.
 */
export function resolveField(name: string | null): ResolvedField {
  if (name === null || name === '*') return { kind: 'default', fields: DEFAULT_FIELDS };
  const known = Object.hasOwn(ROOT, name) ? ROOT[name] : undefined;
  if (known) return known;
  const dot = name.indexOf('.');
  const head = dot < 0 ? name : name.slice(0, dot);
  if (head === 'app_metadata' || head === 'user_metadata' || head === 'identities') {
    const path = dot < 0 ? [] : name.slice(dot + 1).split('.');
    if (path.some((s) => s === '')) return { kind: 'unknown', name };
    if (head === 'identities' && path.length > 0 && !IDENTITY_FIELDS.has(path[0] as string)) return { kind: 'unknown', name };
    if (head === 'identities' && path.length > 1) return { kind: 'unknown', name };
    return { kind: 'dynamic', name, root: head, path };
  }
  return { kind: 'unknown', name };
}
