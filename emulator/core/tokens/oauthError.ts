// Errors of the Authentication API (/oauth/token): the OAuth2 shape {"error","error_description"} (fact sheet
// §3.2), not the Management API's Boom shape. The HTTP layer serialises `toBody()` with `status` and `headers`.

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  readonly error_description: string;
  readonly headers: Record<string, string>;

  constructor(status: number, error: string, error_description: string, headers: Record<string, string> = {}) {
    super(error_description);
    this.name = 'OAuthError';
    this.status = status;
    this.error = error;
    this.error_description = error_description;
    this.headers = headers;
  }

  toBody(): OAuthErrorBody {
    return { error: this.error, error_description: this.error_description };
  }
}

export function isOAuthError(e: unknown): e is OAuthError {
  return e instanceof OAuthError;
}

/** A throttled /oauth/token call; carries the x-ratelimit-* headers of the bucket that said no. */
export const oauthTooManyRequests = (headers: Record<string, string>) =>
  new OAuthError(429, 'too_many_requests', 'Rate limit exceeded', headers);
