import assert from 'node:assert/strict';
import { validateClientCredentialsRequest, type ClientCredentialsOptions } from '../../../emulator/core/tokens/clientCredentials.js';
import { OAuthError } from '../../../emulator/core/tokens/oauthError.js';
import type { Client } from '../../../emulator/core/users/user.js';

const AUD = 'https://tenant.test/api/v2/';
const M2M: Client = {
  client_id: 'm2m',
  client_secret: 's3cret',
  name: 'M2M',
  app_type: 'non_interactive',
  grant_scopes: ['read:users', 'update:users', 'read:roles'],
};
const SPA: Client = { client_id: 'spa', client_secret: 'x', name: 'SPA', app_type: 'spa', grant_scopes: ['read:users'] };
const NO_GRANT: Client = { client_id: 'lonely', client_secret: 'y', name: 'No grant', grant_scopes: [] };
const clients = new Map([M2M, SPA, NO_GRANT].map((c) => [c.client_id, c]));
const lookup = (id: string) => clients.get(id);
const OPTS: ClientCredentialsOptions = { acceptedAudiences: [AUD] };

const body = (over: Record<string, unknown> = {}) => ({
  grant_type: 'client_credentials',
  client_id: 'm2m',
  client_secret: 's3cret',
  audience: AUD,
  ...over,
});

function refusal(b: Record<string, unknown>, opts: ClientCredentialsOptions = OPTS): { status: number; body: unknown } {
  try {
    validateClientCredentialsRequest(b, lookup, opts);
  } catch (e) {
    assert.ok(e instanceof OAuthError);
    return { status: e.status, body: e.toBody() };
  }
  assert.fail('request was accepted');
}

describe('POST /oauth/token client_credentials validation', () => {
  it('grants all of the client grant\'s scopes for the Management audience (6.a)', () => {
    const grant = validateClientCredentialsRequest(body(), lookup, OPTS);
    assert.equal(grant.client.client_id, 'm2m');
    assert.equal(grant.audience, AUD);
    assert.deepEqual(grant.scopes, ['read:users', 'update:users', 'read:roles']);
  });

  it('grants only the requested subset when scope is given', () => {
    const grant = validateClientCredentialsRequest(body({ scope: 'read:users  read:roles read:users' }), lookup, OPTS);
    assert.deepEqual(grant.scopes, ['read:users', 'read:roles']);
  });

  it('refuses requested scopes the client was not granted', () => {
    assert.deepEqual(refusal(body({ scope: 'read:users delete:users' })), {
      status: 403,
      body: { error: 'access_denied', error_description: 'Client has not been granted scopes: delete:users' },
    });
  });

  it('answers 401 invalid_client for a wrong secret, in the OAuth shape (3.e)', () => {
    assert.deepEqual(refusal(body({ client_secret: 'wrong' })), {
      status: 401,
      body: { error: 'invalid_client', error_description: 'Client authentication failed' },
    });
  });

  it('answers 401 invalid_client for an unknown client', () => {
    assert.equal(refusal(body({ client_id: 'nobody' })).status, 401);
  });

  it('answers 400 invalid_request naming a missing parameter', () => {
    for (const name of ['grant_type', 'client_id', 'client_secret']) {
      assert.deepEqual(refusal(body({ [name]: undefined })), {
        status: 400,
        body: { error: 'invalid_request', error_description: `Missing required parameter: ${name}` },
      }, name);
    }
  });

  it('answers 400 unsupported_grant_type for another grant', () => {
    assert.deepEqual(refusal(body({ grant_type: 'urn:made:up' })), {
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: urn:made:up' },
    });
  });

  it('answers 403 access_denied Service not found for an unknown audience', () => {
    assert.deepEqual(refusal(body({ audience: 'https://nope.example/' })), {
      status: 403,
      body: { error: 'access_denied', error_description: 'Service not found: https://nope.example/' },
    });
  });

  it('uses the default audience when none is sent, and refuses when none is configured', () => {
    assert.equal(validateClientCredentialsRequest(body({ audience: undefined }), lookup, { ...OPTS, defaultAudience: AUD }).audience, AUD);
    const r = refusal(body({ audience: undefined }));
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, {
      error: 'access_denied',
      error_description: 'No audience parameter was provided, and no default audience has been configured',
    });
  });

  it('refuses a client without a grant on the audience', () => {
    const r = refusal(body({ client_id: 'lonely', client_secret: 'y' }));
    assert.equal(r.status, 403);
    assert.match((r.body as { error_description: string }).error_description, /^Client is not authorized to access "https:\/\/tenant\.test\/api\/v2\/"/);
  });

  it('refuses the grant to public clients', () => {
    assert.deepEqual(refusal(body({ client_id: 'spa', client_secret: 'x' })), {
      status: 403,
      body: { error: 'unauthorized_client', error_description: "Grant type 'client_credentials' not allowed for the client." },
    });
  });

  it('authenticates the client with HTTP Basic (client_secret_basic)', () => {
    const authorization = 'Basic ' + Buffer.from('m2m:s3cret').toString('base64');
    const grant = validateClientCredentialsRequest(
      body({ client_id: undefined, client_secret: undefined }),
      lookup,
      { ...OPTS, authorization },
    );
    assert.equal(grant.client.client_id, 'm2m');
    const wrong = 'Basic ' + Buffer.from('m2m:nope').toString('base64');
    assert.equal(refusal(body({ client_id: undefined, client_secret: undefined }), { ...OPTS, authorization: wrong }).status, 401);
  });
});
