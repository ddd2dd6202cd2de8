// Starts a server as a child process the way a user would, waits for its `listening on <url>` line, and stops it
// with a signal. Also reads the child's resident memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface RunningServer {
  url: URL;
  pid: number;
  /** Milliseconds from spawn() to the `listening on` line. */
  startupMs: number;
  child: ChildProcess;
  /** Sends the signal and resolves with the exit code once the process has gone (SIGKILL after the grace time). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

export interface StartOptions {
  timeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const LISTENING = /listening on (\S+)/;

export function startServer(command: string, args: string[], opts: StartOptions = {}): Promise<RunningServer> {
  const spawnedAt = performance.now();
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stderrTail: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderrTail.push(chunk);
    if (stderrTail.length > 20) stderrTail.shift();
  });

  return new Promise((resolve, reject) => {
    const describe = () => `${command} ${args.join(' ')}\n${stderrTail.join('').slice(-2000)}`;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "listening on" line within ${opts.timeoutMs ?? 60000} ms: ${describe()}`));
    }, opts.timeoutMs ?? 60000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = LISTENING.exec(line);
      if (!match) return;
      const startupMs = performance.now() - spawnedAt;
      clearTimeout(timer);
      lines.removeAllListeners('line');
      child.stdout!.resume(); // keep draining so the child never blocks on a full pipe
      resolve({
        url: new URL(match[1]!),
        pid: child.pid!,
        startupMs,
        child,
        async stop(signal = 'SIGINT', graceMs = 30000) {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          child.kill(signal);
          const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const code = await exited;
          clearTimeout(kill);
          return code;
        },
      });
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening: ${describe()}`));
    });
  });
}

/** Resident set size of a live process in MB (VmRSS from /proc/<pid>/status); NaN where /proc is unavailable. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}
