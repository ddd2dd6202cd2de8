// Starts a whole emulator (state, HTTP app, socket) from options: the one entry point shared by the CLI, the
// tests and the benchmarks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorCore, type EmulatorCoreOptions } from './emulatorCore.js';
import { createApp, type AppExtensions } from './http/app.js';
import { listen, type ListeningServer } from './http/listen.js';
import { loadOrCreateCertificate } from './tls.js';
import { createFilePersistence } from './storage/filePersistence.js';
import { createMemoryPersistence } from './storage/memoryPersistence.js';
import type { Persistence } from './storage/persistence.js';

/** The core's options (persistence made from dataDir/ephemeral unless given), plus the socket and the runtimes. */
export interface StartOptions extends Omit<EmulatorCoreOptions, 'persistence'> {
  host?: string;
  port?: number;
  /** Data folder; ignored with `ephemeral`. */
  dataDir?: string;
  ephemeral?: boolean;
  https?: boolean;
  /** One log line per request (method, path, status, time). */
  logRequests?: boolean;
  /** Runtimes (Actions, Rules, custom DB) attach their routes and grants here. */
  extend?: (core: EmulatorCore) => Promise<AppExtensions> | AppExtensions;
  persistence?: Persistence;
}

export interface RunningEmulator {
  core: EmulatorCore;
  server: ListeningServer;
  url: string;
  /** The self-signed certificate (with --https), for NODE_EXTRA_CA_CERTS. */
  certPath?: string;
  /** Whether the initial seed was loaded (false: the data folder already held data, so it was left as it was). */
  seededFromInitial: boolean;
  stop(): Promise<void>;
}

export async function startEmulator(opts: StartOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const persistence =
    opts.persistence ?? (opts.ephemeral || !opts.dataDir ? createMemoryPersistence() : createFilePersistence({ dir: opts.dataDir }));
  const { host: _host, port: _port, dataDir: _dataDir, ephemeral: _ephemeral, https: _https, logRequests: _logRequests, extend: _extend, ...coreOptions } = opts;
  const core = await EmulatorCore.create({ ...coreOptions, persistence });
  let server: ListeningServer;
  let certPath: string | undefined;
  try {
    const ext = opts.extend ? await opts.extend(core) : {};
    const app = createApp(core, { ...ext, logRequests: opts.logRequests });
    let tls: { key: string; cert: string } | undefined;
    if (opts.https) {
      const certDir = opts.dataDir && !opts.ephemeral ? opts.dataDir : mkdtempSync(join(tmpdir(), 'auth0-emulator-tls-'));
      const material = await loadOrCreateCertificate(certDir, opts.domain?.replace(/:\d+$/, ''));
      tls = material;
      certPath = material.certPath;
    }
    server = await listen(app, { host, port: opts.port ?? 0, tls });
  } catch (e) {
    await core.close();
    throw e;
  }
  core.url = server.url;
  let stopped = false;
  return {
    core,
    server,
    url: server.url,
    certPath,
    seededFromInitial: core.seededFromInitial,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await core.close();
    },
  };
}
