// Property-based checks: whatever JSON arrives, the users core answers with a 400/403 ApiError or a result that
// obeys Auth0's merge laws.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ApiError } from '../../../emulator/core/errors.js';
import { buildNewUser } from '../../../emulator/core/users/createUser.js';
import { mergeMetadata } from '../../../emulator/core/users/metadata.js';
import { parseListParams } from '../../../emulator/core/users/paging.js';
import { applyUserPatch } from '../../../emulator/core/users/patchUser.js';
import { projectUser } from '../../../emulator/core/users/projection.js';
import type { Json, JsonObject, StoredUser } from '../../../emulator/core/users/user.js';
import { aClock, aConnection, aUser, someIds } from './helpers.js';

const RUNS = 1000;

const ROOT_KEYS = [
  'app_metadata', 'user_metadata', 'blocked', 'email', 'email_verified', 'family_name', 'given_name', 'name', 'nickname',
  'password', 'phone_number', 'phone_verified', 'picture', 'username', 'verify_email', 'connection', 'client_id',
  'verify_phone_number', 'user_id', 'identities', 'created_at', 'logins_count',
];
const META_KEYS = ['a', 'b', 'plan', 'roles', 'addresses', 'user_id', 'x.y', 'a$b', '__proto__', 'constructor', ''];

