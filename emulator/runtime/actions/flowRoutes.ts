// HTTP face of the Actions runtime: POST /_emulator/flows/post-login (an emulated login with a transcript) and
// /continue?state=… (resume after api.redirect.sendUserTo), as Hono sub-apps the server mounts.
import { Hono, type Context } from 'hono';
import { resolve } from 'node:path';
import { badRequest } from '../../core/errors.js';
import type { PostLoginResult } from '../../core/actions/flow.js';
import type { FlowTranscript } from '../../core/actions/transcript.js';
import type { ActionsRuntime } from './actionsRuntime.js';
import { createActionExecutor } from './executor.js';
import { loadActionBindings } from './loadActions.js';

export interface FlowRoutesDeps {
  runtime: ActionsRuntime;
}

/** Body of POST /_emulator/flows/post-login. */
export interface PostLoginRequestBody {
  user_id: string;
  client_id?: string;
  connection?: string;
  /** Action files or a Deploy CLI folder; default the Actions bound with --actions. */
  actions?: string[] | string;
  secrets?: Record<string, string>;
  secretsFile?: string;
  request?: Record<string, unknown>;
  transaction?: Record<string, unknown>;
  /** Other event parts (organization, authentication, ...). */
  event?: Record<string, unknown>;
  audience?: string;
  dryRun?: boolean;
  timeoutMs?: number;
  /** Run user code in the emulator's thread (for a debugger attached to the emulator). */
  inProcess?: boolean;
}

/** The transcript as JSON: the continuation (internal resume data) stays on the server. */
export function transcriptJson(t: PostLoginResult): FlowTranscript {
  const { continuation: _c, ...rest } = t;
  return rest;
}

async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) return ((await c.req.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
  if (type.includes('form')) return Object.fromEntries(Object.entries(await c.req.parseBody()).map(([k, v]) => [k, String(v)]));
  return {};
}

function continueHandler(runtime: ActionsRuntime) {
  return async (c: Context) => {
    const query = c.req.query();
    const body = c.req.method === 'POST' ? await readBody(c) : undefined;
    const state = String(body?.state ?? query.state ?? '');
    if (!state) return c.json({ error: 'invalid_request', error_description: 'Missing required parameter: state' }, 400);
    const t = await runtime.resume(state, { query, body });
    if (!t) return c.json({ error: 'invalid_request', error_description: 'The state is unknown or has expired' }, 400);
    return c.json(transcriptJson(t));
  };
}

/** Mounted at /_emulator/flows (behind the control key). */
export function createFlowRoutes(deps: FlowRoutesDeps): Hono {
  const app = new Hono();
  app.post('/post-login', async (c) => {
    const b = (await c.req.json().catch(() => undefined)) as PostLoginRequestBody | undefined;
    if (!b || typeof b.user_id !== 'string') throw badRequest('Payload validation error: user_id is required');
    let actions;
    if (b.actions !== undefined) {
      const sources = (Array.isArray(b.actions) ? b.actions : [b.actions]).map((p) => resolve(String(p)));
      actions = (await loadActionBindings({ sources, secretsFile: b.secretsFile }).catch((e: Error) => {
        throw badRequest(e.message);
      }))['post-login'] ?? [];
    } else actions = (await deps.runtime.bindings())['post-login'] ?? [];
    const t = await deps.runtime.postLogin({
      actions,
      userId: b.user_id,
      clientId: b.client_id,
      connection: b.connection,
      secrets: b.secrets,
      request: b.request,
      transaction: b.transaction,
      event: b.event,
      audience: b.audience,
      dryRun: b.dryRun,
      timeoutMs: b.timeoutMs ?? deps.runtime.deps.actionsConfig?.timeoutMs,
      ...(b.inProcess ? { execute: createActionExecutor({ inProcess: true }) } : {}),
    });
    return c.json(transcriptJson(t));
  });
  app.get('/continue', continueHandler(deps.runtime));
  app.post('/continue', continueHandler(deps.runtime));
  return app;
}

/** Mounted at the root: Auth0's https://{tenant}/continue (no control key: the browser calls it). */
export function createContinueRoutes(deps: FlowRoutesDeps): Hono {
  const app = new Hono();
  app.get('/continue', continueHandler(deps.runtime));
  app.post('/continue', continueHandler(deps.runtime));
  return app;
}
