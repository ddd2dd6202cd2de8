// Real tenants inside the real extension host: connect a tenant (a second emulator this test starts, over HTTPS with
// its self-signed certificate trusted through the tenant's CA file), browse it in the Tenants view, and sync
// metadata from the local emulator to it through the sync preview panel (dry run, declined and confirmed apply).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManagementClient } from 'auth0';
import * as vscode from 'vscode';
import { Commands } from '../../extension/commands.js';
import type { ExtensionApi } from '../../extension/main.js';
import type { SyncPanel } from '../../extension/panels/syncPanel.js';
import { httpsFetch } from '../../extension/tenant/httpsFetch.js';
import type { TenantNode } from '../../extension/views/tenantTree.js';

const EXTENSION_ID = 'auth0-emulator.auth0-emulator';
const CLIENT = { clientId: 'staging-m2m-client', clientSecret: 'staging-secret-never-in-settings' };
const PEOPLE = Array.from({ length: 6 }, (_, i) => ({
  user_id: `auth0|staging${i}`,
  email: `listener${i}@staging.example`,
  connection: 'Username-Password-Authentication',
  password: 'Str0ng!Passw0rd',
  app_metadata: { plan: i < 2 ? 'premium' : 'free' },
  user_metadata: { theme: 'light' },
}));

describe('Real tenants', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let child: ChildProcess;
  let dir: string;
  let domain: string;
  let tenantSdk: ManagementClient;
  let tenantId: string;

  before(async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!;
    api = await ext.activate();
    const started = await api.session.start();
    assert.ok(started.ok, 'the local emulator runs');
    dir = mkdtempSync(path.join(os.tmpdir(), 'a0-tenant-'));
    const seed = path.join(dir, 'seed.json');
    writeFileSync(seed, JSON.stringify({ users: PEOPLE }));
    child = spawn(process.execPath, [path.join(ext.extensionPath, 'dist', 'cli.js'), '--https', '--port', '0', '--host', '127.0.0.1', '--data', path.join(dir, 'data'), '--seed', seed, '--no-sample-data', '--rate-limit', 'off', '--client-id', CLIENT.clientId, '--client-secret', CLIENT.clientSecret], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /listening on (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.stderr!.on('data', (d) => (err += d));
      child.once('exit', (code) => reject(new Error(`the tenant emulator exited ${code}: ${err}`)));
    });
    assert.match(url, /^https:/);
    domain = new URL(url).host;
    tenantSdk = new ManagementClient({ domain, ...CLIENT, fetch: httpsFetch({ ca: readFileSync(path.join(dir, 'data', 'tls', 'cert.pem'), 'utf8') }) });
  });

  after(async () => {
    child?.kill('SIGTERM');
    if (child && child.exitCode === null) await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects a tenant, shows the granted scopes, and keeps the secret out of the stored settings', async () => {
    const result = (await vscode.commands.executeCommand(Commands.connectTenant, {
      domain,
      ...CLIENT,
      name: 'Staging',
      caFile: path.join(dir, 'data', 'tls', 'cert.pem'),
    })) as { tenant: { id: string; name: string }; test: { scopes: string[]; missing: string[] } };
    assert.ok(result, 'the connection test passed');
    tenantId = result.tenant.id;
    assert.ok(result.test.scopes.includes('read:users') && result.test.scopes.includes('update:users'));
    assert.deepEqual(result.test.missing, []);
    const stored = JSON.stringify(api.tenants.hub.registry.list());
    assert.ok(stored.includes(domain) && !stored.includes(CLIENT.clientSecret), 'the secret is not in globalState');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('auth0Emulator')).includes(CLIENT.clientSecret), 'nor in settings');
  });

  it('browses the tenant users in the Tenants view, with metadata, and searches them', async () => {
    const roots = await api.tenants.tree.getChildren();
    const tenantNode = roots.find((n) => n.kind === 'tenant' && n.tenant.id === tenantId)!;
    assert.equal(api.tenants.tree.getTreeItem(tenantNode).label, 'Staging');
    const users = await api.tenants.tree.getChildren(tenantNode);
    assert.deepEqual(users.map((n) => api.tenants.tree.getTreeItem(n).label), PEOPLE.map((p) => p.email));
    const sections = await api.tenants.tree.getChildren(users[0]);
    assert.deepEqual(sections.map((n) => api.tenants.tree.getTreeItem(n).label), ['app_metadata', 'user_metadata']);
    const plan = (await api.tenants.tree.getChildren(sections[0])) as TenantNode[];
    assert.equal(api.tenants.tree.getTreeItem(plan[0]!).description, '"premium"');
    await vscode.commands.executeCommand(Commands.searchTenantUsers, tenantId, 'app_metadata.plan:"premium"');
    const found = await api.tenants.tree.getChildren(tenantNode);
    assert.deepEqual(found.map((n) => api.tenants.tree.getTreeItem(n).label), PEOPLE.slice(0, 2).map((p) => p.email));
    await vscode.commands.executeCommand(Commands.searchTenantUsers, tenantId, '');
  });

  it('syncs from the emulator: preview, dry run, asks before writing and names the tenant, then writes', async () => {
    const control = api.session.connection!.control;
    const local = PEOPLE.slice(0, 3).map((p, i) => ({ ...p, user_id: `auth0|local${i}`, user_metadata: { theme: 'dark', volume: i } }));
    await control.seed({ users: local });
    const panel = (await vscode.commands.executeCommand(Commands.syncToTenant, { tenantId, userIds: local.map((u) => u.user_id), matchBy: 'email' })) as SyncPanel;
    await panel.whenReady;
    assert.deepEqual(panel.currentPlans.map((p) => [p.status, p.tenant?.user_id]), PEOPLE.slice(0, 3).map((p) => ['update', p.user_id]));
    assert.deepEqual(panel.currentPlans[1]!.patch, { user_metadata: { theme: 'dark', volume: 1 } });

    const dry = await panel.run(true);
    assert.equal(dry?.written, 3);
    assert.deepEqual((await tenantSdk.users.get(PEOPLE[1]!.user_id)).user_metadata, { theme: 'light' }, 'the dry run wrote nothing');

    let asked = '';
    api.prompts.confirm = async (message) => ((asked = message), false);
    assert.equal(await panel.run(false), undefined);
    assert.match(asked, new RegExp(`3 users to the tenant Staging \\(${domain.replace(/\./g, '\\.')}\\)`));
    assert.deepEqual((await tenantSdk.users.get(PEOPLE[1]!.user_id)).user_metadata, { theme: 'light' }, 'declined: nothing written');

    api.prompts.confirm = async () => true;
    const report = await panel.run(false);
    assert.equal(report?.written, 3);
    for (let i = 0; i < 3; i++) assert.deepEqual((await tenantSdk.users.get(PEOPLE[i]!.user_id)).user_metadata, { theme: 'dark', volume: i });
    const again = await panel.replan();
    assert.ok(again.every((p) => p.status === 'unchanged'), 'a second run has nothing to write');
    panel.dispose();
  });
});
