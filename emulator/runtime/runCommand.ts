// `auth0-emulator run post-login --data <dir> --user <id> --action <file>...`: runs a login flow (Rules, then
// Actions) against the same data folder the server uses and prints the transcript (readable, or --json).
// `--in-process` runs user code in this thread so `node --inspect-brk` stops in the user's files.
import { parseArgs } from 'node:util';
import { EmulatorCore } from '../emulatorCore.js';
import { createFilePersistence } from '../storage/filePersistence.js';
import { ActionsRuntime } from './actions/actionsRuntime.js';
import { coreFlowHost } from './actions/coreFlowHost.js';
import { createActionExecutor } from './actions/executor.js';
import { formatTranscript } from './actions/formatTranscript.js';
import { transcriptJson } from './actions/flowRoutes.js';
import { loadActionBindings } from './actions/loadActions.js';
import { rulesHookFor } from './actions/rulesBridge.js';
import { loadRules, loadRulesConfiguration } from './rules/loadRules.js';
import { createSandbox } from './sandbox/index.js';

const USAGE = `usage: auth0-emulator run post-login --data <dir> --user <user_id> (--action <file> | --actions <file|dir>)...
  --client <client_id>     the application logging in (event.client)
  --connection <name>      default: the user's first identity's connection
  --secrets <file>         JSON or dotenv file of Action secrets (also read from the environment)
  --rules <dir|file>       legacy Rules to run first (repeatable); --rules-config <file> for their configuration
  --request <json>         event.request overrides, e.g. '{"ip":"10.0.0.1","query":{"ui_locales":"fr"}}'
  --transaction <json>     event.transaction overrides; --event <json> for anything else (organization, ...)
  --audience <api>         access token audience (event.resource_server)
  --timeout <ms>           trigger budget (default 20000, Auth0's)
  --dry-run                run everything, write nothing
  --in-process             run user code in this process (for node --inspect-brk)
  --domain <host>          tenant domain for issuer and event.tenant (default localhost)
  --json                   print the transcript as JSON`;

export async function runCommand(argv: string[]): Promise<number> {
  const [trigger, ...rest] = argv;
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: {
        data: { type: 'string' },
        user: { type: 'string' },
        client: { type: 'string' },
        connection: { type: 'string' },
        action: { type: 'string', multiple: true },
        actions: { type: 'string', multiple: true },
        secrets: { type: 'string' },
        rules: { type: 'string', multiple: true },
        'rules-config': { type: 'string' },
        request: { type: 'string' },
        transaction: { type: 'string' },
        event: { type: 'string' },
        audience: { type: 'string' },
        timeout: { type: 'string' },
        'dry-run': { type: 'boolean' },
        'in-process': { type: 'boolean' },
        domain: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (trigger !== 'post-login') {
    process.stderr.write(`auth0-emulator run ${trigger ?? ''}: only post-login runs from the command line so far (the other triggers run through the server)\n${USAGE}\n`);
    return 2;
  }
  const sources = [...(args.action ?? []), ...(args.actions ?? [])];
  if (!args.data || !args.user || (sources.length === 0 && !args.rules?.length)) {
    process.stderr.write(`missing --data, --user or --action\n${USAGE}\n`);
    return 2;
  }
  const json = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    try {
      return JSON.parse(v) as Record<string, unknown>;
    } catch {
      throw new Error(`--${flag} must be JSON: ${v}`);
    }
  };
  const sandbox = createSandbox({ maxWorkers: 1 });
  let core: EmulatorCore | undefined;
  try {
    const request = json('request', args.request);
    const transaction = json('transaction', args.transaction);
    const event = json('event', args.event);
    const timeoutMs = args.timeout ? Number(args.timeout) : undefined;
    const inProcess = args['in-process'] ?? false;
    const bindings = await loadActionBindings({ sources, secretsFile: args.secrets });
    core = await EmulatorCore.create({ persistence: createFilePersistence({ dir: args.data }), domain: args.domain });
    const host = coreFlowHost(core, args.domain ?? 'localhost');
    if (!host.getUser(args.user)) throw new Error(`No user ${args.user} in ${args.data}`);
    const rules = args.rules?.length ? await loadRules(args.rules) : [];
    const runtime = new ActionsRuntime({
      host,
      sandbox,
      execute: createActionExecutor({ sandbox, inProcess }),
      ...(rules.length
        ? { runRules: rulesHookFor(host, rules, { configuration: await loadRulesConfiguration(args['rules-config']), timeoutMs, inProcess, sandbox }) }
        : {}),
    });
    const t = await runtime.postLogin({
      actions: bindings['post-login'] ?? [],
      userId: args.user,
      clientId: args.client,
      connection: args.connection,
      request,
      transaction,
      event,
      audience: args.audience,
      timeoutMs,
      dryRun: args['dry-run'] ?? false,
    });
    process.stdout.write((args.json ? JSON.stringify(transcriptJson(t), null, 2) : formatTranscript(t)) + '\n');
    return t.status === 'success' || t.status === 'redirect' ? 0 : 1;
  } catch (e) {
    process.stderr.write(`auth0-emulator run post-login: ${(e as Error).message}\n`);
    return 2;
  } finally {
    await core?.close();
    await sandbox.close();
  }
}
