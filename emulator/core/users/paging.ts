// Query parameters of Auth0's list endpoints (page, per_page, include_totals, sort, fields, search_engine, …) and
// the page / envelope they produce. Values arrive as query strings; errors use Auth0's "Query validation error" form.
import { badRequest, invalidPaging } from '../errors.js';
import { parseSort, type SortSpec } from './sort.js';
export { compareUsers, type SortSpec } from './sort.js';
import { queryError } from './validation.js';

export type QueryInput = Record<string, string | readonly string[] | undefined>;

export interface ListParams {
  page: number;
  per_page: number;
  /** Whether the caller sent page or per_page at all. */
  paged: boolean;
  include_totals: boolean;
  sort?: SortSpec;
  fields?: string;
  include_fields: boolean;
  q?: string;
  /** Only meaningful for search_engine=v1, which Auth0 refuses: accepted and ignored. */
  connection?: string;
  /** Accepted; the emulator's order is always deterministic. */
  primary_order: boolean;
}

export interface ListParamOptions {
  /** Smallest allowed per_page: 0 on GET /users (per_page=0 returns only the total), 1 on /users/{id}/roles. */
  minPerPage?: number;
  maxPerPage?: number;
  defaultPerPage?: number;
  /** Auth0 pages through at most this many records; (page+1)*per_page beyond it -> 400 invalid_paging. */
  maxRecords?: number;
  /** Whether `sort`, `q`, `fields`, `search_engine`… belong to this endpoint (GET /users yes, roles no). */
  search?: boolean;
}

const DESCRIPTIONS = {
  page: 'Page index of the results to return. First page is 0.',
  per_page: 'Number of results per page. Paging is disabled if parameter not sent.',
  include_totals:
    'Return results inside an object that contains the total result count (true) or as a direct array of results (false, default).',
  include_fields: 'Whether specified fields are to be included (true) or excluded (false).',
  primary_order: 'If true (default), results are returned in a deterministic order.',
  search_engine: 'The version of the search engine',
} as const;

function single(query: QueryInput, name: keyof typeof DESCRIPTIONS | 'sort' | 'fields' | 'q' | 'connection'): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw queryError(`Expected type string but found type array`, name);
  return v;
}

function integerParam(query: QueryInput, name: 'page' | 'per_page', min: number, max?: number): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw queryError('Expected type integer but found type array', name, DESCRIPTIONS[name]);
  if (!/^-?\d+$/.test(raw.trim())) {
    const found = raw.trim() !== '' && Number.isFinite(Number(raw)) ? 'number' : 'string';
    throw queryError(`Expected type integer but found type ${found}`, name, DESCRIPTIONS[name]);
  }
  const n = Number(raw.trim());
  if (n < min) throw queryError(`Value ${n} is less than minimum ${min}`, name, DESCRIPTIONS[name]);
  if (max !== undefined && n > max) throw queryError(`Value ${n} is greater than maximum ${max}`, name, DESCRIPTIONS[name]);
  return n;
}

function booleanParam(query: QueryInput, name: 'include_totals' | 'include_fields' | 'primary_order'): boolean | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw queryError(`Expected type boolean but found type ${typeof raw === 'string' ? 'string' : 'array'}`, name, DESCRIPTIONS[name]);
}

/**
 * Validate and default the query of a list endpoint. Defaults: page 0, per_page 50, include_totals false,
 * include_fields true, primary_order true. Unknown parameters are ignored.
 */
export function parseListParams(query: QueryInput, opts: ListParamOptions = {}): ListParams {
  const search = opts.search ?? true;
  const page = integerParam(query, 'page', 0);
  const perPage = integerParam(query, 'per_page', opts.minPerPage ?? 0, opts.maxPerPage ?? 100);
  const params: ListParams = {
    page: page ?? 0,
    per_page: perPage ?? opts.defaultPerPage ?? 50,
    paged: page !== undefined || perPage !== undefined,
    include_totals: booleanParam(query, 'include_totals') ?? false,
    include_fields: search ? (booleanParam(query, 'include_fields') ?? true) : true,
    primary_order: search ? (booleanParam(query, 'primary_order') ?? true) : true,
  };
  if (search) {
    const engine = single(query, 'search_engine');
    if (engine === 'v1') throw badRequest('You are not allowed to use search_engine=v1.', 'invalid_query_string');
    if (engine === 'v2')
      throw badRequest('You are not allowed to use search_engine=v2. Use search_engine=v3 instead.', 'invalid_query_string');
    if (engine !== undefined && engine !== 'v3')
      throw queryError(`No enum match for: ${engine}`, 'search_engine', DESCRIPTIONS.search_engine);
    const sort = single(query, 'sort');
    if (sort !== undefined && sort !== '') params.sort = parseSort(sort);
    const fields = single(query, 'fields');
    if (fields !== undefined && fields !== '') params.fields = fields;
    const q = single(query, 'q');
    if (q !== undefined && q !== '') params.q = q;
    const connection = single(query, 'connection');
    if (connection !== undefined) params.connection = connection;
  }
  const maxRecords = opts.maxRecords ?? 1000;
  if ((params.page + 1) * params.per_page > maxRecords) throw invalidPaging();
  return params;
}

export type ListKey = 'users' | 'roles' | 'permissions';

export interface UsersEnvelope<T> {
  start: number;
  limit: number;
  length: number;
  users: T[];
  total: number;
}

/** Roles and permissions envelopes have no `length` and lead with the items. */
export type ItemsEnvelope<K extends 'roles' | 'permissions', T> = { [P in K]: T[] } & { start: number; limit: number; total: number };

export interface PageOptions {
  /**
   * The number of matches to report as `total` when it differs from items.length (e.g. the caller already cut
   * the matches). The emulator reports the true number of matches even above 1000 (UNCONFIRMED).
   */
  total?: number;
}

type PageParams = Pick<ListParams, 'page' | 'per_page' | 'include_totals'>;

/**
 * The requested page: a bare array, or with include_totals the envelope in Auth0's key order
 * (`{start, limit, length, users, total}`; `{roles|permissions, start, limit, total}`). `map` (e.g. projectUser)
 * runs only on the items of the page.
 */
export function paginate<T, U = T>(
  items: readonly T[],
  params: PageParams,
  key: 'users',
  map?: (item: T) => U,
  opts?: PageOptions,
): U[] | UsersEnvelope<U>;
export function paginate<T, K extends 'roles' | 'permissions', U = T>(
  items: readonly T[],
  params: PageParams,
  key: K,
  map?: (item: T) => U,
  opts?: PageOptions,
): U[] | ItemsEnvelope<K, U>;
export function paginate<T, U>(
  items: readonly T[],
  params: PageParams,
  key: ListKey,
  map: (item: T) => U = (item) => item as unknown as U,
  opts: PageOptions = {},
): unknown {
  const start = params.page * params.per_page;
  const slice = items.slice(start, start + params.per_page).map(map);
  if (!params.include_totals) return slice;
  const total = opts.total ?? items.length;
  if (key === 'users') return { start, limit: params.per_page, length: slice.length, users: slice, total };
  return { [key]: slice, start, limit: params.per_page, total };
}
