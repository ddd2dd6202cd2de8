// What the Tenants view and the palette do with real tenants: connect (domain, M2M client, secret into
// SecretStorage; the connection is tested and the granted scopes shown), test, disconnect, search and page users,
// open the sync preview for chosen emulator users, and pull a scrubbed sample of users into the emulator.
// Every command also takes its inputs as an argument object, so tests and other extensions can drive it.
import * as vscode from 'vscode';
import type { UserDirectory } from '../directory/userDirectory.js';
import type { EmulatorControlClient } from '../../emulator/client.js';
import { openSyncPanel, type SyncPanel } from '../panels/syncPanel.js';
import type { Prompts } from '../ui.js';
import type { TenantNode, TenantTreeProvider } from '../views/tenantTree.js';
import type { ConnectionTest } from './tenantConnection.js';
import type { TenantHub } from './tenantHub.js';
import type { TenantEntry } from './tenantRegistry.js';
import type { MatchBy, SyncUser } from './syncPlan.js';

export interface TenantActionDeps {
  hub: TenantHub;
  tree: TenantTreeProvider;
  prompts: Prompts;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
  emulator: () => { directory: UserDirectory; control: EmulatorControlClient } | undefined;
}

export interface ConnectArgs {
  domain: string;
  clientId: string;
  clientSecret: string;
  name?: string;
  caFile?: string;
}

export type TenantTarget = TenantNode | string | undefined;

export class TenantActions {
  constructor(private readonly deps: TenantActionDeps) {}

