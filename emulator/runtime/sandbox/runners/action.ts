// The `action` runner: loads an Action file, calls the trigger's handler with the event and a recording api,
// and returns the commands it issued.
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApi, createRecorder } from '../../../core/actions/api.js';
import type { ActionJobPayload, ActionJobResult } from '../../../core/actions/runTypes.js';
import { SandboxFailure, type RunnerContext } from '../types.js';
import { loadUserModule } from '../userModule.js';

export async function runAction(payload: ActionJobPayload, ctx: RunnerContext): Promise<ActionJobResult> {
  ctx.userFiles.add(payload.file);
  const exports = loadUserModule(payload.file, { code: payload.code, fresh: payload.fresh });
  const fn = exports[payload.handler];
  if (typeof fn !== 'function') {
    const found = Object.keys(exports).filter((k) => typeof exports[k] === 'function');
    throw new SandboxFailure(
      'missing-export',
      `${basename(payload.file)} does not export ${payload.handler}` +
        (found.length ? ` (it exports ${found.join(', ')})` : ' (write `exports.' + payload.handler + ' = async (event, api) => { ... }`)'),
      { file: payload.file },
    );
  }
  const rec = createRecorder();
  const api = createApi(payload.api, rec, payload.event);
  const started = performance.now();
  try {
    await fn(payload.event, api);
  } finally {
    rec.seal();
  }
  return { commands: rec.commands, handlerMs: performance.now() - started };
}
