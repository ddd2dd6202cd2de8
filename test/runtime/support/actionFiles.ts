// Writes Action files into a real temp directory and turns them into LoadedActions.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LoadedAction } from '../../../emulator/core/actions/loadedAction.js';

export interface Workspace {
  dir: string;
  /** Writes `name` (relative) with `code`, returns its absolute path. */
  file(name: string, code: string): string;
  action(name: string, code: string, secrets?: Record<string, string>): LoadedAction;
  remove(): void;
}

export function tempWorkspace(prefix = 'actions-'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const ws: Workspace = {
    dir,
    file(name, code) {
      const p = join(dir, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, code);
      return p;
    },
    action(name, code, secrets = {}) {
      return { name, file: ws.file(`${name}.js`, code), secrets, triggers: ['post-login'] };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return ws;
}
