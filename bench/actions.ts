// Warm overhead of the Actions runtime: a full post-login flow (event build, worker round trip, command
// application, batched write, claims) minus the time spent inside the handlers, for one Action and for five.
// Run alone with `node --import tsx bench/actions.ts`, or call benchActions() from the bench runner.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runPostLoginFlow } from '../emulator/core/actions/flow.js';
import type { FlowHost } from '../emulator/core/actions/host.js';
import type { LoadedAction } from '../emulator/core/actions/loadedAction.js';
import { systemClock } from '../emulator/core/clock.js';
import { randomIds } from '../emulator/core/ids.js';
import { mergeMetadata } from '../emulator/core/users/metadata.js';
import type { StoredUser } from '../emulator/core/users/user.js';
import { createActionExecutor } from '../emulator/runtime/actions/executor.js';
import { createSandbox } from '../emulator/runtime/sandbox/index.js';

export interface ActionsBenchFigures {
  /** Median of (flow time − handler time) for one Action, ms. Target < 5. */
  oneActionOverheadMs: number;
  oneActionFlowMs: number;
  /** Median whole five-Action flow, ms, and its overhead over the handlers. */
  fiveActionFlowMs: number;
  fiveActionOverheadMs: number;
  runs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 1000) / 1000;

function benchHost(): FlowHost {
  let user: StoredUser = {
    user_id: 'auth0|bench',
    email: 'bench@example.com',
    email_verified: true,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    identities: [{ connection: 'Username-Password-Authentication', provider: 'auth0', user_id: 'bench', isSocial: false }],
    app_metadata: { plan: 'basic', tags: ['a', 'b'] },
    user_metadata: { theme: 'dark' },
  };
  return {
    domain: 'bench.example',
    clock: systemClock,
    ids: randomIds,
    getUser: (id) => (id === user.user_id ? user : undefined),
    getUserRoles: () => [{ id: 'rol_1', name: 'admin', description: '' }],
    getClient: () => undefined,
    getConnection: () => undefined,
    async updateUserMetadata(_id, patch) {
      user = { ...user, app_metadata: mergeMetadata(user.app_metadata, patch.app_metadata ?? {}) ?? {}, user_metadata: mergeMetadata(user.user_metadata, patch.user_metadata ?? {}) ?? {} };
      return user;
    },
    async recordLogin() {
      return user;
    },
    signIdToken: async () => 'id',
    signAccessToken: async () => 'at',
  };
}

export async function benchActions(opts: { runs?: number; log?: (l: string) => void } = {}): Promise<ActionsBenchFigures> {
  const runs = opts.runs ?? 300;
  const dir = mkdtempSync(join(tmpdir(), 'bench-actions-'));
  const sandbox = createSandbox({ maxWorkers: 1 });
  try {
    const actions: LoadedAction[] = [1, 2, 3, 4, 5].map((n) => {
      const file = join(dir, `a${n}.js`);
      writeFileSync(
        file,
        `exports.onExecutePostLogin = async (event, api) => {
  api.user.setAppMetadata('step${n}', event.user.app_metadata.plan);
  api.idToken.setCustomClaim('https://bench/${n}', event.authorization.roles);
};`,
      );
      return { name: `a${n}`, file, secrets: {}, triggers: ['post-login'] };
    });
    const host = benchHost();
    const execute = createActionExecutor({ sandbox });
    const measure = async (list: LoadedAction[]) => {
      const total: number[] = [];
      const over: number[] = [];
      for (let i = 0; i < runs + 20; i++) {
        const t0 = performance.now();
        const t = await runPostLoginFlow({ host, actions: list, execute, userId: 'auth0|bench', issueTokens: false });
        const ms = performance.now() - t0;
        if (t.status !== 'success') throw new Error(`bench flow failed: ${t.error?.error_description}`);
        if (i < 20) continue; // warm-up (worker start, module load, JIT)
        total.push(ms);
        over.push(ms - t.actions.reduce((n, s) => n + (s.handlerMs ?? 0), 0));
      }
      return { flow: median(total), overhead: median(over) };
    };
    const one = await measure(actions.slice(0, 1));
    const five = await measure(actions);
    const figures = {
      oneActionOverheadMs: round(one.overhead),
      oneActionFlowMs: round(one.flow),
      fiveActionFlowMs: round(five.flow),
      fiveActionOverheadMs: round(five.overhead),
      runs,
    };
    const log = opts.log ?? ((l: string) => console.log(l));
    log(`Actions runtime (warm, median of ${runs} flows, worker sandbox):`);
    log(`  one Action:   flow ${figures.oneActionFlowMs} ms, overhead over the handler ${figures.oneActionOverheadMs} ms (target < 5 ms)`);
    log(`  five Actions: flow ${figures.fiveActionFlowMs} ms, overhead over the handlers ${figures.fiveActionOverheadMs} ms`);
    return figures;
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = await benchActions();
  console.log(JSON.stringify(f));
}
