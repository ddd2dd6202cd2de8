// Where the user-code runtimes (Actions, Rules, custom database scripts) meet the server: CLI flags that name the
// user's code, the routes and grants they add (/oauth/token password grants, credentials exchange, signup,
// /continue, /_emulator/flows), and the `auth0-emulator run ...` subcommands.
import { Hono } from 'hono';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowHost } from './core/actions/host.js';
import { CustomDbFailure } from './core/customDb/scriptFailure.js';
import { isApiError } from './core/errors.js';
import { OAuthError } from './core/tokens/oauthError.js';
import { verifyPassword } from './core/users/passwords.js';
import type { Connection, StoredUser } from './core/users/user.js';
import type { EmulatorCore } from './emulatorCore.js';
import type { AppExtensions } from './http/app.js';
import { json, readFormOrJson } from './http/body.js';
import type { GrantContext } from './http/routes/oauth.js';
import { ActionsRuntime } from './runtime/actions/actionsRuntime.js';
import { coreFlowHost } from './runtime/actions/coreFlowHost.js';
import { createContinueRoutes, createFlowRoutes } from './runtime/actions/flowRoutes.js';
import type { ActionsConfig } from './runtime/actions/loadActions.js';
import { rulesHookFor } from './runtime/actions/rulesBridge.js';
import { createCustomDbRuntime, type CustomDbRuntime } from './runtime/customDb/customDbRuntime.js';
import { runCustomDbCommand } from './runtime/customDb/command.js';
import { loadCustomDbFolder } from './runtime/customDb/loadScripts.js';
import { runRulesCommand } from './runtime/rules/command.js';
import { loadRules, loadRulesConfiguration } from './runtime/rules/loadRules.js';
import { runCommand } from './runtime/runCommand.js';
import { runScenarioCommand } from './runtime/scenario/command.js';

export const runtimeFlags = {
  options: {
    actions: { type: 'string', multiple: true },
    rules: { type: 'string', multiple: true },
    'rules-config': { type: 'string' },
    'custom-db': { type: 'string', multiple: true },
    secrets: { type: 'string' },
    'action-timeout': { type: 'string' },
  },
  help: `  --actions <path>       an Action file or a Deploy CLI folder (repeatable): run on password-grant logins,
                         client credentials (credentials-exchange) and signups (pre/post-user-registration)
  --rules <path>         legacy Rules: a rule file or a folder of <name>.js + <name>.json (repeatable); before Actions
  --rules-config <file>  JSON key/values for Rules' \`configuration\` (env AUTH0_RULES_CONFIGURATION also read)
  --custom-db <dir>      a custom database connection's scripts folder (repeatable)
  --secrets <file>       JSON or dotenv file of Action secrets
  --action-timeout <ms>  per-trigger limit (default 20000, Auth0's)`,
} as const;

export const PASSWORD_REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
const DEFAULT_DIRECTORY = 'Username-Password-Authentication';

/** The tenant domain as flows see it: the configured one, else the host:port the emulator listens on. */
function liveHost(core: EmulatorCore): FlowHost {
  const host = coreFlowHost(core, '');
  Object.defineProperty(host, 'domain', { get: () => core.configuredDomain ?? (core.url ? new URL(core.url).host : 'localhost') });
  return host;
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : typeof v === 'string' ? [v] : [];
}

