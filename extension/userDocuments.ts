// "Open User as JSON": a read-only document per user (scheme auth0-emulator-user), refreshed when the data changes.
import * as vscode from 'vscode';
import type { UserDirectory } from './directory/userDirectory.js';

export const USER_DOCUMENT_SCHEME = 'auth0-emulator-user';

export function userDocumentUri(userId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: USER_DOCUMENT_SCHEME, path: `/${encodeURIComponent(userId)}.json` });
}

export class UserDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly directory: () => UserDirectory | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const userId = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.json$/, ''));
    const directory = this.directory();
    if (!directory) return '// The Auth0 Emulator is not running.\n';
    try {
      return `${JSON.stringify(await directory.getUser(userId), null, 2)}\n`;
    } catch (err) {
      return `// ${err instanceof Error ? err.message : String(err)}\n`;
    }
  }

  /** Re-reads every open user document. */
  refreshOpen(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === USER_DOCUMENT_SCHEME) this.changed.fire(doc.uri);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
