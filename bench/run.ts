// `npm run bench`: starts every server in its own child process, exactly as users do, and measures side by side
// (a) durable PATCH throughput at 10k users vs json-server and an echo server, (b) search latency at 100k users,
// (c) cold start time and memory at 100k users. Prints a table, then one JSON line (the last line of output).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { largeSeed } from '../emulator/seed/largeSeed.js';
import { writeSeedFile } from '../emulator/seed/writeSeedFile.js';
import { benchColdStart, prepareDataDir, type ColdStartFigures } from './coldStart.js';
import { managementToken } from './lib/emulator.js';
import { keepAliveAgent } from './lib/http.js';
import { benchPatch, median, type PatchSetup, type TargetFigures } from './patchThroughput.js';

import { printTable, round, type Row } from './report.js';
import { benchActions, type ActionsBenchFigures } from './actions.js';
import { benchExtension, type ExtensionFigures } from './extension.js';
import { benchSearch, searchQueries, type SearchFigures } from './searchLatency.js';

const { values: opt } = parseArgs({
  options: {
    cli: { type: 'string', default: 'dist/cli.js' },
    'patch-users': { type: 'string', default: '10000' },
    'search-users': { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    'search-per-kind': { type: 'string', default: '60' },
    'cold-runs': { type: 'string', default: '3' },
    only: { type: 'string', default: 'patch,search,actions,extension' },
    'emulator-arg': { type: 'string', multiple: true, default: [] },
  },
});

const CLIENT_ID = 'bench-m2m-client';
const CLIENT_SECRET = 'bench-m2m-secret-0123456789abcdef';
const cliPath = resolve(opt.cli);
const cliAvailable = existsSync(cliPath);
const only = new Set(opt.only.split(','));
const log = (msg: string) => console.error(`[bench] ${msg}`);

async function patchPart(workDir: string) {
  const n = Number(opt['patch-users']);
  const doc = largeSeed(n, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const storyCount = doc.users!.length - n;
  const seedFile = join(workDir, `seed-${n}.json`);
  await writeSeedFile(seedFile, doc, { pretty: false });
  const setup: PatchSetup = {
    workDir,
    seedFile,
    users: doc.users!,
    targetIds: doc.users!.slice(storyCount).map((u) => u.user_id!),
    concurrency: Number(opt.concurrency),
    warmupMs: 1000,
    durationMs: Number(opt.seconds) * 1000,
    rounds: Number(opt.rounds),
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    emulatorArgs: opt['emulator-arg'],
  };
  log(`PATCH at ${doc.users!.length} users, ${setup.concurrency} in flight, ${setup.rounds} rounds of ${opt.seconds} s per server`);
  const { echo, jsonServer, emulator } = await benchPatch(setup, cliAvailable ? cliPath : undefined, log);
  return { users: doc.users!.length, echo, jsonServer, emulator };
}

async function searchPart(workDir: string) {
  if (!cliAvailable) return undefined;
  const n = Number(opt['search-users']);
  log(`generating ${n} users…`);
  const doc = largeSeed(n, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const seedFile = join(workDir, `seed-${n}.json`);
  await writeSeedFile(seedFile, doc, { pretty: false });
  const launch = {
    cliPath,
    dataDir: join(workDir, 'emulator-100k-data'),
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    extraArgs: opt['emulator-arg'],
  };
  log('seeding the data folder (first start with --seed, then SIGINT)…');
  const prepareMs = await prepareDataDir({ ...launch, seedFile });
  log(`cold starts ×${opt['cold-runs']}…`);
  const { figures, server } = await benchColdStart(launch, Number(opt['cold-runs']));
  const cold: ColdStartFigures = { prepareMs, ...figures };
  let search: SearchFigures;
  try {
    const agent = keepAliveAgent(1);
    const token = await managementToken(agent, server.url, CLIENT_ID, CLIENT_SECRET);
    agent.destroy();
    const perKind = Number(opt['search-per-kind']);
    const queries = searchQueries(doc.users!, perKind + 10);
    log(`search: ${perKind * 5} sequential queries after ${50} warm-up…`);
    search = await benchSearch(server.url, token, queries.slice(0, 50), queries.slice(50, 50 + perKind * 5));
  } finally {
    await server.stop('SIGINT', 60000);
  }
  return { users: doc.users!.length, cold, search };
}

async function main(): Promise<void> {
  const started = performance.now();
  // Other work on the machine skews every figure; the load average is reported so readers can judge.
  const loadStart = loadavg()[0];
  if (!cliAvailable) log(`${cliPath} not found: emulator figures will be n/a (run \`npm run build\`)`);
  const workDir = await mkdtemp(join(tmpdir(), 'auth0-emulator-bench-'));
  try {
    const patch = only.has('patch') ? await patchPart(workDir) : undefined;
    const searchCold = only.has('search') ? await searchPart(workDir) : undefined;
    let actions: ActionsBenchFigures | undefined;
    if (only.has('actions')) {
      log('Actions: warm overhead of one Action and a five-Action flow…');
      actions = await benchActions({ log });
    }
    let extension: ExtensionFigures | undefined;
    if (only.has('extension') && existsSync('dist/extension.cjs')) {
      log('extension: activation and bundle sizes…');
      extension = benchExtension();
    }
    const extensionBundle = extension ? Object.entries(extension.bytes).filter(([k]) => k.startsWith('dist/extension.cjs') || k.startsWith('dist/directory.cjs')).reduce((a, [, v]) => a + (v ?? 0), 0) : null;

    const emuRps = patch?.emulator?.rps ?? null;
    // Ratios are taken round by round (the servers ran back to back within a round), then the median.
    const ratio = (peer: TargetFigures | undefined) => {
      const emu = patch?.emulator?.roundsRps;
      if (!emu || !peer) return null;
      return median(emu.map((r, i) => r / (peer.roundsRps[i] ?? Number.NaN)).filter((x) => Number.isFinite(x)));
    };
    const rows: Row[] = [
      { metric: `PATCH req/s, emulator (durable, ${patch?.users ?? '-'} users)`, value: emuRps, unit: 'req/s' },
      { metric: 'PATCH req/s, json-server 0.17.4', value: patch?.jsonServer.rps ?? null, unit: 'req/s' },
      { metric: 'PATCH req/s, Hono echo (in memory)', value: patch?.echo.rps ?? null, unit: 'req/s' },
      { metric: 'patch_vs_jsonserver', value: ratio(patch?.jsonServer), unit: 'x', target: ['>=', 10] },
      { metric: 'patch_vs_echo', value: ratio(patch?.echo), unit: 'x', target: ['>=', 0.5] },
      { metric: `search p50 (${searchCold?.users ?? '-'} users)`, value: searchCold?.search.p50 ?? null, unit: 'ms' },
      { metric: 'search p95', value: searchCold?.search.p95 ?? null, unit: 'ms', target: ['<', 25] },
      ...Object.entries(searchCold?.search.byKind ?? {}).map(([kind, f]) => ({
        metric: `  search p95, ${kind}`,
        value: f.p95,
        unit: 'ms',
      })),
      { metric: 'cold start to "listening on"', value: searchCold?.cold.medianMs ?? null, unit: 'ms', target: ['<', 1500] },
      { metric: 'cold start RSS', value: searchCold?.cold.medianRssMb ?? null, unit: 'MB', target: ['<', 400] },
      { metric: 'Action warm overhead (one Action)', value: actions?.oneActionOverheadMs ?? null, unit: 'ms', target: ['<', 5] },
      { metric: 'five-Action flow (whole)', value: actions?.fiveActionFlowMs ?? null, unit: 'ms' },
      { metric: 'five-Action flow overhead', value: actions?.fiveActionOverheadMs ?? null, unit: 'ms' },
      { metric: 'extension activation (median)', value: extension?.activationMs.median ?? null, unit: 'ms', target: ['<', 100] },
      { metric: 'extension bundle (extension.cjs + SDK chunk)', value: extensionBundle === null ? null : extensionBundle / 1024 / 1024, unit: 'MB', target: ['<', 2] },
    ];
    console.log('');
    printTable(rows);
    const problems = [
      patch?.emulator && !patch.emulator.durable ? 'emulator lost the last PATCH across a restart' : undefined,
      patch?.emulator?.errors ? `emulator PATCH errors: ${patch.emulator.errors} (${patch.emulator.firstError})` : undefined,
      patch?.jsonServer.errors ? `json-server errors: ${patch.jsonServer.errors} (${patch.jsonServer.firstError})` : undefined,
      patch?.echo.errors ? `echo errors: ${patch.echo.errors} (${patch.echo.firstError})` : undefined,
      searchCold?.search.errors ? `search errors: ${searchCold.search.errors} (${searchCold.search.firstError})` : undefined,
      cliAvailable ? undefined : `emulator CLI missing at ${cliPath}`,
    ].filter(Boolean);
    for (const p of problems) console.log(`! ${p}`);
    console.log(`(total ${((performance.now() - started) / 1000).toFixed(0)} s; 1-min load average ${loadStart?.toFixed(1)} at start, ${loadavg()[0]?.toFixed(1)} at end)`);

    console.log(
      JSON.stringify({
        patch_vs_jsonserver: round(ratio(patch?.jsonServer)),
        patch_vs_echo: round(ratio(patch?.echo)),
        search_p95_ms: round(searchCold?.search.p95),
        cold_start_ms: round(searchCold?.cold.medianMs, 0),
        cold_start_rss_mb: round(searchCold?.cold.medianRssMb, 1),
        patch_rps_emulator: round(emuRps, 0),
        patch_rps_jsonserver: round(patch?.jsonServer.rps, 1),
        patch_rps_echo: round(patch?.echo.rps, 0),
        patch_rounds_rps: patch
          ? { emulator: patch.emulator?.roundsRps ?? null, jsonserver: patch.jsonServer.roundsRps, echo: patch.echo.roundsRps }
          : null,
        patch_users: patch?.users ?? null,
        patch_concurrency: Number(opt.concurrency),
        patch_errors_emulator: patch?.emulator?.errors ?? null,
        patch_durable: patch?.emulator?.durable ?? null,
        search_p50_ms: round(searchCold?.search.p50),
        search_queries: searchCold?.search.count ?? null,
        search_errors: searchCold?.search.errors ?? null,
        search_p95_by_kind_ms: Object.fromEntries(
          Object.entries(searchCold?.search.byKind ?? {}).map(([k, f]) => [k, round(f.p95)]),
        ),
        search_users: searchCold?.users ?? null,
        cold_start_runs: searchCold?.cold.runs.map((r) => ({ ms: round(r.ms, 0), rss_mb: round(r.rssMb, 1) })) ?? null,
        seeded_start_ms: round(searchCold?.cold.prepareMs, 0),
        emulator_cli: cliAvailable ? cliPath : null,
        actions_one_overhead_ms: actions ? round(actions.oneActionOverheadMs) : null,
        actions_five_flow_ms: actions ? round(actions.fiveActionFlowMs) : null,
        actions_five_overhead_ms: actions ? round(actions.fiveActionOverheadMs) : null,
        extension_activation_ms: extension ? round(extension.activationMs.median) : null,
        extension_bundle_bytes: extensionBundle,
        load_avg_1m: { start: round(loadStart), end: round(loadavg()[0]) },
      }),
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
