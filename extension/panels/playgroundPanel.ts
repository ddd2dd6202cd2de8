// The playground panel (one per window): sends the webview what it can pick from (the workspace's Actions and
// Rules, the emulator's users), runs its requests through the FlowRunner, and saves them as scenario files.
import * as vscode from 'vscode';
import type { ExtensionToPlayground, PlaygroundCatalog, PlaygroundRequest, PlaygroundToExtension } from '../../webview/playground/protocol.js';
import { isPlaygroundMessage } from '../../webview/playground/protocol.js';
import type { WorkspaceActions } from '../actions/workspaceActions.js';
import type { FlowRunner, FlowRunOutcome } from '../actions/flowRunner.js';
import type { UserDirectory } from '../directory/userDirectory.js';
import { TypedWebviewPanel } from './typedWebviewPanel.js';

export const PLAYGROUND_VIEW_TYPE = 'auth0Emulator.playground';
export const SCENARIO_SUFFIX = '.auth0-scenario.json';

export interface PlaygroundDeps {
  extensionUri: vscode.Uri;
  workspace: WorkspaceActions;
  runner: FlowRunner;
  directory: () => UserDirectory | undefined;
  /** The running emulator's tenant domain (host:port), written into saved scenarios so CI replays with it. */
  domain?: () => string | undefined;
}

/** The scenario file for a request (what `auth0-emulator run scenario` replays). */
export function scenarioDocument(req: PlaygroundRequest, name?: string, domain?: string): Record<string, unknown> {
  return {
    ...(name ? { name } : {}),
    // The issuer and event.tenant follow the domain: replaying with the same one gives the same transcript.
    ...(domain ? { domain } : {}),
    ...(req.users.length ? { users: req.users } : {}),
    ...(req.query?.trim() ? { query: req.query.trim() } : {}),
    actions: req.actions,
    ...(req.rules.length ? { rules: req.rules, rulesEnabled: req.rulesEnabled } : {}),
    ...(Object.keys(req.overrides).length ? { overrides: req.overrides } : {}),
    dryRun: req.dryRun,
  };
}

export class PlaygroundPanel extends TypedWebviewPanel<PlaygroundToExtension, ExtensionToPlayground> {
  private preset: Partial<PlaygroundRequest> | undefined;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly deps: PlaygroundDeps,
  ) {
    super(panel, deps.extensionUri, { title: 'Actions Playground', bundle: 'playground' }, isPlaygroundMessage);
    this.disposables.push(deps.workspace.onDidChange(() => void this.sendCatalog()));
  }

  /** Pre-selects Actions/users (CodeLens "Run against a user…", a scenario file). */
  async present(preset: Partial<PlaygroundRequest>): Promise<void> {
    this.preset = preset;
    if (this.ready) await this.sendCatalog();
  }

  async receive(message: PlaygroundToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.sendCatalog();
        this.markReady();
        return;
      case 'playground/refresh':
        await this.sendCatalog();
        return;
      case 'playground/run':
        await this.run(message.requestId, message.request);
        return;
      case 'playground/saveScenario':
        await this.save(message.requestId, message.request);
        return;
      case 'playground/openFile': {
        const root = vscode.workspace.workspaceFolders?.[0]?.uri;
        if (root) await vscode.window.showTextDocument(vscode.Uri.joinPath(root, message.path), { viewColumn: vscode.ViewColumn.One });
        return;
      }
      default: {
        const never: never = message;
        return never;
      }
    }
  }

  /** Runs a request and posts the results (also what the runPlayground command returns). */
  async run(requestId: number, request: PlaygroundRequest): Promise<FlowRunOutcome | undefined> {
    try {
      const out = await this.deps.runner.run(request);
      this.post({ type: 'playground/results', requestId, results: out.results, dryRun: out.dryRun, via: out.via, ms: out.ms });
      return out;
    } catch (err) {
      this.post({ type: 'error', requestId, message: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }

  /** Saves the request as `<name>.auth0-scenario.json` in the workspace (asks where unless `target` is given). */
  async save(requestId: number, request: PlaygroundRequest, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Save playground scenario',
        ...(root ? { defaultUri: vscode.Uri.joinPath(root, `login${SCENARIO_SUFFIX}`) } : {}),
        filters: { 'Auth0 scenario': ['json'] },
      }));
    if (!uri) return undefined;
    const name = uri.path.split('/').pop()!.replace(SCENARIO_SUFFIX, '').replace(/\.json$/, '');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(scenarioDocument(request, name, this.deps.domain?.()), null, 2) + '\n'));
    this.post({ type: 'playground/saved', requestId, path: vscode.workspace.asRelativePath(uri, false) });
    return uri;
  }

  private async sendCatalog(): Promise<void> {
    const snap = this.deps.workspace.current;
    const directory = this.deps.directory();
    let users: PlaygroundCatalog['users'] = [];
    if (directory) {
      try {
        users = (await directory.listUsers({ page: 0, perPage: 50 })).users.map((u) => ({ user_id: u.user_id, label: u.email ?? u.name ?? u.user_id }));
      } catch {
        users = [];
      }
    }
    const actions = snap.entries.filter((e) => e.kind === 'action' && e.triggers.includes('post-login')).map((e) => ({ path: e.path, name: e.name }));
    const rules = snap.entries.filter((e) => e.kind === 'rule').map((e) => ({ path: e.path, name: e.name }));
    this.post({ type: 'playground/catalog', catalog: { actions, rules, users, running: !!directory }, ...(this.preset ? { preset: this.preset } : {}) });
  }

}

/** One playground per window: opening it again reveals it. */
export class PlaygroundPanels implements vscode.Disposable {
  private current: PlaygroundPanel | undefined;

  constructor(private readonly deps: PlaygroundDeps) {}

  open(preset?: Partial<PlaygroundRequest>): PlaygroundPanel {
    if (!this.current) {
      const panel = vscode.window.createWebviewPanel(PLAYGROUND_VIEW_TYPE, 'Actions Playground', vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: true });
      const p = new PlaygroundPanel(panel, this.deps);
      p.onDidDispose(() => (this.current = undefined));
      this.current = p;
    } else this.current.panel.reveal();
    if (preset) void this.current.present(preset);
    return this.current;
  }

  get panel(): PlaygroundPanel | undefined {
    return this.current;
  }

  dispose(): void {
    this.current?.dispose();
  }
}
