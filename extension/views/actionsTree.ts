// The Actions view: the workspace's Actions by trigger, Deploy CLI layouts with their bindings in order, legacy
// Rules and custom database scripts; clicking an item opens the file at its handler.
import * as vscode from 'vscode';
import type { WorkspaceEntry } from '../actions/classify.js';
import type { WorkspaceActions, WorkspaceSnapshot } from '../actions/workspaceActions.js';

export type ActionsNode =
  | { kind: 'group'; id: string; label: string; icon: string; children: ActionsNode[]; description?: string }
  | { kind: 'file'; id: string; entry: WorkspaceEntry & { uri: vscode.Uri }; label: string; description?: string; line: number }
  | { kind: 'missing'; id: string; label: string; description: string };

export const ACTIONS_VIEW_ID = 'auth0Emulator.actions';

function lineOf(e: WorkspaceEntry): number {
  switch (e.kind) {
    case 'action':
      return Object.values(e.handlerLines)[0] ?? 0;
    case 'rule':
    case 'customDb':
      return e.line;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Builds the tree from a scan (pure apart from the Uri type). */
export function buildActionsTree(s: WorkspaceSnapshot): ActionsNode[] {
  const file = (id: string, e: WorkspaceEntry & { uri: vscode.Uri }, label = e.name, description = e.path): ActionsNode => ({ kind: 'file', id, entry: e, label, description, line: lineOf(e) });
  const groups: ActionsNode[] = [];
  const deployCode = new Set(s.deploy.flatMap((d) => d.bindings.map((b) => b.codePath).filter(Boolean)));
  const actions = s.entries.filter((e): e is Extract<WorkspaceEntry, { kind: 'action' }> & { uri: vscode.Uri } => e.kind === 'action');
  const byTrigger = new Map<string, ActionsNode[]>();
  for (const a of actions) {
    if (deployCode.has(a.path)) continue;
    for (const t of a.triggers) {
      const list = byTrigger.get(t) ?? [];
      list.push(file(`action:${t}:${a.path}`, a, a.name, a.path + (t === 'post-login' && a.continues ? ' · redirects' : '')));
      byTrigger.set(t, list);
    }
  }
  if (byTrigger.size) {
    groups.push({
      kind: 'group',
      id: 'actions',
      label: 'Actions',
      icon: 'symbol-event',
      description: `${actions.filter((a) => !deployCode.has(a.path)).length}`,
      children: [...byTrigger.entries()].map(([t, children]) => ({ kind: 'group', id: `trigger:${t}`, label: t, icon: 'zap', children })),
    });
  }
  for (const d of s.deploy) {
    const triggers = new Map<string, ActionsNode[]>();
    for (const b of d.bindings) {
      const entry = actions.find((a) => a.path === b.codePath);
      const list = triggers.get(b.trigger) ?? [];
      list.push(
        entry
          ? file(`deploy:${d.root}:${b.trigger}:${b.order}`, entry, `${b.order}. ${b.actionName}`, entry.path)
          : { kind: 'missing', id: `deploy:${d.root}:${b.trigger}:${b.order}`, label: `${b.order}. ${b.actionName}`, description: 'code not found' },
      );
      triggers.set(b.trigger, list);
    }
    groups.push({
      kind: 'group',
      id: `deploy:${d.root}`,
      label: `Deploy CLI: ${d.root || '(workspace root)'}`,
      icon: 'cloud-upload',
      children: [...triggers.entries()].map(([t, children]) => ({ kind: 'group', id: `deploy:${d.root}:${t}`, label: t, icon: 'zap', description: `${children.length} in order`, children })),
    });
  }
  const rules = s.entries.filter((e) => e.kind === 'rule');
  if (rules.length) groups.push({ kind: 'group', id: 'rules', label: 'Rules (legacy)', icon: 'law', description: `${rules.length}`, children: rules.map((r) => file(`rule:${r.path}`, r)) });
  const dbs = new Map<string, ActionsNode[]>();
  for (const e of s.entries) {
    if (e.kind !== 'customDb') continue;
    const list = dbs.get(e.connection) ?? [];
    list.push(file(`db:${e.path}`, e));
    dbs.set(e.connection, list);
  }
  if (dbs.size) {
    groups.push({
      kind: 'group',
      id: 'customDb',
      label: 'Custom databases',
      icon: 'database',
      children: [...dbs.entries()].map(([c, children]) => ({ kind: 'group', id: `db:${c}`, label: c, icon: 'database', children })),
    });
  }
  return groups;
}

export class ActionsTreeProvider implements vscode.TreeDataProvider<ActionsNode>, vscode.Disposable {
  private roots: ActionsNode[] = [];
  private readonly changed = new vscode.EventEmitter<ActionsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly workspace: WorkspaceActions) {
    this.sub = workspace.onDidChange((s) => {
      this.roots = buildActionsTree(s);
      this.changed.fire(undefined);
    });
    this.roots = buildActionsTree(workspace.current);
  }

  getChildren(node?: ActionsNode): ActionsNode[] {
    if (!node) return this.roots;
    return node.kind === 'group' ? node.children : [];
  }

  getTreeItem(node: ActionsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.description = node.description;
        item.contextValue = 'group';
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        item.resourceUri = node.entry.uri;
        item.tooltip = node.entry.path;
        item.iconPath = new vscode.ThemeIcon(node.entry.kind === 'rule' ? 'law' : node.entry.kind === 'customDb' ? 'database' : 'symbol-function');
        item.contextValue = node.entry.kind === 'customDb' ? 'customDb' : node.entry.kind;
        item.command = {
          command: 'vscode.open',
          title: 'Open',
          arguments: [node.entry.uri, { selection: new vscode.Range(node.line, 0, node.line, 0) }],
        };
        return item;
      }
      case 'missing': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      default: {
        const never: never = node;
        return never;
      }
    }
  }

  /** Every file node, flattened (tests and commands). */
  allFiles(): Array<Extract<ActionsNode, { kind: 'file' }>> {
    const out: Array<Extract<ActionsNode, { kind: 'file' }>> = [];
    const walk = (n: ActionsNode) => (n.kind === 'group' ? n.children.forEach(walk) : n.kind === 'file' ? out.push(n) : undefined);
    this.roots.forEach(walk);
    return out;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
