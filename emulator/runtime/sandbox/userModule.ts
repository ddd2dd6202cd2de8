// Loads user code (Actions, Rules, scripts) as a CommonJS module compiled under its real absolute path, so that
// `require` resolves from the user's workspace, stacks and syntax errors name the file, and debuggers bind
// breakpoints. Modules are cached per file until the file (or the given source) changes: module-level code runs
// once per instance, as in Auth0.
import Module from 'node:module';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

interface Cached {
  key: string;
  exports: unknown;
}

const cache = new Map<string, Cached>();

type ModuleInternals = Module & {
  _compile(code: string, filename: string): void;
  paths: string[];
  filename: string;
  loaded: boolean;
};
const ModuleStatics = Module as unknown as { _nodeModulePaths(dir: string): string[] };

/**
 * Returns the module's exports. `code` compiles the given source under `file` (which need not exist); otherwise
 * the file is read. `fresh` skips the cache (module-level code runs again).
 */
export function loadUserModule(file: string, opts: { code?: string; fresh?: boolean } = {}): Record<string, unknown> {
  let key: string;
  let source = opts.code;
  if (source !== undefined) key = 'code:' + createHash('sha1').update(source).digest('base64');
  else {
    const st = statSync(file);
    key = `file:${st.mtimeMs}:${st.size}`;
  }
  const hit = cache.get(file);
  if (hit && hit.key === key && !opts.fresh) return hit.exports as Record<string, unknown>;
  source ??= readFileSync(file, 'utf8');
  const m = new Module(file) as ModuleInternals;
  m.filename = file;
  m.paths = ModuleStatics._nodeModulePaths(dirname(file));
  m._compile(stripShebang(source), file);
  m.loaded = true;
  cache.set(file, { key, exports: m.exports });
  return m.exports as Record<string, unknown>;
}

function stripShebang(s: string): string {
  return s.startsWith('#!') ? '//' + s.slice(2) : s;
}
