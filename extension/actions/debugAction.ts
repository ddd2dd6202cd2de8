// "Debug against a user…": exports the running emulator's data to a snapshot (the emulator keeps its folder
// locked) and launches VS Code's JavaScript debugger on `run scenario --in-process`, which loads the Action or the
// legacy Rule by its real path so breakpoints bind; for an Action `api.__pending` shows the queued metadata while
// stepping, for a Rule `user` and `context` are its parameters. Nothing is written.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { EmulatorConnection } from '../emulatorSession.js';

export interface DebugLaunchDeps {
  scenarioScript: string;
  nodePath: string;
}

/** What is debugged: an Action file, or a legacy Rule (which runs alone, as the flow's Rules stage). */
export type DebugTarget = { kind: 'action' | 'rule'; file: string };

/** The launch configuration (a plain `node` launch: no debug adapter of our own). */
export function debugConfiguration(deps: DebugLaunchDeps, p: { target: DebugTarget; userId: string; seedFile: string; domain: string; cwd: string }): vscode.DebugConfiguration {
  const { kind, file } = p.target;
  return {
    type: 'node',
    request: 'launch',
    name: `Auth0 ${kind === 'rule' ? 'Rule' : 'Action'}: ${path.basename(file)} for ${p.userId}`,
    program: deps.scenarioScript,
    args: ['--seed', p.seedFile, '--user', p.userId, kind === 'rule' ? '--rules' : '--action', file, '--in-process', '--dry-run', '--domain', p.domain],
    cwd: p.cwd,
    // In the desktop editor process.execPath is Electron: then use the `node` on PATH.
    ...(path.basename(deps.nodePath).startsWith('node') ? { runtimeExecutable: deps.nodePath } : {}),
    console: 'internalConsole',
    outputCapture: 'std',
    skipFiles: ['<node_internals>/**', deps.scenarioScript],
    // The bundled runner has no source maps worth stepping into; only the user's file matters.
    sourceMaps: false,
    autoAttachChildProcesses: false,
  };
}

export async function startActionDebugging(deps: DebugLaunchDeps, conn: EmulatorConnection, target: DebugTarget, userId: string): Promise<boolean> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'auth0-debug-'));
  const seedFile = path.join(dir, 'export.json');
  await writeFile(seedFile, JSON.stringify(await conn.control.exportData()));
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(target.file)) ?? vscode.workspace.workspaceFolders?.[0];
  const config = debugConfiguration(deps, { target, userId, seedFile, domain: conn.domain, cwd: path.dirname(target.file) });
  return vscode.debug.startDebugging(folder, config);
}
