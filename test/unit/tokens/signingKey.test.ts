import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';
import { ManualClock } from '../../../emulator/core/clock.js';
import { sequentialIds } from '../../../emulator/core/ids.js';
import { createSigningKey, isStoredSigningKey, type StoredSigningKey } from '../../../emulator/core/tokens/signingKey.js';
import { TokenService } from '../../../emulator/core/tokens/tokenService.js';

describe('tenant signing key', () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 1));
  let key: StoredSigningKey;

  before(async () => {
    key = await createSigningKey(clock, { commonName: 'dev-test.eu.auth0.com' });
  });

  it('is an RS256 2048-bit RSA key whose kid is its RFC 7638 thumbprint', async () => {
    assert.equal(key.alg, 'RS256');
    assert.equal(key.privateJwk.kty, 'RSA');
    assert.equal(Buffer.from(key.privateJwk.n!, 'base64url').length * 8, 2048);
    assert.equal(key.kid, await calculateJwkThumbprint({ kty: 'RSA', n: key.privateJwk.n!, e: key.privateJwk.e! }));
  });

  it('carries a self-signed certificate for the same public key, with x5t its SHA-1 thumbprint', () => {
    const der = Buffer.from(key.certificate, 'base64');
    const cert = new X509Certificate(der);
    const certJwk = cert.publicKey.export({ format: 'jwk' });
    assert.equal(certJwk.n, key.privateJwk.n);
    assert.equal(certJwk.e, key.privateJwk.e);
    assert.ok(cert.verify(cert.publicKey), 'certificate is self-signed');
    assert.match(cert.subject, /CN=dev-test\.eu\.auth0\.com/);
    assert.equal(new Date(cert.validFrom).getTime(), Math.floor(clock.now() / 1000) * 1000);
    assert.equal(key.x5t, createHash('sha1').update(der).digest('base64url'));
  });

  it('survives a JSON round trip: tokens signed after reload verify against the original JWKS', async () => {
    const stored = JSON.parse(JSON.stringify(key)) as unknown;
    assert.ok(isStoredSigningKey(stored));
    assert.deepEqual(stored, key);
    const before = new TokenService({ key, clock, ids: sequentialIds() });
    const after = new TokenService({ key: stored, clock, ids: sequentialIds() });
    const { access_token } = await after.issueClientCredentials({
      domain: 'dev-test.eu.auth0.com',
      clientId: 'c1',
      audience: 'https://dev-test.eu.auth0.com/api/v2/',
      scopes: ['read:users'],
    });
    const { payload } = await jwtVerify(access_token, createLocalJWKSet(before.jwks()), {
      currentDate: new Date(clock.now()),
    });
    assert.equal(payload.sub, 'c1@clients');
  });

  it('refuses stored values that are not a signing key', () => {
    assert.equal(isStoredSigningKey(undefined), false);
    assert.equal(isStoredSigningKey({}), false);
    assert.equal(isStoredSigningKey({ ...key, version: 2 }), false);
    assert.equal(isStoredSigningKey({ ...key, privateJwk: { kty: 'RSA', n: key.privateJwk.n, e: 'AQAB' } }), false);
  });

  it('makes a different key each time', async () => {
    const other = await createSigningKey(clock);
    assert.notEqual(other.kid, key.kid);
  });
});
