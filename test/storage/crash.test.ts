// kill -9 at random moments, compaction included: the data folder always loads and holds every acknowledged commit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFilePersistence, DATA_FILE_NAME } from '../../emulator/storage/filePersistence.js';
import { crashImage, sampleUser, tempFolders } from './folders.js';

const fixture = fileURLToPath(new URL('./fixtures/commitUntilKilled.ts', import.meta.url));
const COMPACT_AFTER_BYTES = 64 * 1024;

interface Round {
  acknowledged: number[];
  sawCompaction: boolean;
}

/** Runs the child until the kill trigger fires, SIGKILLs it, and returns the numbers it printed as acknowledged. */
function runAndKill(dir: string, firstNumber: number, killDuringCompaction: boolean): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dir, String(COMPACT_AFTER_BYTES), String(firstNumber)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let armed = false;
    let sawCompaction = false;
    const kill = (afterMs: number) => setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!armed && stdout.includes('ready\n') && !killDuringCompaction) {
        armed = true;
        kill(100 + Math.random() * 400);
      }
      if (!sawCompaction && stdout.includes('compacting\n')) {
        sawCompaction = true;
        if (killDuringCompaction && !armed) {
          armed = true;
          kill(Math.random() * 30);
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const deadline = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(deadline);
      if (signal !== 'SIGKILL') return reject(new Error(`child ended on its own (${signal}): ${stderr}`));
      // Only whole lines count: a number cut off mid-print was still acknowledged, but we cannot read it.
      const lines = stdout.slice(0, stdout.lastIndexOf('\n') + 1).split('\n');
      const acknowledged = lines.filter((line) => /^\d+$/.test(line)).map(Number);
      resolve({ acknowledged, sawCompaction });
    });
  });
}

describe('crash safety (kill -9 while committing)', function () {
  this.timeout(60_000);
  const folders = tempFolders();
  after(() => folders.cleanup());

  it('never loses an acknowledged commit and always leaves a loadable folder', async () => {
    const dir = await folders.make();
    const everAcknowledged: number[] = [];
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const killDuringCompaction = round % 2 === 1;
      const { acknowledged, sawCompaction } = await runAndKill(dir, round * 1_000_000, killDuringCompaction);
      assert.ok(acknowledged.length > 0, `round ${round}: the child acknowledged commits before it was killed`);
      if (killDuringCompaction) assert.ok(sawCompaction, `round ${round}: the kill was aimed at a compaction`);
      everAcknowledged.push(...acknowledged);

      JSON.parse(await readFile(join(dir, DATA_FILE_NAME), 'utf8')); // the lowdb file is whole JSON at every moment

      // Check a copy, so the next child starts from the crashed folder itself (torn journal, stale lock and all).
      const persistence = createFilePersistence({ dir: await crashImage(dir, await folders.make()) });
      const snapshot = await persistence.load();
      await persistence.close();
      const missing = everAcknowledged.filter((n) => {
        const user = snapshot.users[sampleUser(n).user_id];
        return user?.app_metadata?.seq !== n;
      });
      assert.deepEqual(missing, [], `round ${round}: acknowledged commits missing after the crash`);
      const last = snapshot.meta.last?.value as number;
      assert.ok(last >= Math.max(...acknowledged), `round ${round}: commits were applied in order`);
    }
  });
});
