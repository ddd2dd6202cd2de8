// activate(): the one place that wires the extension together; every disposable goes into context.subscriptions.
import path from 'node:path';
import * as vscode from 'vscode';
import { watchChanges } from './changeWatcher.js';
import { Commands, registerCommands } from './commands.js';
import { connectionSnippet } from './connectionSnippet.js';
import { loadCredentials, type EmulatorCredentials } from './credentials.js';
import { DataActions } from './dataActions.js';
import type * as ManagementDirectoryModule from './directory/managementDirectory.js';
import { EmulatorProcess } from './emulatorProcess.js';
import { EmulatorSession } from './emulatorSession.js';
import { EmulatorStatusBar } from './emulatorStatusBar.js';
import { MetadataPanels } from './panels/metadataPanel.js';
import { affectsEmulator, readSettings } from './settings.js';
import { vscodePrompts, type Prompts } from './ui.js';
import { UserActions } from './userActions.js';
import { USER_DOCUMENT_SCHEME, UserDocumentProvider } from './userDocuments.js';
import { UsersTreeProvider, type UsersNode } from './views/usersTree.js';
import { createActionsFeature, type ActionsFeature } from './actions/actionsFeature.js';
import { createTenantFeature, type TenantFeature } from './tenant/tenantFeature.js';

export const USERS_VIEW_ID = 'auth0Emulator.users';
export const WALKTHROUGH_ID = 'auth0Emulator.getStarted';

/** What activate() returns: used by the extension tests (and by other extensions, should they want to). */
export interface ExtensionApi {
  session: EmulatorSession;
  usersTree: UsersTreeProvider;
  usersView: vscode.TreeView<UsersNode>;
  panels: MetadataPanels;
  statusBar: EmulatorStatusBar;
  /** Replaceable so tests can answer confirmations. */
  prompts: Prompts;
  log: vscode.LogOutputChannel;
  /** Milliseconds spent in activate() (reported by the benchmark and the tests). */
  activationMs: number;
  /** The Actions view, CodeLens, playground and debug sessions. */
  actions: ActionsFeature;
  /** Real tenants: the Tenants view, connections, sync and pull. */
  tenants: TenantFeature;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Auth0 Emulator', { log: true });
  context.subscriptions.push(log);

  let credentials: Promise<EmulatorCredentials> | undefined;
  const process_ = new EmulatorProcess({
    cliPath: path.join(context.extensionPath, 'dist', 'cli.js'),
    nodePath: process.execPath,
    log,
  });
  const session = new EmulatorSession({
    process: process_,
    credentials: () => (credentials ??= loadCredentials(context.secrets)),
    globalStoragePath: context.globalStorageUri.fsPath,
    log,
    // The auth0 SDK is most of the code; it loads from its own bundle on the first start, not at activation.
    createDirectory: (opts) => new (loadDirectoryModule().ManagementDirectory)(opts),
  });
  context.subscriptions.push(session);
  const directory = () => session.connection?.directory;

  const statusBar = new EmulatorStatusBar();
  context.subscriptions.push(
    statusBar,
    process_.onDidChangeState((s) => statusBar.update(s)),
    session.onDidFailToStart((failure) => statusBar.update(session.state, failure)),
  );

  const usersTree = new UsersTreeProvider(directory);
  const usersView = vscode.window.createTreeView(USERS_VIEW_ID, { treeDataProvider: usersTree, showCollapseAll: true });
  context.subscriptions.push(usersTree, usersView);
  const updateViewMessage = () => {
    usersView.message = usersTree.searchText ? `Search: ${usersTree.searchText}` : undefined;
    usersView.description = session.connection && usersTree.totalUsers ? `${usersTree.totalUsers}` : undefined;
  };
  context.subscriptions.push(usersTree.onDidReload(updateViewMessage));

  const panels = new MetadataPanels(context.extensionUri, directory);
  const documents = new UserDocumentProvider(directory);
  context.subscriptions.push(
    panels,
    documents,
    vscode.workspace.registerTextDocumentContentProvider(USER_DOCUMENT_SCHEME, documents),
  );

  // While the emulator runs, one long poll follows its data revision and refreshes everything that shows data.
  context.subscriptions.push(
    session.onDidChangeConnection((conn) => {
      if (!conn) {
        usersTree.clear();
        updateViewMessage();
        return;
      }
      void usersTree.reload();
      void panels.notifyChanged();
      void watchChanges({
        control: conn.control,
        signal: conn.signal,
        onChange: () => {
          void usersTree.reload();
          void panels.notifyChanged();
          documents.refreshOpen();
        },
      });
    }),
  );

  const prompts: Prompts = { ...vscodePrompts };
  const users = new UserActions({ directory, tree: usersTree, panels, prompts });
  const data = new DataActions(session, usersTree, prompts);

