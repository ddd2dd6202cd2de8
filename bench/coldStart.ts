// (c) Cold start with 100k users: spawn-to-`listening on` time and resident memory right after, for a data
// folder that already holds the users (prepared by one seeded start stopped with SIGINT, as CI caches would).
import { startEmulator, type EmulatorLaunch } from './lib/emulator.js';
import { rssMb, type RunningServer } from './lib/serverProcess.js';

export interface ColdStartFigures {
  prepareMs: number;
  runs: Array<{ ms: number; rssMb: number }>;
  medianMs: number;
  medianRssMb: number;
}

/** Seeds `dataDir` from `seedFile` once, and stops; resolves with how long the seeded start took. */
export async function prepareDataDir(launch: EmulatorLaunch & { seedFile: string }): Promise<number> {
  const server = await startEmulator({ ...launch, timeoutMs: 300000 });
  const code = await server.stop('SIGINT', 60000);
  if (code !== 0) throw new Error(`seeded emulator exited with ${code} on SIGINT`);
  return server.startupMs;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/**
 * Starts the emulator `runs` times on the prepared folder (no seed); all but the last are stopped. The last one is
 * handed back still running, for the search benchmark.
 */
export async function benchColdStart(
  launch: Omit<EmulatorLaunch, 'seedFile'>,
  runs: number,
): Promise<{ figures: Omit<ColdStartFigures, 'prepareMs'>; server: RunningServer }> {
  const results: ColdStartFigures['runs'] = [];
  let server: RunningServer | undefined;
  for (let i = 0; i < runs; i++) {
    if (server) await server.stop('SIGINT', 60000);
    server = await startEmulator(launch);
    results.push({ ms: server.startupMs, rssMb: rssMb(server.pid) });
  }
  return {
    figures: {
      runs: results,
      medianMs: median(results.map((r) => r.ms)),
      medianRssMb: median(results.map((r) => r.rssMb)),
    },
    server: server!,
  };
}
