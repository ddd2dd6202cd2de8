// The extension inside a real extension host (code-server here, VS Code desktop with test:vscode:desktop), against
// the real emulator it starts: activation, commands, the Users tree, a metadata save round trip, error paths.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ManagementClient } from 'auth0';
import * as vscode from 'vscode';
import { Commands, CATEGORY } from '../../extension/commands.js';
import { emulatorFetch } from '../../extension/directory/emulatorFetch.js';
import type { ExtensionApi } from '../../extension/main.js';
import type { ExtensionToWebview } from '../../webview/protocol.js';
import type { UsersNode } from '../../extension/views/usersTree.js';

const EXTENSION_ID = 'auth0-emulator.auth0-emulator';

let api: ExtensionApi;
let sdk: ManagementClient;

function connection() {
  const c = api.session.connection;
  assert.ok(c, 'the emulator is running');
  return c;
}

/** An independent SDK client, so the tests check the emulator's data, not the extension's view of it. */
function sdkFor(c = connection()): ManagementClient {
  return new ManagementClient({ domain: c.domain, clientId: c.clientId, clientSecret: c.clientSecret, fetch: emulatorFetch(c.url) });
}

async function ensureRunning(): Promise<void> {
  const result = await api.session.start();
  assert.ok(result.ok, `the emulator starts: ${JSON.stringify(!result.ok && result.failure)}`);
  sdk = sdkFor(result.connection);
}

async function rootUsers(): Promise<UsersNode[]> {
  return (await api.usersTree.getChildren()) ?? [];
}

function label(node: UsersNode): string {
  const l = api.usersTree.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** Resolves when the tree finishes a reload that `trigger` caused (the change watcher's long poll included). */
async function afterReload(trigger: () => Promise<unknown>, timeoutMs = 10_000): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the Users view did not refresh')), timeoutMs);
    const sub = api.usersTree.onDidReload(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
  await trigger();
  await done;
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('auth0Emulator').update(key, value, vscode.ConfigurationTarget.Global);
}

function nextPosted(panel: { onDidPost: vscode.Event<ExtensionToWebview> }, type: ExtensionToWebview['type'], timeoutMs = 20_000) {
  return new Promise<ExtensionToWebview>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
    const sub = panel.onDidPost((m) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(m);
    });
  });
}