export async function attachRuntimes(core: EmulatorCore, flags: Record<string, unknown>, log: (l: string) => void): Promise<AppExtensions> {
  const host = liveHost(core);
  const timeoutMs = flags['action-timeout'] !== undefined ? Number(flags['action-timeout']) : undefined;
  if (timeoutMs !== undefined && (!Number.isFinite(timeoutMs) || timeoutMs <= 0)) throw new Error('--action-timeout must be a positive number of milliseconds');

  // Custom databases: folders from flags, and any stored connection that carries its scripts.
  const folders = [];
  for (const dir of asStrings(flags['custom-db'])) {
    const f = await loadCustomDbFolder(dir);
    const stored = core.db.get('connections', f.connection.name);
    if (stored && !existsSync(join(dir, 'database.json'))) {
      // Only the scripts come from the folder: the stored connection's settings (import mode, configuration) stay.
      f.connection = { ...f.connection, id: stored.id, import_mode: stored.import_mode };
      if (Object.keys(f.configuration).length === 0) f.configuration = stored.configuration ?? {};
    }
    folders.push(f);
    if (!core.db.get('connections', f.connection.name)) await core.db.put('connections', f.connection.name, f.connection);
    log(`custom database ${f.connection.name}: scripts from ${dir}`);
  }
  const customDb = createCustomDbRuntime({ db: core.db, clock: core.clock, folders, managementClientId: core.clientId, timeoutMs });
  core.setCustomDbHooks(customDb.hooks);

  const rules = await loadRules(asStrings(flags.rules));
  const configuration = await loadRulesConfiguration(typeof flags['rules-config'] === 'string' ? flags['rules-config'] : undefined);
  const actionsConfig: ActionsConfig = {
    sources: asStrings(flags.actions),
    secretsFile: typeof flags.secrets === 'string' ? flags.secrets : undefined,
    timeoutMs,
  };
  if (rules.length) log(`rules: ${rules.map((r) => r.name).join(', ')}`);
  if (actionsConfig.sources.length) log(`actions: ${actionsConfig.sources.join(', ')}`);
  const runtime = new ActionsRuntime({
    host,
    actionsConfig,
    runRules: rules.length ? rulesHookFor(host, rules, { configuration, timeoutMs }) : undefined,
  });

  const passwordGrant = (ctx: GrantContext) => runPasswordGrant(core, runtime, customDb, ctx);
  return {
    oauth: {
      grants: { password: passwordGrant, [PASSWORD_REALM_GRANT]: passwordGrant },
      credentialsExchange: async ({ client, audience, scopes, ip }) => {
        const t = await runtime.credentialsExchange({ client, audience, scopes, ip });
        if (t.error) throw new OAuthError(t.error.status, t.error.error, t.error.error_description);
        return { extraClaims: t.customClaims, scopes: t.scopes };
      },
    },
    control: [{ path: '/flows', app: createFlowRoutes({ runtime }) }],
    root: [
      { path: '/', app: createContinueRoutes({ runtime }) },
      { path: '/', app: signupRoutes(core, runtime) },
    ],
  };
}

/** Resource-owner password grants: authenticate against the connection, then run Rules and Actions. */
async function runPasswordGrant(core: EmulatorCore, runtime: ActionsRuntime, customDb: CustomDbRuntime, ctx: GrantContext): Promise<Record<string, unknown>> {
  const b = ctx.body;
  const str = (k: string) => (typeof b[k] === 'string' && b[k] !== '' ? (b[k] as string) : undefined);
  const grantType = str('grant_type')!;
  const clientId = str('client_id');
  if (!clientId) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: client_id');
  const client = core.db.get('clients', clientId);
  const secret = str('client_secret');
  if (!client || (secret !== undefined && secret !== client.client_secret)) throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
  const username = str('username');
  const password = str('password');
  if (!username) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: username');
  if (!password) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: password');
  const realm = str('realm');
  if (grantType === PASSWORD_REALM_GRANT && !realm) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: realm');
  const connectionName = realm ?? DEFAULT_DIRECTORY;
  const connection = core.db.get('connections', connectionName);
  if (!connection) throw new OAuthError(400, 'invalid_request', `connection not found: ${connectionName}`);

  let user: StoredUser;
  if (customDb.handles(connection)) {
    try {
      user = (await customDb.login(connection, username, password, { clientId })).user;
    } catch (e) {
      if (e instanceof CustomDbFailure) throw new OAuthError(e.oauth.status, e.oauth.error, e.oauth.error_description);
      throw e;
    }
  } else {
    user = await checkDatabasePassword(core, connection, username, password);
  }
  if (user.blocked) throw new OAuthError(401, 'unauthorized', 'user is blocked');

  const result = await runtime.passwordGrant({
    userId: user.user_id,
    clientId,
    grantType,
    audience: str('audience'),
    scope: str('scope'),
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    realm: connection.name,
  });
  if (!result.ok) throw new OAuthError(result.status, result.body.error, result.body.error_description);
  return result.body;
}

async function checkDatabasePassword(core: EmulatorCore, connection: Connection, username: string, password: string): Promise<StoredUser> {
  const wanted = username.toLowerCase();
  const onConnection = (u: StoredUser) => u.identities?.[0]?.connection === connection.name;
  let candidates = core.db.usersByEmail(username).filter(onConnection);
  if (candidates.length === 0) {
    candidates = [...core.db.values('users')].filter((u) => onConnection(u) && typeof u.username === 'string' && u.username.toLowerCase() === wanted);
  }
  for (const u of candidates) {
    if (await verifyPassword(password, core.db.get('credentials', u.user_id)?.password_hash)) return u;
  }
  throw new OAuthError(403, 'invalid_grant', 'Wrong email or password.');
}

