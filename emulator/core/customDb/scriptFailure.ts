// What a failed custom-DB script means to the caller (auth0-facts §9.1, error-handling docs): the OAuth error of
// a password grant, the Management API error of POST/DELETE /users, and the tenant log type Auth0 records.
import { ApiError, userAlreadyExists } from '../errors.js';
import { formatScriptError, type ScriptErrorInfo } from '../rules/scriptError.js';
import type { CustomDbScriptName } from './scriptNames.js';

/** Tenant log event codes: fp wrong password, fu wrong username/email, fs failed signup, f generic failure. */
export type CustomDbLogType = 'fp' | 'fu' | 'fs' | 'f' | 's' | 'ss' | 'sdu' | 'fdu';

export class CustomDbFailure extends Error {
  override name = 'CustomDbFailure';
  constructor(
    readonly script: CustomDbScriptName,
    readonly logType: CustomDbLogType,
    /** The Authentication API answer (`/oauth/token`). */
    readonly oauth: { status: number; error: string; error_description: string },
    /** The Management API answer (POST /users, DELETE /users/{id}). */
    readonly api: ApiError,
    readonly scriptError?: ScriptErrorInfo,
  ) {
    super(scriptError ? `${script} script: ${formatScriptError(scriptError)}` : `${script} script: ${oauth.error_description}`);
  }
}

const WRONG = 'Wrong email or password.';

/** A login-type failure: wrong credentials, a message for the user, or a script that broke. */
export function loginFailure(script: CustomDbScriptName, e: ScriptErrorInfo | undefined): CustomDbFailure {
  if (!e) {
    // login called back with no profile: the user does not exist or the password is wrong.
    return new CustomDbFailure(script, 'fu', { status: 403, error: 'invalid_grant', error_description: WRONG }, new ApiError(400, WRONG, 'auth0_idp_error'));
  }
  if (e.kind === 'callback' && e.name === 'WrongUsernameOrPasswordError') {
    // The custom message goes to the tenant log; the application always sees Auth0's standard text.
    const logType = e.userNameOrEmail === null || e.userNameOrEmail === undefined ? 'fu' : 'fp';
    return new CustomDbFailure(script, logType, { status: 403, error: 'invalid_grant', error_description: WRONG }, new ApiError(400, e.message, 'auth0_idp_error'), e);
  }
  if (e.kind === 'callback' && e.name === 'UnauthorizedError') {
    return new CustomDbFailure(script, 'f', { status: 401, error: 'unauthorized', error_description: e.message }, new ApiError(401, e.message, 'auth0_idp_error'), e);
  }
  // UNCONFIRMED: Auth0's exact answer when a login script breaks; the emulator reports the script's message.
  return new CustomDbFailure(script, 'f', { status: 500, error: 'server_error', error_description: e.message }, new ApiError(400, e.message, 'auth0_idp_error'), e);
}

/** A create/delete/change failure as POST/DELETE/PATCH /users answers it. */
export function managementFailure(script: CustomDbScriptName, e: ScriptErrorInfo): CustomDbFailure {
  const exists = e.kind === 'callback' && e.name === 'ValidationError' && e.code === 'user_exists';
  const api = exists ? userAlreadyExists() : new ApiError(400, e.message, 'auth0_idp_error');
  const logType: CustomDbLogType = script === 'create' ? 'fs' : script === 'delete' ? 'fdu' : 'f';
  return new CustomDbFailure(script, logType, { status: 400, error: exists ? 'user_exists' : 'invalid_signup', error_description: e.message }, api, e);
}
