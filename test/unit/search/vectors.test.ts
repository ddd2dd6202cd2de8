// Fact sheet §2.1 test vectors 2.a–2.f, verbatim.
import assert from 'node:assert/strict';
import { compileQuery } from '../../../emulator/core/users/search/index.js';
import { search, user } from './searchFixtures.js';

describe('user search v3: fact sheet test vectors (§2.1)', () => {
  it('2.a name:richard matches only the user named exactly "Richard"; name:*richard* matches both', () => {
    const users = [user({ user_id: 'auth0|john', name: 'John Richard Doe' }), user({ user_id: 'auth0|richard', name: 'Richard' })];
    assert.deepEqual(search('name:richard', users), ['auth0|richard']);
    assert.deepEqual(search('name:*richard*', users), ['auth0|john', 'auth0|richard']);
  });

  it('2.b app_metadata values are case-sensitive: "gold" misses "Gold", "Gold" finds it', () => {
    const users = [user({ user_id: 'auth0|1', app_metadata: { plan: 'Gold' } })];
    assert.deepEqual(search('app_metadata.plan:"gold"', users), []);
    assert.deepEqual(search('app_metadata.plan:"Gold"', users), ['auth0|1']);
  });

  it('2.c an empty array is not indexed, so _exists_ does not find it', () => {
    const users = [user({ user_id: 'auth0|1', user_metadata: { tags: [] } })];
    assert.deepEqual(search('_exists_:user_metadata.tags', users), []);
  });

  it('2.d logins_count:[10 TO 100} keeps 10 and drops 5 and 150', () => {
    const users = [5, 10, 150].map((n) => user({ user_id: `auth0|${n}`, logins_count: n }));
    assert.deepEqual(search('logins_count:[10 TO 100}', users), ['auth0|10']);
  });

  it('2.e name:*sa is a 400 invalid_query_string (suffix literal shorter than 3)', () => {
    assert.throws(() => compileQuery('name:*sa'), { statusCode: 400, errorCode: 'invalid_query_string' });
  });

  it('2.f user_id:auth0 finds nothing (no tokenisation); user_id:auth0* finds auth0|12345', () => {
    const users = [user({ user_id: 'auth0|12345' })];
    assert.deepEqual(search('user_id:auth0', users), []);
    assert.deepEqual(search('user_id:auth0*', users), ['auth0|12345']);
  });
});
