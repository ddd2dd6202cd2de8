// Wildcards (* and ?, the 3-character rule for leading wildcards, where they are allowed) and ranges
// (inclusive, exclusive, mixed, open, numbers, dates with partial-date rounding, strings, app_metadata).
import assert from 'node:assert/strict';
import { compileQuery } from '../../../emulator/core/users/search/index.js';
import { search, user } from './searchFixtures.js';

const bad = { statusCode: 400, errorCode: 'invalid_query_string' };

describe('user search v3: wildcards', () => {
  const users = [
    user({ user_id: 'auth0|1', name: 'John Smith', email: 'john@usa.com' }),
    user({ user_id: 'auth0|2', name: 'Johanna', email: 'jo@elsewhere.org' }),
    user({ user_id: 'auth0|3', name: 'Ann', email: 'ann@usa.com' }),
  ];

  it('prefix patterns work with any length, case-insensitively on normalized fields', () => {
    assert.deepEqual(search('name:j*', users), ['auth0|1', 'auth0|2']);
    assert.deepEqual(search('name:JOHN*', users), ['auth0|1']);
  });

  it('suffix and infix patterns need a literal of at least 3 characters', () => {
    assert.deepEqual(search('email:*usa.com', users), ['auth0|1', 'auth0|3']);
    assert.deepEqual(search('name:*ohn*', users), ['auth0|1']);
    assert.throws(() => compileQuery('name:*sa'), bad);
    assert.throws(() => compileQuery('name:*ab*'), bad);
    assert.throws(() => compileQuery('name:?a'), bad);
  });

  it('allows a wildcard inside a value that starts with a literal', () => {
    assert.deepEqual(search('name:j*a', users), ['auth0|2']);
    assert.deepEqual(search('email:*@usa*', users), ['auth0|1', 'auth0|3']);
  });

  it('? stands for exactly one character', () => {
    assert.deepEqual(search('name:a?n', users), ['auth0|3']);
    assert.deepEqual(search('name:an?', users), ['auth0|3']);
    assert.deepEqual(search('name:an??', users), []);
    assert.deepEqual(search('name:jo?n*', users), ['auth0|1']);
  });

  it('handles many stars without runaway backtracking', () => {
    const long = user({ user_id: 'auth0|long', name: 'a'.repeat(300) });
    assert.deepEqual(search(`name:a${'*a'.repeat(40)}*b`, [long]), []);
  });

  it('works on app_metadata (configurable) but never on user_metadata', () => {
    const meta = [user({ user_id: 'auth0|m', app_metadata: { plan: 'gold-2024' }, user_metadata: { plan: 'gold' } })];
    assert.deepEqual(search('app_metadata.plan:gold*', meta), ['auth0|m']);
    assert.throws(() => compileQuery('app_metadata.plan:gold*', { appMetadataWildcardsAndRanges: false }), bad);
    assert.throws(() => compileQuery('user_metadata.plan:gold*'), bad);
    assert.throws(() => compileQuery('user_metadata.plan:*'), bad);
  });

  it('is rejected on boolean, number and date fields', () => {
    assert.throws(() => compileQuery('blocked:t*'), bad);
    assert.throws(() => compileQuery('logins_count:1*'), bad);
    assert.throws(() => compileQuery('created_at:2018*'), bad);
  });
});

