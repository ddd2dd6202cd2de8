// The Users view: pages of users with "load more", a search, and each user expanding into its metadata (as JSON
// trees), identities and roles. Data is fetched first and swapped in whole, with stable ids, so refreshes neither
// flicker nor collapse what the user expanded; overlapping refresh requests are coalesced into one.
import * as vscode from 'vscode';
import { Commands } from '../commands.js';
import type { DirectoryRole, DirectoryUser, UserDirectory } from '../directory/userDirectory.js';
import { toSearchQuery } from './userSearch.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type UsersNode =
  | { kind: 'user'; user: DirectoryUser }
  | { kind: 'section'; user: DirectoryUser; section: 'app_metadata' | 'user_metadata' | 'identities' | 'roles' }
  | { kind: 'json'; id: string; key: string; value: Json }
  | { kind: 'identity'; id: string; identity: NonNullable<DirectoryUser['identities']>[number] }
  | { kind: 'role'; id: string; role: DirectoryRole }
  | { kind: 'loadMore'; loaded: number; total: number }
  | { kind: 'message'; id: string; text: string; icon: string; command?: vscode.Command };

export const PAGE_SIZE = 50;

export class UsersTreeProvider implements vscode.TreeDataProvider<UsersNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<UsersNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private users: DirectoryUser[] = [];
  private total = 0;
  private pages = 1;
  private query = '';
  private rawQuery = '';
  private error: string | undefined;
  private loaded = false;
  private readonly roles = new Map<string, Promise<DirectoryRole[]>>();
  private inFlight: Promise<void> | undefined;
  private again = false;
  private readonly reloaded = new vscode.EventEmitter<void>();
  /** Fires after each completed reload (tests wait on it). */
  readonly onDidReload = this.reloaded.event;

  constructor(private readonly directory: () => UserDirectory | undefined) {}

  get searchText(): string {
    return this.rawQuery;
  }

  get luceneQuery(): string {
    return this.query;
  }

  get loadedUsers(): readonly DirectoryUser[] {
    return this.users;
  }

  get totalUsers(): number {
    return this.total;
  }

  async setSearch(input: string): Promise<void> {
    this.rawQuery = input.trim();
    this.query = toSearchQuery(input);
    this.pages = 1;
    await this.reload();
  }

  async loadMore(): Promise<void> {
    this.pages++;
    await this.reload();
  }

  /** Re-reads every loaded page; concurrent calls share one fetch plus at most one follow-up. */
  reload(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        await this.fetch();
      } while (this.again);
    };
    this.inFlight = run().finally(() => {
      this.inFlight = undefined;
      this.reloaded.fire();
    });
    return this.inFlight;
  }

  /** The emulator stopped: show the welcome content instead of stale users. */
  clear(): void {
    this.users = [];
    this.total = 0;
    this.error = undefined;
    this.loaded = false;
    this.roles.clear();
    this.changed.fire(undefined);
  }

  private async fetch(): Promise<void> {
    const directory = this.directory();
    if (!directory) {
      this.clear();
      return;
    }
    try {
      const users: DirectoryUser[] = [];
      let total = 0;
      for (let page = 0; page < this.pages; page++) {
        const result = await directory.listUsers({ q: this.query, page, perPage: PAGE_SIZE });
        users.push(...result.users);
        total = result.total;
        if (result.users.length < PAGE_SIZE) break;
      }
      this.users = users;
      this.total = total;
      this.error = undefined;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
    this.loaded = true;
    this.roles.clear();
    void vscode.commands.executeCommand('setContext', 'auth0Emulator.searchActive', this.query !== '');
    this.changed.fire(undefined);
  }

  getTreeItem(node: UsersNode): vscode.TreeItem {
    switch (node.kind) {
      case 'user': {
        const u = node.user;
        const item = new vscode.TreeItem(u.email ?? u.name ?? u.user_id, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `user:${u.user_id}`;
        item.description = [u.name && u.name !== u.email ? u.name : undefined, u.blocked ? 'blocked' : undefined]
          .filter(Boolean)
          .join(' \u00b7 ');
        item.iconPath = new vscode.ThemeIcon(u.blocked ? 'circle-slash' : 'account');
        item.contextValue = u.blocked ? 'user.blocked' : 'user';
        item.tooltip = userTooltip(u);
        return item;
      }
      case 'section': {
        const { user, section } = node;
        const empty = sectionIsEmpty(user, section);
        const item = new vscode.TreeItem(
          section,
          empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = `user:${user.user_id}/${section}`;
        item.iconPath = new vscode.ThemeIcon(
          section === 'identities' ? 'key' : section === 'roles' ? 'shield' : 'symbol-namespace',
        );
        if (empty) item.description = section === 'identities' || section === 'roles' ? 'none' : '{}';
        item.contextValue = section.endsWith('metadata') ? 'metadata' : section;
        if (section.endsWith('metadata')) {
          item.command = { command: Commands.editMetadata, title: 'Edit Metadata', arguments: [{ kind: 'user', user }] };
        }
        return item;
      }
      case 'json': {
        const composite = typeof node.value === 'object' && node.value !== null;
        const item = new vscode.TreeItem(
          node.key,
          composite && Object.keys(node.value as object).length > 0
            ? vscode.TreeItemCollapsibleState.Collapsed
            : vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        item.description = composite
          ? Array.isArray(node.value)
            ? `[${(node.value as Json[]).length}]`
            : `{${Object.keys(node.value as object).length}}`
          : JSON.stringify(node.value);
        item.tooltip = JSON.stringify(node.value, null, 2);
        item.iconPath = new vscode.ThemeIcon(jsonIcon(node.value));
        return item;
      }
      case 'identity': {
        const i = node.identity;
        const item = new vscode.TreeItem(i.connection, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = `${i.provider} \u00b7 ${i.user_id}`;
        item.iconPath = new vscode.ThemeIcon(i.isSocial ? 'globe' : 'database');
        return item;
      }
      case 'role': {
        const item = new vscode.TreeItem(node.role.name, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.role.description;
        item.iconPath = new vscode.ThemeIcon('shield');
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem('Load more...', vscode.TreeItemCollapsibleState.None);
        item.id = 'loadMore';
        item.description = `${node.loaded} of ${node.total}`;
        item.iconPath = new vscode.ThemeIcon('more');
        item.command = { command: Commands.loadMoreUsers, title: 'Load More Users' };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.command) item.command = node.command;
        return item;
      }
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  async getChildren(node?: UsersNode): Promise<UsersNode[]> {
    if (!node) return this.rootNodes();
    switch (node.kind) {
      case 'user':
        return (['app_metadata', 'user_metadata', 'identities', 'roles'] as const).map((section) => ({
          kind: 'section',
          user: node.user,
          section,
        }));
      case 'section':
        return this.sectionChildren(node.user, node.section);
      case 'json':
        return jsonChildren(node.id, node.value);
      default:
        return [];
    }
  }

  private async rootNodes(): Promise<UsersNode[]> {
    if (!this.directory()) return [];
    if (!this.loaded) await this.reload();
    if (this.error) {
      return [{
        kind: 'message',
        id: 'error',
        text: this.query ? `Search failed: ${this.error}` : `Could not list users: ${this.error}`,
        icon: 'error',
        command: { command: Commands.refreshUsers, title: 'Retry' },
      }];
    }
    if (this.users.length === 0 && this.query) {
      return [{
        kind: 'message',
        id: 'noMatch',
        text: `No users match ${this.rawQuery}`,
        icon: 'search',
        command: { command: Commands.clearSearch, title: 'Clear Search' },
      }];
    }
    const nodes: UsersNode[] = this.users.map((user) => ({ kind: 'user', user }));
    if (this.users.length < this.total && this.users.length >= this.pages * PAGE_SIZE) {
      nodes.push({ kind: 'loadMore', loaded: this.users.length, total: this.total });
    }
    return nodes;
  }

  private async sectionChildren(user: DirectoryUser, section: 'app_metadata' | 'user_metadata' | 'identities' | 'roles'): Promise<UsersNode[]> {
    const base = `user:${user.user_id}/${section}`;
    switch (section) {
      case 'app_metadata':
      case 'user_metadata':
        return jsonChildren(base, (user[section] ?? {}) as Json);
      case 'identities':
        return (user.identities ?? []).map((identity, i) => ({ kind: 'identity', id: `${base}/${i}`, identity }));
      case 'roles': {
        const directory = this.directory();
        if (!directory) return [];
        let pending = this.roles.get(user.user_id);
        if (!pending) {
          pending = directory.listRoles(user.user_id);
          this.roles.set(user.user_id, pending);
        }
        try {
          const roles = await pending;
          if (roles.length === 0) return [{ kind: 'message', id: `${base}/none`, text: 'no roles', icon: 'info' }];
          return roles.map((role) => ({ kind: 'role', id: `${base}/${role.id}`, role }));
        } catch (err) {
          this.roles.delete(user.user_id);
          return [{ kind: 'message', id: `${base}/error`, text: `Could not load roles: ${String(err)}`, icon: 'error' }];
        }
      }
      default: {
        const never: never = section;
        return never;
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
    this.reloaded.dispose();
  }
}

function jsonChildren(parentId: string, value: Json): UsersNode[] {
  if (Array.isArray(value)) return value.map((v, i) => ({ kind: 'json', id: `${parentId}/${i}`, key: `[${i}]`, value: v }));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).map(([k, v]) => ({ kind: 'json', id: `${parentId}/${encodeURIComponent(k)}`, key: k, value: v }));
  }
  return [];
}

function sectionIsEmpty(user: DirectoryUser, section: 'app_metadata' | 'user_metadata' | 'identities' | 'roles'): boolean {
  if (section === 'roles') return false;
  if (section === 'identities') return (user.identities ?? []).length === 0;
  return Object.keys(user[section] ?? {}).length === 0;
}

function jsonIcon(value: Json): string {
  if (Array.isArray(value)) return 'symbol-array';
  if (value === null) return 'symbol-null';
  switch (typeof value) {
    case 'object':
      return 'symbol-object';
    case 'string':
      return 'symbol-string';
    case 'number':
      return 'symbol-number';
    case 'boolean':
      return 'symbol-boolean';
    default:
      return 'symbol-field';
  }
}

function userTooltip(u: DirectoryUser): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(u.email ?? u.name ?? u.user_id)}**\n\n`);
  md.appendMarkdown(`\`${escapeMd(u.user_id)}\`\n\n`);
  if (u.name) md.appendMarkdown(`Name: ${escapeMd(u.name)}  \n`);
  if (u.logins_count !== undefined) md.appendMarkdown(`Logins: ${u.logins_count}  \n`);
  if (u.last_login) md.appendMarkdown(`Last login: ${u.last_login}  \n`);
  if (u.created_at) md.appendMarkdown(`Created: ${u.created_at}  \n`);
  if (u.blocked) md.appendMarkdown('$(circle-slash) Blocked  \n');
  return md;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
