// Turns the edited metadata documents into the exact PATCH body, and previews what Auth0's one-level merge makes
// of it: sent keys replace the stored value whole, null deletes, unsent keys are kept.
// https://auth0.com/docs/manage-users/user-accounts/metadata/manage-metadata-api
import type { Json, JsonObject, MetadataKind, MetadataPatch } from '../protocol.js';
import { METADATA_KINDS } from '../protocol.js';

export type KeyChangeKind = 'added' | 'replaced' | 'deleted' | 'kept' | 'absent';

export interface KeyChange {
  key: string;
  change: KeyChangeKind;
  /** A replaced value where both sides are objects: Auth0 does not merge them, the sent object wins whole. */
  nestedReplace?: boolean;
}

export interface MergePreview {
  changes: KeyChange[];
  /** The stored object after the merge; undefined when every key is gone (Auth0 then omits the field). */
  merged: JsonObject | undefined;
}

export interface PatchPreview {
  /** Undefined when nothing changed. */
  patch: MetadataPatch | undefined;
  previews: Record<MetadataKind, MergePreview>;
}

/**
 * The top-level diff that turns `stored` into `edited` under one-level merge: changed or new keys carry their
 * whole new value, keys that disappeared are sent as null, and keys the user set to null stay null.
 */
export function metadataPatch(stored: JsonObject, edited: JsonObject): JsonObject | undefined {
  const patch: JsonObject = {};
  for (const [key, value] of Object.entries(edited)) {
    if (!Object.hasOwn(stored, key) || !deepEqual(stored[key]!, value)) define(patch, key, value);
  }
  for (const key of Object.keys(stored)) {
    if (!Object.hasOwn(edited, key)) define(patch, key, null);
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** Auth0's merge of one metadata object: sent keys replace, null deletes, `{}` wipes everything. */
export function mergeMetadata(stored: JsonObject, patch: JsonObject): JsonObject | undefined {
  const keys = Object.keys(patch);
  const merged: JsonObject = {};
  if (keys.length > 0) for (const [k, v] of Object.entries(stored)) define(merged, k, v);
  for (const k of keys) {
    const v = patch[k]!;
    if (v === null) delete merged[k];
    else define(merged, k, v);
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

export function previewMerge(stored: JsonObject, patch: JsonObject | undefined): MergePreview {
  if (!patch) return { changes: Object.keys(stored).map((key) => ({ key, change: 'kept' })), merged: nonEmpty(stored) };
  const changes: KeyChange[] = [];
  const wipe = Object.keys(patch).length === 0;
  for (const [key, value] of Object.entries(patch)) {
    const had = Object.hasOwn(stored, key);
    if (value === null) changes.push({ key, change: had ? 'deleted' : 'absent' });
    else if (!had) changes.push({ key, change: 'added' });
    else changes.push({ key, change: 'replaced', nestedReplace: isObject(stored[key]!) && isObject(value) });
  }
  for (const key of Object.keys(stored)) {
    if (!Object.hasOwn(patch, key)) changes.push({ key, change: wipe ? 'deleted' : 'kept' });
  }
  return { changes, merged: mergeMetadata(stored, patch) };
}

export function buildPatchPreview(
  stored: Record<MetadataKind, JsonObject>,
  edited: Record<MetadataKind, JsonObject>,
): PatchPreview {
  const patch: MetadataPatch = {};
  const previews = {} as Record<MetadataKind, MergePreview>;
  for (const kind of METADATA_KINDS) {
    const part = metadataPatch(stored[kind], edited[kind]);
    if (part) patch[kind] = part;
    previews[kind] = previewMerge(stored[kind], part);
  }
  return { patch: Object.keys(patch).length > 0 ? patch : undefined, previews };
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]!));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(o: JsonObject): JsonObject | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}

// "__proto__" is a legal metadata key; plain assignment would change the prototype instead.
function define(target: JsonObject, key: string, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
