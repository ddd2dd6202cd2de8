import assert from 'node:assert/strict';
import { paginate, parseListParams } from '../../../emulator/core/users/paging.js';
import { assertApiError } from './helpers.js';

const PER_PAGE_DESCRIPTION = 'Number of results per page. Paging is disabled if parameter not sent.';

describe('list parameters (GET /api/v2/users)', () => {
  it('defaults to page 0, 50 per page, bare array, include_fields true, primary_order true', () => {
    assert.deepEqual(parseListParams({}), {
      page: 0,
      per_page: 50,
      paged: false,
      include_totals: false,
      include_fields: true,
      primary_order: true,
    });
  });

  it('parses what the node SDK sends', () => {
    const p = parseListParams({ page: '2', per_page: '10', include_totals: 'true', q: 'email:"a@b.c"', search_engine: 'v3', sort: 'created_at:-1', fields: 'email', include_fields: 'false' });
    assert.equal(p.page, 2);
    assert.equal(p.per_page, 10);
    assert.equal(p.paged, true);
    assert.equal(p.include_totals, true);
    assert.equal(p.q, 'email:"a@b.c"');
    assert.deepEqual(p.sort, { field: 'created_at', order: -1 });
    assert.equal(p.fields, 'email');
    assert.equal(p.include_fields, false);
  });

  it('refuses paging beyond the first 1000 records (vector 1.f)', () => {
    assertApiError(() => parseListParams({ per_page: '100', page: '10', include_totals: 'true' }), {
      errorCode: 'invalid_paging',
      message: /^You can only page through the first 1000 records\./,
    });
    parseListParams({ per_page: '100', page: '9' });
    assertApiError(() => parseListParams({ per_page: '50', page: '20' }), { errorCode: 'invalid_paging' });
  });

  it('refuses per_page above 100 with the query validation message', () => {
    assertApiError(() => parseListParams({ per_page: '101' }), {
      errorCode: 'invalid_query_string',
      message: `Query validation error: 'Value 101 is greater than maximum 100' on property per_page (${PER_PAGE_DESCRIPTION}).`,
    });
  });

  it('refuses negative and non-integer page values', () => {
    assertApiError(() => parseListParams({ page: '-1' }), { errorCode: 'invalid_query_string', message: /'Value -1 is less than minimum 0' on property page/ });
    assertApiError(() => parseListParams({ page: 'abc' }), { message: /'Expected type integer but found type string' on property page/ });
    assertApiError(() => parseListParams({ per_page: '1.5' }), { message: /'Expected type integer but found type number' on property per_page/ });
  });

  it('accepts per_page=0 (total only) on users, but requires 1 on roles', () => {
    assert.equal(parseListParams({ per_page: '0' }).per_page, 0);
    assertApiError(() => parseListParams({ per_page: '0' }, { minPerPage: 1, search: false }), { message: /less than minimum 1/ });
  });

  it('accepts only true/false for booleans', () => {
    assertApiError(() => parseListParams({ include_totals: 'yes' }), {
      errorCode: 'invalid_query_string',
      message: /'Expected type boolean but found type string' on property include_totals/,
    });
  });

  it('refuses search engines v1 and v2 with Auth0 messages, and unknown ones', () => {
    assertApiError(() => parseListParams({ search_engine: 'v1' }), { message: 'You are not allowed to use search_engine=v1.' });
    assertApiError(() => parseListParams({ search_engine: 'v2' }), { message: 'You are not allowed to use search_engine=v2. Use search_engine=v3 instead.' });
    assertApiError(() => parseListParams({ search_engine: 'v9' }), { errorCode: 'invalid_query_string', message: /No enum match for: v9/ });
  });

  it('accepts and ignores connection (only honoured by search_engine=v1)', () => {
    assert.equal(parseListParams({ connection: 'github' }).connection, 'github');
  });

  it('refuses repeated parameters', () => {
    assertApiError(() => parseListParams({ page: ['1', '2'] }), { errorCode: 'invalid_query_string' });
  });

  it('refuses sorting on metadata', () => {
    assertApiError(() => parseListParams({ sort: 'app_metadata.plan:1' }), { errorCode: 'invalid_query_string' });
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({ n: i }));

  it('returns a bare array page without include_totals', () => {
    assert.deepEqual(paginate(items, { page: 1, per_page: 3, include_totals: false }, 'users'), [{ n: 3 }, { n: 4 }, { n: 5 }]);
  });

  it('wraps users as {start, limit, length, users, total} in that key order', () => {
    const out = paginate(items, { page: 2, per_page: 3, include_totals: true }, 'users');
    assert.equal(JSON.stringify(out), '{"start":6,"limit":3,"length":1,"users":[{"n":6}],"total":7}');
  });

  it('wraps roles as {roles, start, limit, total} with no length', () => {
    const out = paginate(items, { page: 0, per_page: 50, include_totals: true }, 'roles');
    assert.deepEqual(Object.keys(out), ['roles', 'start', 'limit', 'total']);
  });

  it('maps only the items of the page', () => {
    const seen: number[] = [];
    const out = paginate(items, { page: 0, per_page: 2, include_totals: false }, 'users', (x) => (seen.push(x.n), x.n * 10));
    assert.deepEqual(out, [0, 10]);
    assert.deepEqual(seen, [0, 1]);
  });

  it('reports the total of all matches, also with per_page=0 and beyond 1000', () => {
    assert.deepEqual(paginate(items, { page: 0, per_page: 0, include_totals: true }, 'users'), { start: 0, limit: 0, length: 0, users: [], total: 7 });
    const many = Array.from({ length: 1500 }, (_, i) => i);
    assert.equal((paginate(many, { page: 0, per_page: 10, include_totals: true }, 'users') as { total: number }).total, 1500);
    assert.equal((paginate(items, { page: 0, per_page: 10, include_totals: true }, 'users', undefined, { total: 99 }) as { total: number }).total, 99);
  });

  it('returns an empty page past the end', () => {
    assert.deepEqual(paginate(items, { page: 5, per_page: 3, include_totals: false }, 'users'), []);
  });
});
