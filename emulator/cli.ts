// The `auth0-emulator` command. `auth0-emulator [serve] [flags]` runs the emulator and prints `listening on <url>`
// once it accepts requests; `auth0-emulator run <post-login|rules|custom-db> ...` runs user code once and prints
// its transcript. SIGINT/SIGTERM flush the data folder and exit 0.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SeedDocument } from './core/seedDocument.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_RATE_LIMIT, EMULATOR_VERSION } from './emulatorCore.js';
import { startEmulator } from './server.js';
import { DataFolderError } from './storage/persistence.js';
import { sampleSeed } from './seed/sampleSeed.js';
import { attachRuntimes, runtimeFlags } from './runtimeWiring.js';

const HELP = `auth0-emulator ${EMULATOR_VERSION}: a local emulator of Auth0's user data plane

Usage:
  auth0-emulator [serve] [options]            run the emulator
  auth0-emulator run post-login [options]     run Actions against a stored user (see --help there)
  auth0-emulator run rules [options]          run legacy Rules against a stored user
  auth0-emulator run custom-db [options]      run a custom database connection's scripts
  auth0-emulator run scenario <file> [options] replay a playground scenario (*.auth0-scenario.json) in CI

Options (serve):
  --port <n>             port to listen on; 0 = any free port (default 8787, env AUTH0_EMULATOR_PORT)
  --host <addr>          address to bind (default 127.0.0.1; anything else exposes the emulator to the network)
  --data <dir>           data folder for the lowdb file (default ~/.local/share/auth0-emulator, env AUTH0_EMULATOR_DATA)
  --ephemeral            keep everything in memory; nothing is written
  --seed <file>          JSON seed (users, clients, roles, connections) loaded into an empty data folder
  --no-sample-data       start an empty data folder without the sample users
  --client-id <id>       the seeded M2M client (env AUTH0_EMULATOR_CLIENT_ID; default ${DEFAULT_CLIENT_ID})
  --client-secret <s>    its secret, also the x-emulator-key of control routes (env AUTH0_EMULATOR_CLIENT_SECRET)
  --domain <host>        tenant domain to pretend to be (default: the host:port requests are sent to)
  --rate-limit <p>       off | free | essentials | enterprise | enterprise-nonprod | custom:<burst>:<perSecond>
                         (default ${DEFAULT_RATE_LIMIT})
  --https                serve HTTPS with a generated self-signed certificate (use with NODE_EXTRA_CA_CERTS)
  --log-level <l>        warn (default: the banner, warnings, errors) | info (also one line per request) | silent
${runtimeFlags.help}
  --version, --help
`;

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'auth0-emulator');
}

function readSeed(path: string): SeedDocument {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SeedDocument;
  } catch (e) {
    throw new Error(`Cannot read seed file ${path}: ${(e as Error).message}`);
  }
}

async function serve(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      ephemeral: { type: 'boolean' },
      seed: { type: 'string' },
      'sample-data': { type: 'boolean' },
      'no-sample-data': { type: 'boolean' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      domain: { type: 'string' },
      'rate-limit': { type: 'string' },
      https: { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean' },
      version: { type: 'boolean' },
      ...runtimeFlags.options,
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(EMULATOR_VERSION + '\n');
    return 0;
  }
  const port = Number(values.port ?? process.env.AUTH0_EMULATOR_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const logLevel = values['log-level'] ?? 'warn';
  if (!['info', 'warn', 'silent'].includes(logLevel)) throw new Error(`--log-level must be info, warn or silent, got ${logLevel}`);
  const err = (line: string) => process.stderr.write(line + '\n');
  const log = logLevel === 'silent' ? () => {} : err;
  const dataDir = values.ephemeral ? undefined : resolve(values.data ?? process.env.AUTH0_EMULATOR_DATA ?? defaultDataDir());
  const clientId = values['client-id'] ?? process.env.AUTH0_EMULATOR_CLIENT_ID ?? DEFAULT_CLIENT_ID;
  const clientSecret = values['client-secret'] ?? process.env.AUTH0_EMULATOR_CLIENT_SECRET ?? DEFAULT_CLIENT_SECRET;
  const sampleWanted = !values['no-sample-data'];
  const initialSeed = values.seed ? readSeed(values.seed) : sampleWanted ? sampleSeed({ clientId, clientSecret }) : undefined;

  const running = await startEmulator({
    host: values.host ?? '127.0.0.1',
    port,
    dataDir,
    ephemeral: values.ephemeral,
    https: values.https,
    domain: values.domain,
    rateLimit: values['rate-limit'],
    clientId,
    clientSecret,
    initialSeed,
    sampleSeed: () => sampleSeed({ clientId, clientSecret }),
    log,
    logRequests: logLevel === 'info',
    extend: (core) => attachRuntimes(core, values as Record<string, unknown>, log),
  });

  if (values.seed && running.seededFromInitial === false) {
    err(`warning: --seed ${values.seed} was not loaded: the data folder ${running.core.db.location} already holds data (use a new --data folder, --ephemeral, or POST /_emulator/import)`);
  }
  const host = values.host ?? '127.0.0.1';
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    err(`warning: listening on ${host}: the emulator and its control routes are reachable from other machines; its tokens and data are for testing only`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: flushing and stopping`);
    try {
      await running.stop();
      process.exit(0);
    } catch (e) {
      err(`error while stopping: ${(e as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // The one line tools wait for; everything else goes to stderr.
  process.stdout.write(`listening on ${running.url}\n`);
  const domain = values.domain ?? new URL(running.url).host;
  const h = running.core.health(domain);
  err(
    [
      '',
      `  Auth0 emulator ${EMULATOR_VERSION}`,
      `  URL            ${running.url}`,
      `  domain         ${domain}${values.domain ? '' : ' (the host:port you call it on)'}`,
      `  M2M client     client_id=${clientId}`,
      `                 client_secret=${clientSecret}`,
      `  audience       https://${domain}/api/v2/`,
      `  data           ${h.storage}`,
      `  users          ${h.users}`,
      `  rate limit     ${h.rateLimit.profile}`,
      running.certPath ? `  certificate    ${running.certPath}  (export NODE_EXTRA_CA_CERTS=${running.certPath})` : '',
      '',
    ]
      .filter((l) => l !== '')
      .join('\n') + '\n',
  );
  return -1; // keep running
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === 'run') {
    const { runSubcommand } = await import('./runtimeWiring.js');
    return runSubcommand(rest);
  }
  if (first === 'serve') return serve(rest);
  return serve(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e: unknown) => {
    if (e instanceof DataFolderError) {
      process.stderr.write(`DataFolderError (${e.reason}) at ${e.path}: ${e.message}\n`);
      process.exit(2);
    }
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      process.stderr.write(`${code}: cannot listen: ${(e as Error).message}. Choose another --port (0 picks a free one).\n`);
      process.exit(3);
    }
    process.stderr.write(`auth0-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
