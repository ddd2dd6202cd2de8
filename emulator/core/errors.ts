// One error type in Auth0's Management API shape, plus named constructors for every error the emulator emits.
// Serialised by the HTTP layer's onError as {statusCode, error, message, errorCode?, attributes?}.

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'Request-URI Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASON[status] ?? 'Error';
}

export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
  attributes?: { error: string };
}

export class ApiError extends Error {
  readonly statusCode: number;
  readonly errorCode: string | undefined;
  /** 401s carry `attributes.error` instead of an errorCode (fact sheet §3.1). */
  readonly attributes: { error: string } | undefined;
  /** Extra response headers (e.g. WWW-Authenticate on 401, x-ratelimit-* on 429). */
  readonly headers: Record<string, string>;

  constructor(
    statusCode: number,
    message: string,
    errorCode?: string,
    opts: { attributes?: { error: string }; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.errorCode = errorCode;
    this.attributes = opts.attributes;
    this.headers = opts.headers ?? {};
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { statusCode: this.statusCode, error: reasonPhrase(this.statusCode), message: this.message };
    if (this.errorCode !== undefined) body.errorCode = this.errorCode;
    if (this.attributes !== undefined) body.attributes = this.attributes;
    return body;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

// ---- 400 ----
export const invalidBody = (message: string) => new ApiError(400, message, 'invalid_body');
export const payloadValidation = (detail: string) => invalidBody(`Payload validation error: '${detail}'.`);
export const invalidQueryString = (message: string) => new ApiError(400, message, 'invalid_query_string');
export const queryValidation = (detail: string) => invalidQueryString(`Query validation error: '${detail}'.`);
export const invalidUri = (message: string) => new ApiError(400, message, 'invalid_uri');
export const invalidPaging = () =>
  new ApiError(
    400,
    'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation',
    'invalid_paging',
  );
export const badRequest = (message: string, errorCode = 'invalid_body') => new ApiError(400, message, errorCode);

// ---- 401 (no errorCode; attributes.error mirrors the message) ----
const unauthorized = (message: string) =>
  new ApiError(401, message, undefined, {
    attributes: { error: message },
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"` },
  });
export const missingAuthentication = () =>
  new ApiError(401, 'Missing authentication', undefined, { headers: { 'www-authenticate': 'Bearer' } });
export const invalidToken = (message = 'Invalid token') => unauthorized(message);
export const expiredToken = () => unauthorized('Expired token received for JSON Web Token validation');
export const invalidSignature = () => unauthorized('Invalid signature received for JSON Web Token validation');
export const badAudience = (aud: string) => unauthorized(`Bad audience: ${aud}`);
export const badIssuer = (iss: string) => unauthorized(`Bad issuer: ${iss}`);
export const badAuthHeaderFormat = () => new ApiError(400, 'Bad HTTP authentication header format', 'Bearer');

// ---- 403 ----
export const insufficientScope = (anyOf: string[]) =>
  new ApiError(403, `Insufficient scope, expected any of: ${anyOf.join(',')}`, 'insufficient_scope');
/** UNCONFIRMED wording: the all-of variant, for endpoints needing several scopes (GET /users/{id}/roles). */
export const insufficientScopeAllOf = (allOf: string[]) =>
  new ApiError(403, `Insufficient scope, expected all of: ${allOf.join(',')}`, 'insufficient_scope');
export const subjectMismatch = () =>
  new ApiError(403, 'User to be acted on does not match subject in bearer token.', 'insufficient_scope');
export const fieldsNotAllowed = (fields: string[]) =>
  new ApiError(403, `You cannot update the following fields: ${fields.join(', ')}`, 'insufficient_scope');

// ---- 404 / 409 ----
export const userNotFound = () => new ApiError(404, 'The user does not exist.', 'inexistent_user');
export const roleNotFound = () => new ApiError(404, 'The role does not exist.', 'inexistent_role');
export const notFound = (message: string, errorCode = 'not_found') => new ApiError(404, message, errorCode);
export const userAlreadyExists = () => new ApiError(409, 'The user already exists.', 'auth0_idp_error');
export const conflict = (message: string, errorCode = 'conflict') => new ApiError(409, message, errorCode);

// ---- 413 / 414 / 429 / 501 / 503 ----
export const payloadTooLarge = () => new ApiError(413, 'Payload too large. Max allowed size is 1MB.', 'payload_too_large');
export const uriTooLarge = () => new ApiError(414, 'Request-URI Too Large', 'uri_too_large');
export const tooManyRequests = (headers: Record<string, string>, message = 'Global limit has been reached') =>
  new ApiError(429, message, 'too_many_requests', { headers });
/** Anything the emulator does not emulate says so, instead of answering wrongly. */
export const notEmulated = (what: string) =>
  new ApiError(501, `Not emulated: ${what}. See emulator/README.md for what the Auth0 emulator supports.`, 'not_emulated');
export const queryTimeout = () =>
  new ApiError(503, 'The query exceeded the timeout. Please try refining your search criteria.', 'query_timeout');
