// Wires the real-tenant feature: the registry (globalState + SecretStorage), the hub of connections, the Tenants view
// and the command handlers main.ts registers. The SDK bundle (dist/tenant.cjs) loads on first use.
import path from 'node:path';
import * as vscode from 'vscode';
import type { CommandKey } from '../commands.js';
import type { EmulatorSession } from '../emulatorSession.js';
import type { Prompts } from '../ui.js';
import { TenantTreeProvider, type TenantNode } from '../views/tenantTree.js';
import { TenantActions, type ConnectArgs } from './tenantActions.js';
import { TenantHub, type TenantModuleType } from './tenantHub.js';
import { TenantRegistry } from './tenantRegistry.js';
import type { MatchBy } from './syncPlan.js';

export const TENANTS_VIEW_ID = 'auth0Emulator.tenants';

type TenantCommandKey = 'connectTenant' | 'testTenantConnection' | 'disconnectTenant' | 'refreshTenants' | 'searchTenantUsers' | 'loadMoreTenantUsers' | 'syncToTenant' | 'pullFromTenant';

export interface TenantFeature {
  hub: TenantHub;
  tree: TenantTreeProvider;
  view: vscode.TreeView<TenantNode>;
  actions: TenantActions;
  handlers: { [K in TenantCommandKey & CommandKey]: (...args: any[]) => unknown };
}

export function createTenantFeature(context: vscode.ExtensionContext, session: EmulatorSession, prompts: Prompts, log: vscode.LogOutputChannel): TenantFeature {
  const registry = new TenantRegistry(context.globalState, context.secrets);
  const hub = new TenantHub(registry, path.join(context.globalStorageUri.fsPath, 'tenants'), loadTenantModule);
  const tree = new TenantTreeProvider(hub);
  const view = vscode.window.createTreeView(TENANTS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, view);
  const actions = new TenantActions({
    hub,
    tree,
    prompts,
    log,
    extensionUri: context.extensionUri,
    emulator: () => {
      const c = session.connection;
      return c ? { directory: c.directory, control: c.control } : undefined;
    },
  });
  const handlers: TenantFeature['handlers'] = {
    connectTenant: (args?: ConnectArgs) => actions.connect(args),
    testTenantConnection: (target?: TenantNode | string) => actions.test(target),
    disconnectTenant: (target?: TenantNode | string) => actions.disconnect(target),
    refreshTenants: () => tree.refresh(),
    searchTenantUsers: (target?: TenantNode | string, text?: string) => actions.search(target, text),
    loadMoreTenantUsers: (target?: TenantNode | string) => actions.loadMore(target),
    syncToTenant: (args?: { tenantId?: string; userIds?: string[]; matchBy?: MatchBy } | TenantNode) =>
      actions.sync(args && 'kind' in args ? (args.kind === 'tenant' ? { tenantId: args.tenant.id } : undefined) : args),
    pullFromTenant: (args?: { tenantId?: string; q?: string; count?: number; scrub?: boolean } | TenantNode) =>
      actions.pull(args && 'kind' in args ? (args.kind === 'tenant' ? { tenantId: args.tenant.id } : undefined) : args),
  };
  return { hub, tree, view, actions, handlers };
}

function loadTenantModule(): TenantModuleType {
  // Resolved next to dist/extension.cjs at run time (kept external in build-extension.mjs).
  return require('./tenant.cjs') as TenantModuleType;
}
