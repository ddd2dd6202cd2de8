// What the Users view's context menu and the palette do to one user: edit metadata, open as JSON, copy the id,
// block/unblock, delete (after confirmation). Each works from a tree node, a user_id, or a quick pick.
import * as vscode from 'vscode';
import type { DirectoryUser, UserDirectory } from './directory/userDirectory.js';
import type { MetadataPanel, MetadataPanels } from './panels/metadataPanel.js';
import type { Prompts } from './ui.js';
import { userDocumentUri } from './userDocuments.js';
import type { UsersNode, UsersTreeProvider } from './views/usersTree.js';

export interface UserActionDeps {
  directory: () => UserDirectory | undefined;
  tree: UsersTreeProvider;
  panels: MetadataPanels;
  prompts: Prompts;
}

/** A tree node, a user_id, or nothing (then the user picks one of the loaded users). */
export type UserTarget = UsersNode | string | undefined;

export class UserActions {
  constructor(private readonly deps: UserActionDeps) {}

  async editMetadata(target: UserTarget): Promise<MetadataPanel | undefined> {
    const user = await this.resolve(target, 'Edit whose metadata?');
    return user ? this.deps.panels.open(user.user_id) : undefined;
  }

  async openJson(target: UserTarget): Promise<vscode.TextEditor | undefined> {
    const user = await this.resolve(target, 'Open which user as JSON?');
    if (!user) return undefined;
    const doc = await vscode.workspace.openTextDocument(userDocumentUri(user.user_id));
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: true });
  }

  async copyId(target: UserTarget): Promise<string | undefined> {
    const user = await this.resolve(target, 'Copy whose user_id?');
    if (!user) return undefined;
    await vscode.env.clipboard.writeText(user.user_id);
    vscode.window.setStatusBarMessage(`Copied ${user.user_id}`, 3000);
    return user.user_id;
  }

  async setBlocked(target: UserTarget, blocked: boolean): Promise<DirectoryUser | undefined> {
    const user = await this.resolve(target, blocked ? 'Block which user?' : 'Unblock which user?');
    const directory = this.deps.directory();
    if (!user || !directory) return undefined;
    try {
      const updated = await directory.updateUser(user.user_id, { blocked });
      await this.deps.tree.reload();
      return updated;
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not ${blocked ? 'block' : 'unblock'} ${label(user)}: ${message(err)}`);
      return undefined;
    }
  }

  async delete(target: UserTarget): Promise<boolean> {
    const user = await this.resolve(target, 'Delete which user?');
    const directory = this.deps.directory();
    if (!user || !directory) return false;
    const ok = await this.deps.prompts.confirm(
      `Delete ${label(user)}?`,
      `This deletes ${user.user_id} from the emulator, with its metadata and role assignments. It cannot be undone (export the data first to keep a copy).`,
      'Delete',
    );
    if (!ok) return false;
    try {
      await directory.deleteUser(user.user_id);
      this.deps.panels.get(user.user_id)?.dispose();
      await this.deps.tree.reload();
      return true;
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not delete ${label(user)}: ${message(err)}`);
      return false;
    }
  }

  private async resolve(target: UserTarget, placeHolder: string): Promise<DirectoryUser | undefined> {
    if (typeof target === 'string') {
      return this.deps.tree.loadedUsers.find((u) => u.user_id === target) ?? { user_id: target };
    }
    if (target && (target.kind === 'user' || target.kind === 'section')) return target.user;
    const users = this.deps.tree.loadedUsers;
    if (users.length === 0) {
      void vscode.window.showInformationMessage('No users are loaded. Start the emulator or add sample users first.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      users.map((u) => ({ label: label(u), description: u.user_id, user: u })),
      { placeHolder, matchOnDescription: true },
    );
    return pick?.user;
  }
}

function label(u: DirectoryUser): string {
  return u.email ?? u.name ?? u.user_id;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