/** POST /dbconnections/signup: pre-user-registration Actions, creation, post-user-registration Actions. */
function signupRoutes(core: EmulatorCore, runtime: ActionsRuntime): Hono {
  const app = new Hono();
  const fail = (statusCode: number, code: string, description: string) => ({ name: 'BadRequestError', code, description, statusCode });
  app.post('/dbconnections/signup', async (c) => {
    const b = await readFormOrJson(c);
    const str = (k: string) => (typeof b[k] === 'string' && b[k] !== '' ? (b[k] as string) : undefined);
    const client = str('client_id') ? core.db.get('clients', str('client_id')!) : undefined;
    if (!client) return json(c, fail(400, 'invalid_signup', 'Invalid sign up: unknown client_id'), 400);
    const connection = core.db.get('connections', str('connection') ?? '');
    if (!connection || connection.strategy !== 'auth0') return json(c, fail(400, 'invalid_connection', 'Connection not found or not a database connection'), 400);
    const profile: Partial<StoredUser> = {};
    for (const k of ['email', 'username', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'phone_number'] as const) {
      if (str(k)) profile[k] = str(k);
    }
    if (b.user_metadata && typeof b.user_metadata === 'object') profile.user_metadata = b.user_metadata as StoredUser['user_metadata'];
    const ip = c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? '127.0.0.1';
    const pre = await runtime.preUserRegistration({ user: profile, connection, client, request: { ip } });
    if (pre.status !== 'success') {
      const e = pre.error;
      return json(c, fail(400, 'extensibility_error', e?.userMessage ?? e?.error_description ?? 'Signup denied'), 400);
    }
    const merge = (base: Record<string, unknown> | undefined, add: Record<string, unknown>) => {
      const out = { ...(base ?? {}) };
      for (const [k, v] of Object.entries(add)) if (v === null) delete out[k]; else out[k] = v;
      return Object.keys(out).length ? out : undefined;
    };
    const body: Record<string, unknown> = { connection: connection.name, password: str('password'), ...profile };
    const um = merge(profile.user_metadata as Record<string, unknown> | undefined, pre.user_metadata);
    const am = merge(undefined, pre.app_metadata);
    if (um) body.user_metadata = um;
    if (am) body.app_metadata = am;
    let user: StoredUser;
    try {
      user = await core.users.create(body);
    } catch (e) {
      if (isApiError(e)) {
        if (e.statusCode === 409) return json(c, fail(400, 'user_exists', 'The user already exists.'), 400);
        if (/PasswordStrengthError/.test(e.message)) return json(c, { ...fail(400, 'invalid_password', 'PasswordStrengthError: Password is too weak'), name: 'PasswordStrengthError' }, 400);
        return json(c, fail(400, 'invalid_signup', e.message), 400);
      }
      throw e;
    }
    // Asynchronous in Auth0: the signup has succeeded whatever it does; its outcome goes to the log.
    void runtime.postUserRegistration({ user, connection, client, request: { ip } }).then(
      (t) => t.status !== 'success' && core.log(`post-user-registration failed for ${user.user_id}`),
      (e: unknown) => core.log(`post-user-registration error: ${String(e)}`),
    );
    const id = String(user.identities?.[0]?.user_id ?? user.user_id);
    const answer: Record<string, unknown> = { _id: id, email_verified: user.email_verified ?? false, email: user.email };
    for (const k of ['username', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'user_metadata'] as const) {
      if (user[k] !== undefined && str(k) !== undefined) answer[k] = user[k];
    }
    if (user.user_metadata && b.user_metadata) answer.user_metadata = user.user_metadata;
    return json(c, answer);
  });
  return app;
}

export async function runSubcommand(argv: string[]): Promise<number> {
  const [what, ...rest] = argv;
  switch (what) {
    case 'post-login':
    case 'credentials-exchange':
    case 'pre-user-registration':
    case 'post-user-registration':
      return runCommand(argv);
    case 'rules':
      return runRulesCommand(rest);
    case 'custom-db':
      return runCustomDbCommand(rest);
    case 'scenario':
      return runScenarioCommand(rest);
    default:
      process.stderr.write('usage: auth0-emulator run <post-login|rules|custom-db|scenario> [options]  (--help for each)\n');
      return 2;
  }
}
