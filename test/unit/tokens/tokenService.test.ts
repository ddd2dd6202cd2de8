import assert from 'node:assert/strict';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { ManualClock } from '../../../emulator/core/clock.js';
import { ApiError } from '../../../emulator/core/errors.js';
import { sequentialIds } from '../../../emulator/core/ids.js';
import { createSigningKey, type StoredSigningKey } from '../../../emulator/core/tokens/signingKey.js';
import { TokenService, type VerifyTokenOptions } from '../../../emulator/core/tokens/tokenService.js';

const DOMAIN = 'tenant.test';
const AUD = `https://${DOMAIN}/api/v2/`;
const ISS = `https://${DOMAIN}/`;
const ACCEPT: VerifyTokenOptions = { acceptedAudiences: [AUD], acceptedIssuers: [ISS] };

/** Runs `fn` and returns the ApiError it rejected with. */
async function rejection(fn: () => Promise<unknown>): Promise<ApiError> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

function assert401(err: ApiError, message: string) {
  assert.deepEqual(err.toBody(), { statusCode: 401, error: 'Unauthorized', message, attributes: { error: message } });
}

describe('TokenService', () => {
  let clock: ManualClock;
  let key: StoredSigningKey;
  let otherKey: StoredSigningKey;
  let tokens: TokenService;

  before(async () => {
    const keyClock = new ManualClock();
    [key, otherKey] = await Promise.all([createSigningKey(keyClock), createSigningKey(keyClock)]);
  });

  beforeEach(() => {
    clock = new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0, 250));
    tokens = new TokenService({ key, clock, ids: sequentialIds() });
  });

  const m2m = (service = tokens, over: Partial<Parameters<TokenService['issueClientCredentials']>[0]> = {}) =>
    service.issueClientCredentials({ domain: DOMAIN, clientId: 'abc', audience: AUD, scopes: ['read:users', 'update:users'], ...over });

  describe('client credentials tokens (6.a)', () => {
    it('answers {access_token, token_type Bearer, expires_in 86400, scope} and no id_token', async () => {
      const res = await m2m();
      assert.deepEqual(Object.keys(res).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
      assert.equal(res.token_type, 'Bearer');
      assert.equal(res.expires_in, 86400);
      assert.equal(res.scope, 'read:users update:users');
    });

    it('is an RS256 JWT whose kid is in the JWKS, with the claims of an Auth0 M2M token', async () => {
      const { access_token } = await m2m();
      const header = decodeProtectedHeader(access_token);
      assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: key.kid });
      assert.ok(tokens.jwks().keys.some((k) => k.kid === header.kid));
      const iat = Math.floor(clock.now() / 1000);
      assert.deepEqual(decodeJwt(access_token), {
        iss: ISS,
        sub: 'abc@clients',
        aud: AUD,
        iat,
        exp: iat + 86400,
        scope: 'read:users update:users',
        gty: 'client-credentials',
        azp: 'abc',
      });
      const { payload } = await jwtVerify(access_token, createLocalJWKSet(tokens.jwks()), {
        issuer: ISS,
        audience: AUD,
        currentDate: new Date(clock.now()),
      });
      assert.equal(payload.azp, 'abc');
    });

    it('honours expiresIn and adds extra claims without letting them override the standard ones', async () => {
      const res = await m2m(tokens, { expiresIn: 60, extraClaims: { 'https://x/tier': 'gold', sub: 'evil' } });
      assert.equal(res.expires_in, 60);
      const claims = decodeJwt(res.access_token);
      assert.equal(claims['https://x/tier'], 'gold');
      assert.equal(claims.sub, 'abc@clients');
      assert.equal(claims.exp! - claims.iat!, 60);
    });
  });

  describe('user-context tokens', () => {
    it('has sub = the user, azp = the client, the Management audience by default, and no gty', async () => {
      const res = await tokens.mintUserToken({ domain: DOMAIN, userId: 'auth0|A', clientId: 'spa', scopes: ['read:current_user'] });
      const claims = decodeJwt(res.access_token);
      assert.equal(claims.sub, 'auth0|A');
      assert.equal(claims.azp, 'spa');
      assert.equal(claims.aud, AUD);
      assert.equal(claims.scope, 'read:current_user');
      assert.equal(claims.gty, undefined);
      const principal = await tokens.verifyManagementRequest(`Bearer ${res.access_token}`, ACCEPT);
      assert.equal(principal.kind, 'user');
      assert.equal(principal.sub, 'auth0|A');
      assert.equal(principal.clientId, 'spa');
      assert.deepEqual([...principal.scopes], ['read:current_user']);
    });
  });

  describe('generic ID and access tokens', () => {
    it('signs ID tokens with a 10 h default lifetime and keeps given times', async () => {
      const id = await tokens.signIdToken({ iss: ISS, aud: 'client', sub: 'auth0|A', nonce: 'n1' });
      const claims = decodeJwt(id);
      assert.equal(claims.exp! - claims.iat!, 36000);
      assert.equal(claims.nonce, 'n1');
      const given = decodeJwt(await tokens.signAccessToken({ iss: ISS, aud: 'api', sub: 'u', iat: 100, exp: 200 }));
      assert.equal(given.iat, 100);
      assert.equal(given.exp, 200);
    });

    it('signs access tokens that verify against the JWKS with a 24 h default lifetime', async () => {
      const at = await tokens.signAccessToken({ iss: ISS, aud: 'https://api.example', sub: 'auth0|A' });
      const { payload } = await jwtVerify(at, createLocalJWKSet(tokens.jwks()), { currentDate: new Date(clock.now()) });
      assert.equal(payload.exp! - payload.iat!, 86400);
      const verified = await tokens.verifyAccessToken(at, { acceptedAudiences: ['https://api.example'], acceptedIssuers: [ISS] });
      assert.equal(verified.sub, 'auth0|A');
    });
  });

  describe('verifyManagementRequest', () => {
    it('returns a client principal for a valid M2M token', async () => {
      const { access_token } = await m2m();
      const p = await tokens.verifyManagementRequest(`Bearer ${access_token}`, ACCEPT);
      assert.equal(p.kind, 'client');
      assert.equal(p.sub, 'abc@clients');
      assert.equal(p.clientId, 'abc');
      assert.deepEqual(p.scopes, new Set(['read:users', 'update:users']));
      assert.equal(p.claims.gty, 'client-credentials');
    });

    it('accepts the scheme in any case', async () => {
      const { access_token } = await m2m();
      assert.equal((await tokens.verifyManagementRequest(`bearer ${access_token}`, ACCEPT)).clientId, 'abc');
    });

    it('answers 401 Missing authentication without errorCode when there is no header (3.a)', async () => {
      for (const header of [undefined, '', '   ']) {
        const err = await rejection(() => tokens.verifyManagementRequest(header, ACCEPT));
        assert.deepEqual(err.toBody(), { statusCode: 401, error: 'Unauthorized', message: 'Missing authentication' });
      }
    });

    it('answers 400 Bad HTTP authentication header format (errorCode Bearer) for non-Bearer or opaque tokens', async () => {
      for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer opaque-token-value', 'Token a.b.c', 'Bearer a.b.c extra']) {
        const err = await rejection(() => tokens.verifyManagementRequest(header, ACCEPT));
        assert.deepEqual(err.toBody(), {
          statusCode: 400,
          error: 'Bad Request',
          message: 'Bad HTTP authentication header format',
          errorCode: 'Bearer',
        }, header);
      }
    });

    it('answers 401 Invalid signature for a token signed by another key (3.b)', async () => {
      const foreign = new TokenService({ key: otherKey, clock, ids: sequentialIds() });
      const { access_token } = await m2m(foreign);
      const err = await rejection(() => tokens.verifyManagementRequest(`Bearer ${access_token}`, ACCEPT));
      assert401(err, 'Invalid signature received for JSON Web Token validation');
      assert.equal(err.errorCode, undefined);
    });

    it('answers 401 Invalid signature for a tampered payload', async () => {
      const { access_token } = await m2m();
      const [h, , s] = access_token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...decodeJwt(access_token), scope: 'delete:users' })).toString('base64url');
      const err = await rejection(() => tokens.verifyManagementRequest(`Bearer ${h}.${forged}.${s}`, ACCEPT));
      assert401(err, 'Invalid signature received for JSON Web Token validation');
    });

    it('answers 401 Expired token once exp has passed on the injected clock', async () => {
      const { access_token } = await m2m(tokens, { expiresIn: 60 });
      clock.advance(59_000);
      await tokens.verifyManagementRequest(`Bearer ${access_token}`, ACCEPT);
      clock.advance(1_000);
      const err = await rejection(() => tokens.verifyManagementRequest(`Bearer ${access_token}`, ACCEPT));
      assert401(err, 'Expired token received for JSON Web Token validation');
    });

    it('answers 401 Bad audience for a token minted for another API', async () => {
      const { access_token } = await m2m(tokens, { audience: 'https://my-api.example/' });
      const err = await rejection(() => tokens.verifyManagementRequest(`Bearer ${access_token}`, ACCEPT));
      assert401(err, 'Bad audience: https://my-api.example/');
    });

    it('accepts a token whose audience list contains the Management API', async () => {
      const at = await tokens.signAccessToken({ iss: ISS, sub: 'auth0|A', aud: [`${ISS}userinfo`, AUD], scope: 'read:current_user' });
      assert.equal((await tokens.verifyManagementRequest(`Bearer ${at}`, ACCEPT)).sub, 'auth0|A');
    });

    it('answers 401 Bad issuer for a token from another tenant domain', async () => {
      const { access_token } = await m2m(tokens, { domain: 'other.test', audience: AUD });
      const err = await rejection(() => tokens.verifyManagementRequest(`Bearer ${access_token}`, ACCEPT));
      assert401(err, 'Bad issuer: https://other.test/');
    });

    it('answers 401 Invalid token for alg none', async () => {
      const none = new UnsecuredJWT({ iss: ISS, aud: AUD, sub: 'x@clients', scope: 'read:users' })
        .setIssuedAt(Math.floor(clock.now() / 1000))
        .setExpirationTime(Math.floor(clock.now() / 1000) + 3600)
        .encode();
      const err = await rejection(() => tokens.verifyManagementRequest(`Bearer ${none}`, ACCEPT));
      assert401(err, 'Invalid token');
    });

    it('answers 401 Invalid token for an HS256 token, even one keyed with the public key material', async () => {
      const secret = new TextEncoder().encode(JSON.stringify(tokens.jwks().keys[0]));
      const hs = await new SignJWT({ iss: ISS, aud: AUD, sub: 'x@clients', scope: 'read:users' })
        .setProtectedHeader({ alg: 'HS256', kid: key.kid })
        .setIssuedAt(Math.floor(clock.now() / 1000))
        .setExpirationTime('1h')
        .sign(secret);
      const err = await rejection(() => tokens.verifyManagementRequest(`Bearer ${hs}`, ACCEPT));
      assert401(err, 'Invalid token');
    });

    it('answers 401 Invalid token for a JWT-shaped string that does not decode', async () => {
      const err = await rejection(() => tokens.verifyManagementRequest('Bearer abc.def.ghi', ACCEPT));
      assert401(err, 'Invalid token');
    });
  });

  describe('JWKS and discovery', () => {
    it('publishes only the public key, with alg, kty, use, n, e, kid, x5t, x5c', () => {
      const { keys } = tokens.jwks();
      assert.equal(keys.length, 1);
      assert.deepEqual(Object.keys(keys[0]!), ['alg', 'kty', 'use', 'n', 'e', 'kid', 'x5t', 'x5c']);
      assert.deepEqual(keys[0], {
        alg: 'RS256',
        kty: 'RSA',
        use: 'sig',
        n: key.privateJwk.n,
        e: 'AQAB',
        kid: key.kid,
        x5t: key.x5t,
        x5c: [key.certificate],
      });
      assert.ok(!JSON.stringify(keys).includes(key.privateJwk.d!));
    });

    it('serves a discovery document rooted at the issuer', () => {
      const doc = tokens.openidConfiguration('https://127.0.0.1:8787');
      assert.equal(doc.issuer, 'https://127.0.0.1:8787/');
      assert.equal(doc.token_endpoint, 'https://127.0.0.1:8787/oauth/token');
      assert.equal(doc.jwks_uri, 'https://127.0.0.1:8787/.well-known/jwks.json');
      assert.equal(doc.userinfo_endpoint, 'https://127.0.0.1:8787/userinfo');
      assert.equal(doc.end_session_endpoint, 'https://127.0.0.1:8787/oidc/logout');
      assert.deepEqual(doc.subject_types_supported, ['public']);
      assert.ok((doc.id_token_signing_alg_values_supported as string[]).includes('RS256'));
      assert.ok((doc.scopes_supported as string[]).includes('openid'));
      for (const k of [
        'authorization_endpoint', 'device_authorization_endpoint', 'mfa_challenge_endpoint', 'registration_endpoint',
        'revocation_endpoint', 'response_types_supported', 'code_challenge_methods_supported', 'response_modes_supported',
        'token_endpoint_auth_methods_supported', 'claims_supported', 'request_uri_parameter_supported',
        'request_parameter_supported', 'token_endpoint_auth_signing_alg_values_supported',
      ]) assert.ok(k in doc, k);
      assert.equal(tokens.openidConfiguration('https://t.test/').issuer, 'https://t.test/');
    });
  });
});
