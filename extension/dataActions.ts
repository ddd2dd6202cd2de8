// The emulator's data as a whole: reset, export to a file, import from one, add the sample users, reveal the folder.
// Destructive steps ask first and offer an export; nothing is deleted silently.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { SeedDocument } from '../emulator/core/seedDocument.js';
import type { EmulatorSession } from './emulatorSession.js';
import type { Prompts } from './ui.js';
import type { UsersTreeProvider } from './views/usersTree.js';

export class DataActions {
  constructor(
    private readonly session: EmulatorSession,
    private readonly tree: UsersTreeProvider,
    private readonly prompts: Prompts,
  ) {}

  async reset(): Promise<boolean> {
    const conn = await this.running();
    if (!conn) return false;
    const ok = await this.prompts.confirm(
      'Reset the emulator data?',
      'Users, roles and clients go back to what the emulator started with (its seed or the sample users). Export first to keep the current data.',
      'Reset',
    );
    if (!ok) return false;
    await conn.control.reset();
    await this.tree.reload();
    return true;
  }

  async addSampleUsers(): Promise<boolean> {
    const conn = await this.running();
    if (!conn) return false;
    const health = await conn.control.health();
    if (health.users > 0) {
      const ok = await this.prompts.confirm(
        'Replace the current data with the sample users?',
        `The emulator holds ${health.users} user(s). The sample tenant (a music app's listeners with metadata, identities and roles) replaces them. Export first to keep them.`,
        'Replace with Sample Users',
      );
      if (!ok) return false;
    }
    await conn.control.reset({ sample: true });
    await this.tree.reload();
    return true;
  }

  async exportTo(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const conn = await this.running();
    if (!conn) return undefined;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export Auth0 Emulator data',
        filters: { JSON: ['json'] },
        defaultUri: vscode.Uri.file(`auth0-emulator-export-${new Date().toISOString().slice(0, 10)}.json`),
      }));
    if (!uri) return undefined;
    const doc = await conn.control.exportData();
    await vscode.workspace.fs.writeFile(uri, Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8'));
    void vscode.window.showInformationMessage(`Exported ${doc.users?.length ?? 0} user(s) to ${uri.fsPath}.`);
    return uri;
  }

  async importFrom(source?: vscode.Uri): Promise<boolean> {
    const conn = await this.running();
    if (!conn) return false;
    const uri =
      source ??
      (await vscode.window.showOpenDialog({ title: 'Import Auth0 Emulator data', filters: { JSON: ['json'] }, canSelectMany: false }))?.[0];
    if (!uri) return false;
    let doc: SeedDocument;
    try {
      doc = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as SeedDocument;
    } catch (err) {
      void vscode.window.showErrorMessage(`${uri.fsPath} is not a JSON export: ${err instanceof Error ? err.message : err}`);
      return false;
    }
    const ok = await this.prompts.confirm(
      `Import ${uri.fsPath}?`,
      `Its ${doc.users?.length ?? 0} user(s) replace all data in the emulator. Export first to keep the current data.`,
      'Import',
    );
    if (!ok) return false;
    try {
      await conn.control.importData(doc);
    } catch (err) {
      void vscode.window.showErrorMessage(`Import failed; the data is unchanged: ${err instanceof Error ? err.message : err}`);
      return false;
    }
    await this.tree.reload();
    return true;
  }

  async revealFolder(): Promise<void> {
    const folder = this.session.dataFolder();
    await fs.mkdir(folder, { recursive: true });
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(folder));
  }

  private async running() {
    if (this.session.connection) return this.session.connection;
    const pick = await vscode.window.showWarningMessage('The Auth0 Emulator is not running.', 'Start Emulator');
    if (pick !== 'Start Emulator') return undefined;
    const result = await this.session.start();
    return result.ok ? result.connection : undefined;
  }
}
