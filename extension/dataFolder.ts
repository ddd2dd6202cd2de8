// Where the emulator keeps its data: the extension's global storage unless the user picks a folder, and how an
// unreadable folder is moved aside (renamed, never deleted) when the user agrees.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export function resolveDataFolder(setting: string, globalStoragePath: string, workspaceFolder?: string): string {
  const trimmed = setting.trim();
  if (!trimmed) return path.join(globalStoragePath, 'emulator-data');
  const expanded = trimmed
    .replace(/\$\{workspaceFolder\}/g, workspaceFolder ?? '')
    .replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~');
  return path.resolve(workspaceFolder ?? globalStoragePath, expanded);
}

/** Renames `folder` to `<folder>.unreadable-<timestamp>` and returns the new path. */
export async function moveAside(folder: string, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let target = `${folder}.unreadable-${stamp}`;
  for (let i = 1; await exists(target); i++) target = `${folder}.unreadable-${stamp}-${i}`;
  await fs.rename(folder, target);
  return target;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
