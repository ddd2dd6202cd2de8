// Reads a custom database connection from disk in the Deploy CLI layout: `database-connections/<name>/` holding
// login.js, get_user.js, create.js, verify.js, change_password.js, delete.js, change_email.js and optionally
// database.json ({name, options: {import_mode, enable_script_context, customScripts, bareConfiguration}}).
import { readFile, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CUSTOM_DB_SCRIPTS, type CustomDbScriptName, type CustomDbScripts } from '../../core/customDb/scriptNames.js';
import type { Connection } from '../../core/users/user.js';

export interface CustomDbFolder {
  connection: Connection;
  scripts: CustomDbScripts;
  configuration: Record<string, string>;
  dir: string;
}

export async function loadCustomDbFolder(dir: string): Promise<CustomDbFolder> {
  const root = resolve(dir);
  const files = new Set(await readdir(root));
  let meta: { name?: string; options?: Record<string, unknown> } = {};
  if (files.has('database.json')) {
    try {
      meta = JSON.parse(await readFile(join(root, 'database.json'), 'utf8')) as typeof meta;
    } catch (e) {
      throw new Error(`${join(root, 'database.json')}: not valid JSON (${(e as Error).message})`);
    }
  }
  const options = meta.options ?? {};
  const pointers = (options.customScripts ?? {}) as Record<string, string>;
  const scripts: CustomDbScripts = {};
  for (const name of CUSTOM_DB_SCRIPTS) {
    const rel = typeof pointers[name] === 'string' && pointers[name]!.startsWith('.') ? pointers[name]! : files.has(`${name}.js`) ? `./${name}.js` : undefined;
    if (!rel) continue;
    const file = resolve(root, rel);
    scripts[name as CustomDbScriptName] = { name, file, source: await readFile(file, 'utf8') };
  }
  const configuration = stringValues((options.bareConfiguration ?? options.configuration ?? {}) as Record<string, unknown>);
  const name = meta.name ?? basename(root);
  const connection: Connection = {
    id: `con_${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)}`,
    name,
    strategy: 'auth0',
    enabledDatabaseCustomization: true,
    import_mode: options.import_mode === true,
    customScripts: Object.fromEntries(Object.entries(scripts).map(([k, s]) => [k, s.source])),
    configuration,
    ...(options.enable_script_context === true ? { enable_script_context: true } : {}),
    ...(options.set_user_root_attributes ? { set_user_root_attributes: options.set_user_root_attributes as Connection['set_user_root_attributes'] } : {}),
  } as Connection;
  return { connection, scripts, configuration, dir: root };
}

function stringValues(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}
