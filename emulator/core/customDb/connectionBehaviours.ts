// What a custom database connection does with its scripts (auth0-facts §9.2–9.4): password logins (every login
// calls the login script, or — in import mode — only until the user has been migrated), user creation
// (get_user → create → login), deletion with the un-prefixed id, and the change/verify/get_user calls.
import type { Clock } from '../clock.js';
import type { Database } from '../db.js';
import { userAlreadyExists } from '../errors.js';
import { hashPassword, verifyPassword } from '../users/passwords.js';
import type { Connection, StoredUser } from '../users/user.js';
import type { ScriptErrorInfo } from '../rules/scriptError.js';
import { CustomDbFailure, loginFailure, managementFailure, type CustomDbLogType } from './scriptFailure.js';
import type { CustomDbRunValue } from './scriptRun.js';
import type { CustomDbScriptName } from './scriptNames.js';
import { userFromScriptProfile } from './scriptProfile.js';
import { ApiError } from '../errors.js';

/** One script execution as the runtime reports it. */
export interface ScriptCall {
  script: CustomDbScriptName;
  args: unknown[];
  value: CustomDbRunValue;
  logs: Array<{ level: string; message: string }>;
  ms: number;
}

/** Runs one script of the connection; `undefined` when the connection has no such script. */
export type ScriptCaller = (script: CustomDbScriptName, args: unknown[], context?: Record<string, unknown>) => Promise<ScriptCall | undefined>;

export interface CustomDbDeps {
  db: Database;
  clock: Clock;
  connection: Connection;
  call: ScriptCaller;
  /** Receives every script call (the transcript). */
  onCall?: (call: ScriptCall) => void;
  /** The organization of the login, passed as the scripts' context when the connection enables it. */
  organization?: { id: string; name: string; display_name?: string; metadata?: Record<string, string> };
  /** client_id given to the create script: the app's client, or the Management API's key. */
  clientId?: string;
  tenant?: string;
}

export interface CustomDbLoginResult {
  user: StoredUser;
  /** The user did not exist in the emulator before this login. */
  created: boolean;
  /** The login script ran (false for migrated users in import mode). */
  scriptCalled: boolean;
  logType: CustomDbLogType;
  warnings: string[];
}

const now = (clock: Clock) => new Date(clock.now()).toISOString();

/** The organizations context argument (opt-in on the connection: `enable_script_context`). */
function scriptContext(deps: CustomDbDeps, forDelete = false): Record<string, unknown> | undefined {
  if ((deps.connection as { enable_script_context?: boolean }).enable_script_context !== true) return undefined;
  if (forDelete || !deps.organization) return {};
  return { organization: { display_name: deps.organization.name, metadata: {}, ...deps.organization } };
}

async function call(deps: CustomDbDeps, script: CustomDbScriptName, args: unknown[], forDelete = false): Promise<ScriptCall | undefined> {
  const c = await deps.call(script, args, scriptContext(deps, forDelete));
  if (c) deps.onCall?.(c);
  return c;
}

/** Users stored for this connection whose email or username matches (case-insensitively). */
export function findConnectionUser(db: Database, connection: Connection, usernameOrEmail: string): StoredUser | undefined {
  const onConnection = (u: StoredUser) => u.identities[0]?.connection === connection.name;
  const byEmail = db.usersByEmail(usernameOrEmail).find(onConnection);
  if (byEmail) return byEmail;
  const lower = usernameOrEmail.toLowerCase();
  for (const u of db.values('users')) if (onConnection(u) && typeof u.username === 'string' && u.username.toLowerCase() === lower) return u;
  return undefined;
}

