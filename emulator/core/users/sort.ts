// The `sort=field:1|-1` parameter of GET /users and the comparator it stands for.
import type { StoredUser } from './user.js';
import { queryError } from './validation.js';
import { invalidQueryString } from '../errors.js';

export interface SortSpec {
  /** A root field or dotted path into one (`identities.connection`); never metadata. */
  field: string;
  order: 1 | -1;
}

const SORT_PATTERN = '^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$';
const SORT_DESCRIPTION =
  'Field to sort by. Use <code>field:order</code> where order is <code>1</code> for ascending and <code>-1</code> for descending. e.g. <code>created_at:1</code>';

/** Parse `created_at:1`. Throws 400 invalid_query_string on bad syntax or a metadata field. */
export function parseSort(value: string): SortSpec {
  const m = /^([a-zA-Z0-9_.]+):(1|-1)$/.exec(value);
  if (!m) throw queryError(`String does not match pattern ${SORT_PATTERN}: ${value}`, 'sort', SORT_DESCRIPTION);
  const field = m[1]!;
  const root = field.split('.')[0];
  // Auth0 cannot sort on metadata (docs: list-and-search-users); exact wording UNCONFIRMED.
  if (root === 'app_metadata' || root === 'user_metadata')
    throw invalidQueryString(`Sorting by ${root} fields is not supported (sort=${value}).`);
  return { field, order: m[2] === '1' ? 1 : -1 };
}

/** Reads a dotted path; through arrays it takes the first element that has a value (like a multi-valued sort). */
function valueAt(user: StoredUser, path: string): unknown {
  let current: unknown = user;
  for (const part of path.split('.')) {
    if (Array.isArray(current)) current = current.find((el) => el !== null && typeof el === 'object' && part in el);
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (Array.isArray(current)) return current[0];
  return current;
}

const TYPE_RANK: Record<string, number> = { boolean: 0, number: 1, string: 2 };

function compareValues(a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return (TYPE_RANK[ta] ?? 3) - (TYPE_RANK[tb] ?? 3);
  if (ta === 'number' || ta === 'boolean') return Number(a) - Number(b);
  if (ta === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  return 0;
}

const missing = (v: unknown) => v === undefined || v === null;

/**
 * Comparator for a sort spec. Users without a value sort last in either direction (Elasticsearch's default
 * `missing: _last`). Strings compare by code unit (keyword fields). Ties, and no sort at all, fall back to
 * created_at ascending then user_id ascending, so paging is stable (Auth0's default order is undocumented).
 */
export function compareUsers(sort?: SortSpec): (a: StoredUser, b: StoredUser) => number {
  return (a, b) => {
    if (sort) {
      const va = valueAt(a, sort.field);
      const vb = valueAt(b, sort.field);
      if (missing(va) !== missing(vb)) return missing(va) ? 1 : -1;
      if (!missing(va)) {
        const c = compareValues(va, vb);
        if (c !== 0) return c * sort.order;
      }
    }
    return compareValues(a.created_at, b.created_at) || compareValues(a.user_id, b.user_id);
  };
}
