// What Auth0 would reject (or warn about) in a metadata document, found while the user types: invalid JSON,
// "." and "$" in key names, reserved app_metadata names, and sizes.
// https://auth0.com/docs/manage-users/user-accounts/metadata/metadata-fields-data
import type { Json, JsonObject, MetadataKind } from '../protocol.js';

export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  /** Dotted path of the key concerned, when there is one. */
  path?: string;
}

export interface ValidationResult {
  /** The parsed object, when the text is a JSON object (even with other errors). */
  value?: JsonObject;
  diagnostics: Diagnostic[];
}

/** Top-level app_metadata names Auth0 reserves. */
export const RESERVED_APP_METADATA_KEYS: readonly string[] = [
  '__tenant', '_id', 'blocked', 'clientID', 'created_at', 'email_verified', 'email', 'globalClientID',
  'global_client_id', 'identities', 'lastIP', 'lastLogin', 'loginsCount', 'metadata', 'multifactor_last_modified',
  'multifactor', 'updated_at', 'user_id',
];

/** Auth0 flags user profiles above 10 KB; search works best with fields up to 2 KB; requests stop at 1 MB. */
export const PROFILE_SOFT_LIMIT_BYTES = 10 * 1024;
export const FIELD_SEARCH_GUIDANCE_BYTES = 2 * 1024;
export const REQUEST_LIMIT_BYTES = 1024 * 1024;

export function validateMetadataText(text: string, kind: MetadataKind): ValidationResult {
  if (text.trim() === '') {
    return { diagnostics: [{ severity: 'error', message: `Enter a JSON object (use {} for an empty ${kind}).` }] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { diagnostics: [{ severity: 'error', message: `Invalid JSON: ${describeParseError(err, text)}` }] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { diagnostics: [{ severity: 'error', message: `${kind} must be a JSON object, not ${typeName(parsed)}.` }] };
  }
  const value = parsed as JsonObject;
  const diagnostics: Diagnostic[] = [];
  collectKeyProblems(value, '', diagnostics);
  if (kind === 'app_metadata') {
    for (const key of Object.keys(value)) {
      if (RESERVED_APP_METADATA_KEYS.includes(key)) {
        diagnostics.push({ severity: 'error', path: key, message: `"${key}" is a reserved app_metadata name; Auth0 rejects it.` });
      }
    }
  }
  for (const [key, v] of Object.entries(value)) {
    const size = byteLength(JSON.stringify(v));
    if (size > FIELD_SEARCH_GUIDANCE_BYTES) {
      diagnostics.push({
        severity: 'warning',
        path: key,
        message: `"${key}" is ${formatBytes(size)}; Auth0 recommends metadata fields of at most 2 KB for search.`,
      });
    }
  }
  return { value, diagnostics };
}

/** Warnings on the two documents together (Auth0 limits the whole profile, not each field). */
export function validateCombinedSize(app: JsonObject | undefined, user: JsonObject | undefined): Diagnostic[] {
  const size = byteLength(JSON.stringify({ app_metadata: app ?? {}, user_metadata: user ?? {} }));
  if (size > REQUEST_LIMIT_BYTES) {
    return [{ severity: 'error', message: `The metadata is ${formatBytes(size)}; Auth0 refuses requests over 1 MB.` }];
  }
  if (size > PROFILE_SOFT_LIMIT_BYTES) {
    return [{
      severity: 'warning',
      message: `The metadata is ${formatBytes(size)}, above Auth0's 10 KB profile limit: the write succeeds for now, but the tenant logs flag it.`,
    }];
  }
  return [];
}

function collectKeyProblems(value: Json, prefix: string, out: Diagnostic[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectKeyProblems(v, `${prefix}[${i}]`, out));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (key.includes('.') || key.includes('$')) {
      const ch = key.includes('.') ? '.' : '$';
      out.push({ severity: 'error', path, message: `Key "${key}" contains "${ch}"; Auth0 does not allow "." or "$" in metadata key names.` });
    }
    collectKeyProblems(v, path, out);
  }
}

/** "Unexpected token } in JSON at position 12" -> "... (line 2, column 3)". */
export function describeParseError(err: unknown, text: string): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/line \d+ column \d+/.test(message)) return message;
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

export function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