describe('Auth0 Emulator extension', function () {
  this.timeout(60_000);

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
    await ensureRunning();
    console.log(`    activation took ${api.activationMs.toFixed(1)} ms; emulator at ${connection().url}`);
  });

  describe('activation', () => {
    it('registers every command, all under the "Auth0 Emulator" category', async () => {
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const id of Object.values(Commands)) assert.ok(registered.has(id), `${id} is registered`);
      const contributed = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string; category: string }>;
      assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(Commands).sort());
      assert.ok(contributed.every((c) => c.category === CATEGORY));
    });

    it('ships its settings under auth0Emulator.*', () => {
      const c = vscode.workspace.getConfiguration('auth0Emulator');
      for (const key of ['port', 'host', 'autoStart', 'dataFolder', 'rateLimitProfile', 'sampleData']) {
        assert.notEqual(c.inspect(key)?.defaultValue, undefined, `auth0Emulator.${key} has a default`);
      }
    });

    it('starts the emulator and shows its port in the status bar', () => {
      const c = connection();
      assert.match(c.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(api.statusBar.item.text, `$(server-process) Auth0 :${c.port}`);
      assert.equal(api.statusBar.item.command, Commands.showEmulatorMenu);
    });
  });

  describe('Users view', () => {
    it('lists the users the emulator holds, labelled by email', async () => {
      await api.usersTree.setSearch('');
      const nodes = await rootUsers();
      const expected = (await sdk.users.list({ per_page: 50 })).data.map((u) => u.email ?? u.name ?? u.user_id);
      assert.ok(expected.length > 0, 'the sample users were loaded');
      assert.deepEqual(nodes.map(label), expected);
    });

    it('expands a user into app_metadata, user_metadata, identities and roles', async () => {
      const user = (await rootUsers()).find((n) => n.kind === 'user' && Object.keys(n.user.user_metadata ?? {}).length > 0);
      assert.ok(user && user.kind === 'user');
      const sections = await api.usersTree.getChildren(user);
      assert.deepEqual(sections!.map(label), ['app_metadata', 'user_metadata', 'identities', 'roles']);
      const userMetadata = await api.usersTree.getChildren(sections![1]);
      assert.deepEqual(userMetadata!.map(label), Object.keys(user.user.user_metadata!));
      const identities = await api.usersTree.getChildren(sections![2]);
      assert.deepEqual(identities!.map(label), user.user.identities!.map((i) => i.connection));
      const roles = await api.usersTree.getChildren(sections![3]);
      const expectedRoles = (await sdk.users.roles.list(user.user.user_id)).data.map((r) => r.name);
      assert.deepEqual(roles!.map(label), expectedRoles.length ? expectedRoles : ['no roles']);
    });

    it('searches with Auth0 query syntax', async () => {
      await vscode.commands.executeCommand(Commands.searchUsers, 'app_metadata.plan:"premium"');
      const shown = (await rootUsers()).map(label).sort();
      const expected = (await sdk.users.list({ q: 'app_metadata.plan:"premium"', search_engine: 'v3' })).data.map((u) => u.email!).sort();
      assert.ok(expected.length > 0);
      assert.deepEqual(shown, expected);
    });

    it('turns plain words into a name/email search', async () => {
      const someone = (await sdk.users.list({ per_page: 1 })).data[0]!;
      const word = someone.email!.split('@')[0]!.slice(0, 5);
      await vscode.commands.executeCommand(Commands.searchUsers, word);
      const shown = (await rootUsers()).map(label);
      assert.ok(shown.includes(someone.email!), `"${word}" finds ${someone.email}`);
      assert.ok(shown.every((l) => l.toLowerCase().includes(word.toLowerCase()) || l !== someone.email));
    });

    it('says when nothing matches, and clears the search', async () => {
      await vscode.commands.executeCommand(Commands.searchUsers, 'email:"nobody@nowhere.invalid"');
      const nodes = await rootUsers();
      assert.equal(nodes.length, 1);
      assert.equal(nodes[0]!.kind, 'message');
      await vscode.commands.executeCommand(Commands.clearSearch);
      assert.ok((await rootUsers()).every((n) => n.kind === 'user'));
    });

    it('pages 50 users at a time with "load more"', async () => {
      const c = connection();
      const extra = Array.from({ length: 55 }, (_, i) => ({
        email: `pager${String(i).padStart(2, '0')}@paging.test`,
        connection: 'Username-Password-Authentication',
        user_metadata: { index: i },
      }));
      await afterReload(() => c.control.seed({ users: extra }));
      const first = await rootUsers();
      const total = api.usersTree.totalUsers;
      assert.ok(total > 50);
      assert.equal(first.filter((n) => n.kind === 'user').length, 50);
      assert.equal(first.at(-1)!.kind, 'loadMore');
      await vscode.commands.executeCommand(Commands.loadMoreUsers);
      const all = await rootUsers();
      assert.equal(all.filter((n) => n.kind === 'user').length, Math.min(total, 100));
    });

    it('refreshes by itself when the data changes elsewhere', async () => {
      const target = (await sdk.users.list({ q: 'email:"pager00@paging.test"', search_engine: 'v3' })).data[0]!;
      await afterReload(() => sdk.users.update(target.user_id!, { name: 'Changed Elsewhere' }));
      const node = (await rootUsers()).find((n) => n.kind === 'user' && n.user.user_id === target.user_id);
      assert.ok(node && node.kind === 'user');
      assert.equal(node.user.name, 'Changed Elsewhere');
    });

    it('coalesces a burst of changes into a few refreshes, not one per change', async () => {
      const users = (await sdk.users.list({ q: 'email:*@paging.test', search_engine: 'v3', per_page: 20 })).data;
      assert.equal(users.length, 20);
      let reloads = 0;
      const sub = api.usersTree.onDidReload(() => reloads++);
      try {
        await afterReload(() => Promise.all(users.map((u, i) => sdk.users.update(u.user_id!, { user_metadata: { burst: i } }))));
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        sub.dispose();
      }
      assert.ok(reloads >= 1 && reloads <= 5, `20 changes caused ${reloads} refreshes`);
    });
  });

  describe('user actions', () => {
    let userId: string;
    before(async () => {
      userId = (await sdk.users.list({ q: 'email:"pager01@paging.test"', search_engine: 'v3' })).data[0]!.user_id!;
    });

    it('blocks and unblocks a user', async () => {
      await vscode.commands.executeCommand(Commands.blockUser, userId);
      assert.equal((await sdk.users.get(userId)).blocked, true);
      const node = (await rootUsers()).find((n) => n.kind === 'user' && n.user.user_id === userId)!;
      assert.equal(api.usersTree.getTreeItem(node).contextValue, 'user.blocked');
      await vscode.commands.executeCommand(Commands.unblockUser, userId);
      assert.equal((await sdk.users.get(userId)).blocked, false);
    });

    it('opens a user as JSON', async () => {
      const editor = (await vscode.commands.executeCommand(Commands.openUserJson, userId)) as vscode.TextEditor;
      const shown = JSON.parse(editor.document.getText());
      assert.equal(shown.user_id, userId);
      assert.equal(editor.document.languageId, 'json');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('deletes a user only after confirmation', async () => {
      api.prompts.confirm = async () => false;
      assert.equal(await vscode.commands.executeCommand(Commands.deleteUser, userId), false);
      assert.equal((await sdk.users.get(userId)).user_id, userId);
      api.prompts.confirm = async () => true;
      assert.equal(await vscode.commands.executeCommand(Commands.deleteUser, userId), true);
      await assert.rejects(sdk.users.get(userId), (e: { statusCode?: number }) => e.statusCode === 404);
    });

    it('exports the data to a file and imports it back', async () => {
      const file = vscode.Uri.file(path.join(mkdtempSync(path.join(os.tmpdir(), 'auth0-export-')), 'export.json'));
      await vscode.commands.executeCommand(Commands.exportData, file);
      const exported = JSON.parse(readFileSync(file.fsPath, 'utf8'));
      const victim = exported.users.find((u: { email?: string }) => u.email === 'pager02@paging.test');
      assert.ok(victim, 'the export holds the users');
      await sdk.users.delete(victim.user_id);
      api.prompts.confirm = async () => true;
      assert.equal(await vscode.commands.executeCommand(Commands.importData, file), true);
      assert.equal((await sdk.users.get(victim.user_id)).email, 'pager02@paging.test');
    });
  });

  describe('metadata editor', () => {
    let userId: string;
    before(async () => {
      const users = (await sdk.users.list({ q: '_exists_:user_metadata.preferences', search_engine: 'v3' })).data;
      userId = users.find((u) => u.app_metadata && Object.keys(u.app_metadata).length > 0)!.user_id!;
    });

    it('opens one panel per user and loads the user into it', async () => {
      const panel = await vscode.commands.executeCommand<{ userId: string; whenReady: Promise<void> }>(Commands.editMetadata, userId);
      assert.equal(panel.userId, userId);
      // The webview itself loads, says `ready` and receives the user.
      await panel.whenReady;
      const again = await vscode.commands.executeCommand(Commands.editMetadata, userId);
      assert.equal(again, panel, 'the same panel is revealed');
    });

    it('saves a PATCH and Auth0 merges it one level deep', async () => {
      const panel = api.panels.get(userId)!;
      const before = await sdk.users.get(userId);
      const saved = nextPosted(panel, 'user/saved');
      await panel.receive({
        type: 'user/save',
        requestId: 7,
        patch: { user_metadata: { preferences: { language: 'fr' }, displayName: null, theme: 'dark' } },
      });
      const message = await saved;
      assert.equal(message.type === 'user/saved' && message.requestId, 7);
      const after = await sdk.users.get(userId);
      const expected: Record<string, unknown> = { ...(before.user_metadata as object), preferences: { language: 'fr' }, theme: 'dark' };
      delete expected.displayName;
      assert.deepEqual(after.user_metadata, expected);
      assert.deepEqual(after.app_metadata, before.app_metadata);
      assert.deepEqual(message.type === 'user/saved' && message.user.user_metadata, expected);
    });

    it("shows Auth0's error and changes nothing when the PATCH is rejected", async () => {
      const panel = api.panels.get(userId)!;
      const before = await sdk.users.get(userId);
      const error = nextPosted(panel, 'error');
      await panel.receive({ type: 'user/save', requestId: 8, patch: { user_metadata: { 'preference.color': 'pink' } } });
      const message = await error;
      assert.ok(message.type === 'error');
      assert.equal(message.requestId, 8);
      assert.equal(message.statusCode, 400);
      assert.match(message.message, /"\."/);
      assert.deepEqual((await sdk.users.get(userId)).user_metadata, before.user_metadata);
    });
  });

  describe('when things go wrong', () => {
    afterEach(async () => {
      await setSetting('port', undefined);
      await setSetting('dataFolder', undefined);
      await ensureRunning();
    });

    it('tells the user when the emulator dies, and restarts it', async () => {
      const state = api.session.state;
      assert.ok(state.kind === 'running');
      const crashed = new Promise<void>((resolve) => {
        const sub = api.session.onDidChangeConnection((c) => {
          if (!c) {
            sub.dispose();
            resolve();
          }
        });
      });
      process.kill(state.pid, 'SIGKILL');
      await crashed;
      assert.equal(api.session.state.kind, 'crashed');
      assert.equal(api.statusBar.item.text, '$(error) Auth0 Emulator');
      await vscode.commands.executeCommand(Commands.startEmulator);
      assert.equal(api.session.state.kind, 'running');
    });

    it('reports a taken port and offers another one', async () => {
      const blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
      const port = (blocker.address() as net.AddressInfo).port;
      try {
        await api.session.stop();
        await setSetting('port', port);
        const result = await api.session.start();
        assert.ok(!result.ok);
        assert.deepEqual(result.failure, { kind: 'port-in-use', host: '127.0.0.1', port });
        assert.match(String(api.statusBar.item.tooltip), new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
        const fallback = await api.session.start({ port: 0 });
        assert.ok(fallback.ok && fallback.connection.port !== port);
        await api.session.stop();
      } finally {
        blocker.close();
      }
    });

    it('reports an unreadable data folder with its path and leaves it in place', async () => {
      const folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'auth0-corrupt-')), 'data');
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'auth0-emulator.json'), '{"version": 1, "seq": ');
      await api.session.stop();
      await setSetting('dataFolder', folder);
      const result = await api.session.start();
      assert.ok(!result.ok && result.failure.kind === 'data-folder');
      assert.equal(result.failure.path, folder);
      assert.equal(result.failure.problem, 'corrupt');
      assert.equal(readFileSync(path.join(folder, 'auth0-emulator.json'), 'utf8'), '{"version": 1, "seq": ', 'nothing was changed');
      assert.ok(existsSync(folder));
      assert.deepEqual(readdirSync(path.dirname(folder)), ['data'], 'nothing was moved without asking');
    });

    it('reports a data folder written by a newer emulator', async () => {
      const folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'auth0-newer-')), 'data');
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'auth0-emulator.json'), JSON.stringify({ version: 99, seq: 0, collections: {} }));
      await api.session.stop();
      await setSetting('dataFolder', folder);
      const result = await api.session.start();
      assert.ok(!result.ok && result.failure.kind === 'data-folder');
      assert.equal(result.failure.problem, 'newer-version');
    });
  });
});
