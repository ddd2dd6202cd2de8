// The questions the extension asks the user, behind one object so the extension tests can answer them.
import * as vscode from 'vscode';

export interface Prompts {
  /** A modal confirmation; resolves true only when the user picked `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
}

export const vscodePrompts: Prompts = {
  async confirm(message, detail, action) {
    const picked = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
    return picked === action;
  },
};
