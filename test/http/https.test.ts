// No code change at all: the emulator serves HTTPS with a generated self-signed certificate, and the unmodified
// SDK trusts it through NODE_EXTRA_CA_CERTS with domain "localhost:PORT" (fact sheet §11).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('HTTPS with a self-signed certificate', () => {
  it('serves the official SDK, v7 and legacy, with no fetch option', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'auth0-emu-https-'));
    const child = spawn(process.execPath, [join('dist', 'cli.js'), '--https', '--port', '0', '--host', '127.0.0.1', '--data', dir, '--rate-limit', 'off', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.stderr.on('data', (d) => (err += d));
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const cert = join(dir, 'tls', 'cert.pem');
      assert.ok(existsSync(cert), 'the certificate is kept in the data folder');
      const port = new URL(url).port;
      const { stdout } = await run(process.execPath, ['test/fixtures/sdk-over-https.mjs', `localhost:${port}`, 'emulator-m2m-client', 'emulator-m2m-secret'], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: cert, NODE_OPTIONS: '' },
      });
      const result = JSON.parse(stdout) as { editors: string[]; total: number };
      assert.deepEqual(result.editors.length, 1, 'the sample playlist editor');
      assert.ok(result.total >= 10, 'the sample users');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
