// Starts a real emulator for a test: HTTP on 127.0.0.1 port 0, a real lowdb data folder in a temp dir (or
// memory), and helpers for tokens and requests. Every test file gets its own instance.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorControlClient } from '../../emulator/client.js';
import type { SeedDocument } from '../../emulator/core/seedDocument.js';
import { startEmulator, type RunningEmulator, type StartOptions } from '../../emulator/server.js';
import { attachRuntimes } from '../../emulator/runtimeWiring.js';

export const TEST_CLIENT_ID = 'test-m2m-client';
export const TEST_CLIENT_SECRET = 'test-m2m-secret';

export interface TestEmulator {
  url: string;
  /** host:port, what the SDK takes as `domain`. */
  domain: string;
  dataDir: string | undefined;
  running: RunningEmulator;
  control: EmulatorControlClient;
  /** A client-credentials token with every scope of the seeded client (or the given subset). */
  token(scopes?: string[]): Promise<string>;
  /** fetch against the emulator with a bearer token; `json` sets the body. */
  request(method: string, path: string, opts?: { token?: string | null; json?: unknown; body?: string; headers?: Record<string, string> }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestEmulator(
  opts: Partial<StartOptions> & {
    seed?: SeedDocument;
    persist?: boolean;
    keepDataDir?: string;
    /** CLI runtime flags (`actions`, `rules`, `rules-config`, `custom-db`, `secrets`, `action-timeout`): attaches the runtimes as the CLI does. */
    runtimes?: Record<string, unknown>;
  } = {},
): Promise<TestEmulator> {
  const dataDir = opts.keepDataDir ?? (opts.persist === false ? undefined : mkdtempSync(join(tmpdir(), 'auth0-emu-test-')));
  const running = await startEmulator({
    port: 0,
    rateLimit: 'off',
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    dataDir,
    ephemeral: dataDir === undefined,
    initialSeed: opts.seed,
    ...(opts.runtimes ? { extend: (core) => attachRuntimes(core, opts.runtimes!, () => {}) } : {}),
    ...opts,
  });
  const url = running.url;
  const clientId = opts.clientId ?? TEST_CLIENT_ID;
  const clientSecret = opts.clientSecret ?? TEST_CLIENT_SECRET;
  const domain = new URL(url).host;
  const control = new EmulatorControlClient({ baseUrl: url, key: clientSecret });
  const tokenCache = new Map<string, string>();
  const token = async (scopes?: string[]) => {
    const k = scopes?.join(' ') ?? '*';
    const hit = tokenCache.get(k);
    if (hit) return hit;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience: `https://${domain}/api/v2/`,
      ...(scopes ? { scope: scopes.join(' ') } : {}),
    });
    const res = await fetch(`${url}/oauth/token`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (!res.ok) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
    const t = ((await res.json()) as { access_token: string }).access_token;
    tokenCache.set(k, t);
    return t;
  };
  const request: TestEmulator['request'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    const t = o.token === undefined ? await token() : o.token;
    if (t !== null) headers.authorization = `Bearer ${t}`;
    let body = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
    }
    return fetch(url + path, { method, headers, body });
  };
  return {
    url,
    domain,
    dataDir,
    running,
    control,
    token,
    request,
    async stop() {
      await running.stop();
      if (dataDir && !opts.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `auth0|x` -> `auth0%7Cx`, as the SDK sends ids. */
export const enc = (id: string) => encodeURIComponent(id);
