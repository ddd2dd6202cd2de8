// Turns a parsed query into one closure over a stored user: field rules and value types are checked once, up front
// (every violation is a 400), constants are precomputed (lower-cased text, date bounds as ISO strings) and the
// per-user work allocates as little as possible, since the caller scans up to 100k users per request.
import type { StoredUser } from '../user.js';
import type { BoolNode, ExistsNode, QueryNode, RangeNode, TermNode } from './ast.js';
import type { DynamicField, RootField } from './fields.js';
import { endsWithFolded, equalsFolded } from './caseFold.js';
import { resolveField } from './fields.js';
import { parseQuery } from './parser.js';
import { queryError } from './queryError.js';
import { isCanonicalIso, parseBoolean, parseDatePeriod, parseNumber, toCanonicalIso } from './values.js';
import { checkWildcard, compileWildcard, isMatchEverything, patternText } from './wildcard.js';

export interface SearchOptions {
  /**
   * Allow wildcard and range searches on app_metadata (default true). CONFLICT in Auth0's docs: the query-syntax
   * page restricts only user_metadata, the v2→v3 migration guide says app_metadata too. user_metadata wildcards and
   * ranges are always a 400.
   */
  appMetadataWildcardsAndRanges?: boolean;
}

export type UserPredicate = (user: StoredUser) => boolean;

interface Context {
  appMetadataWildcardsAndRanges: boolean;
}

const always: UserPredicate = () => true;
const never: UserPredicate = () => false;

/** Values nested deeper than this inside metadata are treated as not indexed (Elasticsearch's own limit is 20). */
const MAX_VALUE_DEPTH = 100;

/** Compiles `q` into a predicate. Throws a 400 invalid_query_string ApiError for anything Auth0 would reject. */
export function compileQuery(q: string, opts: SearchOptions = {}): UserPredicate {
  if (typeof q !== 'string') throw queryError('q must be a single string');
  return compileNode(parseQuery(q), opts);
}

/** Compiles an already parsed query (see parseQuery). */
export function compileNode(node: QueryNode, opts: SearchOptions = {}): UserPredicate {
  return compile(node, { appMetadataWildcardsAndRanges: opts.appMetadataWildcardsAndRanges ?? true });
}

function compile(node: QueryNode, ctx: Context): UserPredicate {
  switch (node.type) {
    case 'match_all':
      return always;
    case 'bool':
      return compileBool(node, ctx);
    case 'term':
      return compileTerm(node, ctx);
    case 'range':
      return compileRange(node, ctx);
    case 'exists':
      return compileExists(node);
  }
}

// ---- boolean structure ----

function compileBool(node: BoolNode, ctx: Context): UserPredicate {
  const must: UserPredicate[] = [];
  const should: UserPredicate[] = [];
  const mustNot: UserPredicate[] = [];
  // Cheap clauses first, so an AND of a root field and a metadata path rarely walks the metadata.
  const ordered = node.clauses.map((c) => ({ c, cost: nodeCost(c.query) })).sort((a, b) => a.cost - b.cost);
  for (const { c } of ordered) {
    const p = compile(c.query, ctx); // compiled even when ignored below, so every clause is validated
    (c.occur === 'must' ? must : c.occur === 'should' ? should : mustNot).push(p);
  }
  // With any MUST clause, SHOULD clauses only affect scoring (minimum_should_match 0), never matching.
  const positive = must.length > 0 ? allOf(must) : should.length > 0 ? anyOf(should) : always;
  if (mustNot.length === 0) return positive;
  const negative = anyOf(mustNot);
  return (u) => positive(u) && !negative(u);
}

/** Rough per-user cost of evaluating a node, for ordering clauses (relative values only). */
function nodeCost(node: QueryNode): number {
  switch (node.type) {
    case 'match_all':
      return 0;
    case 'bool':
      return node.clauses.reduce((sum, c) => sum + nodeCost(c.query), 0);
    case 'term':
    case 'range':
    case 'exists': {
      const f = resolveField(node.field);
      const extra = node.type === 'term' && node.wildcard !== null ? 1 : 0;
      if (f.kind === 'unknown') return 0;
      if (f.kind === 'dynamic') return 4 + extra;
      if (f.kind === 'default') return 2 * f.fields.length + extra;
      return (f.type === 'text-ci' || f.type === 'date' ? 2 : 1) + extra;
    }
  }
}

function allOf(ps: UserPredicate[]): UserPredicate {
  const [a, b, c] = ps;
  if (ps.length === 1 && a) return a;
  if (ps.length === 2 && a && b) return (u) => a(u) && b(u);
  if (ps.length === 3 && a && b && c) return (u) => a(u) && b(u) && c(u);
  return (u) => {
    for (let i = 0; i < ps.length; i++) if (!(ps[i] as UserPredicate)(u)) return false;
    return true;
  };
}

