// Custom-DB connections wired to the sandbox: a ScriptCaller that runs each script call in a worker (timeout,
// memory limit, console capture), and the runtime the server plugs in — UsersService hooks for POST/DELETE
// /users and the login used by password grants.
import type { Clock } from '../../core/clock.js';
import type { Database } from '../../core/db.js';
import type { CustomDbHooks } from '../../core/users/service.js';
import type { Connection, StoredUser } from '../../core/users/user.js';
import { scriptsFromConnection, type CustomDbScriptName, type CustomDbScripts } from '../../core/customDb/scriptNames.js';
import type { CustomDbRunPayload, CustomDbRunValue } from '../../core/customDb/scriptRun.js';
import type { ScriptErrorInfo } from '../../core/rules/scriptError.js';
import {
  createWithCustomDb,
  deleteWithCustomDb,
  loginWithCustomDb,
  type CustomDbDeps,
  type CustomDbLoginResult,
  type ScriptCall,
  type ScriptCaller,
} from '../../core/customDb/connectionBehaviours.js';
import { runInSandbox, type Sandbox, type SandboxError } from '../sandbox/index.js';

/** Auth0's Webtask execution limit for action scripts (~20 s). */
export const CUSTOM_DB_DEFAULT_TIMEOUT_MS = 20_000;

export interface ScriptRunOptions {
  timeoutMs?: number;
  memoryMb?: number;
  inProcess?: boolean;
  sandbox?: Sandbox;
  /** Where `require` finds installed packages; default the current working directory. */
  resolveFrom?: string;
}

/** Runs the given scripts in the sandbox, one worker job per call. */
export function sandboxScriptCaller(scripts: CustomDbScripts, configuration: Record<string, string>, opts: ScriptRunOptions = {}): ScriptCaller {
  const timeoutMs = opts.timeoutMs ?? CUSTOM_DB_DEFAULT_TIMEOUT_MS;
  return async (script, args, context) => {
    const s = scripts[script];
    if (!s) return undefined;
    const payload: CustomDbRunPayload = {
      script,
      file: s.file,
      source: s.source,
      args,
      ...(context !== undefined ? { context } : {}),
      configuration,
      resolveFrom: opts.resolveFrom ?? process.cwd(),
    };
    const o = await runInSandbox(
      { runner: 'customDb', payload },
      { timeoutMs, ...(opts.memoryMb ? { memoryMb: opts.memoryMb } : {}), ...(opts.inProcess ? { inProcess: true } : {}), ...(opts.sandbox ? { sandbox: opts.sandbox } : {}) },
    );
    const value: CustomDbRunValue = o.ok ? (o.value as CustomDbRunValue) : { error: fromSandboxError(o.error, script, s.file, timeoutMs), arity: 0, warnings: [] };
    return { script, args: redactArgs(script, args), value, logs: o.logs.map((l) => ({ level: l.level, message: l.message })), ms: o.ms };
  };
}

/** Passwords never reach transcripts. */
function redactArgs(script: CustomDbScriptName, args: unknown[]): unknown[] {
  if (script === 'login') return [args[0], '********'];
  if (script === 'change_password') return [args[0], '********'];
  if (script === 'create' && typeof args[0] === 'object' && args[0] !== null) return [{ ...(args[0] as object), password: '********' }];
  return args;
}

function fromSandboxError(e: SandboxError, script: CustomDbScriptName, file: string, timeoutMs: number): ScriptErrorInfo {
  const base = { file: e.file ?? file, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) };
  if (e.kind === 'timeout') return { kind: 'timeout', name: 'TimeoutError', message: `Script execution time exceeded: the ${script} script had not called back after ${timeoutMs} ms`, ...base };
  if (e.kind === 'memory') return { kind: 'memory', name: 'MemoryLimitError', message: e.message, ...base };
  if (e.kind === 'module-not-found') return { kind: 'require', name: 'Error', message: e.message, ...base };
  const m = /^(\w*Error): ([\s\S]*?)(?: \([^()]*:\d+(?::\d+)?\))?$/.exec(e.message);
  return { kind: 'thrown', name: m?.[1] ?? 'Error', message: m?.[2] ?? e.message, ...base };
}

