// (a) Durable PATCH throughput at 10k users: the emulator (file persistence) against json-server 0.17.4 (whole
// db.json rewritten per write) and an in-memory Hono echo server. Each request sets user_metadata.someKey on a
// random user; closed loop with a fixed number of requests in flight. The three servers run side by side and are
// measured in alternating rounds, so background load on a shared machine hits all of them alike.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { SeedUser } from '../emulator/core/seedDocument.js';
import { closedLoop, prng, type LoadResult } from './lib/closedLoop.js';
import { managementToken, startEmulator } from './lib/emulator.js';
import { keepAliveAgent, send } from './lib/http.js';
import { startServer, type RunningServer } from './lib/serverProcess.js';

const PEERS = fileURLToPath(new URL('./peers/', import.meta.url));
const JSON_HEADERS = { 'content-type': 'application/json' };
/**
 * json-server handles one request at a time (a synchronous whole-file write each), so more requests in flight only
 * lengthen its queue, not its throughput, and the queue must drain before the next server's round starts.
 */
const JSON_SERVER_CONCURRENCY = 8;

export interface PatchSetup {
  workDir: string;
  seedFile: string;
  users: SeedUser[];
  /** Users the requests pick from. */
  targetIds: string[];
  concurrency: number;
  warmupMs: number;
  /** Measured time per target per round. */
  durationMs: number;
  rounds: number;
  clientId: string;
  clientSecret: string;
  emulatorArgs?: string[];
}

export interface TargetFigures {
  /** Median of the rounds' req/s. */
  rps: number;
  roundsRps: number[];
  ok: number;
  errors: number;
  firstError?: string;
}

export interface PatchFigures {
  echo: TargetFigures;
  jsonServer: TargetFigures;
  emulator?: TargetFigures & { durable: boolean };
}

interface Target {
  name: 'echo' | 'jsonServer' | 'emulator';
  /** Requests in flight; json-server gets fewer (see JSON_SERVER_CONCURRENCY). */
  concurrency: number;
  server: RunningServer;
  path: (id: string) => string;
  headers: Record<string, string>;
  rounds: LoadResult[];
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function measure(target: Target, setup: PatchSetup, round: number): Promise<LoadResult> {
  const agent = keepAliveAgent(target.concurrency);
  const pick = prng(7 + round);
  try {
    return await closedLoop(
      { concurrency: target.concurrency, warmupMs: setup.warmupMs, durationMs: setup.durationMs },
      async (n) => {
        const id = setup.targetIds[Math.floor(pick() * setup.targetIds.length)]!;
        const body = JSON.stringify({ user_metadata: { someKey: `value-${round}-${n}` } });
        const reply = await send(agent, 'PATCH', new URL(target.path(id), target.server.url), target.headers, body);
        return reply.status === 200 || `${reply.status} ${reply.body.slice(0, 200)}`;
      },
    );
  } finally {
    agent.destroy();
  }
}

function summarise(target: Target): TargetFigures {
  return {
    rps: median(target.rounds.map((r) => r.rps)),
    roundsRps: target.rounds.map((r) => Math.round(r.rps * 10) / 10),
    ok: target.rounds.reduce((s, r) => s + r.ok, 0),
    errors: target.rounds.reduce((s, r) => s + r.errors, 0),
    firstError: target.rounds.find((r) => r.firstError)?.firstError,
  };
}

const userPath = (id: string) => `/api/v2/users/${encodeURIComponent(id)}`;

/** One last PATCH, SIGINT, restart without a seed, read it back: the write must have reached the disk. */
async function provesDurable(server: RunningServer, setup: PatchSetup, cliPath: string, headers: Record<string, string>) {
  const agent = keepAliveAgent(1);
  const launch = { cliPath, dataDir: join(setup.workDir, 'emulator-patch-data'), clientId: setup.clientId, clientSecret: setup.clientSecret, extraArgs: setup.emulatorArgs };
  const probe = setup.targetIds[0]!;
  const marker = JSON.stringify({ user_metadata: { someKey: 'durability-check' } });
  const last = await send(agent, 'PATCH', new URL(userPath(probe), server.url), headers, marker);
  await server.stop('SIGINT');
  const again = await startEmulator(launch);
  try {
    const token = await managementToken(agent, again.url, setup.clientId, setup.clientSecret);
    const read = await send(agent, 'GET', new URL(userPath(probe), again.url), { authorization: `Bearer ${token}` });
    const stored = read.status === 200 ? (JSON.parse(read.body) as { user_metadata?: { someKey?: string } }) : {};
    return last.status === 200 && stored.user_metadata?.someKey === 'durability-check';
  } finally {
    agent.destroy();
    await again.stop();
  }
}

export async function benchPatch(setup: PatchSetup, cliPath: string | undefined, log: (m: string) => void): Promise<PatchFigures> {
  const targets: Target[] = [];
  try {
    const echo = await startServer(process.execPath, ['--import', 'tsx', join(PEERS, 'echoServer.ts')]);
    targets.push({ name: 'echo', concurrency: setup.concurrency, server: echo, path: userPath, headers: JSON_HEADERS, rounds: [] });

    const dbFile = join(setup.workDir, 'json-server-db.json');
    // Same users; json-server has no notion of passwords, so the seed-only fields stay out.
    await writeFile(dbFile, JSON.stringify({ users: setup.users.map(({ password: _p, connection: _c, ...u }) => u) }));
    const jsonServer = await startServer(process.execPath, ['--import', 'tsx', join(PEERS, 'jsonServer.ts'), dbFile]);
    targets.push({ name: 'jsonServer', concurrency: Math.min(setup.concurrency, JSON_SERVER_CONCURRENCY), server: jsonServer, path: (id) => `/users/${encodeURIComponent(id)}`, headers: JSON_HEADERS, rounds: [] });

    let emulatorHeaders: Record<string, string> | undefined;
    if (cliPath) {
      const emulator = await startEmulator({
        cliPath,
        dataDir: join(setup.workDir, 'emulator-patch-data'),
        seedFile: setup.seedFile,
        clientId: setup.clientId,
        clientSecret: setup.clientSecret,
        extraArgs: setup.emulatorArgs,
      });
      const agent = keepAliveAgent(1);
      const token = await managementToken(agent, emulator.url, setup.clientId, setup.clientSecret);
      agent.destroy();
      emulatorHeaders = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
      targets.push({ name: 'emulator', concurrency: setup.concurrency, server: emulator, path: userPath, headers: emulatorHeaders, rounds: [] });
    }

    for (let round = 0; round < setup.rounds; round++) {
      for (const target of targets) {
        log(`round ${round + 1}/${setup.rounds}: ${target.name}`);
        target.rounds.push(await measure(target, setup, round));
      }
    }

    const byName = (name: Target['name']) => targets.find((t) => t.name === name);
    const emulatorTarget = byName('emulator');
    const figures: PatchFigures = { echo: summarise(byName('echo')!), jsonServer: summarise(byName('jsonServer')!) };
    if (emulatorTarget && cliPath && emulatorHeaders) {
      log('durability check (PATCH, SIGINT, restart, GET)');
      figures.emulator = { ...summarise(emulatorTarget), durable: await provesDurable(emulatorTarget.server, setup, cliPath, emulatorHeaders) };
    }
    return figures;
  } finally {
    for (const t of targets) await t.server.stop();
  }
}
