// Emulator-only control routes under /_emulator (see emulator/client.ts for the typed client). They require the
// M2M client secret in x-emulator-key, so that nothing else on the machine can mint tokens or wipe data.
import { Hono, type MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import { CONTROL_KEY_HEADER, type FaultSpec } from '../../client.js';
import { ApiError, badRequest } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import { requestDomain } from '../middleware/domain.js';
import { readJsonBody, readJsonObject, json } from '../body.js';
import type { EmulatorCore } from '../../emulatorCore.js';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Guards every /_emulator route, including those the runtimes add. */
export function controlKeyMiddleware(core: EmulatorCore): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header(CONTROL_KEY_HEADER) ?? '';
    if (!sameSecret(key, core.controlKey)) {
      throw new ApiError(401, `Emulator control routes need the ${CONTROL_KEY_HEADER} header (the M2M client secret).`, 'invalid_emulator_key');
    }
    await next();
  };
}

export function controlRoutes(core: EmulatorCore): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/health', (c) => json(c, core.health(requestDomain(c, core.configuredDomain))));

  app.post('/reset', async (c) => {
    const body = ((await readJsonBody(c, { allowEmpty: true })) ?? {}) as { sample?: boolean; empty?: boolean };
    return json(c, await core.reset({ sample: body.sample === true, empty: body.empty === true }));
  });

  app.post('/seed', async (c) => json(c, await core.seed(await readJsonObject(c))));
  app.get('/export', (c) => json(c, core.exportData()));
  app.post('/import', async (c) => json(c, await core.importData(await readJsonObject(c))));

  app.get('/rate-limit', (c) => json(c, core.limiter.describe()));
  app.put('/rate-limit', async (c) => {
    const body = await readJsonObject(c);
    if (typeof body.profile !== 'string') throw badRequest('Body must be {"profile": "<off|free|essentials|enterprise|enterprise-nonprod|custom:<burst>:<perSecond>>"}.');
    core.setRateLimit(body.profile);
    return json(c, core.limiter.describe());
  });

  app.get('/faults', (c) => json(c, { faults: core.faults.list() }));
  app.post('/faults', async (c) => {
    const body = (await readJsonObject(c)) as unknown as FaultSpec;
    if (typeof body.path !== 'string' || !Number.isInteger(body.count) || body.count < 1) {
      throw badRequest('Body must be {"path": "/api/v2/users*", "count": <n ≥ 1>, "method"?: "PATCH", "status"?: 429}.');
    }
    if (body.status !== undefined && (!Number.isInteger(body.status) || body.status < 100 || body.status > 599)) {
      throw badRequest('"status" must be an HTTP status code.');
    }
    core.faults.add(body);
    return json(c, { faults: core.faults.list() });
  });
  app.delete('/faults', (c) => {
    core.faults.clear();
    return json(c, { faults: core.faults.list() });
  });

  app.post('/tokens', async (c) => {
    const body = await readJsonObject(c);
    if (typeof body.user_id !== 'string' || !Array.isArray(body.scopes) || !body.scopes.every((s) => typeof s === 'string')) {
      throw badRequest('Body must be {"user_id": "...", "scopes": ["read:current_user", ...], "client_id"?: "...", "expires_in"?: seconds}.');
    }
    return json(c, 
      await core.mintUserToken(requestDomain(c, core.configuredDomain), {
        userId: body.user_id,
        scopes: body.scopes as string[],
        clientId: typeof body.client_id === 'string' ? body.client_id : undefined,
        expiresIn: typeof body.expires_in === 'number' ? body.expires_in : undefined,
      }),
    );
  });

  app.get('/revision', async (c) => {
    const after = Number(c.req.query('after'));
    const wait = Math.min(30_000, Math.max(0, Number(c.req.query('wait') ?? 0) || 0));
    if (!Number.isFinite(after) || wait === 0) return json(c, { revision: core.db.revision });
    return json(c, { revision: await core.db.waitForChange(after, wait) });
  });

  return app;
}
