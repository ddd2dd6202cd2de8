import assert from 'node:assert/strict';
import {
  checkProfileSize,
  mergeMetadata,
  PROFILE_HARD_LIMIT_BYTES,
  RESERVED_APP_METADATA_KEYS,
  validateMetadata,
} from '../../../emulator/core/users/metadata.js';
import { assertApiError } from './helpers.js';

describe('mergeMetadata (PATCH user_metadata / app_metadata)', () => {
  it('merges top-level keys and replaces a nested object whole (vector 1.b)', () => {
    const stored = { profileCode: 1479, addresses: { work: '100 Way' } };
    assert.deepEqual(mergeMetadata(stored, { addresses: { home: '742 Ev' } }), {
      profileCode: 1479,
      addresses: { home: '742 Ev' },
    });
  });

  it('keeps stored keys the patch does not name (recorded: facts + foo)', () => {
    const stored = { facts: ['count_to_infinity_twice'] };
    assert.deepEqual(mergeMetadata(stored, { foo: 'bar' }), { facts: ['count_to_infinity_twice'], foo: 'bar' });
  });

  it('deletes keys set to null (vector 1.c, first call)', () => {
    const merged = mergeMetadata({ plan: 'gold', seats: 3 }, { plan: null });
    assert.deepEqual(merged, { seats: 3 });
    assert.ok(!Object.hasOwn(merged!, 'plan'));
  });

  it('wipes everything when sent an empty object, and then omits the key by default (vector 1.c, second call)', () => {
    assert.equal(mergeMetadata({ a: 1, b: { c: 2 } }, {}), undefined);
  });

  it('keeps {} after a wipe when configured with whenEmpty: empty-object', () => {
    assert.deepEqual(mergeMetadata({ a: 1 }, {}, { whenEmpty: 'empty-object' }), {});
    assert.deepEqual(mergeMetadata({ a: 1 }, { a: null }, { whenEmpty: 'empty-object' }), {});
  });

  it('omits the object once nulls have deleted its last key', () => {
    assert.equal(mergeMetadata({ roles: ['w'] }, { roles: null }), undefined);
  });

  it('treats a missing stored object as empty', () => {
    assert.deepEqual(mergeMetadata(undefined, { a: 1, b: null }), { a: 1 });
  });

  it('stores null nested inside a sent sub-object as sent by default', () => {
    assert.deepEqual(mergeMetadata({}, { a: { b: null, c: 1 } }), { a: { b: null, c: 1 } });
  });

  it('strips nested nulls at every depth when configured with nestedNulls: strip', () => {
    assert.deepEqual(mergeMetadata({}, { a: { b: null, c: [{ d: null, e: 1 }] } }, { nestedNulls: 'strip' }), {
      a: { c: [{ e: 1 }] },
    });
  });

  it('does not mutate its arguments and shares no nested objects with them', () => {
    const stored = { keep: { x: 1 }, gone: 1 };
    const patch = { gone: null, added: { y: [1] } };
    const before = structuredClone({ stored, patch });
    const merged = mergeMetadata(stored, patch)!;
    assert.deepEqual({ stored, patch }, before);
    assert.notEqual(merged.keep, stored.keep);
    assert.notEqual(merged.added, patch.added);
  });

  it('keeps a key literally named __proto__ as data', () => {
    const patch = JSON.parse('{"__proto__":{"polluted":true}}');
    const merged = mergeMetadata({}, patch)!;
    assert.deepEqual(Object.keys(merged), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  });
});

describe('validateMetadata (metadata restrictions, section 4)', () => {
  it('rejects a dotted key with the dotted-fields message (vector 4.a)', () => {
    assertApiError(() => validateMetadata('user_metadata', { 'preference.color': 'pink' }), {
      errorCode: 'invalid_body',
      message: 'Fields with "." are not allowed, please remove all dotted fields. Example: preference.color',
    });
  });

  it('rejects a dotted key nested at any depth, also inside arrays', () => {
    assertApiError(() => validateMetadata('user_metadata', { a: { b: { 'c.d': 1 } } }), { message: /Example: c\.d$/ });
    assertApiError(() => validateMetadata('app_metadata', { list: [{ ok: 1 }, { 'x.y': 2 }] }), { message: /Example: x\.y$/ });
  });

  it('rejects a key containing $ (vector 4.b)', () => {
    assertApiError(() => validateMetadata('app_metadata', { a$b: 1 }), { errorCode: 'invalid_body', message: /"\$".*a\$b/ });
    assertApiError(() => validateMetadata('user_metadata', { n: { $set: 1 } }), { errorCode: 'invalid_body' });
  });

  it('accepts dots and dollars inside values (vector 4.c)', () => {
    validateMetadata('user_metadata', { preference: { color: 'light.blue', price: '$5' } });
  });

  it('rejects every reserved top-level app_metadata name (vector 4.d)', () => {
    for (const key of RESERVED_APP_METADATA_KEYS) {
      assertApiError(() => validateMetadata('app_metadata', { [key]: 'x' }), {
        errorCode: 'invalid_body',
        message: `Payload validation error: 'Data matches schema from 'not'' on property app_metadata.${key}.`,
      });
    }
  });

  it('allows the reserved names in user_metadata and nested in app_metadata', () => {
    validateMetadata('user_metadata', { user_id: 'x', email: 'y' });
    validateMetadata('app_metadata', { nested: { user_id: 'x' } });
  });

  it('requires an object, reporting the JSON type found', () => {
    const cases: Array<[unknown, string]> = [['x', 'string'], [1, 'integer'], [1.5, 'number'], [[], 'array'], [null, 'null'], [true, 'boolean']];
    for (const [value, type] of cases) {
      assertApiError(() => validateMetadata('app_metadata', value), {
        errorCode: 'invalid_body',
        message: `Payload validation error: 'Expected type object but found type ${type}' on property app_metadata (Data related to the user that does affect the application's core functionality.).`,
      });
    }
  });
});

describe('checkProfileSize', () => {
  it('says nothing for a small profile', () => {
    assert.deepEqual(checkProfileSize({ user_metadata: { a: 1 } }), []);
  });

  it('accepts a profile above the 10 KB soft limit with a warning', () => {
    const warnings = checkProfileSize({ user_metadata: { blob: 'x'.repeat(11 * 1024) } });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /soft limit/);
  });

  it('rejects a profile above the hard limit with 400 invalid_body', () => {
    assertApiError(() => checkProfileSize({ user_metadata: { blob: 'x'.repeat(PROFILE_HARD_LIMIT_BYTES) } }), {
      errorCode: 'invalid_body',
      message: /too large/,
    });
  });

  it('counts bytes, not characters', () => {
    assert.equal(checkProfileSize({ s: 'é'.repeat(3000) }, { softLimitBytes: 5000 }).length, 1);
    assert.equal(checkProfileSize({ s: 'e'.repeat(3000) }, { softLimitBytes: 5000 }).length, 0);
  });
});