function anyOf(ps: UserPredicate[]): UserPredicate {
  const [a, b, c] = ps;
  if (ps.length === 1 && a) return a;
  if (ps.length === 2 && a && b) return (u) => a(u) || b(u);
  if (ps.length === 3 && a && b && c) return (u) => a(u) || b(u) || c(u);
  return (u) => {
    for (let i = 0; i < ps.length; i++) if ((ps[i] as UserPredicate)(u)) return true;
    return false;
  };
}

// ---- terms ----

function compileTerm(node: TermNode, ctx: Context): UserPredicate {
  const field = resolveField(node.field);
  const parts = node.wildcard;
  if (parts !== null && isMatchEverything(parts)) {
    // Elasticsearch: bare `*` (or `*:*`) matches every user, `field:*` every user having the field.
    if (field.kind === 'default') return always;
    if (field.kind === 'dynamic') guardMetadata(field, 'Wildcard', node.column, ctx);
    return compileExists({ type: 'exists', field: node.field as string, column: node.column });
  }
  if (parts !== null) checkWildcard(parts, `${node.field === null ? '' : `${node.field}:`}${patternText(parts)}`, node.column);
  switch (field.kind) {
    case 'default':
      return anyOf(field.fields.map((f) => rootTerm(f, node)));
    case 'root':
      return rootTerm(field, node);
    case 'dynamic':
      return dynamicTerm(field, node, ctx);
    case 'unknown':
      return never;
  }
}

function rootTerm(f: RootField, node: TermNode): UserPredicate {
  const get = f.get;
  const parts = node.wildcard;
  if (f.name === 'email.domain' && parts === null) {
    // The domain is what follows the last "@": matching "@" + value at the end of email avoids slicing per user.
    if (node.text.includes('@')) return never;
    const endsWith = endsWithFolded(`@${node.text.toLowerCase()}`);
    return (u) => {
      const e = u.email;
      return typeof e === 'string' && endsWith(e);
    };
  }
  if (parts !== null && (f.type === 'boolean' || f.type === 'number' || f.type === 'date')) {
    throw queryError(`Wildcard searches are not available on ${f.name} (a ${f.type} field); use a range instead`, node.column);
  }
  switch (f.type) {
    case 'text': {
      if (parts !== null) {
        const matches = compileWildcard(parts, false);
        return (u) => {
          const v = get(u);
          return typeof v === 'string' && matches(v);
        };
      }
      const expected = node.text;
      return (u) => get(u) === expected;
    }
    case 'text-ci': {
      if (parts !== null) {
        const matches = compileWildcard(parts, true);
        return (u) => {
          const v = get(u);
          return typeof v === 'string' && matches(v);
        };
      }
      const equals = equalsFolded(node.text.toLowerCase());
      return (u) => {
        const v = get(u);
        return typeof v === 'string' && equals(v);
      };
    }
    case 'boolean': {
      const expected = parseBoolean(node.text);
      if (expected === undefined) throw queryError(`${f.name} expects true or false, got "${node.text}"`, node.column);
      return (u) => get(u) === expected;
    }
    case 'number': {
      const expected = parseNumber(node.text);
      if (Number.isNaN(expected)) throw queryError(`${f.name} expects a number, got "${node.text}"`, node.column);
      return (u) => get(u) === expected;
    }
    case 'date': {
      // A date term matches its whole period: created_at:2018-01-15 is that day (Elasticsearch rounds likewise).
      const period = datePeriod(f, node.text, node.column);
      return dateBetween(get, period.start, period.end);
    }
  }
}

function dynamicTerm(f: DynamicField, node: TermNode, ctx: Context): UserPredicate {
  const parts = node.wildcard;
  let leaf: (v: unknown) => boolean;
  if (parts !== null) {
    guardMetadata(f, 'Wildcard', node.column, ctx);
    const matches = compileWildcard(parts, false);
    leaf = (v) => typeof v === 'string' && matches(v);
  } else {
    // Metadata is typed per value; the query text is read the way each type's mapping would read it.
    const text = node.text;
    const num = parseNumber(text);
    const bool = parseBoolean(text);
    leaf = (v) => (typeof v === 'string' ? v === text : typeof v === 'number' ? v === num : v === bool);
  }
  return walkLeaves(f, leaf);
}

// ---- ranges ----

