// The playground's saved scenario (`*.auth0-scenario.json`): which users, which Actions in which order, Rules on or
// off, the event overrides and dry run. Parsing and validation only; the same file drives the editor and CI.

export const SCENARIO_SUFFIX = '.auth0-scenario.json';

export interface ScenarioOverrides {
  /** event.client: the application logging in. */
  client?: string;
  /** Connection name; default the user's first identity's connection. */
  connection?: string;
  request?: Record<string, unknown>;
  transaction?: Record<string, unknown>;
  /** Other event parts (organization, authentication, ...). */
  event?: Record<string, unknown>;
  /** Secrets given to every Action (over each Action's own). */
  secrets?: Record<string, string>;
  audience?: string;
}

export interface Scenario {
  name?: string;
  /** user_ids, run in this order. */
  users?: string[];
  /** Or a search v3 query (Lucene): the matching users, up to `limit`. */
  query?: string;
  limit?: number;
  /** Action files or Deploy CLI folders, relative to the scenario file; run in this order. */
  actions: string[];
  /** Legacy Rules (files or folders), run first when `rulesEnabled`. */
  rules?: string[];
  rulesEnabled?: boolean;
  overrides?: ScenarioOverrides;
  /** Run everything, write nothing. */
  dryRun?: boolean;
  /**
   * The tenant domain the scenario was made against (`host[:port]`): the issuer, `event.request.hostname` and
   * `event.tenant.id` come from it, so a replay elsewhere (CI) shows the transcript the playground showed.
   */
  domain?: string;
}

export class ScenarioError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown, field: string): string[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ScenarioError(`${field} must be an array of strings`);
  return v as string[];
};

/** Validates a parsed scenario document (throws ScenarioError naming the field). */
export function parseScenario(doc: unknown): Scenario {
  if (!isObject(doc)) throw new ScenarioError('a scenario is a JSON object');
  const users = strings(doc.users, 'users');
  const query = doc.query;
  if (query !== undefined && typeof query !== 'string') throw new ScenarioError('query must be a string');
  if (!users.length && !query) throw new ScenarioError('a scenario names users (user_ids) or a query');
  const actions = strings(doc.actions, 'actions');
  const rules = strings(doc.rules, 'rules');
  const rulesEnabled = doc.rulesEnabled === undefined ? rules.length > 0 : doc.rulesEnabled === true;
  if (!actions.length && !(rulesEnabled && rules.length)) throw new ScenarioError('a scenario runs at least one Action or Rule');
  const o = doc.overrides;
  if (o !== undefined && !isObject(o)) throw new ScenarioError('overrides must be an object');
  for (const k of ['request', 'transaction', 'event', 'secrets'] as const) {
    if (o?.[k] !== undefined && !isObject(o[k])) throw new ScenarioError(`overrides.${k} must be an object`);
  }
  if (o?.secrets && Object.values(o.secrets).some((v) => typeof v !== 'string')) throw new ScenarioError('overrides.secrets values must be strings');
  const domain = doc.domain;
  if (domain !== undefined && (typeof domain !== 'string' || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(domain))) throw new ScenarioError('domain must be a host or host:port');
  const limit = doc.limit === undefined ? undefined : Number(doc.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new ScenarioError('limit must be a positive integer');
  return {
    ...(typeof doc.name === 'string' ? { name: doc.name } : {}),
    ...(users.length ? { users } : {}),
    ...(query ? { query } : {}),
    ...(limit ? { limit } : {}),
    actions,
    ...(rules.length ? { rules, rulesEnabled } : {}),
    ...(o ? { overrides: o as ScenarioOverrides } : {}),
    dryRun: doc.dryRun === true,
    ...(domain ? { domain } : {}),
  };
}
