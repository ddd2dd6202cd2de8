// The status bar entry: the emulator's state and port at a glance; a click starts it or opens its menu.
import * as vscode from 'vscode';
import { Commands } from './commands.js';
import type { EmulatorState, StartFailure } from './emulatorProcess.js';
import { describeFailure } from './emulatorProcess.js';

export class EmulatorStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('auth0Emulator.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Auth0 Emulator';
    this.update({ kind: 'stopped' });
    this.item.show();
  }

  update(state: EmulatorState, failure?: StartFailure): void {
    const item = this.item;
    item.backgroundColor = undefined;
    switch (state.kind) {
      case 'stopped':
        item.text = '$(circle-slash) Auth0 Emulator';
        item.tooltip = failure ? `Not running: ${describeFailure(failure)}\nClick to start.` : 'Auth0 Emulator: stopped. Click to start.';
        item.command = Commands.startEmulator;
        if (failure) item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'starting':
        item.text = '$(loading~spin) Auth0 Emulator';
        item.tooltip = 'Auth0 Emulator: starting...';
        item.command = Commands.showLog;
        break;
      case 'running':
        item.text = `$(server-process) Auth0 :${state.port}`;
        item.tooltip = `Auth0 Emulator running at ${state.url}\nClick for actions.`;
        item.command = Commands.showEmulatorMenu;
        break;
      case 'stopping':
        item.text = '$(loading~spin) Auth0 Emulator';
        item.tooltip = 'Auth0 Emulator: stopping...';
        item.command = undefined;
        break;
      case 'crashed':
        item.text = '$(error) Auth0 Emulator';
        item.tooltip = `Auth0 Emulator stopped unexpectedly (exit code ${state.exitCode ?? state.signal}). Click to restart.`;
        item.command = Commands.startEmulator;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      default: {
        const never: never = state;
        return never;
      }
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
