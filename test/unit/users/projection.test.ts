import assert from 'node:assert/strict';
import { projectUser } from '../../../emulator/core/users/projection.js';
import type { StoredUser } from '../../../emulator/core/users/user.js';
import { aUser } from './helpers.js';

// The exact 201 body recorded by go-auth0 (TestUserManager_Update.yaml, PATCH response).
const RECORDED =
  '{"blocked":false,"created_at":"2023-01-25T19:00:27.084Z","email":"chuck407@example.com","email_verified":true,"family_name":"Sanchez","given_name":"Chuck","identities":[{"connection":"Username-Password-Authentication","user_id":"63d17c4bdf1ce171262c7e93","provider":"auth0","isSocial":false}],"name":"chuck407@example.com","nickname":"Chucky","picture":"https://example-picture-url.jpg","updated_at":"2023-01-25T19:00:27.321Z","user_id":"auth0|63d17c4bdf1ce171262c7e93","user_metadata":{"favourite_attack":"roundhouse_kick"},"username":"test-user983","last_password_reset":"2023-01-25T19:00:27.317Z","app_metadata":{"facts":["count_to_infinity_twice","kill_two_stones_with_one_bird","can_hear_sign_language"],"foo":"bar"}}';

describe('projectUser (the user on the wire)', () => {
  it('emits keys in the order of a recorded Auth0 response, whatever the stored order', () => {
    const recorded = JSON.parse(RECORDED);
    const shuffled = Object.fromEntries(Object.entries(recorded).reverse()) as unknown as StoredUser;
    shuffled.identities = [{ isSocial: false, provider: 'auth0', user_id: '63d17c4bdf1ce171262c7e93', connection: 'Username-Password-Authentication' }];
    assert.equal(JSON.stringify(projectUser(shuffled, { showIdpTokens: true })), RECORDED);
  });

  it('puts login statistics after the alphabetical block and app_metadata last', () => {
    const out = projectUser(aUser({ logins_count: 3, last_login: 'l', last_ip: '1.2.3.4', app_metadata: {}, user_metadata: {}, username: 'u' }), { showIdpTokens: false });
    assert.deepEqual(Object.keys(out).slice(-4), ['last_ip', 'last_login', 'logins_count', 'app_metadata']);
  });

  const withTokens = () =>
    aUser({
      identities: [
        { connection: 'github', user_id: 7, provider: 'github', isSocial: true, access_token: 'at', refresh_token: 'rt', access_token_secret: 's', expires_in: 60 },
      ],
    });

  it('hides identities[].access_token, access_token_secret and refresh_token without read:user_idp_tokens', () => {
    const out = projectUser(withTokens(), { showIdpTokens: false }) as { identities: Array<Record<string, unknown>> };
    assert.deepEqual(out.identities[0], { connection: 'github', user_id: 7, provider: 'github', isSocial: true, expires_in: 60 });
  });

  it('shows the IdP tokens with read:user_idp_tokens', () => {
    const out = projectUser(withTokens(), { showIdpTokens: true }) as { identities: Array<Record<string, unknown>> };
    assert.equal(out.identities[0]!.access_token, 'at');
    assert.equal(out.identities[0]!.refresh_token, 'rt');
    assert.equal(out.identities[0]!.access_token_secret, 's');
  });

  it('returns only the listed fields when include_fields is true (the default)', () => {
    assert.deepEqual(projectUser(aUser(), { fields: 'user_id, email,,nope', showIdpTokens: false }), {
      email: 'chuck@example.com',
      user_id: 'auth0|63d17c4a8869daf88ed7db97',
    });
    assert.deepEqual(Object.keys(projectUser(aUser(), { fields: ['name'], include_fields: true, showIdpTokens: false })), ['name']);
  });

  it('drops the listed fields when include_fields is false', () => {
    const out = projectUser(aUser(), { fields: 'identities,picture', include_fields: false, showIdpTokens: false });
    assert.ok(!('identities' in out) && !('picture' in out));
    assert.equal(out.email, 'chuck@example.com');
  });

  it('returns everything for empty fields', () => {
    assert.equal(Object.keys(projectUser(aUser(), { fields: '', showIdpTokens: false })).length, Object.keys(aUser()).length);
  });

  it('returns a copy: changing the output leaves the stored user alone', () => {
    const stored = aUser({ app_metadata: { a: { b: 1 } } });
    const out = projectUser(stored, { showIdpTokens: true }) as { app_metadata: { a: { b: number } }; identities: Array<{ connection: string }> };
    out.app_metadata.a.b = 2;
    out.identities[0]!.connection = 'x';
    assert.deepEqual(stored.app_metadata, { a: { b: 1 } });
    assert.equal(stored.identities[0]!.connection, 'Username-Password-Authentication');
  });
});
