// Runs the playground's request against the running emulator: through the control route POST
// /_emulator/flows/post-login when it is there (the real write, Write User bucket and 429 retries included), else
// (Rules, comparisons, or an emulator without the route) `run scenario` in a child process on a snapshot of the
// emulator's data; a real run then applies the single write through the Management API.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PlaygroundRequest, TranscriptView, UserRunResult } from '../../webview/playground/protocol.js';
import type { EmulatorConnection } from '../emulatorSession.js';

export interface FlowRunnerDeps {
  connection: () => EmulatorConnection | undefined;
  /** dist/scenario.js: the `run scenario` entry bundled with the extension. */
  scenarioScript: string;
  nodePath: string;
  /** Absolute folder the request's relative paths start from. */
  workspaceRoot: () => string | undefined;
  log?: (line: string) => void;
}

export interface FlowRunOutcome {
  results: UserRunResult[];
  dryRun: boolean;
  via: 'control-route' | 'snapshot';
  ms: number;
}

/**
 * A request read from a saved scenario file may name the tenant domain it was made against (and an API audience):
 * the replay in CI uses them, so the editor must too.
 */
export type ScenarioRequest = PlaygroundRequest & { domain?: string; overrides: PlaygroundRequest['overrides'] & { audience?: string } };

const UNAVAILABLE = new Set([404, 405, 501]);

export class FlowRunner {
  constructor(private readonly deps: FlowRunnerDeps) {}

  async run(req: ScenarioRequest): Promise<FlowRunOutcome> {
    const conn = this.deps.connection();
    if (!conn) throw new Error('The Auth0 Emulator is not running. Start it, then run again.');
    const started = Date.now();
    const root = this.deps.workspaceRoot() ?? process.cwd();
    const abs = (p: string) => (path.isAbsolute(p) ? p : path.join(root, p));
    const userIds = await this.resolveUsers(conn, req);
    if (!userIds.length) throw new Error('No users to run: pick users or enter a query that matches some.');
    const usesRules = (req.rulesEnabled && req.rules.length > 0) || req.compare;
    // The control route answers as the emulator's own domain; a scenario saved against another one runs on a
    // snapshot with that domain, as `run scenario` replays it.
    const domain = req.domain ?? conn.domain;
    if (!usesRules && req.actions.length && domain === conn.domain) {
      const viaRoute = await this.viaControlRoute(conn, req, userIds, abs);
      if (viaRoute) return { results: viaRoute, dryRun: req.dryRun, via: 'control-route', ms: Date.now() - started };
    }
    const results = await this.viaSnapshot(conn, req, userIds, abs, domain);
    return { results, dryRun: req.dryRun, via: 'snapshot', ms: Date.now() - started };
  }

  private async resolveUsers(conn: EmulatorConnection, req: PlaygroundRequest): Promise<string[]> {
    const ids = [...req.users];
    if (req.query?.trim()) {
      const page = await conn.directory.listUsers({ q: req.query.trim(), page: 0, perPage: 50 });
      for (const u of page.users) if (!ids.includes(u.user_id)) ids.push(u.user_id);
    }
    return ids;
  }

  /** One control-route call per user; undefined when this emulator has no flow route. */
  private async viaControlRoute(conn: EmulatorConnection, req: ScenarioRequest, userIds: string[], abs: (p: string) => string): Promise<UserRunResult[] | undefined> {
    const results: UserRunResult[] = [];
    for (const userId of userIds) {
      const user = await conn.directory.getUser(userId);
      const before = { app_metadata: user.app_metadata ?? {}, user_metadata: user.user_metadata ?? {} };
      let transcript: TranscriptView;
      try {
        transcript = await conn.control.call<TranscriptView>('POST', '/flows/post-login', {
          user_id: userId,
          actions: req.actions.map(abs),
          ...(req.overrides.client ? { client_id: req.overrides.client } : {}),
          ...(req.overrides.connection ? { connection: req.overrides.connection } : {}),
          ...(req.overrides.request ? { request: req.overrides.request } : {}),
          ...(req.overrides.transaction ? { transaction: req.overrides.transaction } : {}),
          ...(req.overrides.event ? { event: req.overrides.event } : {}),
          ...(req.overrides.secrets ? { secrets: req.overrides.secrets } : {}),
          ...(req.overrides.audience ? { audience: req.overrides.audience } : {}),
          dryRun: req.dryRun,
        });
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (results.length === 0 && status !== undefined && UNAVAILABLE.has(status)) {
          this.deps.log?.(`the emulator has no /_emulator/flows/post-login route (${status}); running on a snapshot instead`);
          return undefined;
        }
        throw err;
      }
      results.push({ userId, label: user.email ?? user.name ?? userId, before, transcript });
    }
    return results;
  }

  /** `run scenario --seed <export>` in a child process (user code never runs in the editor's process). */
  private async viaSnapshot(conn: EmulatorConnection, req: ScenarioRequest, userIds: string[], abs: (p: string) => string, domain: string): Promise<UserRunResult[]> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'auth0-playground-'));
    try {
      const seed = path.join(dir, 'export.json');
      await writeFile(seed, JSON.stringify(await conn.control.exportData()));
      const scenarioFile = path.join(dir, 'run.auth0-scenario.json');
      await writeFile(
        scenarioFile,
        JSON.stringify({
          users: userIds,
          actions: req.actions.map(abs),
          rules: req.rules.map(abs),
          rulesEnabled: req.rulesEnabled,
          overrides: req.overrides,
          dryRun: true,
        }),
      );
      const args = [this.deps.scenarioScript, scenarioFile, '--seed', seed, '--json', '--domain', domain, ...(req.compare ? ['--compare'] : [])];
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile(this.deps.nodePath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, out, errText) => {
          // Exit code 1 means some login was denied or failed: the transcript says which.
          if (err && (err as { code?: unknown }).code !== 1) reject(new Error(`run scenario failed: ${errText || err.message}`));
          else resolve(out);
        });
      });
      const run = JSON.parse(stdout) as { results: UserRunResult[] };
      const users = new Map((await Promise.all(userIds.map((id) => conn.directory.getUser(id).catch(() => undefined)))).filter((u) => !!u).map((u) => [u.user_id, u]));
      for (const r of run.results) {
        const u = users.get(r.userId);
        r.label = u?.email ?? u?.name ?? r.userId;
        const w = r.transcript.write;
        if (!req.dryRun && w?.ok && w.dryRun) {
          // The snapshot could not write: make the one write on the emulator itself, as the flow would have.
          await conn.directory.updateUser(r.userId, w.patch as never);
          delete w.dryRun;
          r.transcript.writes += 1;
          r.transcript.notes.push('ran on a snapshot of the emulator; the write was applied through the Management API');
        }
      }
      return run.results;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
