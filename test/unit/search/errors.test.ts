// Every malformed or unsupported q is a 400 invalid_query_string whose message says what is wrong.
import assert from 'node:assert/strict';
import { isApiError } from '../../../emulator/core/errors.js';
import { compileQuery, MAX_CLAUSES, MAX_DEPTH } from '../../../emulator/core/users/search/index.js';

function rejection(q: string): string {
  try {
    compileQuery(q);
  } catch (e) {
    assert.ok(isApiError(e), `expected an ApiError, got ${String(e)}`);
    assert.equal(e.statusCode, 400);
    assert.equal(e.errorCode, 'invalid_query_string');
    assert.deepEqual(Object.keys(e.toBody()), ['statusCode', 'error', 'message', 'errorCode']);
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(q)} to be rejected`);
}

describe('user search v3: rejected queries', () => {
  const cases: Array<[string, RegExp]> = [
    ['name:"jane', /Unbalanced quotes/],
    ['(name:a OR name:b', /Unbalanced parentheses.*never closed/],
    ['name:a)', /Unbalanced parentheses.*unexpected "\)"/],
    ['()', /Empty parentheses/],
    ['name:*sa', /at least 3 characters/],
    ['*ab*', /at least 3 characters/],
    ['user_metadata.city:Par*', /Wildcard searches are not available on user_metadata/],
    ['user_metadata.age:[1 TO 5]', /Range searches are not available on user_metadata/],
    ['logins_count:[1 TO]', /bound is missing/],
    ['logins_count:[1 to 5]', /upper-case TO/],
    ['logins_count:[1 TO 5', /not closed with \] or \}/],
    ['logins_count:[1 TO 5)', /not closed/],
    ['logins_count:1 TO 5]', /Unexpected "\]"/],
    ['[1 TO 5]', /range needs a field name/],
    ['logins_count:[x TO 5]', /"x" is not a number/],
    ['created_at:[2018-13 TO *]', /expects a date/],
    ['logins_count:many', /expects a number/],
    ['blocked:yes', /expects true or false/],
    ['created_at:yesterday', /expects a date/],
    ['updated_at:>=2018-01-15', /v2 syntax.*updated_at:\[2018-01-15 TO \*\]/],
    ['updated_at:<2018-01-15', /updated_at:\[\* TO 2018-01-15\}/],
    ['AND name:a', /Expected a search term but found "AND"/],
    ['name:a AND', /found the end of the query/],
    ['name:a OR OR name:b', /found "OR"/],
    ['NOT', /found the end of the query/],
    ['name:', /after "name:"/],
    ['a:b:c', /found ":"/],
    ['name:jon~', /Fuzzy searches/],
    ['name:"a b"~2', /Proximity searches/],
    ['name:/jo.*/', /Regular expressions/],
    ['name:a^', /number right after the boost/],
    ['name:a\\', /escape character/],
    ['name:\\u12', /unicode escape/],
    ['na*e:x', /Wildcards in field names/],
    ['_exists_:na*', /_exists_ expects a field name without wildcards/],
    ['_exists_:[a TO b]', /_exists_ expects a field name, not a range/],
  ];
  for (const [q, message] of cases) {
    it(`rejects ${q}`, () => assert.match(rejection(q), message));
  }

  it('rejects parentheses nested deeper than the cap, without overflowing the stack', () => {
    assert.match(rejection(`${'('.repeat(MAX_DEPTH + 1)}a${')'.repeat(MAX_DEPTH + 1)}`), /nests parentheses/);
    assert.match(rejection(`${'('.repeat(100_000)}a`), /nests parentheses/);
    assert.match(rejection(`${'name:('.repeat(50_000)}`), /nests parentheses/);
  });

  it('accepts nesting up to the cap', () => {
    assert.doesNotThrow(() => compileQuery(`${'('.repeat(MAX_DEPTH)}name:a${')'.repeat(MAX_DEPTH)}`));
  });

  it('rejects more clauses than the cap but accepts a long flat query below it', () => {
    assert.match(rejection('name:a '.repeat(MAX_CLAUSES + 1)), new RegExp(`more than ${MAX_CLAUSES} clauses`));
    assert.doesNotThrow(() => compileQuery('name:a OR '.repeat(MAX_CLAUSES - 1) + 'name:b'));
    assert.match(rejection('NOT '.repeat(200_000)), /found "NOT"/);
  });

  it('names the column of the problem', () => {
    assert.match(rejection('name:a AND email:*b'), /column 18/);
  });

  it('rejects a q that is not a string', () => {
    assert.match(rejection(['a', 'b'] as unknown as string), /single string/);
  });
});
