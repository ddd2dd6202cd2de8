// Property-based checks: whatever q is, compileQuery either returns a predicate that evaluates cleanly or throws
// a 400 invalid_query_string ApiError, never anything else (no TypeError, no stack overflow, no hang); and for
// valid queries the boolean operators behave as set operations.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isApiError } from '../../../emulator/core/errors.js';
import type { UserPredicate } from '../../../emulator/core/users/search/index.js';
import { compileQuery } from '../../../emulator/core/users/search/index.js';
import type { StoredUser } from '../../../emulator/core/users/user.js';
import { user } from './searchFixtures.js';

const sample: StoredUser[] = [
  user({ user_id: 'auth0|1', email: 'John@usa.com', name: 'John Smith', logins_count: 5, blocked: false, app_metadata: { plan: 'gold', a: { b: [1, 'x'] } } }),
  user({ user_id: 'google-oauth2|2', email: 'ann@example.org', name: 'Ann', logins_count: 150, blocked: true, user_metadata: { c: ['Paris'], d: {} } }),
  user({ user_id: 'auth0|3', name: 'İstanbul K', nickname: 'straße', last_login: '2018-01-15T10:00:00.000Z', app_metadata: { plan: null, list: [] } }),
  user({ user_id: 'auth0|4', email: 'weird@@x', created_at: 'not a date', identities: [], user_metadata: { deep: [[[{ e: 1 }]]] } }),
];

/** Compiles and runs q over the sample; returns the matching ids, or null when q was rejected properly. */
function run(q: string): string[] | null {
  let matches: UserPredicate;
  try {
    matches = compileQuery(q);
  } catch (e) {
    if (!isApiError(e) || e.statusCode !== 400 || e.errorCode !== 'invalid_query_string') {
      throw new Error(`q=${JSON.stringify(q)} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
    return null;
  }
  return sample.filter((u) => matches(u)).map((u) => u.user_id);
}

const LUCENE_PIECES = [
  'a', 'jo', 'usa', '*', '?', '"', '\\', '(', ')', '[', ']', '{', '}', ':', ' ', ' ', 'AND', 'OR', 'NOT', 'TO', 'and',
  '-', '+', '!', '^', '^2', '~', '/', '&&', '||', '.', '@', '|', '>=', '_exists_', 'name', 'email', 'app_metadata.plan',
  'user_metadata.c', 'logins_count', 'created_at', 'blocked', 'email.domain', 'identities.connection', '5', '2018-01',
  'true', '\\u0041', '\u3000', 'é', '😀',
];

const FIELDS = [
  'name', 'email', 'user_id', 'nickname', 'logins_count', 'created_at', 'last_login', 'blocked', 'email.domain',
  'identities.connection', 'app_metadata.plan', 'app_metadata.a.b', 'user_metadata.c', 'unknown_field', '_exists_',
];
const VALUES = [
  'john', 'John\\ Smith', '"john smith"', '"ann"', 'jo*', '*usa.com', '*mith', '*ab', 'j?hn*', '*', '5', '150', '1', 'x',
  'gold', 'true', 'false', '2018-01-15', '2018-01', '"2018-01-15T10:00:00.000Z"', 'Paris', 'auth0*', 'name',
  'app_metadata.plan', '>=5', 'not-a-date',
];

const value = fc.constantFrom(...VALUES);
const bound = fc.constantFrom('*', '5', '100', '2018', '2018-01-15', 'a', 'm', '"x y"');
const range = fc
  .tuple(fc.constantFrom('[', '{'), bound, bound, fc.constantFrom(']', '}'))
  .map(([o, lo, hi, c]) => `${o}${lo} TO ${hi}${c}`);
const fieldOf = fc.option(fc.constantFrom(...FIELDS), { nil: undefined });
const leaf = fc.tuple(fieldOf, fc.oneof(value, range)).map(([f, v]) => (f === undefined ? v : `${f}:${v}`));

const { query } = fc.letrec<{ query: string }>((tie) => ({
  query: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('query'), fc.constantFrom(' AND ', ' OR ', ' ', ' && ', ' AND NOT ', ' OR NOT '), tie('query')).map(([a, op, b]) => `${a}${op}${b}`),
    tie('query').map((q) => `(${q})`),
    fc.tuple(fc.constantFrom('NOT ', '-', '+', '!'), tie('query')).map(([m, q]) => `${m}${q}`),
    fc.tuple(fc.constantFrom('name', 'logins_count', '_exists_', 'app_metadata.plan'), tie('query')).map(([f, q]) => `${f}:(${q})`),
  ),
}));

describe('user search v3: property-based fuzzing', () => {
  it('arbitrary strings are either valid queries or a 400 invalid_query_string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (q) => void run(q)), { numRuns: 2000 });
  });

  it('strings made of Lucene syntax pieces are either valid queries or a 400', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LUCENE_PIECES), { maxLength: 30 }), (pieces) => void run(pieces.join(''))),
      { numRuns: 5000 },
    );
  });

  it('structured random queries are either valid queries or a 400', () => {
    fc.assert(fc.property(query, (q) => void run(q)), { numRuns: 3000 });
  });

  it('very long and deeply nested inputs fail fast with a 400', () => {
    fc.assert(
      fc.property(fc.constantFrom('(', 'name:(', '"', '\\', 'NOT ', 'a ', '[', '*'), fc.integer({ min: 1000, max: 50_000 }), (piece, n) => {
        void run(piece.repeat(n));
      }),
      { numRuns: 40 },
    );
  });

  it('NOT (q) matches exactly the users (q) does not', () => {
    fc.assert(
      fc.property(query, (q) => {
        const yes = run(q);
        if (yes === null) return;
        const no = run(`NOT (${q})`);
        assert.ok(no !== null, `NOT (${q}) was rejected`);
        assert.deepEqual(
          [...yes, ...no].sort(),
          sample.map((u) => u.user_id).sort(),
          `q=${q}`,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('(a) AND (b) is the intersection and (a) OR (b) the union', () => {
    fc.assert(
      fc.property(query, query, (a, b) => {
        const ra = run(a);
        const rb = run(b);
        if (ra === null || rb === null) return;
        assert.deepEqual(run(`(${a}) AND (${b})`), ra.filter((id) => rb.includes(id)), `${a} AND ${b}`);
        assert.deepEqual(run(`(${a}) OR (${b})`), sample.map((u) => u.user_id).filter((id) => ra.includes(id) || rb.includes(id)), `${a} OR ${b}`);
      }),
      { numRuns: 1000 },
    );
  });
});