/** A password login (password / password-realm grants) on a custom-DB connection. Throws CustomDbFailure. */
export async function loginWithCustomDb(deps: CustomDbDeps, usernameOrEmail: string, password: string): Promise<CustomDbLoginResult> {
  const { db, connection } = deps;
  const local = findConnectionUser(db, connection, usernameOrEmail);
  if (connection.import_mode) {
    const hash = local ? db.get('credentials', local.user_id)?.password_hash : undefined;
    if (local && hash) {
      // Migrated: Auth0 authenticates against its own store and never calls the script again (vector 9.d).
      if (!(await verifyPassword(password, hash))) throw loginFailure('login', { kind: 'callback', name: 'WrongUsernameOrPasswordError', message: 'Wrong email or password.', userNameOrEmail: usernameOrEmail });
      return { user: local, created: false, scriptCalled: false, logType: 's', warnings: [] };
    }
  }
  const c = await call(deps, 'login', [usernameOrEmail, password]);
  if (!c) throw loginFailure('login', { kind: 'missing-export', name: 'Error', message: `the connection ${connection.name} has no login script` });
  if (c.value.error) throw loginFailure('login', c.value.error);
  const profile = c.value.result;
  if (typeof profile !== 'object' || profile === null) throw loginFailure('login', undefined);
  const existingById = (() => {
    try {
      const id = userFromScriptProfile(profile as Record<string, unknown>, { connection, now: now(deps.clock) }).user.user_id;
      return db.get('users', id);
    } catch {
      return undefined;
    }
  })();
  const existing = existingById ?? local;
  let built;
  try {
    built = userFromScriptProfile(profile as Record<string, unknown>, { connection, now: now(deps.clock), ...(existing ? { existing } : {}) });
  } catch (e) {
    throw loginFailure('login', { kind: 'thrown', name: 'Error', message: (e as Error).message });
  }
  const mutations: Parameters<Database['write']>[0] = [{ op: 'put', coll: 'users', key: built.user.user_id, value: built.user }];
  if (connection.import_mode) {
    // Import: the user is created locally with the same id and the password just used (auth0-facts §9.4).
    mutations.push({ op: 'put', coll: 'credentials', key: built.user.user_id, value: { user_id: built.user.user_id, password_hash: await hashPassword(password) } });
  }
  await db.write(mutations);
  return { user: built.user, created: !existing, scriptCalled: true, logType: 's', warnings: built.warnings };
}

/**
 * POST /api/v2/users on a custom-DB connection without import mode: get_user (must find nothing), create, then
 * login to read the profile back (templates/create). Returns what UsersService stores; throws ApiError-bearing
 * CustomDbFailure (`.api`) on script errors.
 */
export async function createWithCustomDb(deps: CustomDbDeps, body: Record<string, unknown>): Promise<{ user: StoredUser; warnings: string[]; calls: ScriptCall[] }> {
  const calls: ScriptCall[] = [];
  const record = (c: ScriptCall | undefined) => (c && calls.push(c), c);
  const email = typeof body.email === 'string' ? body.email : undefined;
  const username = typeof body.username === 'string' ? body.username : undefined;
  const password = typeof body.password === 'string' ? body.password : undefined;
  const lookup = email ?? username;
  if (lookup) {
    const g = record(await call(deps, 'get_user', [lookup]));
    if (g?.value.error) throw managementFailure('get_user', g.value.error);
    if (g && g.value.result) throw new CustomDbFailure('get_user', 'fs', { status: 400, error: 'user_exists', error_description: 'The user already exists.' }, userAlreadyExists());
  }
  const input: Record<string, unknown> = {
    client_id: deps.clientId ?? 'management-api',
    tenant: deps.tenant ?? '',
    email,
    password,
    ...(username !== undefined ? { username } : {}),
    connection: deps.connection.name,
    ...(body.user_metadata !== undefined ? { user_metadata: body.user_metadata } : {}),
    ...(body.app_metadata !== undefined ? { app_metadata: body.app_metadata } : {}),
  };
  for (const [k, v] of Object.entries(body)) if (!(k in input) && !['verify_email', 'email_verified', 'phone_verified', 'blocked', 'connection'].includes(k)) input[k] = v;
  const c = record(await call(deps, 'create', [input]));
  if (!c) throw new CustomDbFailure('create', 'fs', { status: 400, error: 'invalid_signup', error_description: 'no create script' }, new ApiError(400, `The connection ${deps.connection.name} has no create script.`, 'auth0_idp_error'));
  if (c.value.error) throw managementFailure('create', c.value.error);
  const l = record(await call(deps, 'login', [email ?? username ?? '', password ?? '']));
  const loginError: ScriptErrorInfo | undefined = !l
    ? { kind: 'missing-export', name: 'Error', message: 'no login script to read the created user back' }
    : l.value.error ?? (typeof l.value.result !== 'object' || l.value.result === null ? { kind: 'callback', name: 'Error', message: 'the login script found no user right after create' } : undefined);
  if (loginError) throw managementFailure('login', loginError);
  const built = userFromScriptProfile(l!.value.result as Record<string, unknown>, { connection: deps.connection, now: now(deps.clock) });
  // Auth0 stores the metadata it was given itself; the external database need not return it.
  if (body.user_metadata && typeof body.user_metadata === 'object') built.user.user_metadata = { ...(built.user.user_metadata ?? {}), ...(body.user_metadata as object) } as StoredUser['user_metadata'];
  if (body.app_metadata && typeof body.app_metadata === 'object') built.user.app_metadata = { ...(built.user.app_metadata ?? {}), ...(body.app_metadata as object) } as StoredUser['app_metadata'];
  if (typeof body.email_verified === 'boolean') built.user.email_verified = body.email_verified;
  return { user: built.user, warnings: built.warnings, calls };
}

