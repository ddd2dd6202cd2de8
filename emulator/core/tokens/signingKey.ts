// The tenant signing key: an RS256 keypair with a self-signed certificate, kept as plain JSON so the caller can
// persist it (the core never touches the filesystem) and hand it back on the next start.
import { calculateJwkThumbprint, exportJWK, importPKCS8, type JWK } from 'jose';
import { generate } from 'selfsigned';
import type { Clock } from '../clock.js';

/** The public half as Auth0 publishes it in /.well-known/jwks.json (same key order as a real tenant). */
export interface PublicSigningJwk {
  alg: 'RS256';
  kty: 'RSA';
  use: 'sig';
  n: string;
  e: string;
  kid: string;
  x5t: string;
  x5c: string[];
}

export interface StoredSigningKey {
  /** Format marker, so a stored value from a future layout is refused rather than misread. */
  version: 1;
  kid: string;
  alg: 'RS256';
  createdAt: string;
  /** The private RSA JWK (kty, n, e, d, p, q, dp, dq, qi). */
  privateJwk: JWK;
  /** Base64 (not url) DER of the self-signed certificate, as in `x5c`. */
  certificate: string;
  /** Base64url SHA-1 thumbprint of the certificate DER, as in `x5t`. */
  x5t: string;
}

export interface SigningKeyOptions {
  /** Certificate subject CN; Auth0 uses the tenant domain. */
  commonName?: string;
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

export async function createSigningKey(clock: Clock, opts: SigningKeyOptions = {}): Promise<StoredSigningKey> {
  const notBefore = new Date(clock.now());
  // selfsigned generates the RSA key itself; we read the key back from its PKCS#8 PEM.
  const pems = await generate([{ name: 'commonName', value: opts.commonName ?? 'auth0-emulator' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: new Date(notBefore.getTime() + TEN_YEARS_MS),
  });
  const privateKey = await importPKCS8(pems.private, 'RS256', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const der = pemBody(pems.cert);
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n: privateJwk.n!, e: privateJwk.e! }, 'sha256');
  return {
    version: 1,
    kid,
    alg: 'RS256',
    createdAt: notBefore.toISOString(),
    privateJwk,
    certificate: der.toString('base64'),
    x5t: await sha1Base64url(der),
  };
}

/** Accept a value read back from storage only if it has the shape createSigningKey produced. */
export function isStoredSigningKey(value: unknown): value is StoredSigningKey {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StoredSigningKey>;
  const jwk = v.privateJwk;
  return (
    v.version === 1 &&
    v.alg === 'RS256' &&
    typeof v.kid === 'string' &&
    typeof v.certificate === 'string' &&
    typeof v.x5t === 'string' &&
    typeof jwk === 'object' &&
    jwk !== null &&
    jwk.kty === 'RSA' &&
    typeof jwk.n === 'string' &&
    typeof jwk.e === 'string' &&
    typeof jwk.d === 'string'
  );
}

export function publicSigningJwk(key: StoredSigningKey): PublicSigningJwk {
  return {
    alg: 'RS256',
    kty: 'RSA',
    use: 'sig',
    n: key.privateJwk.n!,
    e: key.privateJwk.e!,
    kid: key.kid,
    x5t: key.x5t,
    x5c: [key.certificate],
  };
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64');
}

async function sha1Base64url(der: Buffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new Uint8Array(der));
  return Buffer.from(digest).toString('base64url');
}
