// Action secrets come from a local file or the environment, never from the code. A secrets file is JSON (flat
// {"KEY":"v"} for every Action, and/or {"<action name>": {"KEY":"v"}} / {"actions": {...}} per Action) or dotenv
// lines (KEY=value). Per-Action entries win over flat ones, which win over the environment.
import { readFile } from 'node:fs/promises';

export interface SecretsSource {
  flat: Record<string, string>;
  perAction: Record<string, Record<string, string>>;
  env: NodeJS.ProcessEnv;
}

export async function loadSecretsSource(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<SecretsSource> {
  const src: SecretsSource = { flat: {}, perAction: {}, env };
  if (!file) return src;
  const text = await readFile(file, 'utf8');
  if (/\.json$/i.test(file) || text.trimStart().startsWith('{')) {
    const doc = JSON.parse(text) as Record<string, unknown>;
    const add = (name: string, obj: Record<string, unknown>) => {
      src.perAction[name] = { ...(src.perAction[name] ?? {}), ...stringValues(obj) };
    };
    for (const [k, v] of Object.entries(doc)) {
      if (k === 'actions' && isObject(v)) for (const [name, m] of Object.entries(v)) isObject(m) && add(name, m);
      else if (isObject(v)) add(k, v);
      else if (v !== null && v !== undefined) src.flat[k] = String(v);
    }
  } else {
    for (const line of text.split(/\r?\n/)) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (!m || line.trimStart().startsWith('#')) continue;
      src.flat[m[1]!] = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return src;
}

/** Values of `names` for the Action `action`; `declared` values (from Deploy CLI JSON) are the last resort. */
export function resolveSecrets(
  src: SecretsSource,
  action: string,
  names: string[],
  declared: Record<string, string | undefined> = {},
): { secrets: Record<string, string>; missing: string[] } {
  const secrets: Record<string, string> = {};
  const missing: string[] = [];
  const per = src.perAction[action] ?? {};
  for (const n of new Set([...names, ...Object.keys(per)])) {
    const d = declared[n];
    // Deploy CLI keyword placeholders (##NAME## / @@NAME@@) name an environment variable.
    const placeholder = d ? /^(?:##|@@)(\w+)(?:##|@@)$/.exec(d)?.[1] : undefined;
    const v = per[n] ?? src.flat[n] ?? src.env[n] ?? (placeholder ? src.env[placeholder] : undefined) ?? (d && !placeholder && d !== '_VALUE_NOT_SHOWN_' ? d : undefined);
    if (v === undefined) missing.push(n);
    else secrets[n] = v;
  }
  // Flat entries go to every Action, like a shared .env.
  for (const [k, v] of Object.entries(src.flat)) if (!(k in secrets)) secrets[k] = v;
  return { secrets, missing };
}

/** Secret names a piece of code reads: event.secrets.NAME and event.secrets['NAME']. */
export function secretNamesIn(code: string): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(['"`])([^'"`]+)\2\s*\])/g)) names.add((m[1] ?? m[3])!);
  return [...names];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringValues(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]));
}
