// The Tenants view: each connected tenant, its users (50 a page with "load more", searched with Auth0's syntax),
// and each user's metadata shown as JSON trees like the Users view. Reads go through the tenant's own SDK connection.
import * as vscode from 'vscode';
import type { TenantUser } from '../tenant/tenantConnection.js';
import type { TenantHub } from '../tenant/tenantHub.js';
import type { TenantEntry } from '../tenant/tenantRegistry.js';
import { toSearchQuery } from './userSearch.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type TenantNode =
  | { kind: 'tenant'; tenant: TenantEntry }
  | { kind: 'user'; tenantId: string; user: TenantUser }
  | { kind: 'section'; tenantId: string; user: TenantUser; section: 'app_metadata' | 'user_metadata' }
  | { kind: 'json'; id: string; key: string; value: Json }
  | { kind: 'loadMore'; tenantId: string; loaded: number; total: number }
  | { kind: 'message'; id: string; text: string; icon: string };

export const TENANT_PAGE_SIZE = 50;
export const TENANT_COMMANDS = { loadMore: 'auth0Emulator.loadMoreTenantUsers', search: 'auth0Emulator.searchTenantUsers' } as const;

interface TenantListing {
  users: TenantUser[];
  total: number;
  pages: number;
  query: string;
  rawQuery: string;
  error?: string;
  loaded: boolean;
}