const metaKey = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...META_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const metaObject: fc.Arbitrary<JsonObject> = fc.dictionary(metaKey, fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 3 })) as fc.Arbitrary<Json>, {
  maxKeys: 5,
});
// Keys that pass validation, so that many generated PATCHes are accepted and the merge laws get exercised.
const cleanMetaObject: fc.Arbitrary<JsonObject> = fc.dictionary(
  fc.constantFrom('a', 'b', 'plan', 'roles', 'addresses', '__proto__', 'constructor', 'toString'),
  fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 })) as fc.Arbitrary<Json>,
  { maxKeys: 4 },
);
const scalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('a@example.com', 'Mixed@Example.COM', '+15555550123', 'https://x.example/p.png', 'Str0ng!Pass', ''),
);
const rootValue = fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 2, arbitrary: metaObject }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
const patchBody = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...ROOT_KEYS), fc.string({ maxLength: 8 })), rootValue, { maxKeys: 5 }) },
  { weight: 4, arbitrary: fc.record({ app_metadata: metaObject, user_metadata: metaObject }, { requiredKeys: [] }) },
  { weight: 8, arbitrary: fc.record({ app_metadata: cleanMetaObject, user_metadata: cleanMetaObject }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const storedUser: fc.Arbitrary<StoredUser> = fc
  .record({ app_metadata: metaObject, user_metadata: metaObject }, { requiredKeys: [] })
  .map((meta) => {
    const user = aUser();
    // Stored metadata never holds nulls at the top level nor forbidden keys: build it through a merge.
    for (const f of ['app_metadata', 'user_metadata'] as const) {
      const m = meta[f] && mergeMetadata(undefined, Object.fromEntries(Object.entries(meta[f]!).filter(([k]) => !k.includes('.') && !k.includes('$'))));
      if (m) user[f] = m;
    }
    return user;
  });
const tokenLimit = fc.constantFrom(undefined, undefined, undefined, ['app_metadata'], ['user_metadata']);

function expectClientError(e: unknown): void {
  if (!(e instanceof ApiError)) throw e;
  assert.ok(e.statusCode === 400 || e.statusCode === 403, `unexpected status ${e.statusCode}: ${e.message}`);
}

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

describe('users core under random input (fast-check)', () => {
  it('PATCH: only 400/403 ApiErrors, and accepted bodies obey the merge laws', () => {
    fc.assert(
      fc.property(storedUser, patchBody, tokenLimit, fc.boolean(), (stored, body, onlyFields, requiresUsername) => {
        const before = structuredClone(stored);
        let result;
        try {
          result = applyUserPatch(stored, body, {
            connection: aConnection({ requires_username: requiresUsername, passwordPolicy: 'none' }),
            clock: aClock(),
            onlyFields,
          });
        } catch (e) {
          expectClientError(e);
          assert.deepEqual(stored, before, 'a rejected PATCH leaves the user untouched');
          return;
        }
        assert.deepEqual(stored, before, 'the stored user is never mutated');
        const b = body as Record<string, unknown>;
        const user = result.user;
        for (const field of ['app_metadata', 'user_metadata'] as const) {
          const sent = b[field] as JsonObject | undefined;
          if (sent === undefined) {
            assert.deepEqual(user[field], stored[field], `${field} untouched when not sent`);
            continue;
          }
          const merged = user[field];
          if (merged !== undefined) assert.ok(Object.keys(merged).length > 0, 'an emptied object is omitted');
          if (Object.keys(sent).length === 0) {
            assert.equal(merged, undefined, '{} wipes');
            continue;
          }
          for (const [k, v] of Object.entries(sent)) {
            if (v === null) assert.ok(!merged || !has(merged, k), `null deletes ${k}`);
            else assert.deepEqual(merged![k], v, `sent ${k} replaces whole`);
          }
          for (const [k, v] of Object.entries(stored[field] ?? {})) {
            if (!has(sent, k)) assert.deepEqual(merged![k], v, `unsent ${k} kept`);
          }
        }
        for (const k of ['user_id', 'created_at', 'identities', 'logins_count'])
          assert.deepEqual(user[k], stored[k], `${k} is read-only`);
        for (const k of ['given_name', 'family_name', 'name', 'nickname', 'picture', 'phone_number'] as const) {
          if (b[k] === undefined) assert.equal(user[k], stored[k]);
          else if (b[k] === null) assert.ok(!has(user, k));
          else assert.equal(user[k], b[k]);
        }
        assert.equal(result.passwordChanged !== undefined, typeof b.password === 'string');
      }),
      { numRuns: RUNS },
    );
  });

  it('mergeMetadata: laws hold for any stored object and patch', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), metaObject, (stored, patch) => {
        const merged = mergeMetadata(stored as JsonObject, patch) ?? {};
        const keys = Object.keys(patch);
        if (keys.length === 0) return assert.deepEqual(merged, {});
        for (const k of keys) {
          if (patch[k] === null) assert.ok(!has(merged, k));
          else assert.deepEqual(merged[k], patch[k]);
        }
        for (const k of Object.keys(stored)) if (!has(patch, k)) assert.deepEqual(merged[k], (stored as JsonObject)[k]);
      }),
      { numRuns: RUNS },
    );
  });

  it('POST: any body gives a user or a 400 ApiError; a built user never carries password/connection/verify_email', () => {
    const createBody = fc.oneof(
      fc.dictionary(fc.oneof(fc.constantFrom('connection', ...ROOT_KEYS), fc.string({ maxLength: 6 })), rootValue, { maxKeys: 6 }),
      fc.record(
        { connection: fc.constant('Username-Password-Authentication'), email: fc.constantFrom('a@example.com', 'Bad'), password: fc.constantFrom('Str0ng!Pass', 'weak'), user_metadata: metaObject, app_metadata: metaObject },
        { requiredKeys: ['connection'] },
      ),
    );
    fc.assert(
      fc.property(createBody, (body) => {
        try {
          const { user } = buildNewUser(body, { connection: aConnection(), clock: aClock(), ids: someIds() });
          for (const k of ['password', 'connection', 'verify_email']) assert.ok(!has(user, k));
          assert.match(user.user_id, /^auth0\|/);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          assert.equal(e.statusCode, 400, e.message);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('list parameters: any query strings give params or a 400', () => {
    const names = fc.constantFrom('page', 'per_page', 'include_totals', 'sort', 'fields', 'include_fields', 'search_engine', 'q', 'connection', 'primary_order', 'other');
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 2000 }).map(String), fc.constantFrom('true', 'false', 'v1', 'v2', 'v3', 'created_at:1', 'app_metadata.x:1'));
    fc.assert(
      fc.property(fc.dictionary(names, value), (query) => {
        try {
          const p = parseListParams(query);
          assert.ok(p.per_page >= 0 && p.per_page <= 100 && p.page >= 0 && (p.page + 1) * p.per_page <= 1000);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          assert.equal(e.statusCode, 400);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('projection never shows IdP tokens without read:user_idp_tokens', () => {
    const token = fc.option(fc.string(), { nil: undefined });
    fc.assert(
      fc.property(token, token, token, fc.option(fc.string(), { nil: undefined }), (access_token, refresh_token, access_token_secret, fields) => {
        const user = aUser();
        user.identities = [{ ...user.identities[0]!, access_token, refresh_token, access_token_secret }];
        const out = projectUser(user, { showIdpTokens: false, fields }) as { identities?: Array<Record<string, unknown>> };
        for (const i of out.identities ?? []) for (const k of ['access_token', 'refresh_token', 'access_token_secret']) assert.ok(!(k in i));
      }),
      { numRuns: RUNS },
    );
  });
});
