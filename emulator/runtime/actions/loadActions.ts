// Loads Actions the way developers keep them: single files exporting the handlers, or Auth0 Deploy CLI
// directory exports (actions/<name>.json + actions/<name>/code.js, bound and ordered by triggers/triggers.json).
import { existsSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { HANDLERS } from '../../core/actions/api.js';
import type { TriggerId } from '../../core/actions/commands.js';
import type { ActionBindings, LoadedAction } from '../../core/actions/loadedAction.js';
import { loadSecretsSource, resolveSecrets, secretNamesIn, type SecretsSource } from './secrets.js';

/** What the `--actions` / `--secrets` / `--action-timeout` flags give the server (the lead passes this through). */
export interface ActionsConfig {
  /** Action files or Deploy CLI folders, in order (files bind to every trigger whose handler they export). */
  sources: string[];
  /** JSON or dotenv file of secrets. */
  secretsFile?: string;
  /** Budget per trigger execution; default 20 000 ms (Auth0's). */
  timeoutMs?: number;
  memoryMb?: number;
  /** Run user code in the emulator's thread (debugger mode). */
  inProcess?: boolean;
  /** Fact sheet §10 item 2, see PostLoginFlowOptions. */
  ownChangesVisible?: boolean;
}

const TRIGGERS = Object.keys(HANDLERS) as TriggerId[];

export class ActionsLoadError extends Error {}

/** Reads every source; call again per login so edits are picked up without a restart. */
export async function loadActionBindings(config: Pick<ActionsConfig, 'sources' | 'secretsFile'>, env: NodeJS.ProcessEnv = process.env): Promise<ActionBindings> {
  const secrets = await loadSecretsSource(config.secretsFile, env);
  const out: ActionBindings = {};
  const bind = (t: TriggerId, a: LoadedAction) => (out[t] ??= []).push(a);
  for (const raw of config.sources) {
    const src = resolve(raw);
    if (!existsSync(src)) throw new ActionsLoadError(`Actions source not found: ${src}`);
    if (statSync(src).isDirectory()) {
      const root = deployRoot(src);
      if (root) for (const [t, list] of Object.entries(await loadDeployDirectory(root, secrets))) for (const a of list ?? []) bind(t as TriggerId, a);
      else {
        // A plain folder of Action files, in name order.
        const files = (await readdir(src)).filter((f) => /\.(c?js)$/.test(f)).sort();
        for (const f of files) {
          const a = await loadActionFile(join(src, f), secrets);
          for (const t of a.triggers) bind(t, a);
        }
      }
    } else {
      const a = await loadActionFile(src, secrets);
      for (const t of a.triggers) bind(t, a);
    }
  }
  return out;
}

/** One file exporting onExecutePostLogin (and/or another trigger's handler). */
export async function loadActionFile(file: string, secrets?: SecretsSource): Promise<LoadedAction> {
  const path = resolve(file);
  const code = await readFile(path, 'utf8');
  const name = basename(path, extname(path)) === 'code' ? basename(dirname(path)) : basename(path, extname(path));
  const triggers = TRIGGERS.filter((t) => new RegExp(`\\b${HANDLERS[t]}\\b`).test(code));
  const { secrets: values, missing } = resolveSecrets(secrets ?? (await loadSecretsSource(undefined)), name, secretNamesIn(code));
  return {
    name,
    file: path,
    secrets: values,
    // A name read in the code but found nowhere is not an error: the Action may guard against it.
    ...(missing.length ? { missingSecrets: missing } : {}),
    triggers: triggers.length ? triggers : ['post-login'],
  };
}

function deployRoot(dir: string): string | undefined {
  if (existsSync(join(dir, 'actions')) && statSync(join(dir, 'actions')).isDirectory()) return dir;
  if (basename(dir) === 'actions' && existsSync(join(dirname(dir), 'triggers'))) return dirname(dir);
  return undefined;
}

interface DeployAction {
  name: string;
  code: string;
  runtime?: string;
  dependencies?: Array<{ name: string; version: string }>;
  secrets?: Array<{ name: string; value?: string }>;
  supported_triggers?: Array<{ id: string; version?: string }>;
}

/** A Deploy CLI `directory` export: actions/*.json with their code, ordered per trigger by triggers/triggers.json. */
export async function loadDeployDirectory(root: string, secrets: SecretsSource): Promise<ActionBindings> {
  const dir = join(root, 'actions');
  const byName = new Map<string, LoadedAction>();
  for (const f of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const json = JSON.parse(await readFile(join(dir, f), 'utf8')) as DeployAction;
    const name = json.name ?? basename(f, '.json');
    const codePath = resolveCodePath(root, dir, name, json.code);
    if (!codePath) throw new ActionsLoadError(`${join(dir, f)}: the code of Action '${name}' was not found (looked for ${json.code ?? `actions/${name}/code.js`})`);
    const declared = Object.fromEntries((json.secrets ?? []).map((s) => [s.name, s.value]));
    const { secrets: values, missing } = resolveSecrets(secrets, name, Object.keys(declared), declared);
    byName.set(name, {
      name,
      file: codePath,
      secrets: values,
      ...(missing.length ? { missingSecrets: missing } : {}),
      dependencies: json.dependencies ?? [],
      triggers: (json.supported_triggers ?? []).map((t) => t.id as TriggerId).filter((t) => TRIGGERS.includes(t)),
      runtime: json.runtime,
    });
  }
  const out: ActionBindings = {};
  const triggersFile = join(root, 'triggers', 'triggers.json');
  if (existsSync(triggersFile)) {
    const bindings = JSON.parse(await readFile(triggersFile, 'utf8')) as Record<string, Array<{ action_name: string; display_name?: string }>>;
    for (const [trigger, list] of Object.entries(bindings)) {
      if (!TRIGGERS.includes(trigger as TriggerId)) continue;
      out[trigger as TriggerId] = list.map((b) => {
        const a = byName.get(b.action_name);
        if (!a) throw new ActionsLoadError(`${triggersFile}: trigger ${trigger} binds '${b.action_name}', which is not in ${dir}`);
        return a;
      });
    }
  } else {
    for (const a of byName.values()) for (const t of a.triggers) (out[t] ??= []).push(a);
  }
  return out;
}

function resolveCodePath(root: string, dir: string, name: string, code: string | undefined): string | undefined {
  const candidates = code && !code.includes('\n') ? [isAbsolute(code) ? code : resolve(root, code), resolve(dir, code)] : [];
  candidates.push(join(dir, name, 'code.js'), join(dir, sanitize(name), 'code.js'));
  return candidates.find((p) => existsSync(p) && statSync(p).isFile());
}

// Deploy CLI writes folder names with unsafe characters replaced.
const sanitize = (s: string) => s.replace(/[<>:"/\\|?*\s]/g, '_');
