// The emulator as the user experiences it: start/stop with the settings and credentials, a connection (SDK
// directory + control client) while it runs, and a clear way out when it cannot start or dies.
import * as vscode from 'vscode';
import { EmulatorControlClient } from '../emulator/client.js';
import type { EmulatorCredentials } from './credentials.js';
import { moveAside, resolveDataFolder } from './dataFolder.js';
import { emulatorFetch } from './directory/emulatorFetch.js';
import type { UserDirectory } from './directory/userDirectory.js';
import {
  EmulatorProcess,
  EmulatorStartError,
  describeFailure,
  type EmulatorLaunch,
  type EmulatorState,
  type StartFailure,
} from './emulatorProcess.js';
import { readSettings, SETTINGS_SECTION } from './settings.js';

export interface EmulatorConnection {
  url: string;
  /** `host:port`, what the auth0 SDKs take as `domain`. */
  domain: string;
  port: number;
  clientId: string;
  clientSecret: string;
  dataFolder: string | undefined;
  directory: UserDirectory;
  control: EmulatorControlClient;
  /** Aborted when the emulator stops: ends long polls. */
  signal: AbortSignal;
}

export interface SessionDeps {
  process: EmulatorProcess;
  credentials: () => Promise<EmulatorCredentials>;
  globalStoragePath: string;
  log: vscode.LogOutputChannel;
  /** Builds the UserDirectory for a running emulator (lazy, so the SDK loads only when needed). */
  createDirectory: (opts: { domain: string; clientId: string; clientSecret: string; fetch: typeof fetch }) => UserDirectory;
}

export interface StartOptions {
  /** Overrides the port setting for this start (0 = any free port). */
  port?: number;
  ephemeral?: boolean;
}

export type StartResult = { ok: true; connection: EmulatorConnection } | { ok: false; failure: StartFailure };

