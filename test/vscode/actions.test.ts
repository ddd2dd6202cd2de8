// Actions in the editor, inside a real extension host against the real emulator: the Actions view lists the sample
// workspace, CodeLens offers Run/Debug, the playground runs a flow and writes once, and debug sessions on an Action
// and on a legacy Rule stop at the breakpoint's line with `api.__pending` (Action) or `user` and `context` (Rule)
// visible; a saved scenario gives the same transcript in the playground and in the CLI's replay (CI).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../extension/commands.js';
import type { ExtensionApi } from '../../extension/main.js';
import type { FlowRunOutcome } from '../../extension/actions/flowRunner.js';
import type { UserRunResult } from '../../webview/playground/protocol.js';

const EXTENSION_ID = 'auth0-emulator.auth0-emulator';
// out/test/vscode/actions.test.cjs -> the repository's fixture folder.
const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/workspace-actions');
const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const PRIYA = 'auth0|650a3c4d5e6f7a8b9c0d1e2f';
const SAM = 'auth0|651b2c3d4e5f6a7b8c9d0e1f';

let api: ExtensionApi;
let ws: vscode.Uri;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fileLabels = () => api.actions.tree.allFiles().map((n) => `${n.entry.kind}:${n.label}`);

/**
 * The workbench's file watcher starts with the window, a moment after the extension host (code-server watches on
 * the server, and a change made before that watcher runs is never reported). Wait until it reports: after the scan
 * at activation has finished, a probe Action written to disk must show in the view and leave it when deleted. Only
 * then is the fixture copied, so a missed copy is the extension's fault, not the watcher's start-up.
 */
async function untilWatcherReports(): Promise<void> {
  await api.actions.workspace.rescan();
  const probe = path.join(ws.fsPath, 'watch-probe.js');
  try {
    await until(
      'the file watcher to report a new file',
      async () => {
        // Rewritten until seen: a write that lands before the watcher runs is lost, a later one is not.
        writeFileSync(probe, `exports.onExecutePostLogin = async () => {}; // ${Date.now()}\n`);
        return untilQuietly(() => fileLabels().includes('action:watch-probe'), 2_000);
      },
      30_000,
    );
  } finally {
    rmSync(probe, { force: true });
  }
  await until('the view to drop a deleted file', () => !fileLabels().includes('action:watch-probe'));
}

async function untilQuietly(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  return until('', () => probe() || undefined, timeoutMs).then(
    () => true,
    () => false,
  );
}

/** A stack frame's source path as a file path: code-server's workbench reports `vscode-remote://<host>/<path>`. */
function sourceFsPath(p: string | undefined): string | undefined {
  if (!p) return undefined;
  return /^[a-z][\w+.-]*:\/\//i.test(p) ? vscode.Uri.parse(p).fsPath : p;
}

interface Stop {
  session: vscode.DebugSession;
  top: { id: number; line: number; source?: { path?: string } };
}

/**
 * Sets a breakpoint, runs "Debug against a user…" on the file, and resolves with the top frame once the debugger
 * stopped at a breakpoint in that file (a stop anywhere else fails the test with where it was).
 */
