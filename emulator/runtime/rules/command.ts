// `auth0-emulator run rules`: runs legacy Rules for one user (of the emulator's data folder, or of a throwaway
// in-memory tenant built from a seed) and prints the transcript (readable, or --json); with --action, the
// Rule/Action parity check instead.
import { basename, extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Sandbox } from '../sandbox/index.js';
import { formatScriptError } from '../../core/rules/scriptError.js';
import { loadRules, loadRulesConfiguration } from './loadRules.js';
import { runRulesPipeline, type RulesOutcome } from './pipeline.js';
import { compareRuleAndAction, formatParityReport } from './parity.js';
import { createStandaloneTenant, readSeedInputs } from './standaloneTenant.js';
import { readFile } from 'node:fs/promises';
import type { FlowHost } from '../../core/actions/host.js';
import { EmulatorCore } from '../../emulatorCore.js';
import { createFilePersistence } from '../../storage/filePersistence.js';
import { DataFolderError } from '../../storage/persistence.js';
import { coreFlowHost } from '../actions/coreFlowHost.js';


const USAGE = `usage: auth0-emulator run rules --rules <dir|file>... --user <user_id> [options]

  --rules <path>          a rule file (function (user, context, callback) {…}) or a Deploy CLI rules/ folder (repeatable)
  --user <user_id>        the user logging in
  --data <dir>            the emulator's data folder (the users the server has; writes are real) — or:
  --seed <file>           seed document with the tenant's users, clients, connections, roles (in memory)
  --user-file <file>      a user (or array of users) as JSON, added to the seed
  --client <client_id>    the application (context.clientID)
  --connection <name>     the connection (default: the user's first identity)
  --rules-config <file>   Rules configuration as a JSON object (also AUTH0_RULES_CONFIGURATION; alias --configuration)
  --protocol <p>          context.protocol (default oidc-basic-profile; redirect-callback after /continue)
  --scope <s>             requested scopes, space separated
  --timeout <ms>          execution limit of the pipeline (default 20000, Auth0's)
  --action <file>         compare with this post-login Action (Rule→Action parity, dry run)
  --secrets <file>        the Action's secrets (JSON object), with --action
  --in-process            run in this thread (for a debugger)
  --json                  print the transcript as JSON`;

export interface CommandIO {
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
  /** The sandbox to run in (default: the process-wide pool). */
  sandbox?: Sandbox;
}

