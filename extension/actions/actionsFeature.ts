// "Actions in the editor" and the playground, wired as one feature: the workspace scan, the Actions view, the
// CodeLens, the playground panel, debug sessions, and the command handlers main.ts registers.
import path from 'node:path';
import * as vscode from 'vscode';
import type { PlaygroundRequest } from '../../webview/playground/protocol.js';
import type { EmulatorConnection, EmulatorSession } from '../emulatorSession.js';
import { PlaygroundPanels, SCENARIO_SUFFIX } from '../panels/playgroundPanel.js';
import { ACTIONS_VIEW_ID, ActionsTreeProvider, type ActionsNode } from '../views/actionsTree.js';
import { classifyFile } from './classify.js';
import { ActionCodeLensProvider } from './codeLens.js';
import { startActionDebugging } from './debugAction.js';
import { FlowRunner, type FlowRunOutcome, type ScenarioRequest } from './flowRunner.js';
import { WorkspaceActions } from './workspaceActions.js';

export interface ActionsFeature {
  workspace: WorkspaceActions;
  tree: ActionsTreeProvider;
  view: vscode.TreeView<ActionsNode>;
  playground: PlaygroundPanels;
  runner: FlowRunner;
  codeLens: ActionCodeLensProvider;
  handlers: {
    openPlayground: (preset?: Partial<PlaygroundRequest>) => unknown;
    runAgainstUser: (target?: vscode.Uri | ActionsNode, userId?: string) => unknown;
    debugAgainstUser: (target?: vscode.Uri | ActionsNode, userId?: string) => Promise<boolean>;
    refreshActions: () => unknown;
    runPlayground: (input?: PlaygroundRequest | vscode.Uri) => Promise<FlowRunOutcome | undefined>;
  };
}

const EMPTY_REQUEST: PlaygroundRequest = { users: [], actions: [], rules: [], rulesEnabled: false, compare: false, overrides: {}, dryRun: true };

export function createActionsFeature(context: vscode.ExtensionContext, session: EmulatorSession, log: vscode.LogOutputChannel): ActionsFeature {
  const workspace = new WorkspaceActions();
  const tree = new ActionsTreeProvider(workspace);
  const view = vscode.window.createTreeView(ACTIONS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const scenarioScript = path.join(context.extensionPath, 'dist', 'scenario.js');
  const runner = new FlowRunner({
    connection: () => session.connection,
    scenarioScript,
    nodePath: process.execPath,
    workspaceRoot: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    log: (l) => log.info(l),
  });
  const codeLens = new ActionCodeLensProvider();
  const playground = new PlaygroundPanels({ extensionUri: context.extensionUri, workspace, runner, directory: () => session.connection?.directory, domain: () => session.connection?.domain });
  context.subscriptions.push(
    workspace,
    tree,
    view,
    playground,
    vscode.languages.registerCodeLensProvider([{ language: 'javascript', scheme: 'file' }], codeLens),
    workspace.onDidChange((s) => {
      view.description = s.entries.length ? `${s.entries.length}` : undefined;
    }),
    session.onDidChangeConnection(() => {
      if (playground.panel) void playground.panel.receive({ type: 'playground/refresh' });
    }),
  );
  void workspace.rescan();

  const uriOf = (target?: vscode.Uri | ActionsNode): vscode.Uri | undefined =>
    target instanceof vscode.Uri ? target : target && target.kind === 'file' ? target.entry.uri : vscode.window.activeTextEditor?.document.uri;
  const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u, false);

  // From the scan when it has the file, else from the file itself (a file created a moment ago, not scanned yet).
  const isRule = async (uri: vscode.Uri): Promise<boolean> => {
    const known = workspace.entryFor(uri);
    if (known) return known.kind === 'rule';
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return classifyFile(rel(uri), text)?.kind === 'rule';
  };

  const connection = async (): Promise<EmulatorConnection | undefined> => {
    if (session.connection) return session.connection;
    const r = await session.start();
    return r.ok ? r.connection : undefined;
  };

  const pickUser = async (conn: EmulatorConnection, title: string): Promise<string | undefined> => {
    const page = await conn.directory.listUsers({ page: 0, perPage: 50 });
    const pick = await vscode.window.showQuickPick(
      page.users.map((u) => ({ label: u.email ?? u.name ?? u.user_id, description: u.user_id, userId: u.user_id })),
      { title, placeHolder: 'The user who logs in', matchOnDescription: true },
    );
    return pick?.userId;
  };

  // The file's `domain` and `overrides.audience` ride along: `run scenario` uses them, so the runner does too.
  const readScenario = async (uri: vscode.Uri): Promise<ScenarioRequest> => {
    const doc = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as Partial<ScenarioRequest>;
    // Scenario paths are relative to the scenario file; the playground's to the workspace.
    const dir = vscode.Uri.joinPath(uri, '..');
    const fix = (p: string) => rel(vscode.Uri.joinPath(dir, p));
    return { ...EMPTY_REQUEST, ...doc, users: doc.users ?? [], actions: (doc.actions ?? []).map(fix), rules: (doc.rules ?? []).map(fix), rulesEnabled: doc.rulesEnabled ?? false, overrides: doc.overrides ?? {}, dryRun: doc.dryRun ?? false };
  };

  const handlers: ActionsFeature['handlers'] = {
    openPlayground: (preset) => {
      playground.open(preset);
    },
    refreshActions: () => workspace.rescan(),
    runAgainstUser: async (target, userId) => {
      const uri = uriOf(target);
      const conn = await connection();
      if (!uri || !conn) return undefined;
      const id = userId ?? (await pickUser(conn, `Run ${path.basename(uri.fsPath)} against…`));
      if (!id) return undefined;
      const rule = await isRule(uri);
      const request: PlaygroundRequest = { ...EMPTY_REQUEST, users: [id], actions: rule ? [] : [rel(uri)], rules: rule ? [rel(uri)] : [], rulesEnabled: rule };
      const panel = playground.open(request);
      await panel.whenReady;
      return panel.run(0, request);
    },
    debugAgainstUser: async (target, userId) => {
      const uri = uriOf(target);
      const conn = await connection();
      if (!uri || !conn) return false;
      const id = userId ?? (await pickUser(conn, `Debug ${path.basename(uri.fsPath)} against…`));
      if (!id) return false;
      const kind = (await isRule(uri)) ? 'rule' : 'action';
      return startActionDebugging({ scenarioScript, nodePath: process.execPath }, conn, { kind, file: uri.fsPath }, id);
    },
    runPlayground: async (input) => {
      let request: PlaygroundRequest | undefined;
      if (input instanceof vscode.Uri) request = await readScenario(input);
      else if (input) request = input;
      else {
        const files = await vscode.workspace.findFiles(`**/*${SCENARIO_SUFFIX}`, '**/node_modules/**', 100);
        const pick = await vscode.window.showQuickPick(files.map((f) => ({ label: rel(f), uri: f })), { title: 'Run a saved scenario' });
        if (!pick) return undefined;
        request = await readScenario(pick.uri);
      }
      if (!(await connection())) return undefined;
      const panel = playground.open(request);
      await panel.whenReady;
      return panel.run(0, request);
    },
  };
  return { workspace, tree, view, playground, runner, codeLens, handlers };
}