/** DELETE /api/v2/users/{id}: the delete script gets the identity id without `auth0|` (vector 9.e). */
export async function deleteWithCustomDb(deps: CustomDbDeps, user: StoredUser): Promise<ScriptCall | undefined> {
  // Import mode: the user lives in Auth0's store now; the legacy store is left alone (emulator decision).
  if (deps.connection.import_mode) return undefined;
  const id = String(user.identities[0]?.user_id ?? user.user_id.replace(/^auth0\|/, ''));
  const c = await call(deps, 'delete', [id], true);
  if (c?.value.error) throw managementFailure('delete', c.value.error);
  return c;
}

/** get_user: the profile, or undefined when the script reports "not found" with callback(null). */
export async function getUserWithCustomDb(deps: CustomDbDeps, email: string): Promise<Record<string, unknown> | undefined> {
  const c = await call(deps, 'get_user', [email]);
  if (!c) return undefined;
  if (c.value.error) throw managementFailure('get_user', c.value.error);
  const r = c.value.result;
  return typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : undefined;
}

/** change_password: true/false, or the object with last_password_reset the script may return. */
export async function changePasswordWithCustomDb(deps: CustomDbDeps, email: string, newPassword: string): Promise<{ changed: boolean; last_password_reset?: string }> {
  const c = await call(deps, 'change_password', [email, newPassword]);
  if (!c) throw managementFailure('change_password', { kind: 'missing-export', name: 'Error', message: 'no change_password script' });
  if (c.value.error) throw managementFailure('change_password', c.value.error);
  const r = c.value.result;
  if (typeof r === 'object' && r !== null) {
    const lpr = (r as { last_password_reset?: unknown }).last_password_reset;
    return { changed: true, ...(lpr !== undefined ? { last_password_reset: new Date(lpr as string).toISOString() } : {}) };
  }
  return { changed: r === true };
}

export async function verifyWithCustomDb(deps: CustomDbDeps, email: string): Promise<boolean> {
  const c = await call(deps, 'verify', [email]);
  if (!c) throw managementFailure('verify', { kind: 'missing-export', name: 'Error', message: 'no verify script' });
  if (c.value.error) throw managementFailure('verify', c.value.error);
  return c.value.result === true;
}

export async function changeEmailWithCustomDb(deps: CustomDbDeps, email: string, newEmail: string, verified: boolean): Promise<boolean> {
  const c = await call(deps, 'change_email', [email, newEmail, verified]);
  if (!c) throw managementFailure('change_email', { kind: 'missing-export', name: 'Error', message: 'no change_email script' });
  if (c.value.error) throw managementFailure('change_email', c.value.error);
  return c.value.result === true;
}

export { CustomDbFailure };
