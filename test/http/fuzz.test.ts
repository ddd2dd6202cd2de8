// Property-based fuzzing through the real server: no query string and no PATCH body may produce a 5xx, and every
// error comes in Auth0's envelope.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { aSeed, aUser } from '../support/builders.js';
import { enc, startTestEmulator, type TestEmulator } from '../support/emulator.js';

const luceneish = fc.stringMatching(/^[a-z_.:*"()\[\]{}\\ ?!^~+\-0-9A-Z|&/]{0,40}$/);
const fieldNames = fc.constantFrom('name', 'email', 'user_id', 'app_metadata.plan', 'user_metadata.x', 'logins_count', 'created_at', '_exists_', 'identities.connection', 'blocked', 'nope');
const structured = fc
  .tuple(fieldNames, fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('*', 'a*', '*abc*', '[1 TO 5]', '{* TO 2020-01}', '"x y"', 'true')), fc.constantFrom(' AND ', ' OR ', ' NOT ', ' ', ' and '), fieldNames, fc.string({ maxLength: 6 }))
  .map(([f1, v1, op, f2, v2]) => `${f1}:${v1}${op}${f2}:${v2}`);

describe('fuzzing through HTTP', () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator({ seed: aSeed([aUser({ user_id: 'auth0|fz', app_metadata: { plan: 'x' }, user_metadata: { a: { b: 1 } } })]) });
  });
  after(() => emu.stop());

  async function expectNo5xx(res: Response, input: unknown) {
    const text = await res.text();
    assert.ok(res.status < 500, `${res.status} for ${JSON.stringify(input)}: ${text}`);
    if (res.status >= 400) {
      const body = JSON.parse(text);
      assert.equal(body.statusCode, res.status);
      assert.equal(typeof body.message, 'string');
    }
  }

  it('never answers a search query with a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(luceneish, structured, fc.string({ maxLength: 60 })), async (q) => {
        const res = await emu.request('GET', `/api/v2/users?q=${encodeURIComponent(q)}&search_engine=v3`);
        await expectNo5xx(res, q);
      }),
      { numRuns: 300 },
    );
  });

  it('never answers a PATCH body with a 5xx, and keeps the user readable', async () => {
    const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('a.b', '$x', 'user_id', '__proto__', 'constructor', 'plan'));
    const meta = fc.dictionary(key, fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null)), { maxKeys: 5 });
    const body = fc.oneof(
      fc.record({ user_metadata: fc.oneof(meta, fc.jsonValue({ maxDepth: 2 })), app_metadata: meta }, { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom('email', 'name', 'blocked', 'password', 'username', 'user_id', 'picture', 'phone_number', 'nickname', 'email_verified'), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await emu.request('PATCH', `/api/v2/users/${enc('auth0|fz')}`, { json: b });
        await expectNo5xx(res, b);
      }),
      { numRuns: 300 },
    );
    assert.equal((await emu.request('GET', `/api/v2/users/${enc('auth0|fz')}`)).status, 200);
  });
});
