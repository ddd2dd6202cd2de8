// Actions in the editor, inside a real extension host against the real emulator: the Actions view lists the sample
// workspace, CodeLens offers Run/Debug, the playground runs a flow and writes once, and a debug session on an
// Action stops at the breakpoint's line with `api.__pending` visible.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../extension/commands.js';
import type { ExtensionApi } from '../../extension/main.js';
import type { FlowRunOutcome } from '../../extension/actions/flowRunner.js';

const EXTENSION_ID = 'auth0-emulator.auth0-emulator';
// out/test/vscode/actions.test.cjs -> the repository's fixture folder.
const FIXTURE = path.resolve(__dirname, '../../../test/fixtures/workspace-actions');
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

describe('Actions in the editor', function () {
  this.timeout(60_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    const start = await api.session.start();
    assert.ok(start.ok, 'the emulator starts');
    ws = vscode.workspace.workspaceFolders![0]!.uri;
    // The sample Actions arrive while the extension runs: the view must follow file changes.
    cpSync(FIXTURE, path.join(ws.fsPath, 'auth0'), { recursive: true });
  });

  after(async () => {
    // Leave the sample users as the other suites expect them.
    await api.session.connection?.control.reset({ sample: true });
  });

  it('lists the Actions, Deploy CLI bindings in order, Rules and custom database scripts, following file changes', async () => {
    const labels = () => api.actions.tree.allFiles().map((n) => `${n.entry.kind}:${n.label}`).sort();
    await until('the sample files in the Actions view', () => labels().includes('customDb:login') && labels().includes('action:1. tag-roles'));
    assert.deepEqual(labels(), ['action:1. tag-roles', 'action:block-free-on-partner-app', 'action:plan-claims', 'customDb:get_user', 'customDb:login', 'rule:default-display-name']);
    const roots = api.actions.tree.getChildren().map((n) => (n.kind === 'group' ? n.label : n.kind));
    assert.deepEqual(roots, ['Actions', 'Deploy CLI: auth0/tenant', 'Rules (legacy)', 'Custom databases']);
  });

  it('offers Run and Debug against a user as CodeLens on an Action, and Run on a Rule', async () => {
    const action = vscode.Uri.joinPath(ws, 'auth0/actions/plan-claims.js');
    const doc = (await vscode.window.showTextDocument(action)).document;
    // The provider the extension registered for JavaScript files (vscode.executeCodeLensProvider rejects
    // extension-host URIs in code-server's browser workbench with "Illegal argument").
    const lenses = await api.actions.codeLens.provideCodeLenses(doc);
    const titles = lenses.map((l) => l.command?.title).filter((t) => t?.includes('against a user'));
    assert.deepEqual(titles, ['$(play) Run against a user…', '$(debug-alt) Debug against a user…']);
    assert.equal(lenses.find((l) => l.command?.command === Commands.runAgainstUser)?.range.start.line, 1);
    const rule = vscode.Uri.joinPath(ws, 'auth0/rules/default-display-name.js');
    const ruleLenses = await api.actions.codeLens.provideCodeLenses(await vscode.workspace.openTextDocument(rule));
    assert.deepEqual(ruleLenses.map((l) => l.command?.command).filter((c) => c?.startsWith('auth0Emulator')), [Commands.runAgainstUser]);
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
    // Line 5 (1-based) runs after setAppMetadata('last_seen_plan', …): the pending metadata shows it.
    const bp = new vscode.SourceBreakpoint(new vscode.Location(file, new vscode.Position(4, 0)));
    vscode.debug.addBreakpoints([bp]);
    const stopped = new Promise<{ session: vscode.DebugSession; threadId: number }>((resolve) => {
      const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string; threadId?: number } }) => {
            if (m.type === 'event' && m.event === 'stopped' && m.body?.reason === 'breakpoint') {
              tracker.dispose();
              resolve({ session, threadId: m.body.threadId ?? 0 });
            }
          },
        }),
      });
    });
    try {
      const started = await vscode.commands.executeCommand<boolean>(Commands.debugAgainstUser, file, PRIYA);
      assert.equal(started, true, 'the debug session started');
      const { session, threadId } = await Promise.race([stopped, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the debugger did not stop at the breakpoint')), 60_000))]);
      const trace = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 })) as { stackFrames: Array<{ id: number; line: number; source?: { path?: string } }> };
      const top = trace.stackFrames[0]!;
      assert.equal(top.line, 5);
      // code-server reports the source as vscode-remote://host/<path>.
      assert.ok(top.source?.path?.endsWith(file.fsPath), `stopped in ${top.source?.path}`);
      const pending = (await session.customRequest('evaluate', { expression: 'JSON.stringify(api.__pending.app_metadata) + " " + event.user.email', frameId: top.id, context: 'repl' })) as { result: string };
      assert.equal(pending.result.replace(/^'|'$/g, ''), '{"last_seen_plan":"premium"} priya.raman@example.com');
      await vscode.debug.stopDebugging(session);
    } finally {
      vscode.debug.removeBreakpoints([bp]);
    }
  });
});
