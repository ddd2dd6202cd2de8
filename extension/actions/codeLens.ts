// CodeLens on an Action's handler or a Rule's function: "Run against a user…" (the playground) and "Debug against a
// user…" (VS Code's JavaScript debugger on the emulator's in-process runner).
import * as vscode from 'vscode';
import { classifyFile, type WorkspaceEntry } from './classify.js';

export const RUN_COMMAND = 'auth0Emulator.runAgainstUser';
export const DEBUG_COMMAND = 'auth0Emulator.debugAgainstUser';

export function lensLines(e: WorkspaceEntry): number[] {
  switch (e.kind) {
    case 'action':
      return e.handlerLines['post-login'] !== undefined ? [e.handlerLines['post-login']] : [];
    case 'rule':
      return [e.line];
    case 'customDb':
      return [];
    default: {
      const never: never = e;
      return never;
    }
  }
}

export class ActionCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const entry = classifyFile(vscode.workspace.asRelativePath(doc.uri, false), doc.getText());
    if (!entry) return [];
    return lensLines(entry).flatMap((line) => {
      const range = new vscode.Range(line, 0, line, 0);
      return [
        new vscode.CodeLens(range, { title: '$(play) Run against a user…', command: RUN_COMMAND, arguments: [doc.uri] }),
        new vscode.CodeLens(range, { title: '$(debug-alt) Debug against a user…', command: DEBUG_COMMAND, arguments: [doc.uri] }),
      ];
    });
  }
}
