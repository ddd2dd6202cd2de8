// Boolean structure: AND/OR/NOT only in upper case, + and -, parentheses, field groups, and Lucene's clause
// semantics with Elasticsearch's default operator OR (juxtaposed clauses are alternatives).
import assert from 'node:assert/strict';
import { parseQuery } from '../../../emulator/core/users/search/index.js';
import { search, user } from './searchFixtures.js';

const users = [
  user({ user_id: 'auth0|a', name: 'a', logins_count: 1, blocked: true }),
  user({ user_id: 'auth0|b', name: 'b', logins_count: 2, blocked: false }),
  user({ user_id: 'auth0|c', name: 'c', logins_count: 3 }),
  user({ user_id: 'auth0|and', name: 'and', logins_count: 4 }),
];

describe('user search v3: operators', () => {
  it('AND requires both sides', () => {
    assert.deepEqual(search('name:a AND blocked:true', users), ['auth0|a']);
    assert.deepEqual(search('name:a AND blocked:false', users), []);
    assert.deepEqual(search('name:a && blocked:true', users), ['auth0|a']);
  });

  it('OR accepts either side', () => {
    assert.deepEqual(search('name:a OR name:c', users), ['auth0|a', 'auth0|c']);
    assert.deepEqual(search('name:a || name:c', users), ['auth0|a', 'auth0|c']);
  });

  it('juxtaposed clauses default to OR', () => {
    assert.deepEqual(search('name:a name:c', users), ['auth0|a', 'auth0|c']);
  });

  it('NOT, - and ! exclude', () => {
    assert.deepEqual(search('NOT name:a', users), ['auth0|b', 'auth0|c', 'auth0|and']);
    assert.deepEqual(search('-name:a', users), ['auth0|b', 'auth0|c', 'auth0|and']);
    assert.deepEqual(search('!name:a', users), ['auth0|b', 'auth0|c', 'auth0|and']);
    assert.deepEqual(search('logins_count:[1 TO 3] AND NOT name:b', users), ['auth0|a', 'auth0|c']);
  });

  it('+ makes a clause required among alternatives', () => {
    assert.deepEqual(search('+logins_count:[2 TO 4] name:c', users), ['auth0|b', 'auth0|c', 'auth0|and']);
  });

  it('operators must be upper-case: lower-case and/or/not are plain terms', () => {
    // `name:a and name:b` = name:a OR <default fields>:and OR name:b; "and" is the name of a user.
    assert.deepEqual(search('name:a and name:b', users), ['auth0|a', 'auth0|b', 'auth0|and']);
    assert.deepEqual(search('name:a or name:b', users), ['auth0|a', 'auth0|b']);
  });

  it('follows Lucene, not boolean algebra, when AND and OR are mixed without parentheses', () => {
    // a AND b OR c parses as +a +b c: c is optional, so only users with both a and b match.
    assert.deepEqual(search('name:a AND blocked:true OR name:c', users), ['auth0|a']);
    // a OR b AND c parses as a +b +c.
    assert.deepEqual(search('name:a OR name:b AND blocked:false', users), ['auth0|b']);
    // a OR NOT b parses as a -b.
    assert.deepEqual(search('name:a OR NOT name:b', users), ['auth0|a']);
    assert.deepEqual(
      parseQuery('x AND y OR z'),
      {
        type: 'bool',
        clauses: [
          { occur: 'must', query: { type: 'term', field: null, text: 'x', quoted: false, wildcard: null, column: 1 } },
          { occur: 'must', query: { type: 'term', field: null, text: 'y', quoted: false, wildcard: null, column: 7 } },
          { occur: 'should', query: { type: 'term', field: null, text: 'z', quoted: false, wildcard: null, column: 12 } },
        ],
      },
    );
  });

  it('parentheses group sub-queries', () => {
    assert.deepEqual(search('(name:a OR name:c) AND logins_count:3', users), ['auth0|c']);
    assert.deepEqual(search('NOT (name:a OR name:b)', users), ['auth0|c', 'auth0|and']);
    assert.deepEqual(search('(NOT name:a) OR blocked:true', users), ['auth0|a', 'auth0|b', 'auth0|c', 'auth0|and']);
  });

  it('field grouping applies the field to every term inside', () => {
    const people = [
      user({ user_id: 'auth0|1', name: 'John Doe' }),
      user({ user_id: 'auth0|2', name: 'Jane Roe' }),
      user({ user_id: 'auth0|3', name: 'Jim Poe', email: 'John Doe' }),
    ];
    assert.deepEqual(search('name:("john doe" OR "jane roe")', people), ['auth0|1', 'auth0|2']);
    assert.deepEqual(search('logins_count:([1 TO 1] OR [3 TO 3])', users), ['auth0|a', 'auth0|c']);
    assert.deepEqual(search('_exists_:(blocked AND logins_count)', users), ['auth0|a', 'auth0|b']);
  });

  it('accepts spaces around the colon and ignores boosts', () => {
    assert.deepEqual(search('name : a', users), ['auth0|a']);
    assert.deepEqual(search('name:a^2 OR name:"b"^0.5', users), ['auth0|a', 'auth0|b']);
  });

  it('keeps * and ? literal inside quotes and when escaped', () => {
    const odd = [user({ user_id: 'auth0|star', name: 'a*b?' }), user({ user_id: 'auth0|plain', name: 'axxb?' })];
    assert.deepEqual(search('name:"a*b?"', odd), ['auth0|star']);
    assert.deepEqual(search('name:a\\*b\\?', odd), ['auth0|star']);
    assert.deepEqual(search('name:a*b\\?', odd), ['auth0|star', 'auth0|plain']);
  });

  it('decodes \\uXXXX escapes', () => {
    assert.deepEqual(search('name:\\u0061', users), ['auth0|a']);
  });
});
