import assert from 'node:assert/strict';
import { compareUsers, parseSort } from '../../../emulator/core/users/sort.js';
import { assertApiError, aUser } from './helpers.js';

const u = (id: string, over: Record<string, unknown> = {}) => aUser({ user_id: id, created_at: '2023-01-01T00:00:00.000Z', ...over });
const ids = (list: ReturnType<typeof u>[]) => list.map((x) => x.user_id);

describe('sort', () => {
  it('parses field:1 and field:-1', () => {
    assert.deepEqual(parseSort('created_at:1'), { field: 'created_at', order: 1 });
    assert.deepEqual(parseSort('identities.connection:-1'), { field: 'identities.connection', order: -1 });
  });

  it('refuses malformed sort values with a pattern error', () => {
    for (const bad of ['created_at', 'created_at:2', 'a b:1', ':1'])
      assertApiError(() => parseSort(bad), { errorCode: 'invalid_query_string', message: /String does not match pattern .* on property sort/ });
  });

  it('refuses sorting by app_metadata or user_metadata', () => {
    assertApiError(() => parseSort('user_metadata.x:1'), { errorCode: 'invalid_query_string', message: /user_metadata/ });
    assertApiError(() => parseSort('app_metadata:-1'), { errorCode: 'invalid_query_string' });
  });

  it('sorts ascending and descending, users without the field last either way', () => {
    const list = [u('a', { logins_count: 5 }), u('b'), u('c', { logins_count: 1 }), u('d', { logins_count: 10 })];
    assert.deepEqual(ids([...list].sort(compareUsers({ field: 'logins_count', order: 1 }))), ['c', 'a', 'd', 'b']);
    assert.deepEqual(ids([...list].sort(compareUsers({ field: 'logins_count', order: -1 }))), ['d', 'a', 'c', 'b']);
  });

  it('compares strings by code unit and reads through identities', () => {
    const list = [u('x', { identities: [{ connection: 'b', user_id: '1', provider: 'auth0', isSocial: false }] }), u('y', { identities: [{ connection: 'a', user_id: '1', provider: 'auth0', isSocial: false }] })];
    assert.deepEqual(ids([...list].sort(compareUsers({ field: 'identities.connection', order: 1 }))), ['y', 'x']);
  });

  it('orders by created_at then user_id without a sort, and breaks ties the same way', () => {
    const list = [u('b', { created_at: '2023-01-02T00:00:00.000Z' }), u('c'), u('a')];
    assert.deepEqual(ids([...list].sort(compareUsers())), ['a', 'c', 'b']);
    const tied = [u('b', { email: 'same' }), u('a', { email: 'same' })];
    assert.deepEqual(ids(tied.sort(compareUsers({ field: 'email', order: -1 }))), ['a', 'b']);
  });
});
