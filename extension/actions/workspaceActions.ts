// What the workspace holds for Auth0: Action files, Deploy CLI trigger bindings, legacy Rules and custom database
// scripts, found by content (extension/actions/classify.ts) and kept current by a file watcher.
import * as vscode from 'vscode';
import { classifyFile, deployBindings, deployRootOf, type DeployBinding, type WorkspaceEntry } from './classify.js';

const CODE_GLOB = '**/*.{js,cjs}';
const TRIGGERS_GLOB = '**/triggers/triggers.json';
const EXCLUDE = '{**/node_modules/**,**/dist/**,**/out/**,**/.git/**}';
const SKIPPED_DIR = /\/(node_modules|dist|out|\.git)(\/|$)/;
/** Files larger than this are bundles, not Actions (Auth0 caps Action code at 100 kB). */
const MAX_BYTES = 200_000;

export interface DeployLayout {
  root: string;
  triggersFile: vscode.Uri;
  bindings: DeployBinding[];
}

export interface WorkspaceSnapshot {
  entries: Array<WorkspaceEntry & { uri: vscode.Uri }>;
  deploy: DeployLayout[];
}

export class WorkspaceActions implements vscode.Disposable {
  private snapshot: WorkspaceSnapshot = { entries: [], deploy: [] };
  private scanning: Promise<WorkspaceSnapshot> | undefined;
  private queued: Promise<WorkspaceSnapshot> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<WorkspaceSnapshot>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    for (const glob of [CODE_GLOB, TRIGGERS_GLOB, '**/actions/*.json']) {
      const w = vscode.workspace.createFileSystemWatcher(glob);
      const later = () => this.scheduleRescan();
      this.disposables.push(w, w.onDidCreate(later), w.onDidChange(later), w.onDidDelete(later));
    }
    // A folder copied, unzipped or checked out into the workspace: the watcher starts watching a new directory only
    // after it exists, so files written into it at once (cp -r) can come with no event at all. The directory's own
    // creation (or deletion) is reported by its parent's watch: rescan on that.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.disposables.push(
      folders,
      folders.onDidCreate((uri) => void this.onCreated(uri)),
      folders.onDidDelete((uri) => {
        const prefix = uri.toString() + '/';
        if (this.snapshot.entries.some((e) => e.uri.toString().startsWith(prefix))) this.scheduleRescan();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleRescan()),
    );
  }

  private async onCreated(uri: vscode.Uri): Promise<void> {
    // Files the globs above watch, and folders the scan skips, need no look.
    if (SKIPPED_DIR.test(uri.path) || /\.(c?js|json)$/.test(uri.path)) return;
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) this.scheduleRescan();
    } catch {
      // Gone again already.
    }
  }

  get current(): WorkspaceSnapshot {
    return this.snapshot;
  }

  /**
   * Scans now. A scan already running may have listed the files before the change that asked for this one, so
   * the request is queued behind it (one follow-up scan for any number of requests), never merged into it.
   */
  rescan(): Promise<WorkspaceSnapshot> {
    if (!this.scanning) {
      this.scanning = this.scan().finally(() => (this.scanning = undefined));
      return this.scanning;
    }
    this.queued ??= this.scanning
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.rescan();
      });
    return this.queued;
  }

  private scheduleRescan(): void {
    // Saving several files at once (git checkout, format all) triggers one scan.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.rescan(), 150);
  }

  private async scan(): Promise<WorkspaceSnapshot> {
    const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u, false);
    const files = await vscode.workspace.findFiles(CODE_GLOB, EXCLUDE, 5000);
    const entries: WorkspaceSnapshot['entries'] = [];
    await Promise.all(
      files.map(async (uri) => {
        try {
          const bytes = await vscode.workspace.fs.readFile(uri);
          if (bytes.byteLength > MAX_BYTES) return;
          const e = classifyFile(rel(uri), new TextDecoder().decode(bytes));
          if (e) entries.push({ ...e, uri });
        } catch {
          // Deleted between the listing and the read.
        }
      }),
    );
    entries.sort((a, b) => a.path.localeCompare(b.path));
    const actionPaths = new Set(entries.filter((e) => e.kind === 'action').map((e) => e.path));
    const deploy: DeployLayout[] = [];
    for (const triggersFile of await vscode.workspace.findFiles(TRIGGERS_GLOB, EXCLUDE, 50)) {
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(triggersFile));
        const root = deployRootOf(rel(triggersFile));
        deploy.push({ root, triggersFile, bindings: deployBindings(root, text, actionPaths) });
      } catch {
        // ignore unreadable files
      }
    }
    deploy.sort((a, b) => a.root.localeCompare(b.root));
    this.snapshot = { entries, deploy };
    this.changed.fire(this.snapshot);
    return this.snapshot;
  }

  /** The entry for a file, by URI (CodeLens and commands). */
  entryFor(uri: vscode.Uri): (WorkspaceEntry & { uri: vscode.Uri }) | undefined {
    return this.snapshot.entries.find((e) => e.uri.toString() === uri.toString());
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.changed.dispose();
  }
}
