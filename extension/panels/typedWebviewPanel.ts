// What every webview panel shares: the HTML (one builder, strict CSP), typed messages in both directions, nothing
// posted before the webview says `ready`, and one disposal path. Panels subclass it and handle their own messages.
import * as vscode from 'vscode';
import { buildWebviewHtml } from './html.js';

export interface PanelPage {
  title: string;
  /** The webview bundle's name: dist/webview/<bundle>.js and .css. */
  bundle: string;
}

export abstract class TypedWebviewPanel<In, Out> implements vscode.Disposable {
  /** Set by the subclass when the webview said `ready`; nothing is posted before (it would be lost). */
  protected ready = false;
  protected readonly disposables: vscode.Disposable[] = [];
  private readonly posted = new vscode.EventEmitter<Out>();
  private readonly disposed = new vscode.EventEmitter<void>();
  /** Every message sent to the webview (the extension tests listen here). */
  readonly onDidPost = this.posted.event;
  readonly onDidDispose = this.disposed.event;
  private resolveReady!: () => void;
  /** Resolves once the webview said `ready` and got its first data. */
  readonly whenReady = new Promise<void>((resolve) => (this.resolveReady = resolve));
  private isDisposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    page: PanelPage,
    isMessage: (m: unknown) => m is In,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
    panel.webview.html = buildWebviewHtml(panel.webview, extensionUri, {
      title: page.title,
      script: ['dist', 'webview', `${page.bundle}.js`],
      styles: [['dist', 'webview', `${page.bundle}.css`]],
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isMessage(m)) void this.receive(m);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Handles one message from the webview. */
  abstract receive(message: In): Promise<void>;

  protected markReady(): void {
    this.resolveReady();
  }

  protected post(message: Out): void {
    if (!this.ready) return;
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  /** Work to stop before the panel goes (a running sync, say). */
  protected beforeDispose(): void {}

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.beforeDispose();
    this.disposed.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.posted.dispose();
    this.disposed.dispose();
    this.panel.dispose();
  }
}