export async function runRulesCommand(argv: string[], io: CommandIO = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  const err = io.err ?? process.stderr;
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        rules: { type: 'string', multiple: true },
        user: { type: 'string' },
        data: { type: 'string' },
        seed: { type: 'string' },
        'user-file': { type: 'string' },
        'rules-config': { type: 'string' },
        client: { type: 'string' },
        connection: { type: 'string' },
        configuration: { type: 'string' },
        protocol: { type: 'string' },
        scope: { type: 'string' },
        timeout: { type: 'string' },
        action: { type: 'string', multiple: true },
        secrets: { type: 'string' },
        'in-process': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    out.write(USAGE + '\n');
    return 0;
  }
  if (!args.rules?.length || !args.user) {
    err.write(USAGE + '\n');
    return 2;
  }
  let closeCore: (() => Promise<void>) | undefined;
  try {
    const rules = await loadRules(args.rules);
    const configuration = await loadRulesConfiguration(args['rules-config'] ?? args.configuration);
    let host: FlowHost;
    if (args.data) {
      // The same data folder the server uses (it must not be running: it holds the folder).
      const core = await EmulatorCore.create({ persistence: createFilePersistence({ dir: args.data }) });
      closeCore = () => core.close();
      host = coreFlowHost(core, 'localhost');
    } else {
      const seed = await readSeedInputs({ ...(args.seed ? { seed: args.seed } : {}), ...(args['user-file'] ? { userFile: args['user-file'] } : {}) });
      host = (await createStandaloneTenant(seed)).host;
    }
    if (!host.getUser(args.user)) {
      err.write(`No user ${args.user} in ${args.data ? `the data folder ${args.data}` : 'the seed'} (give --data, --seed or --user-file)\n`);
      return 2;
    }
    const timeoutMs = args.timeout ? Number(args.timeout) : undefined;
    if (args.action?.length) {
      const secrets = args.secrets ? (JSON.parse(await readFile(args.secrets, 'utf8')) as Record<string, string>) : {};
      const actions = args.action.map((f) => ({ name: basename(f, extname(f)), file: resolve(f), secrets: {}, triggers: ['post-login' as const] }));
      const report = await compareRuleAndAction({
        host,
        rules,
        actions,
        userId: args.user,
        ...(args.client ? { clientId: args.client } : {}),
        ...(args.connection ? { connection: args.connection } : {}),
        configuration,
        secrets,
        ...(timeoutMs ? { timeoutMs } : {}),
        ...(io.sandbox ? { sandbox: io.sandbox } : {}),
      });
      out.write(args.json ? JSON.stringify({ same: report.same, differences: report.differences, rule: { ...report.rule, transcript: undefined }, action: { ...report.action, transcript: undefined } }, null, 2) + '\n' : formatParityReport(report) + '\n');
      return report.same ? 0 : 1;
    }
    const outcome = await runRulesPipeline({
      host,
      rules,
      userId: args.user,
      ...(args.client ? { clientId: args.client } : {}),
      ...(args.connection ? { connection: args.connection } : {}),
      configuration,
      ...(args.protocol ? { context: { protocol: args.protocol } } : {}),
      ...(args.scope ? { scopes: args.scope.split(/\s+/).filter(Boolean) } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(args['in-process'] ? { inProcess: true } : {}),
      ...(io.sandbox ? { sandbox: io.sandbox } : {}),
    });
    const after = host.getUser(args.user);
    if (args.json) out.write(JSON.stringify({ ...outcome, storedUser: after }, null, 2) + '\n');
    else out.write(formatRulesOutcome(outcome, { app_metadata: after?.app_metadata, user_metadata: after?.user_metadata }) + '\n');
    return outcome.ok ? 0 : 1;
  } catch (e) {
    err.write(`auth0-emulator run rules: ${(e as Error).message}\n`);
    return e instanceof DataFolderError ? 2 : 1;
  } finally {
    await closeCore?.();
  }
}

/** The readable transcript: one block per rule (time, writes, logs, error with file:line), then the outcome. */
export function formatRulesOutcome(o: RulesOutcome, stored?: { app_metadata?: unknown; user_metadata?: unknown }): string {
  const lines: string[] = [`Rules for ${String(o.user.user_id)} — ${o.steps.length} rule(s), ${Math.round(o.ms)} ms`];
  for (const s of o.steps) {
    lines.push(`  ${s.error ? '✖' : '✔'} ${s.name}  (${s.ms} ms)  ${s.file}`);
    for (const w of s.writes) lines.push(`      ${w.ok ? 'wrote' : 'FAILED'} auth0.users.${w.method}(${w.userId}, ${JSON.stringify(w.patch.app_metadata ?? w.patch.user_metadata)})${w.error ? ': ' + w.error : ''}`);
    for (const l of s.logs) lines.push(`      [${l.level}] ${l.message}`);
    for (const w of s.warnings) lines.push(`      warning: ${w}`);
    if (s.error) lines.push(`      error: ${formatScriptError(s.error)}`);
  }
  if (!o.ok && o.denial) lines.push(`Login fails: error=${o.denial.error}&error_description=${encodeURIComponent(o.denial.error_description)}`);
  else if (o.redirect) lines.push(`Redirect to ${o.redirect.url} (after /continue every rule runs again with protocol redirect-callback)`);
  else lines.push('Login succeeds');
  if (o.ok) {
    lines.push(`ID token claims: ${JSON.stringify(o.idTokenClaims)}`);
    lines.push(`Access token claims: ${JSON.stringify(o.accessTokenClaims)}  scope: ${o.accessTokenScopes.join(' ')}`);
    for (const d of o.droppedClaims) lines.push(`  not added to the ${d.token} token: ${d.name} (${d.reason})`);
  }
  if (stored) lines.push(`Stored app_metadata: ${JSON.stringify(stored.app_metadata ?? null)}  user_metadata: ${JSON.stringify(stored.user_metadata ?? null)}`);
  return lines.join('\n');
}
