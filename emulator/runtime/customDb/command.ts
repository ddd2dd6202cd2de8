// `auth0-emulator run custom-db`: calls one custom database action script from a Deploy CLI folder and prints
// what Auth0 would make of it (the stored user for login/get_user, the error class and log type otherwise), or
// runs the checklist; readable or --json.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Sandbox } from '../sandbox/index.js';
import { loadRulesConfiguration } from '../rules/loadRules.js';
import { formatScriptError } from '../../core/rules/scriptError.js';
import { loginFailure, managementFailure } from '../../core/customDb/scriptFailure.js';
import { userFromScriptProfile } from '../../core/customDb/scriptProfile.js';
import { CUSTOM_DB_SCRIPTS, type CustomDbScriptName } from '../../core/customDb/scriptNames.js';
import { loadCustomDbFolder } from './loadScripts.js';
import { sandboxScriptCaller } from './customDbRuntime.js';
import { checkCustomDbScripts, formatChecklist } from './checkScripts.js';

const USAGE = `usage: auth0-emulator run custom-db --scripts <dir> <script> [args...] [options]
       auth0-emulator run custom-db --scripts <dir> check [--probe <email>[:<password>]]...

  <script> and its arguments:
    login <usernameOrEmail> <password>      get_user <email>           verify <email>
    create <user.json|inline JSON>          delete <id>                change_password <email> <newPassword>
    change_email <email> <newEmail> <true|false>
  --scripts <dir>         database-connections/<name>/ (login.js, get_user.js, …, optional database.json)
  --configuration <file>  the connection's configuration (JSON object), over database.json's
  --organization <json>   organizations context ({"id","name",…}) passed before the callback
  --timeout <ms>          execution limit (default 20000, Auth0's)
  --in-process            run in this thread (for a debugger)
  --json                  machine-readable output`;

export interface CommandIO {
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
  /** The sandbox to run in (default: the process-wide pool). */
  sandbox?: Sandbox;
}

export async function runCustomDbCommand(argv: string[], io: CommandIO = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  const err = io.err ?? process.stderr;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scripts: { type: 'string' },
        configuration: { type: 'string' },
        organization: { type: 'string' },
        probe: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        'in-process': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    out.write(USAGE + '\n');
    return 0;
  }
  const [what, ...rest] = positionals;
  if (!o.scripts || !what) {
    err.write(USAGE + '\n');
    return 2;
  }
  try {
    const folder = await loadCustomDbFolder(o.scripts);
    const configuration = { ...folder.configuration, ...(await loadRulesConfiguration(o.configuration, {})) };
    const timeoutMs = o.timeout ? Number(o.timeout) : undefined;
    const run = { ...(timeoutMs ? { timeoutMs } : {}), ...(o['in-process'] ? { inProcess: true } : {}), ...(io.sandbox ? { sandbox: io.sandbox } : {}) };
    if (what === 'check') {
      const probes = (o.probe ?? []).map((p) => {
        const i = p.indexOf(':');
        return i < 0 ? { email: p } : { email: p.slice(0, i), password: p.slice(i + 1) };
      });
      const report = await checkCustomDbScripts({ scripts: folder.scripts, configuration, probes, ...run });
      out.write(o.json ? JSON.stringify(report, null, 2) + '\n' : formatChecklist(report) + '\n');
      return report.ok ? 0 : 1;
    }
    if (!(CUSTOM_DB_SCRIPTS as readonly string[]).includes(what)) {
      err.write(`Unknown script '${what}'.\n${USAGE}\n`);
      return 2;
    }
    const script = what as CustomDbScriptName;
    const args = scriptArgs(script, rest);
    const context = o.organization ? { organization: JSON.parse(o.organization) as Record<string, unknown> } : undefined;
    const call = await sandboxScriptCaller(folder.scripts, configuration, run)(script, args, (folder.connection as { enable_script_context?: boolean }).enable_script_context ? (script === 'delete' ? {} : (context ?? {})) : context);
    if (!call) {
      err.write(`${o.scripts} has no ${script}.js\n`);
      return 2;
    }
    const report: Record<string, unknown> = { script, args: call.args, ms: call.ms, logs: call.logs, warnings: call.value.warnings };
    const lines = [`${script}(${call.args.map((a) => JSON.stringify(a)).join(', ')}) — ${call.ms} ms`, ...call.logs.map((l) => `  [${l.level}] ${l.message}`), ...call.value.warnings.map((w) => `  warning: ${w}`)];
    let ok = true;
    if (call.value.error) {
      ok = false;
      const f = script === 'login' ? loginFailure(script, call.value.error) : managementFailure(script, call.value.error);
      Object.assign(report, { error: call.value.error, logType: f.logType, oauth: f.oauth, managementApi: f.api.toBody() });
      lines.push(`✖ ${formatScriptError(call.value.error)}`, `  tenant log: ${f.logType}`, script === 'login' ? `  /oauth/token: ${f.oauth.status} ${JSON.stringify({ error: f.oauth.error, error_description: f.oauth.error_description })}` : `  Management API: ${JSON.stringify(f.api.toBody())}`);
    } else {
      report.result = call.value.result ?? null;
      lines.push(`✔ callback(null${call.value.arity > 1 ? ', ' + JSON.stringify(call.value.result) : ''})`);
      if ((script === 'login' || script === 'get_user') && call.value.result && typeof call.value.result === 'object') {
        const built = userFromScriptProfile(call.value.result as Record<string, unknown>, { connection: folder.connection, now: new Date().toISOString() });
        report.auth0User = built.user;
        lines.push(`  Auth0 user: ${built.user.user_id}  identities[0]: ${JSON.stringify(built.user.identities[0])}`);
        for (const w of built.warnings) lines.push(`  warning: ${w}`);
      } else if (script === 'login') {
        ok = false;
        lines.push('  no profile: Auth0 answers "Wrong email or password." (log fu)');
      } else if (script === 'get_user' && !call.value.result) {
        lines.push('  user not found');
      }
    }
    out.write(o.json ? JSON.stringify(report, null, 2) + '\n' : lines.join('\n') + '\n');
    return ok ? 0 : 1;
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 1;
  }
}

function scriptArgs(script: CustomDbScriptName, rest: string[]): unknown[] {
  switch (script) {
    case 'create': {
      const raw = rest[0] ?? '{}';
      return [JSON.parse(raw.trim().startsWith('{') ? raw : readJsonFileSync(raw))];
    }
    case 'change_email':
      return [rest[0], rest[1], rest[2] === 'true'];
    default:
      return rest;
  }
}

function readJsonFileSync(path: string): string {
  return readFileSync(path, 'utf8');
}