function compileRange(node: RangeNode, ctx: Context): UserPredicate {
  const field = resolveField(node.field);
  switch (field.kind) {
    case 'default':
      throw queryError('A range needs a field name, e.g. logins_count:[1 TO 10]', node.column);
    case 'unknown':
      return never;
    case 'dynamic':
      guardMetadata(field, 'Range', node.column, ctx);
      return dynamicRange(field, node);
    case 'root':
      return rootRange(field, node);
  }
}

function rootRange(f: RootField, node: RangeNode): UserPredicate {
  const get = f.get;
  const { lower, upper, includeLower, includeUpper } = node;
  switch (f.type) {
    case 'text':
    case 'text-ci': {
      const ci = f.type === 'text-ci';
      const lo = lower === null ? null : ci ? lower.toLowerCase() : lower;
      const hi = upper === null ? null : ci ? upper.toLowerCase() : upper;
      return (u) => {
        const raw = get(u);
        if (typeof raw !== 'string') return false;
        const v = ci ? raw.toLowerCase() : raw;
        return (lo === null || (includeLower ? v >= lo : v > lo)) && (hi === null || (includeUpper ? v <= hi : v < hi));
      };
    }
    case 'number':
    case 'boolean': {
      const read = (b: string | null) => {
        if (b === null) return null;
        const n = f.type === 'number' ? parseNumber(b) : boolNumber(parseBoolean(b));
        if (Number.isNaN(n)) {
          throw queryError(`Invalid range on ${f.name}: "${b}" is not ${f.type === 'number' ? 'a number' : 'true or false'}`, node.column);
        }
        return n;
      };
      const lo = read(lower);
      const hi = read(upper);
      const isBool = f.type === 'boolean';
      return (u) => {
        const raw = get(u);
        let v: number;
        if (isBool) {
          if (typeof raw !== 'boolean') return false;
          v = raw ? 1 : 0;
        } else {
          if (typeof raw !== 'number') return false;
          v = raw;
        }
        return (lo === null || (includeLower ? v >= lo : v > lo)) && (hi === null || (includeUpper ? v <= hi : v < hi));
      };
    }
    case 'date': {
      // Partial dates round like Elasticsearch: [* TO 2017-12] includes all of December, {2017-12 TO *] excludes it.
      const lo = lower === null ? null : lowerMillis(datePeriod(f, lower, node.column), includeLower);
      const hi = upper === null ? null : upperMillis(datePeriod(f, upper, node.column), includeUpper);
      return dateBetween(get, lo, hi);
    }
  }
}

function dynamicRange(f: DynamicField, node: RangeNode): UserPredicate {
  const { lower, upper, includeLower, includeUpper } = node;
  const loNum = lower === null ? null : parseNumber(lower);
  const hiNum = upper === null ? null : parseNumber(upper);
  const numeric = !Number.isNaN(loNum) && !Number.isNaN(hiNum);
  const loDate = lower === null ? null : parseDatePeriod(lower);
  const hiDate = upper === null ? null : parseDatePeriod(upper);
  const dated = (lower !== null || upper !== null) && loDate !== undefined && hiDate !== undefined;
  const loMs = loDate ? lowerMillis(loDate, includeLower) : null;
  const hiMs = hiDate ? upperMillis(hiDate, includeUpper) : null;
  const leaf = (v: unknown): boolean => {
    if (typeof v === 'number') {
      if (!numeric) return false;
      return (loNum === null || (includeLower ? v >= loNum : v > loNum)) && (hiNum === null || (includeUpper ? v <= hiNum : v < hiNum));
    }
    if (typeof v !== 'string') return false;
    if (dated) {
      const p = parseDatePeriod(v);
      if (p) return (loMs === null || p.start >= loMs) && (hiMs === null || p.start <= hiMs);
    }
    return (lower === null || (includeLower ? v >= lower : v > lower)) && (upper === null || (includeUpper ? v <= upper : v < upper));
  };
  return walkLeaves(f, leaf);
}

// ---- _exists_ ----

function compileExists(node: ExistsNode): UserPredicate {
  const field = resolveField(node.field);
  switch (field.kind) {
    case 'default':
      return always;
    case 'unknown':
      return never;
    case 'root': {
      const get = field.get;
      return (u) => {
        const v = get(u);
        return v !== undefined && v !== null;
      };
    }
    case 'dynamic': {
      const get = rootGetter(field);
      const path = field.path;
      return (u) => pathExists(get(u), path, 0, 0);
    }
  }
}

// ---- shared helpers ----

function guardMetadata(f: DynamicField, what: 'Wildcard' | 'Range', column: number, ctx: Context): void {
  if (f.root === 'user_metadata') throw queryError(`${what} searches are not available on user_metadata fields (${f.name})`, column);
  if (f.root === 'app_metadata' && !ctx.appMetadataWildcardsAndRanges) {
    throw queryError(`${what} searches are not available on app_metadata fields (${f.name})`, column);
  }
}

