// `auth0-emulator run scenario [<file>.auth0-scenario.json] (--data <dir> | --seed <export.json>) [--json]`: replays
// a playground scenario in CI with the same transcript, or (with --user/--action and --in-process) runs one login
// for a debugger. --seed runs on an in-memory copy (an export of a running emulator), so it needs no folder lock.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ActionExecutor } from '../../core/actions/runTypes.js';
import { compileQuery } from '../../core/users/search/compile.js';
import type { SeedDocument } from '../../core/seedDocument.js';
import { EmulatorCore } from '../../emulatorCore.js';
import { createFilePersistence } from '../../storage/filePersistence.js';
import { createMemoryPersistence } from '../../storage/memoryPersistence.js';
import { coreFlowHost } from '../actions/coreFlowHost.js';
import { createActionExecutor } from '../actions/executor.js';
import { formatTranscript } from '../actions/formatTranscript.js';
import type { PostLoginResult } from '../../core/actions/flow.js';
import { createSandbox } from '../sandbox/index.js';
import { createDebugExecutor } from './debugExecutor.js';
import { runScenario, scenarioBaseDir, type ScenarioRun } from './runScenario.js';
import { parseScenario, type Scenario } from './scenarioFile.js';

const USAGE = `usage: auth0-emulator run scenario [<file>.auth0-scenario.json] (--data <dir> | --seed <file>) [options]
  --data <dir>        the emulator's data folder (writes land there unless the scenario is a dry run)
  --seed <file>       a seed/export document: runs on an in-memory copy (works while an emulator holds the folder)
  --user <id>         run for this user (repeatable; instead of or added to the file's users)
  --action <file>     Action file or Deploy CLI folder (repeatable; replaces the file's actions)
  --rules <path>      legacy Rules to run first (repeatable; replaces the file's rules)
  --dry-run           write nothing
  --compare           also run the Rules and the Actions side by side and list what differs
  --in-process        run Actions and Rules in this thread, without a time limit (for a debugger)
  --domain <host>     tenant domain (default: the scenario's \`domain\`, else localhost)
  --json              print { results: [{ userId, before, transcript, parity? }] } as JSON`;

export async function runScenarioCommand(argv: string[], io: { out?: NodeJS.WritableStream; err?: NodeJS.WritableStream } = {}): Promise<number> {
  const out = io.out ?? process.stdout;
  const err = io.err ?? process.stderr;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        seed: { type: 'string' },
        user: { type: 'string', multiple: true },
        action: { type: 'string', multiple: true },
        rules: { type: 'string', multiple: true },
        'dry-run': { type: 'boolean' },
        compare: { type: 'boolean' },
        'in-process': { type: 'boolean' },
        domain: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    err.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const args = parsed.values;
  if (args.help) {
    out.write(USAGE + '\n');
    return 0;
  }
  const file = parsed.positionals[0];
  if (!args.data === !args.seed) {
    err.write(`give exactly one of --data or --seed\n${USAGE}\n`);
    return 2;
  }
  const sandbox = createSandbox({ maxWorkers: 1 });
  let core: EmulatorCore | undefined;
  try {
    const fromFile: Partial<Scenario> = file ? parseScenario(JSON.parse(await readFile(file, 'utf8'))) : {};
    const scenario = parseScenario({
      ...fromFile,
      users: [...(fromFile.users ?? []), ...(args.user ?? [])],
      ...(args.action?.length ? { actions: args.action } : {}),
      ...(args.rules?.length ? { rules: args.rules, rulesEnabled: true } : {}),
    });
    // The playground's emulator answers as its own host:port; a scenario saved there names it so CI issues the
    // same tokens and builds the same event.request.hostname / event.tenant.id.
    const domain = args.domain ?? scenario.domain ?? 'localhost';
    if (args.seed) {
      core = await EmulatorCore.create({ persistence: createMemoryPersistence(), domain });
      await core.importData(JSON.parse(await readFile(args.seed, 'utf8')) as SeedDocument);
    } else {
      core = await EmulatorCore.create({ persistence: createFilePersistence({ dir: args.data! }), domain });
    }
    const c = core;
    const execute: ActionExecutor = args['in-process'] ? createDebugExecutor() : createActionExecutor({ sandbox });
    const run = await runScenario(scenario, {
      host: coreFlowHost(c, domain),
      execute,
      sandbox,
      baseDir: file ? scenarioBaseDir(file) : process.cwd(),
      dryRun: args['dry-run'] || scenario.dryRun,
      compare: args.compare ?? false,
      // A debugger may sit on a breakpoint for minutes: no trigger budget then.
      ...(args['in-process'] ? { timeoutMs: 24 * 3600_000, inProcess: true } : {}),
      search: (q, limit) => {
        const match = compileQuery(q);
        const ids: string[] = [];
        for (const u of c.db.values('users')) {
          if (ids.length >= limit) break;
          if (match(u)) ids.push(u.user_id);
        }
        return ids;
      },
    });
    out.write((args.json ? JSON.stringify(run, null, 2) : formatRun(run)) + '\n');
    return run.results.every((r) => r.transcript.status === 'success' || r.transcript.status === 'redirect') ? 0 : 1;
  } catch (e) {
    err.write(`auth0-emulator run scenario: ${(e as Error).message}\n`);
    return 2;
  } finally {
    await core?.close();
    await sandbox.close();
  }
}

function formatRun(run: ScenarioRun): string {
  const lines = [`${run.name ? run.name + ': ' : ''}${run.results.length} user(s)${run.dryRun ? ' (dry run: nothing written)' : ''}`];
  for (const r of run.results) {
    lines.push('', `== ${r.userId}`, formatTranscript(r.transcript as PostLoginResult));
    if (r.parity) lines.push(r.parity.same ? 'Rule and Action agree.' : `Rule and Action differ: ${r.parity.differences.map((d) => `${d.aspect}${d.key ? ' ' + d.key : ''}`).join(', ')}`);
  }
  return lines.join('\n');
}
