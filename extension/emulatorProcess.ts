// Owns the emulator child process: spawns the bundled CLI, waits for its `listening on <url>` line, forwards its
// log, stops it gracefully, and tells listeners when it dies on its own. Knows nothing of VS Code's UI, so it can be
// exercised by plain mocha against the real CLI.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface EmulatorLaunch {
  host: string;
  /** 0 = any free port */
  port: number;
  /** Omitted with `ephemeral`. */
  dataFolder?: string;
  ephemeral?: boolean;
  rateLimitProfile?: string;
  clientId: string;
  clientSecret: string;
  sampleData: boolean;
}

export type EmulatorState =
  | { kind: 'stopped' }
  | { kind: 'starting'; launch: EmulatorLaunch }
  | { kind: 'running'; url: string; port: number; pid: number; launch: EmulatorLaunch }
  | { kind: 'stopping' }
  | { kind: 'crashed'; exitCode: number | null; signal: string | null; detail: string };

export type DataFolderProblem = 'corrupt' | 'newer-version' | 'locked' | 'unreadable';

export type StartFailure =
  | { kind: 'port-in-use'; host: string; port: number }
  | { kind: 'data-folder'; path: string; problem: DataFolderProblem; detail: string }
  | { kind: 'exited'; exitCode: number | null; signal: string | null; detail: string }
  | { kind: 'timeout'; detail: string };

export class EmulatorStartError extends Error {
  constructor(readonly failure: StartFailure) {
    super(describeFailure(failure));
    this.name = 'EmulatorStartError';
  }
}

/** The slice of VS Code's LogOutputChannel this module writes to. */
export interface EmulatorLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface EmulatorProcessOptions {
  cliPath: string;
  /** The Node binary; in VS Code that is the extension host's own `process.execPath` with ELECTRON_RUN_AS_NODE. */
  nodePath?: string;
  log: EmulatorLog;
  startTimeoutMs?: number;
  stopTimeoutMs?: number;
}

type Listener = (state: EmulatorState) => void;

export class EmulatorProcess {
  private child: ChildProcess | undefined;
  private current: EmulatorState = { kind: 'stopped' };
  private readonly listeners = new Set<Listener>();
  private stderrTail: string[] = [];

  constructor(private readonly opts: EmulatorProcessOptions) {}

  get state(): EmulatorState {
    return this.current;
  }

