// Reads legacy Rules from disk: a single `.js` file holding `function (user, context, callback) {…}`, or a Deploy
// CLI `rules/` folder (`<name>.js` beside `<name>.json` with {name?, script?, order, enabled, stage}), and the
// Rules `configuration` from a JSON file or the environment.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { LoadedRule, RuleStage } from '../../core/rules/loadedRule.js';

const STAGES: RuleStage[] = ['login_success', 'login_failure', 'pre_authorize'];

/** One rule file; `order` defaults to `fallbackOrder`, the name to the file name. */
export async function loadRuleFile(path: string, fallbackOrder = 0): Promise<LoadedRule> {
  const file = resolve(path);
  const name = basename(file, extname(file));
  const meta = await readJsonIfExists(join(dirname(file), `${name}.json`));
  return ruleFrom(file, await readFile(file, 'utf8'), name, meta, fallbackOrder);
}

/** Every `.js` rule in a folder (Deploy CLI layout). Rules without a `.json` run after those with one, by file name. */
export async function loadRulesFolder(dir: string): Promise<LoadedRule[]> {
  const root = resolve(dir);
  const entries = (await readdir(root)).sort();
  const out: LoadedRule[] = [];
  let next = 0;
  const jsFiles = new Set(entries.filter((e) => e.endsWith('.js')));
  // A .json may point at its script elsewhere (`"script": "./other.js"`); read those first so the .js is not loaded twice.
  const claimed = new Set<string>();
  for (const entry of entries.filter((e) => e.endsWith('.json'))) {
    const meta = await readJsonIfExists(join(root, entry));
    if (!meta) continue;
    const script = typeof meta.script === 'string' ? meta.script : `./${basename(entry, '.json')}.js`;
    const file = resolve(root, script);
    claimed.add(file);
    out.push(ruleFrom(file, await readFile(file, 'utf8'), basename(entry, '.json'), meta, next++));
  }
  for (const entry of jsFiles) {
    const file = join(root, entry);
    if (claimed.has(file)) continue;
    out.push(ruleFrom(file, await readFile(file, 'utf8'), basename(entry, '.js'), undefined, 1000 + next++));
  }
  return out;
}

/** Files and folders, in the given order: each file's fallback order is its position. */
export async function loadRules(paths: string[]): Promise<LoadedRule[]> {
  const out: LoadedRule[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) out.push(...(await loadRulesFolder(p)));
    else out.push(await loadRuleFile(p, out.length));
  }
  return out;
}

/**
 * Rules `configuration`: a JSON object of strings from `file`, then `AUTH0_RULES_CONFIGURATION` (a JSON object)
 * from the environment, later sources winning. Non-string values are stringified: Auth0 stores strings only.
 */
export async function loadRulesConfiguration(file?: string, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const add = (obj: unknown, from: string) => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new Error(`${from}: configuration must be a JSON object of key/value strings`);
    for (const [k, v] of Object.entries(obj)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  };
  if (file) add(JSON.parse(await readFile(file, 'utf8')), file);
  const fromEnv = env.AUTH0_RULES_CONFIGURATION;
  if (fromEnv) add(JSON.parse(fromEnv), 'AUTH0_RULES_CONFIGURATION');
  return out;
}

function ruleFrom(file: string, script: string, fileName: string, meta: Record<string, unknown> | undefined, fallbackOrder: number): LoadedRule {
  const stage = typeof meta?.stage === 'string' && (STAGES as string[]).includes(meta.stage) ? (meta.stage as RuleStage) : 'login_success';
  return {
    id: typeof meta?.id === 'string' ? meta.id : fileName,
    name: typeof meta?.name === 'string' ? meta.name : fileName,
    script,
    order: typeof meta?.order === 'number' ? meta.order : fallbackOrder,
    enabled: meta?.enabled === undefined ? true : meta.enabled === true,
    stage,
    file,
  };
}

async function readJsonIfExists(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
  }
}
