// Durability through the real server: concurrent PATCHes to one user lose nothing, and a kill -9 of the CLI under
// write load leaves a loadable data folder holding every acknowledged write.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { aSeed, aUser } from '../support/builders.js';
import { enc, startTestEmulator } from '../support/emulator.js';
import { SAMPLE_USER_IDS } from '../../emulator/seed/sampleSeed.js';

describe('durability', () => {
  it('loses no update when 200 PATCHes hit one user at once', async () => {
    const emu = await startTestEmulator({ seed: aSeed([aUser({ user_id: 'auth0|hot', user_metadata: {} })]) });
    try {
      const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
      const responses = await Promise.all(
        keys.map((k, i) => emu.request('PATCH', `/api/v2/users/${enc('auth0|hot')}`, { json: { user_metadata: { [k]: i } } })),
      );
      assert.ok(responses.every((r) => r.status === 200));
      const user = (await (await emu.request('GET', `/api/v2/users/${enc('auth0|hot')}`)).json()) as { user_metadata: Record<string, number> };
      assert.equal(Object.keys(user.user_metadata).length, 200);
      keys.forEach((k, i) => assert.equal(user.user_metadata[k], i));
    } finally {
      await emu.stop();
    }
  });

  it('survives kill -9 under write load with every acknowledged write on disk', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'auth0-emu-crash-'));
    const cli = join(process.cwd(), 'dist', 'cli.js');
    try {
      const acked = new Map<string, number>();
      for (let round = 0; round < 3; round++) {
        const child = spawn(process.execPath, [cli, '--port', '0', '--data', dir, '--rate-limit', 'off', '--log-level', 'warn', '--client-id', 'c', '--client-secret', 's'], { stdio: ['ignore', 'pipe', 'pipe'] });
        const url = await listeningUrl(child);
        const token = await clientToken(url);
        const agent = new Agent({ keepAlive: true, maxSockets: 16 });
        let stop = false;
        const users = [SAMPLE_USER_IDS.premiumListener, SAMPLE_USER_IDS.freeListener];
        const workers = Array.from({ length: 16 }, async (_, w) => {
          let i = 0;
          while (!stop) {
            const key = `r${round}w${w}`;
            const value = i++;
            const userId = users[w % users.length]!;
            const status = await patch(agent, url, token, userId, { user_metadata: { [key]: value } }).catch(() => 0);
            if (status === 200) acked.set(`${userId} ${key}`, value);
          }
        });
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
        child.kill('SIGKILL');
        stop = true;
        await Promise.all(workers);
        agent.destroy();
        await new Promise((r) => child.once('exit', r));
      }
      assert.ok(acked.size > 10, `expected some acknowledged writes, got ${acked.size}`);
      // Reopen the folder exactly as a user would and check every acknowledged value.
      const emu = await startTestEmulator({ keepDataDir: dir, clientId: 'c', clientSecret: 's' });
      try {
        const byUser = new Map<string, Record<string, number>>();
        for (const [k, v] of acked) {
          const [userId, key] = k.split(' ') as [string, string];
          if (!byUser.has(userId)) {
            const u = (await (await emu.request('GET', `/api/v2/users/${enc(userId)}`)).json()) as { user_metadata?: Record<string, number> };
            byUser.set(userId, u.user_metadata ?? {});
          }
          const stored = byUser.get(userId)![key];
          // A later write may have been applied but not acknowledged before the kill: stored >= acked.
          assert.ok(stored !== undefined && stored >= v, `${k}: acknowledged ${v}, stored ${stored}`);
        }
      } finally {
        await emu.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    child.stderr!.on('data', (d) => (errText += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${errText}`)));
  });
}

async function clientToken(url: string): Promise<string> {
  const host = new URL(url).host;
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'c', client_secret: 's', audience: `https://${host}/api/v2/` }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

function patch(agent: Agent, url: string, token: string, userId: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/api/v2/users/${encodeURIComponent(userId)}`,
      { method: 'PATCH', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
