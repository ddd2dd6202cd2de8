// Signs and verifies the tenant's RS256 tokens: client-credentials and user-context access tokens, generic ID and
// access tokens for the login flows, and the Bearer check in front of the Management API (errors per §3).
import { decodeProtectedHeader, errors, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { Clock } from '../clock.js';
import {
  badAudience,
  badAuthHeaderFormat,
  badIssuer,
  expiredToken,
  invalidSignature,
  invalidToken,
  missingAuthentication,
} from '../errors.js';
import type { IdGenerator } from '../ids.js';
import { openidConfiguration } from './discovery.js';
import { principalFromClaims, type Principal } from './principal.js';
import { publicSigningJwk, type PublicSigningJwk, type StoredSigningKey } from './signingKey.js';

export interface TokenServiceDeps {
  key: StoredSigningKey;
  clock: Clock;
  ids: IdGenerator;
}

/** What /oauth/token answers (no id_token: the v4 SDK would try to validate one). */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export interface ClientCredentialsTokenRequest {
  domain: string;
  clientId: string;
  audience: string;
  scopes: Iterable<string>;
  /** Seconds; Auth0's default lifetime is 24 h. */
  expiresIn?: number;
  /** Custom claims (e.g. from a credentials-exchange Action); the standard claims always win over these. */
  extraClaims?: Record<string, unknown>;
}

export interface UserTokenRequest {
  domain: string;
  userId: string;
  clientId: string;
  scopes: Iterable<string>;
  /** Defaults to the Management API audience `https://{domain}/api/v2/`. */
  audience?: string | string[];
  expiresIn?: number;
  extraClaims?: Record<string, unknown>;
}

export interface VerifyTokenOptions {
  acceptedAudiences: string[];
  acceptedIssuers: string[];
}

export const DEFAULT_ACCESS_TOKEN_LIFETIME = 86400;
/** Auth0's default ID token lifetime (10 h). */
export const DEFAULT_ID_TOKEN_LIFETIME = 36000;

export const issuerFor = (domain: string) => `https://${domain}/`;
export const managementAudienceFor = (domain: string) => `https://${domain}/api/v2/`;

const BEARER = /^Bearer +(\S+)$/i;
/** Three base64url segments; the signature may be empty (alg "none"), which we then reject as an invalid token. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export class TokenService {
  private readonly key: StoredSigningKey;
  private readonly clock: Clock;
  readonly ids: IdGenerator;
  private privateKey?: Promise<CryptoKey>;
  private publicKey?: Promise<CryptoKey>;
  /**
   * Tokens whose signature already verified, by their compact form. An RSA verification costs far more than the
   * rest of a request, and clients reuse one token for hours; expiry, audience and issuer are still checked on
   * every call, so a cached token stops working the second it expires.
   */
  private readonly verified = new Map<string, JWTPayload>();
  private static readonly VERIFIED_CACHE_SIZE = 1024;
  private readonly principals = new WeakMap<JWTPayload, Principal>();

  constructor(deps: TokenServiceDeps) {
    this.key = deps.key;
    this.clock = deps.clock;
    this.ids = deps.ids;
  }

  get kid(): string {
    return this.key.kid;
  }

  async issueClientCredentials(req: ClientCredentialsTokenRequest): Promise<TokenResponse> {
    const scope = [...req.scopes].join(' ');
    const expiresIn = req.expiresIn ?? DEFAULT_ACCESS_TOKEN_LIFETIME;
    const iat = this.nowSeconds();
    // Claim order as a real M2M token: iss, sub, aud, iat, exp, scope, gty, azp.
    const standard = {
      iss: issuerFor(req.domain),
      sub: `${req.clientId}@clients`,
      aud: req.audience,
      iat,
      exp: iat + expiresIn,
      scope,
      gty: 'client-credentials',
      azp: req.clientId,
    };
    const access_token = await this.sign({ ...req.extraClaims, ...standard });
    return { access_token, token_type: 'Bearer', expires_in: expiresIn, scope };
  }

  /** A user-context token, as a SPA gets for the Management API: sub = the user, azp = the client. */
  async mintUserToken(req: UserTokenRequest): Promise<TokenResponse> {
    const scope = [...req.scopes].join(' ');
    const expiresIn = req.expiresIn ?? DEFAULT_ACCESS_TOKEN_LIFETIME;
    const iat = this.nowSeconds();
    const standard = {
      iss: issuerFor(req.domain),
      sub: req.userId,
      aud: req.audience ?? managementAudienceFor(req.domain),
      iat,
      exp: iat + expiresIn,
      scope,
      azp: req.clientId,
    };
    const access_token = await this.sign({ ...req.extraClaims, ...standard });
    return { access_token, token_type: 'Bearer', expires_in: expiresIn, scope };
  }

  /** Signs the given ID token claims; fills `iat` (now) and `exp` (10 h later) when absent. */
  signIdToken(claims: JWTPayload): Promise<string> {
    return this.sign(this.withTimes(claims, DEFAULT_ID_TOKEN_LIFETIME));
  }

  /** Signs the given access token claims; fills `iat` (now) and `exp` (24 h later) when absent. */
  signAccessToken(claims: JWTPayload): Promise<string> {
    return this.sign(this.withTimes(claims, DEFAULT_ACCESS_TOKEN_LIFETIME));
  }

  /**
   * Verifies a compact JWT against the tenant key, the clock, and the accepted audiences/issuers. Throws the
   * Management API's 401 errors; expiry is reported before audience/issuer mismatches.
   */
  async verifyAccessToken(token: string, opts: VerifyTokenOptions): Promise<JWTPayload> {
    const cached = this.verified.get(token);
    if (cached !== undefined) {
      if (typeof cached.exp === 'number' && cached.exp * 1000 <= this.clock.now()) throw expiredToken();
      return this.checkAudienceAndIssuer(cached, opts);
    }
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw invalidToken();
    }
    // Only RS256 is ever accepted: "none" and HS256 (key-confusion attacks) are plain invalid tokens.
    if (alg !== 'RS256') throw invalidToken();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await this.verificationKey(), {
        algorithms: ['RS256'],
        currentDate: new Date(this.clock.now()),
      }));
    } catch (e) {
      if (e instanceof errors.JWSSignatureVerificationFailed) throw invalidSignature();
      if (e instanceof errors.JWTExpired) throw expiredToken();
      throw invalidToken();
    }
    if (this.verified.size >= TokenService.VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, payload);
    return this.checkAudienceAndIssuer(payload, opts);
  }

  private checkAudienceAndIssuer(payload: JWTPayload, opts: VerifyTokenOptions): JWTPayload {
    const audiences = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.some((a) => opts.acceptedAudiences.includes(a))) throw badAudience(audiences.join(' '));
    if (typeof payload.iss !== 'string' || !opts.acceptedIssuers.includes(payload.iss)) {
      throw badIssuer(String(payload.iss ?? ''));
    }
    return payload;
  }

  /** The Bearer check in front of every Management API route (fact sheet §3.1, vectors 3.a and 3.b). */
  async verifyManagementRequest(authorizationHeader: string | undefined, opts: VerifyTokenOptions): Promise<Principal> {
    const header = authorizationHeader?.trim();
    if (!header) throw missingAuthentication();
    const token = BEARER.exec(header)?.[1];
    if (token === undefined || (!this.verified.has(token) && !COMPACT_JWS.test(token))) throw badAuthHeaderFormat();
    const claims = await this.verifyAccessToken(token, opts);
    // Cached per verified payload object, so a reused token does not re-split its scope string on every call.
    let principal = this.principals.get(claims);
    if (!principal) this.principals.set(claims, (principal = principalFromClaims(claims)));
    return principal;
  }

  /** /.well-known/jwks.json: public halves only. */
  jwks(): { keys: PublicSigningJwk[] } {
    return { keys: [publicSigningJwk(this.key)] };
  }

  openidConfiguration(issuerBaseUrl: string): Record<string, unknown> {
    return openidConfiguration(issuerBaseUrl);
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  private withTimes(claims: JWTPayload, lifetime: number): JWTPayload {
    const iat = typeof claims.iat === 'number' ? claims.iat : this.nowSeconds();
    const exp = typeof claims.exp === 'number' ? claims.exp : iat + lifetime;
    return { ...claims, iat, exp };
  }

  private async sign(payload: JWTPayload): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid })
      .sign(await this.signingKey());
  }

  private signingKey(): Promise<CryptoKey> {
    this.privateKey ??= importJWK(this.key.privateJwk, 'RS256') as Promise<CryptoKey>;
    return this.privateKey;
  }

  private verificationKey(): Promise<CryptoKey> {
    const { kty, n, e } = this.key.privateJwk;
    this.publicKey ??= importJWK({ kty, n, e }, 'RS256') as Promise<CryptoKey>;
    return this.publicKey;
  }
}