  async connect(args?: ConnectArgs): Promise<{ tenant: TenantEntry; test: ConnectionTest } | undefined> {
    const input = args ?? (await this.askConnection());
    if (!input) return undefined;
    const domain = input.domain.trim().replace(/^https?:\/\//, '').replace(/\/+$/, '');
    const tenant = await this.deps.hub.registry.add(
      { name: input.name?.trim() || defaultName(domain), domain, clientId: input.clientId.trim(), ...(input.caFile ? { caFile: input.caFile } : {}) },
      input.clientSecret,
    );
    this.deps.hub.forget(tenant.id);
    this.deps.tree.refresh();
    const test = await this.test(tenant.id);
    return test ? { tenant, test } : undefined;
  }

  /** Gets a token and says which scopes it carries (and which the extension needs but lacks). */
  async test(target?: TenantTarget): Promise<ConnectionTest | undefined> {
    const tenant = await this.resolve(target, 'Test which tenant?');
    if (!tenant) return undefined;
    try {
      const result = await (await this.deps.hub.connection(tenant.id)).test();
      const missing = result.missing.length ? ` Missing for this extension: ${result.missing.join(', ')}.` : '';
      this.deps.log.info(`tenant ${tenant.domain}: connected; scopes ${result.scopes.join(' ')}`);
      const show = result.missing.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(`Connected to ${tenant.name} (${tenant.domain}). Granted scopes: ${result.scopes.join(', ') || 'none'}.${missing}`);
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.warn(`tenant ${tenant.domain}: ${message}`);
      void vscode.window.showErrorMessage(`Could not connect to ${tenant.name}: ${message}`);
      return undefined;
    }
  }

  async disconnect(target?: TenantTarget): Promise<boolean> {
    const tenant = await this.resolve(target, 'Disconnect which tenant?');
    if (!tenant) return false;
    const ok = await this.deps.prompts.confirm(
      `Disconnect ${tenant.name} (${tenant.domain})?`,
      'This forgets the tenant and deletes its client secret from the secret storage. Nothing on the tenant changes.',
      'Disconnect',
    );
    if (!ok) return false;
    await this.deps.hub.registry.remove(tenant.id);
    this.deps.hub.forget(tenant.id);
    this.deps.tree.refresh();
    return true;
  }

  async search(target?: TenantTarget, text?: string): Promise<void> {
    const tenant = await this.resolve(target, 'Search which tenant?');
    if (!tenant) return;
    const input =
      typeof text === 'string'
        ? text
        : await vscode.window.showInputBox({
            title: `Search users on ${tenant.name}`,
            value: this.deps.tree.listing(tenant.id).rawQuery,
            prompt: 'Auth0 query syntax (email:"a@b.com", app_metadata.plan:"premium") or plain words',
          });
    if (input === undefined) return;
    await this.deps.tree.setSearch(tenant.id, input);
  }

  async loadMore(target?: TenantTarget): Promise<void> {
    const tenant = await this.resolve(target, 'Load more users of which tenant?');
    if (tenant) await this.deps.tree.loadMore(tenant.id);
  }

  /** Opens the sync preview. `userIds`: emulator users (default: pick from the emulator's users). */
  async sync(args?: { tenantId?: string; userIds?: string[]; matchBy?: MatchBy }): Promise<SyncPanel | undefined> {
    const emulator = this.deps.emulator();
    if (!emulator) {
      void vscode.window.showInformationMessage('Start the emulator first: a sync copies metadata from the emulator to a tenant.');
      return undefined;
    }
    const tenant = await this.resolve(args?.tenantId, 'Sync to which tenant?');
    if (!tenant) return undefined;
    const userIds = args?.userIds ?? (await this.pickEmulatorUsers(emulator.directory));
    if (!userIds?.length) return undefined;
    const matchBy =
      args?.matchBy ??
      (
        await vscode.window.showQuickPick(
          [
            { label: 'By email', description: 'the same person under another user_id on the tenant', value: 'email' as const },
            { label: 'By user_id', description: 'users pulled from this tenant keep their ids', value: 'user_id' as const },
          ],
          { title: `Match emulator users to ${tenant.name}` },
        )
      )?.value;
    if (!matchBy) return undefined;
    const panel = openSyncPanel(tenant, matchBy, {
      hub: this.deps.hub,
      prompts: this.deps.prompts,
      log: this.deps.log,
      extensionUri: this.deps.extensionUri,
      readEmulatorUsers: async () => {
        const dir = this.deps.emulator()?.directory;
        if (!dir) throw new Error('The emulator stopped; start it and refresh.');
        return (await Promise.all(userIds.map((id) => dir.getUser(id)))) as unknown as SyncUser[];
      },
      onDidWrite: () => this.deps.tree.refresh(),
    });
    return panel;
  }

  /** Pulls a sample of users (scrubbed by default) into the emulator. Returns the users added. */
  async pull(args?: { tenantId?: string; q?: string; count?: number; scrub?: boolean }): Promise<number | undefined> {
    const emulator = this.deps.emulator();
    if (!emulator) {
      void vscode.window.showInformationMessage('Start the emulator first: a pull copies users into it.');
      return undefined;
    }
    const tenant = await this.resolve(args?.tenantId, 'Pull users from which tenant?');
    if (!tenant) return undefined;
    let count = args?.count;
    if (count === undefined) {
      const text = await vscode.window.showInputBox({ title: `Pull users from ${tenant.name}`, value: '25', prompt: 'How many users (the first of the search below)', validateInput: (v) => (/^\d+$/.test(v) && +v > 0 && +v <= 1000 ? undefined : 'A number from 1 to 1000') });
      if (!text) return undefined;
      count = Number(text);
    }
    const q = args?.q ?? this.deps.tree.listing(tenant.id).query;
    let scrub = args?.scrub;
    if (scrub === undefined) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: 'Scrub personal data', description: 'emails, names, pictures, IP addresses, phone numbers (recommended)', value: true },
          { label: 'Keep as is', description: 'to sync changes back later by user_id', value: false },
        ],
        { title: 'Personal data' },
      );
      if (!pick) return undefined;
      scrub = pick.value;
    }
    try {
      const mod = this.deps.hub.load();
      const conn = await this.deps.hub.connection(tenant.id);
      const users = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pulling users from ${tenant.name}` }, () =>
        mod.pullSample(conn, this.deps.hub.files(tenant), { count, q, scrub, scrubKey: `${tenant.domain}/${tenant.clientId}` }),
      );
      await emulator.control.seed({ users: users.map(mod.toSeedUser) as never });
      void vscode.window.showInformationMessage(`Pulled ${users.length} user${users.length === 1 ? '' : 's'} from ${tenant.name} into the emulator${scrub ? ', personal data scrubbed' : ''}.`);
      return users.length;
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not pull from ${tenant.name}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private async pickEmulatorUsers(directory: UserDirectory): Promise<string[] | undefined> {
    const page = await directory.listUsers({ page: 0, perPage: 100 });
    const picks = await vscode.window.showQuickPick(
      page.users.map((u) => ({ label: u.email ?? u.user_id, description: u.user_id, id: u.user_id, picked: true })),
      { canPickMany: true, title: 'Sync which emulator users?', matchOnDescription: true },
    );
    return picks?.map((p) => p.id);
  }

  private async askConnection(): Promise<ConnectArgs | undefined> {
    const domain = await vscode.window.showInputBox({ title: 'Connect a tenant (1/3)', prompt: 'Tenant domain', placeHolder: 'your-tenant.eu.auth0.com', ignoreFocusOut: true });
    if (!domain) return undefined;
    const clientId = await vscode.window.showInputBox({ title: 'Connect a tenant (2/3)', prompt: 'Client ID of a machine-to-machine application authorized for the Management API (read:users, update:users)', ignoreFocusOut: true });
    if (!clientId) return undefined;
    const clientSecret = await vscode.window.showInputBox({ title: 'Connect a tenant (3/3)', prompt: 'Client secret (kept in the editor secret storage only)', password: true, ignoreFocusOut: true });
    if (!clientSecret) return undefined;
    return { domain, clientId, clientSecret };
  }

  private async resolve(target: TenantTarget, placeHolder: string): Promise<TenantEntry | undefined> {
    const tenants = this.deps.hub.registry.list();
    if (typeof target === 'string') return tenants.find((t) => t.id === target || t.domain === target);
    if (target?.kind === 'tenant') return target.tenant;
    if (target && 'tenantId' in target) return tenants.find((t) => t.id === target.tenantId);
    if (tenants.length === 0) {
      void vscode.window.showInformationMessage('No tenant is connected. Run "Auth0 Emulator: Connect Tenant..." first.');
      return undefined;
    }
    if (tenants.length === 1) return tenants[0];
    const pick = await vscode.window.showQuickPick(tenants.map((t) => ({ label: t.name, description: t.domain, t })), { placeHolder });
    return pick?.t;
  }
}

/** `acme` for acme.eu.auth0.com; the whole host:port for an address or localhost. */
function defaultName(domain: string): string {
  const host = domain.replace(/:\d+$/, '');
  return /^[\d.]+$|^localhost$|^\[/.test(host) ? domain : host.split('.')[0]!;
}
