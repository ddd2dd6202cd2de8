// (a) Durable PATCH throughput at 10k users: the emulator (file persistence) against json-server 0.17.4 (whole
// db.json rewritten per write) and an in-memory Hono echo server. Each request sets user_metadata.someKey on a
// random user; closed loop with a fixed number of requests in flight.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { SeedUser } from '../emulator/core/seedDocument.js';
import { closedLoop, prng, type LoadResult } from './lib/closedLoop.js';
import { managementToken, startEmulator } from './lib/emulator.js';
import { keepAliveAgent, send } from './lib/http.js';
import { startServer, type RunningServer } from './lib/serverProcess.js';

const PEERS = fileURLToPath(new URL('./peers/', import.meta.url));

export interface PatchSetup {
  workDir: string;
  seedFile: string;
  users: SeedUser[];
  /** Users the requests pick from. */
  targetIds: string[];
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  clientId: string;
  clientSecret: string;
}

export interface PatchFigures {
  echo: LoadResult;
  jsonServer: LoadResult;
  emulator?: LoadResult & { durable: boolean };
}

function patchBody(n: number): string {
  return JSON.stringify({ user_metadata: { someKey: `value-${n}` } });
}

async function drive(
  server: RunningServer,
  setup: PatchSetup,
  pathFor: (id: string) => string,
  headers: Record<string, string>,
): Promise<LoadResult> {
  const agent = keepAliveAgent(setup.concurrency);
  const pick = prng(7);
  try {
    return await closedLoop(
      { concurrency: setup.concurrency, warmupMs: setup.warmupMs, durationMs: setup.durationMs },
      async (n) => {
        const id = setup.targetIds[Math.floor(pick() * setup.targetIds.length)]!;
        const reply = await send(agent, 'PATCH', new URL(pathFor(id), server.url), headers, patchBody(n));
        return reply.status === 200 || `${reply.status} ${reply.body.slice(0, 200)}`;
      },
    );
  } finally {
    agent.destroy();
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export async function benchEcho(setup: PatchSetup): Promise<LoadResult> {
  const server = await startServer(process.execPath, ['--import', 'tsx', join(PEERS, 'echoServer.ts')]);
  try {
    return await drive(server, setup, (id) => `/api/v2/users/${encodeURIComponent(id)}`, JSON_HEADERS);
  } finally {
    await server.stop();
  }
}

export async function benchJsonServer(setup: PatchSetup): Promise<LoadResult> {
  const dbFile = join(setup.workDir, 'json-server-db.json');
  // Same users; json-server has no notion of passwords, so the seed-only fields stay out.
  const users = setup.users.map(({ password: _p, connection: _c, ...user }) => user);
  await writeFile(dbFile, JSON.stringify({ users }));
  const server = await startServer(process.execPath, ['--import', 'tsx', join(PEERS, 'jsonServer.ts'), dbFile]);
  try {
    return await drive(server, setup, (id) => `/users/${encodeURIComponent(id)}`, JSON_HEADERS);
  } finally {
    await server.stop();
  }
}

/** Runs the load, then proves durability: one last PATCH, SIGINT, restart without seed, read it back. */
export async function benchEmulator(setup: PatchSetup, cliPath: string): Promise<LoadResult & { durable: boolean }> {
  const dataDir = join(setup.workDir, 'emulator-patch-data');
  const launch = { cliPath, dataDir, clientId: setup.clientId, clientSecret: setup.clientSecret };
  let server = await startEmulator({ ...launch, seedFile: setup.seedFile });
  const agent = keepAliveAgent(2);
  try {
    const token = await managementToken(agent, server.url, setup.clientId, setup.clientSecret);
    const headers = { ...JSON_HEADERS, authorization: `Bearer ${token}` };
    const userPath = (id: string) => `/api/v2/users/${encodeURIComponent(id)}`;
    const result = await drive(server, setup, userPath, headers);

    const probe = setup.targetIds[0]!;
    const marker = JSON.stringify({ user_metadata: { someKey: 'durability-check' } });
    const last = await send(agent, 'PATCH', new URL(userPath(probe), server.url), headers, marker);
    await server.stop('SIGINT');
    server = await startEmulator(launch);
    const again = await managementToken(agent, server.url, setup.clientId, setup.clientSecret);
    const read = await send(agent, 'GET', new URL(userPath(probe), server.url), { authorization: `Bearer ${again}` });
    const stored = read.status === 200 ? (JSON.parse(read.body) as { user_metadata?: { someKey?: string } }) : {};
    return { ...result, durable: last.status === 200 && stored.user_metadata?.someKey === 'durability-check' };
  } finally {
    agent.destroy();
    await server.stop();
  }
}