function datePeriod(f: RootField, text: string, column: number) {
  const p = parseDatePeriod(text);
  if (!p) {
    throw queryError(`${f.name} expects a date (YYYY, YYYY-MM, YYYY-MM-DD or an ISO-8601 date-time), got "${text}"`, column);
  }
  return p;
}

/** First millisecond a lower bound admits. */
const lowerMillis = (p: { start: number; end: number }, inclusive: boolean) => (inclusive ? p.start : p.end + 1);
/** Last millisecond an upper bound admits. */
const upperMillis = (p: { start: number; end: number }, inclusive: boolean) => (inclusive ? p.end : p.start - 1);

/** The instants canonical (4-digit-year) ISO strings can express: [0000-01-01, 10000-01-01). */
const YEAR_0 = Date.UTC(2000, 0, 1) - 2000 * 365.2425 * 86_400_000;
const YEAR_10000 = Date.UTC(2000, 0, 1) + 8000 * 365.2425 * 86_400_000;

/** Stored timestamp within [lo, hi] (inclusive millis, null = open). */
function dateBetween(get: (u: StoredUser) => unknown, lo: number | null, hi: number | null): UserPredicate {
  if ((lo !== null && hi !== null && lo > hi) || (lo !== null && lo >= YEAR_10000) || (hi !== null && hi < YEAR_0)) return never;
  // Canonical ISO strings sort like instants between years 0000 and 9999, so compare strings, not Date.parse results.
  const loIso = lo === null || lo < YEAR_0 ? null : toCanonicalIso(lo);
  const hiIso = hi === null || hi >= YEAR_10000 ? null : toCanonicalIso(hi);
  return (u) => {
    const v = get(u);
    if (typeof v !== 'string') return false;
    if (isCanonicalIso(v)) return (loIso === null || v >= loIso) && (hiIso === null || v <= hiIso);
    const ms = Date.parse(v);
    return !Number.isNaN(ms) && (lo === null || ms >= lo) && (hi === null || ms <= hi);
  };
}

function boolNumber(b: boolean | undefined): number {
  return b === undefined ? NaN : b ? 1 : 0;
}

function rootGetter(f: DynamicField): (u: StoredUser) => unknown {
  switch (f.root) {
    case 'app_metadata':
      return (u) => u.app_metadata;
    case 'user_metadata':
      return (u) => u.user_metadata;
    case 'identities':
      return (u) => u.identities;
  }
}

/** Any scalar at `path` satisfies `leaf`; arrays are transparent at every level (objects in arrays, scalar arrays). */
function walkLeaves(f: DynamicField, leaf: (v: unknown) => boolean): UserPredicate {
  const get = rootGetter(f);
  const path = f.path;
  return (u) => anyLeaf(get(u), path, 0, leaf, 0);
}

function anyLeaf(value: unknown, path: readonly string[], i: number, leaf: (v: unknown) => boolean, depth: number): boolean {
  // Objects are descended in this loop; only arrays recurse. Scalars are tested first: they are the usual end.
  for (;;) {
    if (typeof value !== 'object') return i === path.length && value !== undefined && leaf(value);
    if (value === null || depth > MAX_VALUE_DEPTH) return false;
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) if (anyLeaf(value[k], path, i, leaf, depth + 1)) return true;
      return false;
    }
    if (i === path.length) return false;
    value = ownValue(value, path[i] as string);
    i++;
    depth++;
  }
}

/** `_exists_` on a path: something indexable lives there (empty arrays, empty objects and null are not indexed). */
function pathExists(value: unknown, path: readonly string[], i: number, depth: number): boolean {
  for (;;) {
    if (value === null || value === undefined || depth > MAX_VALUE_DEPTH) return false;
    if (i === path.length) return hasIndexedValue(value, depth);
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) if (pathExists(value[k], path, i, depth + 1)) return true;
      return false;
    }
    if (typeof value !== 'object') return false;
    value = ownValue(value, path[i] as string);
    i++;
    depth++;
  }
}

/** value[key] if it is the object's own (JSON values are never functions, so inherited ones are easy to spot). */
function ownValue(value: object, key: string): unknown {
  const v = (value as Record<string, unknown>)[key];
  if ((typeof v === 'function' || key === '__proto__') && !Object.hasOwn(value, key)) return undefined;
  return v;
}

function hasIndexedValue(value: unknown, depth: number): boolean {
  if (value === null || value === undefined || depth > MAX_VALUE_DEPTH) return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length; k++) if (hasIndexedValue(value[k], depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && hasIndexedValue((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
