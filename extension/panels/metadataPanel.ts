// The metadata editor panel, one per user: loads the user through the UserDirectory, relays the webview's typed
// messages, sends the PATCH and answers with Auth0's result or error.
import * as vscode from 'vscode';
import type {
  ExtensionToWebview,
  JsonObject,
  MetadataPatch,
  UserSnapshot,
  WebviewToExtension,
} from '../../webview/protocol.js';
import { isWebviewMessage } from '../../webview/protocol.js';
import type { DirectoryError, DirectoryUser, UserDirectory } from '../directory/userDirectory.js';
import { TypedWebviewPanel } from './typedWebviewPanel.js';

export const METADATA_PANEL_VIEW_TYPE = 'auth0Emulator.metadataEditor';

export function toSnapshot(user: DirectoryUser): UserSnapshot {
  return {
    user_id: user.user_id,
    ...(user.email ? { email: user.email } : {}),
    ...(user.name ? { name: user.name } : {}),
    ...(user.updated_at ? { updated_at: user.updated_at } : {}),
    app_metadata: (user.app_metadata ?? {}) as JsonObject,
    user_metadata: (user.user_metadata ?? {}) as JsonObject,
  };
}

export class MetadataPanel extends TypedWebviewPanel<WebviewToExtension, ExtensionToWebview> {
  constructor(
    panel: vscode.WebviewPanel,
    readonly userId: string,
    private readonly directory: () => UserDirectory | undefined,
    extensionUri: vscode.Uri,
  ) {
    super(panel, extensionUri, { title: `Metadata: ${userId}`, bundle: 'metadataEditor' }, isWebviewMessage);
  }

  /** Handles one message from the webview. */
  async receive(message: WebviewToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.load('user/loaded');
        this.markReady();
        return;
      case 'user/reload':
        await this.load('user/loaded');
        return;
      case 'user/save':
        await this.save(message.requestId, message.patch);
        return;
      default: {
        const never: never = message;
        return never;
      }
    }
  }

  /** The data changed somewhere: tell the editor (it keeps unsaved text and asks before replacing it). */
  async notifyChanged(): Promise<void> {
    if (this.ready) await this.load('user/changed');
  }

  private async load(type: 'user/loaded' | 'user/changed'): Promise<void> {
    const directory = this.directory();
    if (!directory) {
      this.post({ type: 'error', message: 'The Auth0 Emulator is not running. Start it, then reload this editor.' });
      return;
    }
    try {
      const user = await directory.getUser(this.userId);
      this.panel.title = `Metadata: ${user.email ?? user.name ?? user.user_id}`;
      this.post({ type, user: toSnapshot(user) });
    } catch (err) {
      this.post(errorMessage(err));
    }
  }

  private async save(requestId: number, patch: MetadataPatch): Promise<void> {
    const directory = this.directory();
    if (!directory) {
      this.post({ type: 'error', requestId, message: 'The Auth0 Emulator is not running; nothing was saved.' });
      return;
    }
    try {
      const user = await directory.updateUser(this.userId, patch);
      this.post({ type: 'user/saved', requestId, user: toSnapshot(user) });
    } catch (err) {
      this.post(errorMessage(err, requestId));
    }
  }

}

function errorMessage(err: unknown, requestId?: number): ExtensionToWebview {
  // Duck-typed: the directory lives in its own bundle (dist/directory.cjs), so `instanceof` would not match.
  const e = err as Partial<DirectoryError> | undefined;
  return {
    type: 'error',
    ...(requestId !== undefined ? { requestId } : {}),
    message: e?.message ?? String(err),
    ...(typeof e?.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(typeof e?.errorCode === 'string' ? { errorCode: e.errorCode } : {}),
  };
}

/** One panel per user: opening a user again reveals the existing panel. */
export class MetadataPanels implements vscode.Disposable {
  private readonly panels = new Map<string, MetadataPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly directory: () => UserDirectory | undefined,
  ) {}

  open(userId: string): MetadataPanel {
    const existing = this.panels.get(userId);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      METADATA_PANEL_VIEW_TYPE,
      `Metadata: ${userId}`,
      vscode.ViewColumn.Active,
      { enableScripts: true, retainContextWhenHidden: false },
    );
    const editor = new MetadataPanel(panel, userId, this.directory, this.extensionUri);
    this.panels.set(userId, editor);
    editor.onDidDispose(() => this.panels.delete(userId));
    return editor;
  }

  get(userId: string): MetadataPanel | undefined {
    return this.panels.get(userId);
  }

  async notifyChanged(): Promise<void> {
    await Promise.all([...this.panels.values()].map((p) => p.notifyChanged()));
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }
}