  // Actions in the editor and the playground: the workspace's Actions/Rules, CodeLens, debug, the playground panel.
  const actions = createActionsFeature(context, session, log);

  // Real tenants: connect, browse in the Tenants view, sync from the emulator, pull into it.
  const tenants = createTenantFeature(context, session, prompts, log);

  registerCommands(context.subscriptions, vscode.commands, {
    ...actions.handlers,
    ...tenants.handlers,
    startEmulator: () => session.start(),
    stopEmulator: () => session.stop(),
    restartEmulator: () => session.restart(),
    showEmulatorMenu: () => showEmulatorMenu(session),
    showLog: () => log.show(),
    copyConnectionSnippet: async () => {
      const conn = session.connection ?? (await startedConnection(session));
      if (!conn) return undefined;
      const snippet = connectionSnippet(conn);
      await vscode.env.clipboard.writeText(snippet);
      const doc = await vscode.workspace.openTextDocument({ language: 'javascript', content: snippet });
      await vscode.window.showTextDocument(doc, { preview: true });
      void vscode.window.showInformationMessage(`Copied the connection snippet for ${conn.url}.`);
      return snippet;
    },
    resetData: () => data.reset(),
    exportData: (target?: vscode.Uri) => data.exportTo(target),
    importData: (source?: vscode.Uri) => data.importFrom(source),
    revealDataFolder: () => data.revealFolder(),
    addSampleUsers: () => data.addSampleUsers(),
    refreshUsers: () => usersTree.reload(),
    searchUsers: async (text?: string) => {
      const input =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: 'Search users',
              value: usersTree.searchText,
              prompt: 'Auth0 query syntax (email:"a@b.com", app_metadata.plan:"premium", _exists_:user_metadata.theme) or plain words',
              placeHolder: 'name or email, or a Lucene query',
            });
      if (input === undefined) return;
      await usersTree.setSearch(input);
    },
    clearSearch: () => usersTree.setSearch(''),
    loadMoreUsers: () => usersTree.loadMore(),
    editMetadata: (target?: UsersNode | string) => users.editMetadata(target),
    openUserJson: (target?: UsersNode | string) => users.openJson(target),
    copyUserId: (target?: UsersNode | string) => users.copyId(target),
    blockUser: (target?: UsersNode | string) => users.setBlocked(target, true),
    unblockUser: (target?: UsersNode | string) => users.setBlocked(target, false),
    deleteUser: (target?: UsersNode | string) => users.delete(target),
    openWalkthrough: () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false),
  });

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsEmulator(e) || !session.connection) return;
      void vscode.window
        .showInformationMessage('Auth0 Emulator settings changed. Restart the emulator to apply them?', 'Restart')
        .then((pick) => {
          if (pick === 'Restart') void session.restart();
        });
    }),
  );

  void vscode.commands.executeCommand('setContext', 'auth0Emulator.running', false);
  if (readSettings().autoStart) void session.start();
  if (!context.globalState.get<boolean>('auth0Emulator.walkthroughShown')) {
    void context.globalState.update('auth0Emulator.walkthroughShown', true);
    void vscode.commands.executeCommand(Commands.openWalkthrough);
  }

  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return { session, usersTree, usersView, panels, statusBar, prompts, log, activationMs, actions, tenants };
}

export function deactivate(): void {
  // The session (in context.subscriptions) stops the emulator.
}

function loadDirectoryModule(): typeof ManagementDirectoryModule {
  // Resolved next to dist/extension.cjs at run time (esbuild leaves this require alone: see build-extension.mjs).
  return require('./directory.cjs') as typeof ManagementDirectoryModule;
}

async function startedConnection(session: EmulatorSession) {
  const result = await session.start();
  return result.ok ? result.connection : undefined;
}

async function showEmulatorMenu(session: EmulatorSession): Promise<void> {
  const conn = session.connection;
  const items: Array<vscode.QuickPickItem & { command: string }> = conn
    ? [
        { label: '$(plug) Copy Connection Snippet', description: conn.url, command: Commands.copyConnectionSnippet },
        { label: '$(debug-restart) Restart Emulator', command: Commands.restartEmulator },
        { label: '$(debug-stop) Stop Emulator', command: Commands.stopEmulator },
        { label: '$(export) Export Data...', command: Commands.exportData },
        { label: '$(cloud-upload) Import Data...', command: Commands.importData },
        { label: '$(discard) Reset Data', command: Commands.resetData },
        { label: '$(output) Show Emulator Log', command: Commands.showLog },
      ]
    : [
        { label: '$(play) Start Emulator', command: Commands.startEmulator },
        { label: '$(output) Show Emulator Log', command: Commands.showLog },
      ];
  const pick = await vscode.window.showQuickPick(items, { title: conn ? `Auth0 Emulator at ${conn.url}` : 'Auth0 Emulator' });
  if (pick) await vscode.commands.executeCommand(pick.command);
}