export interface CustomDbRuntimeOptions extends ScriptRunOptions {
  db: Database;
  clock: Clock;
  /** Connections whose scripts come from folders (by connection name); others use their stored `customScripts`. */
  folders?: Array<{ connection: Connection; scripts: CustomDbScripts; configuration: Record<string, string> }>;
  /** Client id handed to create scripts for users created through the Management API. */
  managementClientId?: string;
  tenant?: string;
  onCall?: (connection: string, call: ScriptCall) => void;
}

export interface CustomDbRuntime {
  /** For EmulatorCore.setCustomDbHooks: POST /users and DELETE /users/{id} on custom-DB connections. */
  hooks: CustomDbHooks;
  /** True when `connection` is a custom-DB connection this runtime can log users into. */
  handles(connection: Connection | undefined): connection is Connection;
  /** The password-grant login (throws CustomDbFailure; `.oauth` is the /oauth/token answer). */
  login(connection: Connection, usernameOrEmail: string, password: string, opts?: { clientId?: string; organization?: CustomDbDeps['organization'] }): Promise<CustomDbLoginResult>;
  /** The dependencies for the other script calls (get_user, verify, change_password, change_email). */
  deps(connection: Connection, opts?: { clientId?: string }): CustomDbDeps;
}

export function createCustomDbRuntime(o: CustomDbRuntimeOptions): CustomDbRuntime {
  const folders = new Map((o.folders ?? []).map((f) => [f.connection.name, f]));
  const callerFor = (connection: Connection): ScriptCaller => {
    const f = folders.get(connection.name);
    const scripts = f?.scripts ?? scriptsFromConnection(connection.customScripts, `connections/${connection.name}`);
    return sandboxScriptCaller(scripts, f?.configuration ?? connection.configuration ?? {}, o);
  };
  const deps = (connection: Connection, extra: { clientId?: string; organization?: CustomDbDeps['organization'] } = {}): CustomDbDeps => ({
    db: o.db,
    clock: o.clock,
    connection: folders.get(connection.name)?.connection ? { ...connection, ...pickBehaviour(folders.get(connection.name)!.connection) } : connection,
    call: callerFor(connection),
    ...(o.onCall ? { onCall: (c: ScriptCall) => o.onCall!(connection.name, c) } : {}),
    ...(extra.clientId ?? o.managementClientId ? { clientId: extra.clientId ?? o.managementClientId } : {}),
    ...(extra.organization ? { organization: extra.organization } : {}),
    ...(o.tenant ? { tenant: o.tenant } : {}),
  });
  return {
    hooks: {
      async create(connection, body) {
        try {
          const { user } = await createWithCustomDb(deps(connection), body);
          return { user };
        } catch (e) {
          throw (e as { api?: Error }).api ?? e;
        }
      },
      async remove(connection, user: StoredUser) {
        try {
          await deleteWithCustomDb(deps(connection), user);
        } catch (e) {
          throw (e as { api?: Error }).api ?? e;
        }
      },
    },
    handles: (connection): connection is Connection => !!connection && connection.enabledDatabaseCustomization === true,
    login: (connection, usernameOrEmail, password, opts = {}) => loginWithCustomDb(deps(connection, opts), usernameOrEmail, password),
    deps: (connection, opts = {}) => deps(connection, opts),
  };
}

/** Folder settings that decide behaviour win over a stored connection of the same name. */
function pickBehaviour(c: Connection): Partial<Connection> {
  const out: Partial<Connection> & { enable_script_context?: boolean } = { enabledDatabaseCustomization: true };
  if (c.import_mode !== undefined) out.import_mode = c.import_mode;
  if ((c as { enable_script_context?: boolean }).enable_script_context) out.enable_script_context = true;
  return out;
}
