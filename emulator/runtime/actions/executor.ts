// The ActionExecutor the flows use: each Action run goes through the sandbox (a pooled worker thread, or the
// current thread in debugger mode).
import type { ActionExecutor, ActionJobResult } from '../../core/actions/runTypes.js';
import { runInSandbox, type Sandbox } from '../sandbox/index.js';

export interface ExecutorOptions {
  sandbox?: Sandbox;
  /** Worker memory limit (MB). Default 256. */
  memoryMb?: number;
  /** Run in the current thread so a debugger stops in the user's file. */
  inProcess?: boolean;
}

export function createActionExecutor(opts: ExecutorOptions = {}): ActionExecutor {
  return async (payload, { timeoutMs }) => {
    const out = await runInSandbox(
      { runner: 'action', payload },
      { timeoutMs, memoryMb: opts.memoryMb, inProcess: opts.inProcess, sandbox: opts.sandbox },
    );
    return out.ok ? { ...out, value: out.value as ActionJobResult } : out;
  };
}
