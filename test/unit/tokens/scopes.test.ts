import assert from 'node:assert/strict';
import { ApiError } from '../../../emulator/core/errors.js';
import { principalFromClaims, type Principal } from '../../../emulator/core/tokens/principal.js';
import { authorize, canSeeIdpTokens, type AuthorizeTarget, type ManagementOperation } from '../../../emulator/core/tokens/scopes.js';

const client = (scope: string): Principal =>
  principalFromClaims({ sub: 'm2m@clients', azp: 'm2m', gty: 'client-credentials', scope });
const user = (id: string, scope: string): Principal => principalFromClaims({ sub: id, azp: 'spa', scope });

function denied(p: Principal, op: ManagementOperation, target?: AuthorizeTarget): ReturnType<ApiError['toBody']> {
  try {
    authorize(p, op, target);
  } catch (e) {
    assert.ok(e instanceof ApiError);
    return e.toBody();
  }
  assert.fail(`${op} was allowed`);
}

const insufficient = (message: string) => ({ statusCode: 403, error: 'Forbidden', message, errorCode: 'insufficient_scope' });

describe('Management API scopes', () => {
  describe('principals', () => {
    it('reads an M2M token as a client acting for its client id', () => {
      const p = client('read:users update:users');
      assert.equal(p.kind, 'client');
      assert.equal(p.clientId, 'm2m');
      assert.deepEqual(p.scopes, new Set(['read:users', 'update:users']));
    });

    it('reads a token without gty or @clients subject as a user', () => {
      const p = user('auth0|A', 'read:current_user');
      assert.equal(p.kind, 'user');
      assert.equal(p.clientId, 'spa');
    });

    it('derives the client id from an @clients subject when azp is missing', () => {
      assert.equal(principalFromClaims({ sub: 'xyz@clients', scope: '' }).clientId, 'xyz');
    });
  });

  describe('insufficient scope', () => {
    it('refuses GET /users to a token with read:clients only (3.c)', () => {
      assert.deepEqual(denied(client('read:clients'), 'listUsers'), insufficient('Insufficient scope, expected any of: read:users'));
    });

    it('lists every acceptable scope for GET /users/{id}', () => {
      assert.deepEqual(
        denied(client('create:users'), 'getUser', { targetUserId: 'auth0|A' }),
        insufficient('Insufficient scope, expected any of: read:users,read:current_user,read:user_idp_tokens'),
      );
    });

    it('names the scope each users operation needs', () => {
      const cases: Array<[ManagementOperation, string]> = [
        ['createUser', 'create:users'],
        ['updateUser', 'update:users,update:users_app_metadata,update:current_user_metadata,create:current_user_metadata'],
        ['deleteUser', 'delete:users,delete:current_user'],
        ['getUsersByEmail', 'read:users'],
        ['assignUserRoles', 'update:users,create:role_members'],
        ['removeUserRoles', 'update:users,delete:role_members'],
        ['listRoles', 'read:roles'],
        ['createRole', 'create:roles'],
        ['updateRole', 'update:roles'],
        ['deleteRole', 'delete:roles'],
      ];
      for (const [op, scopes] of cases) {
        assert.equal(denied(client('read:clients'), op, { targetUserId: 'auth0|A' }).message, `Insufficient scope, expected any of: ${scopes}`, op);
      }
    });

    it('needs both read:users and read:roles for a user\'s roles', () => {
      authorize(client('read:users read:roles'), 'listUserRoles', { targetUserId: 'auth0|A' });
      for (const scope of ['read:users', 'read:roles']) {
        const body = denied(client(scope), 'listUserRoles', { targetUserId: 'auth0|A' });
        assert.equal(body.statusCode, 403);
        assert.equal(body.errorCode, 'insufficient_scope');
        assert.equal(body.message, 'Insufficient scope, expected all of: read:users,read:roles');
      }
    });

    it('lets role-member scopes assign and remove user roles without update:users', () => {
      authorize(client('create:role_members'), 'assignUserRoles', { targetUserId: 'auth0|A' });
      authorize(client('delete:role_members'), 'removeUserRoles', { targetUserId: 'auth0|A' });
    });
  });

  describe('current-user scopes', () => {
    it('lets read:current_user read its own user', () => {
      authorize(user('auth0|A', 'read:current_user'), 'getUser', { targetUserId: 'auth0|A' });
    });

    it('refuses read:current_user on another user with the subject mismatch message (6.b)', () => {
      const body = denied(user('auth0|A', 'read:current_user'), 'getUser', { targetUserId: 'auth0|B' });
      assert.equal(body.statusCode, 403);
      assert.equal(body.message, 'User to be acted on does not match subject in bearer token.');
    });

    it('never lets current-user scopes list, search or look up by email', () => {
      const all = 'read:current_user update:current_user_metadata delete:current_user';
      for (const op of ['listUsers', 'getUsersByEmail'] as const) {
        assert.deepEqual(denied(user('auth0|A', all), op), insufficient('Insufficient scope, expected any of: read:users'));
      }
    });

    it('refuses app_metadata to update:current_user_metadata on its own user (6.c)', () => {
      const body = denied(user('auth0|A', 'update:current_user_metadata'), 'updateUser', {
        targetUserId: 'auth0|A',
        patchBody: { app_metadata: { x: 1 } },
      });
      assert.equal(body.statusCode, 403);
      assert.equal(body.message, 'You cannot update the following fields: app_metadata');
    });

    it('lists every root field a current-user token may not change', () => {
      const body = denied(user('auth0|A', 'update:current_user_metadata'), 'updateUser', {
        targetUserId: 'auth0|A',
        patchBody: { given_name: 'G', user_metadata: { a: 1 }, family_name: 'F', email: 'a@b.c' },
      });
      assert.equal(body.message, 'You cannot update the following fields: given_name, family_name, email');
    });

    it('lets update:current_user_metadata (or create:current_user_metadata) patch its own user_metadata (6.d)', () => {
      authorize(user('auth0|A', 'update:current_user_metadata'), 'updateUser', {
        targetUserId: 'auth0|A',
        patchBody: { user_metadata: { x: 1 } },
      });
      authorize(user('auth0|A', 'create:current_user_metadata'), 'updateUser', {
        targetUserId: 'auth0|A',
        patchBody: { user_metadata: { x: 1 } },
      });
    });

    it('refuses update:current_user_metadata on another user', () => {
      const body = denied(user('auth0|A', 'update:current_user_metadata'), 'updateUser', {
        targetUserId: 'auth0|B',
        patchBody: { user_metadata: { x: 1 } },
      });
      assert.equal(body.message, 'User to be acted on does not match subject in bearer token.');
    });

    it('refuses a password change through a current-user token', () => {
      const body = denied(user('auth0|A', 'update:current_user_metadata'), 'updateUser', {
        targetUserId: 'auth0|A',
        patchBody: { password: 'N3w!pass' },
      });
      assert.equal(body.message, 'You cannot update the following fields: password');
    });

    it('lets delete:current_user delete only its own user', () => {
      authorize(user('auth0|A', 'delete:current_user'), 'deleteUser', { targetUserId: 'auth0|A' });
      assert.equal(
        denied(user('auth0|A', 'delete:current_user'), 'deleteUser', { targetUserId: 'auth0|B' }).message,
        'User to be acted on does not match subject in bearer token.',
      );
    });

    it('gives a client token holding a current-user scope no user of its own', () => {
      const body = denied(client('read:current_user'), 'getUser', { targetUserId: 'm2m@clients' });
      assert.equal(body.message, 'User to be acted on does not match subject in bearer token.');
    });
  });

  describe('update:users_app_metadata', () => {
    it('may change app_metadata of any user', () => {
      authorize(client('update:users_app_metadata'), 'updateUser', {
        targetUserId: 'auth0|B',
        patchBody: { app_metadata: { plan: 'gold' } },
      });
    });

    it('may change nothing else', () => {
      const body = denied(client('update:users_app_metadata'), 'updateUser', {
        targetUserId: 'auth0|B',
        patchBody: { app_metadata: { plan: 'gold' }, blocked: true },
      });
      assert.equal(body.statusCode, 403);
      assert.equal(body.message, 'You cannot update the following fields: blocked');
    });

    it('combines with a current-user scope on the token\'s own user', () => {
      authorize(user('auth0|A', 'update:users_app_metadata update:current_user_metadata'), 'updateUser', {
        targetUserId: 'auth0|A',
        patchBody: { app_metadata: { a: 1 }, user_metadata: { b: 2 } },
      });
    });
  });

  it('lets update:users change any field of any user', () => {
    authorize(client('update:users'), 'updateUser', {
      targetUserId: 'auth0|B',
      patchBody: { email: 'x@y.z', app_metadata: {}, user_metadata: {}, blocked: true },
    });
  });

  it('lets read:user_idp_tokens alone read any user', () => {
    authorize(client('read:user_idp_tokens'), 'getUser', { targetUserId: 'google-oauth2|1' });
  });

  describe('IdP tokens (6.e)', () => {
    it('are hidden from a token with read:users only', () => {
      assert.equal(canSeeIdpTokens(client('read:users')), false);
    });

    it('are shown once read:user_idp_tokens is added', () => {
      assert.equal(canSeeIdpTokens(client('read:users read:user_idp_tokens')), true);
    });
  });
});
