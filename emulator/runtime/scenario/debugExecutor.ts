// The executor a debug session uses: the user's Action runs in this thread, loaded by its real path (breakpoints
// bind), with no time limit (the developer is stepping), and `api.__pending` showing the metadata this Action has
// queued so far, updated on every call, so the debugger's Variables view shows it growing while stepping.
import { performance } from 'node:perf_hooks';
import { format } from 'node:util';
import type { LogLevel, LogLine } from '../../core/actions/runTypes.js';
import { createApi, createRecorder, type Recorder } from '../../core/actions/api.js';
import type { Command } from '../../core/actions/commands.js';
import type { ActionExecutor } from '../../core/actions/runTypes.js';
import { toSandboxError } from '../sandbox/errors.js';
import { loadUserModule } from '../sandbox/userModule.js';

/** What `api.__pending` holds: this Action's queued metadata (null = delete on flush) and every recorded call. */
export interface PendingView {
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  commands: Command[];
}

export function applyToPending(view: PendingView, cmd: Command): void {
  if (cmd.type !== 'user.setAppMetadata' && cmd.type !== 'user.setUserMetadata') return;
  const target = cmd.type === 'user.setAppMetadata' ? view.app_metadata : view.user_metadata;
  if (cmd.cancel) delete target[cmd.key];
  else target[cmd.key] = cmd.value;
}

export function createDebugExecutor(): ActionExecutor {
  return async (payload) => {
    const started = performance.now();
    const ms = () => Math.round((performance.now() - started) * 1000) / 1000;
    const userFiles = new Set([payload.file]);
    const logs: LogLine[] = [];
    const restore = captureConsole((level, args) => logs.push({ level, message: format(...args), t: ms() }));
    try {
      const exports = loadUserModule(payload.file, { code: payload.code, fresh: true });
      const fn = exports[payload.handler];
      if (typeof fn !== 'function') throw new Error(`${payload.file} does not export ${payload.handler}`);
      const rec = createRecorder();
      const pending: PendingView = { app_metadata: {}, user_metadata: {}, commands: rec.commands };
      const tracking: Recorder = {
        get commands() {
          return rec.commands;
        },
        seal: () => rec.seal(),
        record(cmd) {
          rec.record(cmd);
          applyToPending(pending, cmd);
        },
      };
      const api = createApi(payload.api, tracking, payload.event) as Record<string, unknown>;
      api.__pending = pending;
      try {
        await (fn as (e: unknown, a: unknown) => Promise<unknown>)(payload.event, api);
      } finally {
        rec.seal();
      }
      return { ok: true, value: { commands: rec.commands }, logs, ms: ms() };
    } catch (err) {
      return { ok: false, error: toSandboxError(err, userFiles), logs, ms: ms() };
    } finally {
      restore();
    }
  };
}

/** Console output goes to the transcript and to stderr (the debug console shows it; stdout stays the JSON). */
function captureConsole(onLine: (level: LogLevel, args: unknown[]) => void): () => void {
  const levels: LogLevel[] = ['log', 'info', 'warn', 'error', 'debug'];
  const saved = levels.map((l) => console[l]);
  for (const level of levels) {
    console[level] = (...args: unknown[]) => {
      onLine(level, args);
      process.stderr.write(format(...args) + '\n');
    };
  }
  return () => levels.forEach((l, i) => (console[l] = saved[i]!));
}
