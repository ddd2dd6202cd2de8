// Runs a scenario (users × one post-login flow) against a FlowHost: per user the metadata before, the flow's
// transcript, and optionally the Rule-vs-Action comparison. Shared by the CLI replay and the extension's fallback.
import { dirname, resolve } from 'node:path';
import type { FlowHost } from '../../core/actions/host.js';
import type { ActionExecutor } from '../../core/actions/runTypes.js';
import type { FlowTranscript } from '../../core/actions/transcript.js';
import type { LoadedRule } from '../../core/rules/loadedRule.js';
import type { JsonObject } from '../../core/users/user.js';
import { ActionsRuntime } from '../actions/actionsRuntime.js';
import { transcriptJson } from '../actions/flowRoutes.js';
import { loadActionBindings } from '../actions/loadActions.js';
import { rulesHookFor } from '../actions/rulesBridge.js';
import { loadRules } from '../rules/loadRules.js';
import { compareRuleAndAction, type ParityDifference } from '../rules/parity.js';
import type { Sandbox } from '../sandbox/index.js';
import type { Scenario } from './scenarioFile.js';

export interface ScenarioUserResult {
  userId: string;
  /** The user's metadata before the flow ran. */
  before: { app_metadata: JsonObject; user_metadata: JsonObject };
  transcript: FlowTranscript;
  /** Rule and Action side by side on a copy of the same user (when asked and both exist). */
  parity?: { same: boolean; differences: ParityDifference[] };
}

export interface ScenarioRun {
  name?: string;
  dryRun: boolean;
  results: ScenarioUserResult[];
  ms: number;
}

export interface ScenarioDeps {
  host: FlowHost;
  execute: ActionExecutor;
  sandbox?: Sandbox;
  /** Resolves `query` to user ids (the emulator's search v3). */
  search?: (query: string, limit: number) => string[];
  /** Folder the scenario's relative paths start from. */
  baseDir: string;
  /** Forces a dry run regardless of the file. */
  dryRun?: boolean;
  /** Also compare the Rules with the Actions per user. */
  compare?: boolean;
  timeoutMs?: number;
  /** Run the Rules in this thread (a debugger is attached): each rule compiled under its real path. */
  inProcess?: boolean;
}

export async function runScenario(s: Scenario, deps: ScenarioDeps): Promise<ScenarioRun> {
  const started = Date.now();
  const at = (p: string) => resolve(deps.baseDir, p);
  const actions = s.actions.length ? ((await loadActionBindings({ sources: s.actions.map(at) }))['post-login'] ?? []) : [];
  const rules: LoadedRule[] = s.rules?.length ? await loadRules(s.rules.map(at)) : [];
  const useRules = s.rulesEnabled !== false && rules.length > 0;
  const dryRun = deps.dryRun ?? s.dryRun ?? false;
  const runtime = new ActionsRuntime({
    host: deps.host,
    execute: deps.execute,
    ...(deps.sandbox ? { sandbox: deps.sandbox } : {}),
    ...(useRules ? { runRules: rulesHookFor(deps.host, rules, { timeoutMs: deps.timeoutMs, sandbox: deps.sandbox, inProcess: deps.inProcess }) } : {}),
  });
  const ids = [...(s.users ?? [])];
  if (s.query) {
    if (!deps.search) throw new Error('this runner cannot search users: list user_ids instead of a query');
    for (const id of deps.search(s.query, s.limit ?? 50)) if (!ids.includes(id)) ids.push(id);
  }
  const o = s.overrides ?? {};
  const results: ScenarioUserResult[] = [];
  for (const userId of ids) {
    const stored = deps.host.getUser(userId);
    if (!stored) throw new Error(`No user ${userId}`);
    const before = { app_metadata: structuredClone(stored.app_metadata ?? {}), user_metadata: structuredClone(stored.user_metadata ?? {}) };
    const parity =
      deps.compare && rules.length && actions.length
        ? await compareRuleAndAction({ host: deps.host, rules, actions, userId, clientId: o.client, connection: o.connection, secrets: o.secrets, execute: deps.execute, timeoutMs: deps.timeoutMs })
        : undefined;
    const t = await runtime.postLogin({
      actions,
      userId,
      clientId: o.client,
      connection: o.connection,
      request: o.request,
      transaction: o.transaction,
      event: o.event,
      secrets: o.secrets,
      audience: o.audience,
      timeoutMs: deps.timeoutMs,
      dryRun,
    });
    results.push({ userId, before, transcript: transcriptJson(t), ...(parity ? { parity: { same: parity.same, differences: parity.differences } } : {}) });
  }
  return { ...(s.name ? { name: s.name } : {}), dryRun, results, ms: Date.now() - started };
}

/** Where a scenario file's relative paths start. */
export const scenarioBaseDir = (file: string) => dirname(resolve(file));