  onDidChangeState(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts the CLI and resolves with the running state; rejects with EmulatorStartError. */
  async start(launch: EmulatorLaunch): Promise<Extract<EmulatorState, { kind: 'running' }>> {
    if (this.current.kind === 'running' || this.current.kind === 'starting') {
      throw new Error(`the emulator is already ${this.current.kind}`);
    }
    this.setState({ kind: 'starting', launch });
    this.stderrTail = [];
    const args = [this.opts.cliPath, ...cliArguments(launch)];
    this.opts.log.info(`starting: ${displayCommand(args, launch.clientSecret)}`);
    const child = spawn(this.opts.nodePath ?? process.execPath, args, {
      // ELECTRON_RUN_AS_NODE makes VS Code's Electron binary behave as plain Node; plain Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;

    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        child.kill('SIGKILL');
        const failure: StartFailure = { kind: 'timeout', detail: this.stderrTail.join('\n') };
        this.opts.log.error(describeFailure(failure));
        reject(new EmulatorStartError(failure));
      }, this.opts.startTimeoutMs ?? 30_000);

      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^listening on (\S+)/.exec(line.trim());
        if (!m || settled) {
          if (line.trim()) this.opts.log.info(line);
          return;
        }
        settled = true;
        clearTimeout(timer);
        const url = m[1]!.replace(/\/+$/, '');
        const state = { kind: 'running', url, port: Number(new URL(url).port), pid: child.pid ?? 0, launch } as const;
        this.opts.log.info(`listening on ${url}`);
        this.setState(state);
        resolve(state);
      });
      createInterface({ input: child.stderr! }).on('line', (line) => {
        this.stderrTail.push(line);
        if (this.stderrTail.length > 40) this.stderrTail.shift();
        if (/\b(error|fatal)\b/i.test(line)) this.opts.log.error(line);
        else if (/\bwarn/i.test(line)) this.opts.log.warn(line);
        else this.opts.log.info(line);
      });
      child.on('error', (err) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const failure: StartFailure = { kind: 'exited', exitCode: null, signal: null, detail: String(err) };
        this.child = undefined;
        this.setState({ kind: 'stopped' });
        reject(new EmulatorStartError(failure));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.child = undefined;
        const detail = this.stderrTail.join('\n');
        if (!settled) {
          settled = true;
          const failure = classifyExit(detail, launch, code, signal);
          this.opts.log.error(describeFailure(failure));
          this.setState({ kind: 'stopped' });
          reject(new EmulatorStartError(failure));
          return;
        }
        if (this.current.kind === 'stopping' || this.current.kind === 'stopped') {
          this.opts.log.info(`stopped (exit code ${code ?? signal})`);
          this.setState({ kind: 'stopped' });
        } else {
          this.opts.log.error(`the emulator exited unexpectedly (exit code ${code ?? 'none'}, signal ${signal ?? 'none'})`);
          this.setState({ kind: 'crashed', exitCode: code, signal, detail });
        }
      });
    });
  }

  /** SIGTERM (the CLI flushes its data and exits 0), then SIGKILL after a grace period. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) {
      if (this.current.kind !== 'crashed') this.setState({ kind: 'stopped' });
      return;
    }
    this.setState({ kind: 'stopping' });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.opts.log.warn('the emulator did not stop in time; killing it');
        child.kill('SIGKILL');
      }, this.opts.stopTimeoutMs ?? 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
    this.setState({ kind: 'stopped' });
  }

  private setState(state: EmulatorState): void {
    this.current = state;
    for (const l of [...this.listeners]) l(state);
  }
}

export function cliArguments(launch: EmulatorLaunch): string[] {
  const args = ['--port', String(launch.port), '--host', launch.host];
  if (launch.ephemeral || !launch.dataFolder) args.push('--ephemeral');
  else args.push('--data', launch.dataFolder);
  if (launch.rateLimitProfile) args.push('--rate-limit', launch.rateLimitProfile);
  args.push('--client-id', launch.clientId, '--client-secret', launch.clientSecret);
  args.push(launch.sampleData ? '--sample-data' : '--no-sample-data');
  // One line per request in the output channel: the extension is not throughput-bound, and the log is its window.
  args.push('--log-level', 'info');
  return args;
}

/** Turns the CLI's stderr on a failed start into something the UI can act on. */
export function classifyExit(
  stderr: string,
  launch: EmulatorLaunch,
  exitCode: number | null,
  signal: string | null,
): StartFailure {
  if (/EADDRINUSE/.test(stderr)) return { kind: 'port-in-use', host: launch.host, port: launch.port };
  if (/DataFolderError/.test(stderr)) {
    const named = /DataFolderError \(([\w-]+)\)/.exec(stderr)?.[1];
    const problem: DataFolderProblem = named === 'corrupt' || named === 'newer-version' || named === 'locked'
      ? named
      : /newer-version/.test(stderr)
      ? 'newer-version'
      : /corrupt/.test(stderr)
        ? 'corrupt'
        : /locked/.test(stderr)
          ? 'locked'
          : 'unreadable';
    return { kind: 'data-folder', path: launch.dataFolder ?? '', problem, detail: stderr };
  }
  return { kind: 'exited', exitCode, signal, detail: stderr };
}

export function describeFailure(f: StartFailure): string {
  switch (f.kind) {
    case 'port-in-use':
      return `Port ${f.port} on ${f.host} is already in use.`;
    case 'data-folder':
      return `The emulator cannot read its data folder ${f.path} (${problemText(f.problem)}).`;
    case 'exited':
      return `The emulator exited during start (exit code ${f.exitCode ?? 'none'}${f.signal ? `, ${f.signal}` : ''}).`;
    case 'timeout':
      return 'The emulator did not report that it was listening within 30 seconds.';
    default: {
      const never: never = f;
      return String(never);
    }
  }
}

export function problemText(p: DataFolderProblem): string {
  switch (p) {
    case 'corrupt':
      return 'its data is corrupt';
    case 'newer-version':
      return 'it was written by a newer version of the emulator';
    case 'locked':
      return 'another emulator is using it';
    case 'unreadable':
      return 'it cannot be read';
    default: {
      const never: never = p;
      return String(never);
    }
  }
}

function displayCommand(args: string[], secret: string): string {
  return args.map((a) => (a === secret ? '***' : a)).join(' ');
}