describe('user search v3: ranges', () => {
  const counted = [0, 10, 50, 100, 150].map((n) => user({ user_id: `auth0|${n}`, logins_count: n }));

  it('[a TO b] is inclusive, {a TO b} exclusive, and the two mix', () => {
    assert.deepEqual(search('logins_count:[10 TO 100]', counted), ['auth0|10', 'auth0|50', 'auth0|100']);
    assert.deepEqual(search('logins_count:{10 TO 100}', counted), ['auth0|50']);
    assert.deepEqual(search('logins_count:{10 TO 100]', counted), ['auth0|50', 'auth0|100']);
  });

  it('* leaves an end open', () => {
    assert.deepEqual(search('logins_count:{100 TO *]', counted), ['auth0|150']);
    assert.deepEqual(search('logins_count:[* TO 10}', counted), ['auth0|0']);
    assert.deepEqual(search('logins_count:[* TO *]', [...counted, user({ user_id: 'auth0|none' })]).length, 5);
  });

  it('an empty range matches nobody', () => {
    assert.deepEqual(search('logins_count:[100 TO 10]', counted), []);
  });

  describe('dates', () => {
    const dated = [
      '2017-11-30T23:59:59.999Z',
      '2017-12-01T00:00:00.000Z',
      '2017-12-31T23:59:59.999Z',
      '2018-01-01T00:00:00.000Z',
      '2018-01-15T12:00:00.000Z',
    ].map((t, i) => user({ user_id: `auth0|${i}`, last_login: t, updated_at: t }));

    it('[* TO 2017-12] includes all of December 2017', () => {
      assert.deepEqual(search('last_login:[* TO 2017-12]', dated), ['auth0|0', 'auth0|1', 'auth0|2']);
    });

    it('[* TO 2017-12} stops before December', () => {
      assert.deepEqual(search('last_login:[* TO 2017-12}', dated), ['auth0|0']);
    });

    it('{2017-12 TO *] starts after December; [2017-12 TO *] at its first instant', () => {
      assert.deepEqual(search('last_login:{2017-12 TO *]', dated), ['auth0|3', 'auth0|4']);
      assert.deepEqual(search('last_login:[2017-12 TO *]', dated), ['auth0|1', 'auth0|2', 'auth0|3', 'auth0|4']);
    });

    it('takes days and full timestamps (the v3 form of updated_at:>=2018-01-15)', () => {
      assert.deepEqual(search('updated_at:[2018-01-15 TO *]', dated), ['auth0|4']);
      assert.deepEqual(search('updated_at:[2017-12-31 TO 2018-01-01]', dated), ['auth0|2', 'auth0|3']);
      assert.deepEqual(search('updated_at:{"2017-12-01T00:00:00.000Z" TO 2018-01-15T12:00:00Z]', dated), ['auth0|2', 'auth0|3', 'auth0|4']);
      assert.deepEqual(search('updated_at:[2018-01-15T13:00:00+01:00 TO *]', dated), ['auth0|4']);
    });

    it('compares non-canonical stored timestamps by instant', () => {
      const odd = [user({ user_id: 'auth0|tz', last_login: '2017-12-31T23:30:00-01:00' })];
      assert.deepEqual(search('last_login:[2018-01-01 TO *]', odd), ['auth0|tz']);
    });
  });

  it('compares strings lexicographically, case-insensitively on normalized fields', () => {
    const named = ['Adam', 'bob', 'Carl', 'dave'].map((n) => user({ user_id: `auth0|${n}`, name: n, username: n }));
    assert.deepEqual(search('name:[b TO d}', named), ['auth0|bob', 'auth0|Carl']);
    assert.deepEqual(search('username:[B TO d}', named), ['auth0|bob', 'auth0|Carl']);
  });

  it('works on app_metadata numbers, strings and dates (configurable), never on user_metadata', () => {
    const meta = [
      user({ user_id: 'auth0|1', app_metadata: { level: 3, since: '2019-05-01', tag: 'beta' } }),
      user({ user_id: 'auth0|2', app_metadata: { level: 30, since: '2021-01-01', tag: 'alpha' } }),
    ];
    assert.deepEqual(search('app_metadata.level:[1 TO 10]', meta), ['auth0|1']);
    assert.deepEqual(search('app_metadata.since:[* TO 2020]', meta), ['auth0|1']);
    assert.deepEqual(search('app_metadata.tag:[a TO b]', meta), ['auth0|2']);
    assert.throws(() => compileQuery('app_metadata.level:[1 TO 10]', { appMetadataWildcardsAndRanges: false }), bad);
    assert.throws(() => compileQuery('user_metadata.level:[1 TO 10]'), bad);
  });

  it('rejects bounds of the wrong type on typed fields', () => {
    assert.throws(() => compileQuery('logins_count:[a TO 5]'), bad);
    assert.throws(() => compileQuery('created_at:[2018-02-30 TO *]'), bad);
    assert.throws(() => compileQuery('blocked:[yes TO *]'), bad);
  });
});
