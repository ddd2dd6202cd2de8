// indexHint: when a query can only match one exact user_id or email, say so (so the caller can skip the scan).
import assert from 'node:assert/strict';
import { compileQuery, indexHint } from '../../../emulator/core/users/search/index.js';
import { user } from './searchFixtures.js';

describe('user search v3: indexHint', () => {
  it('hints an exact email, lower-cased', () => {
    assert.deepEqual(indexHint('email:"Jane@Example.com"'), { field: 'email', value: 'jane@example.com' });
    assert.deepEqual(indexHint('email:a@b.c'), { field: 'email', value: 'a@b.c' });
  });

  it('hints an exact user_id as written', () => {
    assert.deepEqual(indexHint('user_id:"auth0|ABC"'), { field: 'user_id', value: 'auth0|ABC' });
  });

  it('hints through AND, +, parentheses and a field group with one value', () => {
    assert.deepEqual(indexHint('user_id:"auth0|1" AND blocked:false'), { field: 'user_id', value: 'auth0|1' });
    assert.deepEqual(indexHint('blocked:false AND (email:"x@y.z")'), { field: 'email', value: 'x@y.z' });
    assert.deepEqual(indexHint('+email:"x@y.z" name:bob'), { field: 'email', value: 'x@y.z' });
    assert.deepEqual(indexHint('email:("x@y.z")'), { field: 'email', value: 'x@y.z' });
    assert.deepEqual(indexHint('email:"x@y.z" AND NOT blocked:true'), { field: 'email', value: 'x@y.z' });
  });

  it('gives no hint when other users could match', () => {
    for (const q of [
      '',
      'email:x*',
      'email:"a@b.c" OR email:"d@e.f"',
      'email:"a@b.c" OR name:bob',
      'NOT email:"a@b.c"',
      'name:"a@b.c"',
      'a@b.c',
      'email.domain:b.c',
      'email:[a TO b]',
      '_exists_:email',
      'name:bob AND (email:"a@b.c" OR email:"d@e.f")',
    ]) {
      assert.equal(indexHint(q), undefined, q);
    }
  });

  it('every user the query matches carries the hinted value', () => {
    const users = [
      user({ user_id: 'auth0|1', email: 'Jane@Example.com' }),
      user({ user_id: 'auth0|2', email: 'jane@example.com', blocked: true }),
      user({ user_id: 'auth0|3', email: 'other@example.com' }),
    ];
    for (const q of ['email:"JANE@example.com"', 'email:jane@example.com AND NOT blocked:true', 'user_id:"auth0|2"']) {
      const hint = indexHint(q);
      assert.ok(hint, q);
      const matches = compileQuery(q);
      for (const u of users.filter((x) => matches(x))) {
        const actual: string | undefined = hint.field === 'email' ? u.email?.toLowerCase() : u.user_id;
        assert.equal(actual, hint.value, q);
      }
    }
  });

  it('throws the same 400 as compileQuery for a malformed q', () => {
    assert.throws(() => indexHint('email:"a@b.c'), { statusCode: 400, errorCode: 'invalid_query_string' });
  });
});