async function debugUntilBreakpoint(file: vscode.Uri, line1: number, userId: string): Promise<Stop & { dispose: () => Promise<void> }> {
  const bp = new vscode.SourceBreakpoint(new vscode.Location(file, new vscode.Position(line1 - 1, 0)));
  vscode.debug.addBreakpoints([bp]);
  let tracker: vscode.Disposable | undefined;
  let session: vscode.DebugSession | undefined;
  const dispose = async () => {
    tracker?.dispose();
    vscode.debug.removeBreakpoints([bp]);
    if (session) await vscode.debug.stopDebugging(session);
  };
  try {
    const stopped = new Promise<{ session: vscode.DebugSession; threadId: number }>((resolve) => {
      tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (s) => ({
          onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string; threadId?: number } }) => {
            if (m.type === 'event' && m.event === 'stopped' && m.body?.reason === 'breakpoint') resolve({ session: s, threadId: m.body.threadId ?? 0 });
          },
        }),
      });
    });
    const started = await vscode.commands.executeCommand<boolean>(Commands.debugAgainstUser, file, userId);
    assert.equal(started, true, 'the debug session started');
    let timer: NodeJS.Timeout | undefined;
    const stop = await Promise.race([stopped, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the debugger did not stop at the breakpoint in ${file.fsPath}`)), 60_000)))]).finally(() => clearTimeout(timer));
    session = stop.session;
    const trace = (await session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: Stop['top'][] };
    const top = trace.stackFrames[0]!;
    assert.equal(sourceFsPath(top.source?.path), file.fsPath, `stopped in ${top.source?.path}`);
    return { session, top, dispose };
  } catch (e) {
    await dispose();
    throw e;
  }
}

/** `node dist/cli.js <args>` as a CI job runs it: exit code and stdout (exit 1 = a login was denied or failed). */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (err as { code?: unknown }).code : 0;
      if (typeof code !== 'number') reject(new Error(`run scenario did not finish: ${stderr || (err as Error).message}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

const TIME_CLAIMS = new Set(['iat', 'exp', 'auth_time']);
const claimsView = (claims: Record<string, unknown> | null) => (claims ? Object.fromEntries(Object.entries(claims).filter(([k]) => !TIME_CLAIMS.has(k))) : null);

/**
 * What a CI check compares per user: outcome, deny reason and error, redirect, the one metadata write (patch, when,
 * how many writes), the tokens' claims (issuer and custom claims included; iat/exp left out), and per Action its
 * commands, error and console output. Timings, token signatures and stored timestamps are left out.
 */
function ciView(r: Pick<UserRunResult, 'userId' | 'before' | 'transcript'>) {
  const t = r.transcript;
  return {
    userId: r.userId,
    before: r.before,
    status: t.status,
    denied: t.denied,
    error: t.error,
    redirect: t.redirect,
    writes: t.writes,
    write: t.write && { when: t.write.when, patch: t.write.patch, ok: t.write.ok, dryRun: t.write.dryRun ?? false, retries: t.write.retries.length, error: t.write.error },
    metadataAfter: t.user && { app_metadata: t.user.app_metadata, user_metadata: t.user.user_metadata },
    idTokenClaims: claimsView(t.idTokenClaims),
    accessTokenClaims: claimsView(t.accessTokenClaims),
    actions: t.actions.map((a) => ({ name: a.name, file: a.file, commands: a.commands, error: a.error, logs: a.logs.map((l) => `${l.level}: ${l.message}`), logsTruncated: (a as { logsTruncated?: boolean }).logsTruncated, notes: a.notes })),
    notes: t.notes,
  };
}

describe('Actions in the editor', function () {
  this.timeout(60_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    const start = await api.session.start();
    assert.ok(start.ok, 'the emulator starts');
    ws = vscode.workspace.workspaceFolders![0]!.uri;
    await untilWatcherReports();
    // The sample Actions arrive while the extension runs: the view must follow file changes.
    cpSync(FIXTURE, path.join(ws.fsPath, 'auth0'), { recursive: true });
  });

  after(async () => {
    // Leave the sample users as the other suites expect them.
    await api.session.connection?.control.reset({ sample: true });
  });

  it('lists the Actions, Deploy CLI bindings in order, Rules and custom database scripts, following file changes', async () => {
    const labels = () => fileLabels().sort();
    await until('the sample files in the Actions view', () => labels().includes('customDb:login') && labels().includes('action:1. tag-roles')).catch((e: Error) => {
      throw new Error(`${e.message} (the view shows ${JSON.stringify(labels())})`);
    });
    assert.deepEqual(labels(), ['action:1. tag-roles', 'action:block-free-on-partner-app', 'action:plan-claims', 'customDb:get_user', 'customDb:login', 'rule:default-display-name']);
    const roots = api.actions.tree.getChildren().map((n) => (n.kind === 'group' ? n.label : n.kind));
    assert.deepEqual(roots, ['Actions', 'Deploy CLI: auth0/tenant', 'Rules (legacy)', 'Custom databases']);
  });

  it('offers Run and Debug against a user as CodeLens on an Action and on a Rule', async () => {
    // Through the workbench, as the editor asks for them: every provider registered for the document. The
    // workbench answers only for a document it holds a model of ("Illegal argument" otherwise), so each file is
    // shown first; showTextDocument resolves once the editor, and so the model, exists there.
    const lensesOf = async (uri: vscode.Uri) => {
      await vscode.window.showTextDocument(uri);
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return all.filter((l) => l.command?.command.startsWith('auth0Emulator.'));
    };
    const lenses = await lensesOf(vscode.Uri.joinPath(ws, 'auth0/actions/plan-claims.js'));
    assert.deepEqual(lenses.map((l) => l.command?.title), ['$(play) Run against a user…', '$(debug-alt) Debug against a user…']);
    assert.deepEqual(lenses.map((l) => l.command?.command), [Commands.runAgainstUser, Commands.debugAgainstUser]);
    assert.equal(lenses[0]?.range.start.line, 1, 'on the line of onExecutePostLogin');
    const ruleLenses = await lensesOf(vscode.Uri.joinPath(ws, 'auth0/rules/default-display-name.js'));
    assert.deepEqual(ruleLenses.map((l) => l.command?.command), [Commands.runAgainstUser, Commands.debugAgainstUser]);
    assert.equal(ruleLenses[0]?.range.start.line, 0, 'on the line of the rule function');
  });

  it('runs two Actions against sample users from the playground: one write per login, later Actions see pending metadata', async () => {
    const out = await vscode.commands.executeCommand<FlowRunOutcome>(Commands.runPlayground, {
      users: [PRIYA, SAM],
      actions: ['auth0/actions/plan-claims.js', 'auth0/actions/block-free-on-partner-app.js'],
      rules: [],
      rulesEnabled: false,
      compare: false,
      overrides: { client: 'partner-app' },
      dryRun: false,
    });
    assert.ok(out, 'the playground returned results');
    const [priya, sam] = out.results;
    assert.equal(priya!.transcript.status, 'success');
    assert.deepEqual(priya!.transcript.write?.patch, { app_metadata: { last_seen_plan: 'premium' } });
    assert.equal(priya!.transcript.write?.dryRun, undefined);
    assert.equal(priya!.transcript.idTokenClaims?.['https://music.example.com/plan'], 'premium');
    // block-free-on-partner-app read last_seen_plan queued by plan-claims in the same login.
    assert.equal(sam!.transcript.status, 'denied');
    assert.equal(sam!.transcript.denied, 'The partner app needs a paid plan');
    const stored = await api.session.connection!.directory.getUser(PRIYA);
    assert.equal(stored.app_metadata?.last_seen_plan, 'premium', 'the write reached the emulator');
    const samStored = await api.session.connection!.directory.getUser(SAM);
    assert.equal(samStored.user_metadata?.displayName, 'user', 'a denial still writes the pending metadata');
    // The panel received the same results.
    assert.ok(api.actions.playground.panel, 'the playground is open');
  });

  it('stops at a breakpoint in the Action, with event and api.__pending inspectable', async function () {
    this.timeout(90_000);
    const file = vscode.Uri.joinPath(ws, 'auth0/actions/plan-claims.js');
    // Line 5 runs after setAppMetadata('last_seen_plan', …): the pending metadata shows it.
    const { session, top, dispose } = await debugUntilBreakpoint(file, 5, PRIYA);
    try {
      assert.equal(top.line, 5);
      const pending = (await session.customRequest('evaluate', { expression: 'JSON.stringify(api.__pending.app_metadata) + " " + event.user.email', frameId: top.id, context: 'repl' })) as { result: string };
      assert.equal(pending.result.replace(/^'|'$/g, ''), '{"last_seen_plan":"premium"} priya.raman@example.com');
    } finally {
      await dispose();
    }
  });

  it('stops at a breakpoint in a legacy Rule, with user and context in the Variables view', async function () {
    this.timeout(90_000);
    const file = vscode.Uri.joinPath(ws, 'auth0/rules/default-display-name.js');
    // Line 4 sets the plan claim on context.idToken: it runs for every user.
    const { session, top, dispose } = await debugUntilBreakpoint(file, 4, SAM);
    try {
      assert.equal(top.line, 4);
      const { scopes } = (await session.customRequest('scopes', { frameId: top.id })) as { scopes: Array<{ name: string; variablesReference: number }> };
      const local = scopes.find((sc) => /^Local/.test(sc.name));
      assert.ok(local, `a Local scope among ${scopes.map((sc) => sc.name).join(', ')}`);
      const { variables } = (await session.customRequest('variables', { variablesReference: local.variablesReference })) as { variables: Array<{ name: string; value: string }> };
      const names = variables.map((v) => v.name);
      for (const name of ['user', 'context', 'callback']) assert.ok(names.includes(name), `${name} is shown (${names.join(', ')})`);
      const seen = (await session.customRequest('evaluate', { expression: 'user.email + " " + user.app_metadata.plan + " " + context.clientName', frameId: top.id, context: 'repl' })) as { result: string };
      assert.match(seen.result.replace(/^'|'$/g, ''), /^sam\.whitaker@example\.com free /);
    } finally {
      await dispose();
    }
  });

  it('replays a saved scenario in the CLI (as CI does) with the transcript the playground showed', async function () {
    this.timeout(90_000);
    const conn = api.session.connection!;
    // The sample scenario as the playground saves it from this emulator: it names the tenant domain it ran against.
    const saved = { ...JSON.parse(readFileSync(path.join(FIXTURE, 'premium-listeners.auth0-scenario.json'), 'utf8')), domain: conn.domain };
    const file = path.join(ws.fsPath, 'auth0', 'ci-replay.auth0-scenario.json');
    writeFileSync(file, JSON.stringify(saved, null, 2) + '\n');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scenario-replay-'));
    try {
      // CI's users: an export of the emulator as it was when the playground ran (README: curl /_emulator/export).
      const exportFile = path.join(dir, 'export.json');
      writeFileSync(exportFile, JSON.stringify(await conn.control.exportData()));
      const editor = await vscode.commands.executeCommand<FlowRunOutcome>(Commands.runPlayground, vscode.Uri.file(file));
      assert.ok(editor, 'the playground ran the saved scenario');
      assert.equal(editor.dryRun, true, 'the scenario is a dry run');
      assert.equal(editor.via, 'control-route', 'the playground ran it on the emulator itself');

      const cli = await runCli(['run', 'scenario', file, '--seed', exportFile, '--json']);
      const replay = JSON.parse(cli.stdout) as { dryRun: boolean; results: UserRunResult[] };
      assert.equal(replay.dryRun, true);
      const failed = editor.results.some((r) => r.transcript.status !== 'success' && r.transcript.status !== 'redirect');
      assert.equal(cli.code, failed ? 1 : 0, 'the exit code says whether a login was denied or failed');

      assert.deepEqual(replay.results.map(ciView), editor.results.map(ciView));
      // Not vacuous: the scenario denies one listener and puts the plan claim in the other's tokens.
      const [priya, sam] = replay.results.map((r) => r.transcript);
      assert.equal(priya?.idTokenClaims?.['https://music.example.com/plan'], 'premium');
      assert.equal(priya?.idTokenClaims?.iss, `https://${conn.domain}/`);
      assert.equal(sam?.denied, 'The partner app needs a paid plan');
      assert.equal(sam?.write?.dryRun, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(file, { force: true });
    }
  });
});
