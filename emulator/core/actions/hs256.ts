// Synchronous HS256 JWTs for api.redirect.encodeToken / validateToken (both are synchronous in Auth0's api).
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

export function signHs256(payload: Record<string, unknown>, secret: string): string {
  const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** Verifies signature and `exp` (seconds) against `nowMs`; throws an Error with a readable reason otherwise. */
export function verifyHs256(token: string, secret: string, nowMs: number): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('The token is not a JWT');
  const [head, body, sig] = parts as [string, string, string];
  let header: { alg?: string };
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new Error('The token is not a JWT');
  }
  if (header.alg !== 'HS256') throw new Error(`Unexpected token algorithm ${String(header.alg)} (expected HS256)`);
  const want = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new Error('Invalid token signature');
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= nowMs) throw new Error('The token has expired');
  return payload;
}