export class TenantTreeProvider implements vscode.TreeDataProvider<TenantNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TenantNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listings = new Map<string, TenantListing>();
  private readonly loadedEmitter = new vscode.EventEmitter<string>();
  /** Fires with the tenant id after its users were (re)loaded. */
  readonly onDidLoad = this.loadedEmitter.event;

  constructor(private readonly hub: TenantHub) {}

  listing(tenantId: string): TenantListing {
    let l = this.listings.get(tenantId);
    if (!l) {
      l = { users: [], total: 0, pages: 1, query: '', rawQuery: '', loaded: false };
      this.listings.set(tenantId, l);
    }
    return l;
  }

  refresh(): void {
    for (const l of this.listings.values()) l.loaded = false;
    this.changed.fire(undefined);
  }

  async setSearch(tenantId: string, input: string): Promise<void> {
    const l = this.listing(tenantId);
    l.rawQuery = input.trim();
    l.query = toSearchQuery(input);
    l.pages = 1;
    await this.load(tenantId);
  }

  async loadMore(tenantId: string): Promise<void> {
    this.listing(tenantId).pages++;
    await this.load(tenantId);
  }

  async load(tenantId: string): Promise<TenantListing> {
    const l = this.listing(tenantId);
    try {
      const conn = await this.hub.connection(tenantId);
      const users: TenantUser[] = [];
      let total = 0;
      for (let page = 0; page < l.pages; page++) {
        const r = await conn.listUsers({ q: l.query, page, perPage: TENANT_PAGE_SIZE });
        users.push(...r.users);
        total = r.total;
        if (r.users.length < TENANT_PAGE_SIZE) break;
      }
      l.users = users;
      l.total = total;
      l.error = undefined;
    } catch (err) {
      l.error = err instanceof Error ? err.message : String(err);
    }
    l.loaded = true;
    this.changed.fire(undefined);
    this.loadedEmitter.fire(tenantId);
    return l;
  }

  getTreeItem(node: TenantNode): vscode.TreeItem {
    switch (node.kind) {
      case 'tenant': {
        const item = new vscode.TreeItem(node.tenant.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `tenant:${node.tenant.id}`;
        const l = this.listings.get(node.tenant.id);
        item.description = [node.tenant.domain, l?.rawQuery ? `search: ${l.rawQuery}` : undefined].filter(Boolean).join(' \u00b7 ');
        item.tooltip = `${node.tenant.name}\n${node.tenant.domain}\nclient ${node.tenant.clientId}`;
        item.iconPath = new vscode.ThemeIcon('cloud');
        item.contextValue = 'tenant';
        return item;
      }
      case 'user': {
        const u = node.user;
        const item = new vscode.TreeItem(u.email ?? u.name ?? u.user_id, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `tenant:${node.tenantId}/user:${u.user_id}`;
        item.description = u.name && u.name !== u.email ? u.name : u.user_id;
        item.iconPath = new vscode.ThemeIcon(u.blocked ? 'circle-slash' : 'account');
        item.contextValue = 'tenantUser';
        item.tooltip = `${u.user_id}${u.email ? `\n${u.email}` : ''}`;
        return item;
      }
      case 'section': {
        const value = (node.user[node.section] ?? {}) as Json;
        const empty = Object.keys(value as object).length === 0;
        const item = new vscode.TreeItem(node.section, empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `tenant:${node.tenantId}/user:${node.user.user_id}/${node.section}`;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        if (empty) item.description = '{}';
        return item;
      }
      case 'json': {
        const composite = typeof node.value === 'object' && node.value !== null;
        const item = new vscode.TreeItem(
          node.key,
          composite && Object.keys(node.value as object).length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        item.description = composite
          ? Array.isArray(node.value)
            ? `[${node.value.length}]`
            : `{${Object.keys(node.value as object).length}}`
          : JSON.stringify(node.value);
        item.tooltip = JSON.stringify(node.value, null, 2);
        item.iconPath = new vscode.ThemeIcon(Array.isArray(node.value) ? 'symbol-array' : composite ? 'symbol-object' : `symbol-${typeof node.value === 'string' ? 'string' : typeof node.value === 'number' ? 'number' : typeof node.value === 'boolean' ? 'boolean' : 'null'}`);
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem('Load more...', vscode.TreeItemCollapsibleState.None);
        item.id = `tenant:${node.tenantId}/loadMore`;
        item.description = `${node.loaded} of ${node.total}`;
        item.iconPath = new vscode.ThemeIcon('more');
        item.command = { command: TENANT_COMMANDS.loadMore, title: 'Load More', arguments: [node.tenantId] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.text;
        return item;
      }
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  async getChildren(node?: TenantNode): Promise<TenantNode[]> {
    if (!node) return this.hub.registry.list().map((tenant) => ({ kind: 'tenant', tenant }));
    switch (node.kind) {
      case 'tenant': {
        const id = node.tenant.id;
        const l = this.listing(id).loaded ? this.listing(id) : await this.load(id);
        if (l.error) return [{ kind: 'message', id: `tenant:${id}/error`, text: l.error, icon: 'error' }];
        if (l.users.length === 0) return [{ kind: 'message', id: `tenant:${id}/none`, text: l.query ? `No users match ${l.rawQuery}` : 'No users', icon: 'info' }];
        const nodes: TenantNode[] = l.users.map((user) => ({ kind: 'user', tenantId: id, user }));
        if (l.users.length < l.total && l.users.length >= l.pages * TENANT_PAGE_SIZE) nodes.push({ kind: 'loadMore', tenantId: id, loaded: l.users.length, total: l.total });
        return nodes;
      }
      case 'user':
        return (['app_metadata', 'user_metadata'] as const).map((section) => ({ kind: 'section', tenantId: node.tenantId, user: node.user, section }));
      case 'section':
        return jsonChildren(`tenant:${node.tenantId}/user:${node.user.user_id}/${node.section}`, (node.user[node.section] ?? {}) as Json);
      case 'json':
        return jsonChildren(node.id, node.value);
      default:
        return [];
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.loadedEmitter.dispose();
  }
}

function jsonChildren(parentId: string, value: Json): TenantNode[] {
  if (Array.isArray(value)) return value.map((v, i) => ({ kind: 'json', id: `${parentId}/${i}`, key: `[${i}]`, value: v }));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).map(([k, v]) => ({ kind: 'json', id: `${parentId}/${encodeURIComponent(k)}`, key: k, value: v }));
  }
  return [];
}