export class EmulatorSession implements vscode.Disposable {
  private conn: EmulatorConnection | undefined;
  private abort: AbortController | undefined;
  private readonly changed = new vscode.EventEmitter<EmulatorConnection | undefined>();
  private starting: Promise<StartResult> | undefined;
  /** The last failure of a start, for the status bar tooltip and the tests. */
  lastFailure: StartFailure | undefined;
  readonly onDidChangeConnection = this.changed.event;
  private readonly failed = new vscode.EventEmitter<StartFailure>();
  /** Fires when a start fails (after the process state went back to stopped). */
  readonly onDidFailToStart = this.failed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: SessionDeps) {
    this.subscription = deps.process.onDidChangeState((s) => this.onState(s));
  }

  get connection(): EmulatorConnection | undefined {
    return this.conn;
  }

  get state(): EmulatorState {
    return this.deps.process.state;
  }

  /** Starts the emulator; on failure offers the user a way out (without waiting for their answer). */
  start(opts: StartOptions = {}): Promise<StartResult> {
    if (this.conn) return Promise.resolve({ ok: true, connection: this.conn });
    this.starting ??= this.doStart(opts).finally(() => (this.starting = undefined));
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.deps.process.stop();
  }

  async restart(opts: StartOptions = {}): Promise<StartResult> {
    await this.stop();
    return this.start(opts);
  }

  dataFolder(): string {
    const s = readSettings();
    return resolveDataFolder(s.dataFolder, this.deps.globalStoragePath, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  }

  private async doStart(opts: StartOptions): Promise<StartResult> {
    const settings = readSettings();
    const creds = await this.deps.credentials();
    const launch: EmulatorLaunch = {
      host: settings.host,
      port: opts.port ?? settings.port,
      ...(opts.ephemeral ? { ephemeral: true } : { dataFolder: this.dataFolder() }),
      rateLimitProfile: settings.rateLimitProfile,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      sampleData: settings.sampleData,
    };
    try {
      const running = await this.deps.process.start(launch);
      this.lastFailure = undefined;
      const abort = new AbortController();
      const fetchImpl = emulatorFetch(running.url, abort.signal);
      const domain = new URL(running.url).host;
      this.abort = abort;
      this.conn = {
        url: running.url,
        domain,
        port: running.port,
        clientId: creds.clientId,
        clientSecret: creds.clientSecret,
        dataFolder: launch.dataFolder,
        directory: this.deps.createDirectory({ domain, clientId: creds.clientId, clientSecret: creds.clientSecret, fetch: fetchImpl }),
        control: new EmulatorControlClient({ baseUrl: running.url, key: creds.clientSecret, fetch: fetchImpl }),
        signal: abort.signal,
      };
      this.changed.fire(this.conn);
      return { ok: true, connection: this.conn };
    } catch (err) {
      if (!(err instanceof EmulatorStartError)) throw err;
      this.lastFailure = err.failure;
      this.failed.fire(err.failure);
      void this.offerWayOut(err.failure, launch);
      return { ok: false, failure: err.failure };
    }
  }

  private onState(state: EmulatorState): void {
    void vscode.commands.executeCommand('setContext', 'auth0Emulator.running', state.kind === 'running');
    if (state.kind === 'running') return;
    if (this.conn) {
      this.abort?.abort();
      this.conn = undefined;
      this.changed.fire(undefined);
    }
    if (state.kind === 'crashed') {
      void vscode.window
        .showErrorMessage(
          `The Auth0 Emulator stopped unexpectedly (exit code ${state.exitCode ?? state.signal ?? 'none'}).`,
          'Restart',
          'Show Log',
        )
        .then((pick) => {
          if (pick === 'Restart') void this.start();
          if (pick === 'Show Log') this.deps.log.show();
        });
    }
  }

  /** Explains a failed start and offers the fix; never deletes anything. */
  private async offerWayOut(failure: StartFailure, launch: EmulatorLaunch): Promise<void> {
    const message = describeFailure(failure);
    switch (failure.kind) {
      case 'port-in-use': {
        const pick = await vscode.window.showErrorMessage(
          `${message} Another program (or another VS Code window running the emulator) is listening there.`,
          'Use Any Free Port',
          'Change Port Setting',
          'Show Log',
        );
        if (pick === 'Use Any Free Port') await this.start({ port: 0 });
        if (pick === 'Change Port Setting') {
          await vscode.commands.executeCommand('workbench.action.openSettings', `${SETTINGS_SECTION}.port`);
        }
        if (pick === 'Show Log') this.deps.log.show();
        return;
      }
      case 'data-folder': {
        if (failure.problem === 'locked') {
          const pick = await vscode.window.showErrorMessage(message, 'Start with Temporary Data', 'Show Log');
          if (pick === 'Start with Temporary Data') await this.start({ ephemeral: true });
          if (pick === 'Show Log') this.deps.log.show();
          return;
        }
        const pick = await vscode.window.showErrorMessage(
          `${message} Nothing has been changed. Move it aside (renamed, not deleted) and start with a fresh folder?`,
          'Move Aside and Start Fresh',
          'Reveal Folder',
          'Show Log',
        );
        if (pick === 'Move Aside and Start Fresh') {
          const movedTo = await moveAside(failure.path);
          this.deps.log.warn(`moved the unreadable data folder ${failure.path} to ${movedTo}`);
          void vscode.window.showInformationMessage(`The old data folder was kept at ${movedTo}.`);
          await this.start();
        }
        if (pick === 'Reveal Folder') await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(failure.path));
        if (pick === 'Show Log') this.deps.log.show();
        return;
      }
      case 'exited':
      case 'timeout': {
        const pick = await vscode.window.showErrorMessage(message, 'Show Log', 'Retry');
        if (pick === 'Show Log') this.deps.log.show();
        if (pick === 'Retry') await this.start({ port: launch.port, ...(launch.ephemeral ? { ephemeral: true } : {}) });
        return;
      }
      default: {
        const never: never = failure;
        return never;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.abort?.abort();
    this.changed.dispose();
    this.failed.dispose();
    void this.deps.process.stop();
  }
}
