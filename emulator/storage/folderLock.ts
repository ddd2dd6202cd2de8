// One running emulator per data folder: a lock file holding the owner's pid, taken over when that pid is dead.
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { DataFolderError } from './persistence.js';

export interface FolderLock {
  release(): Promise<void>;
}

/** A lock file with no pid yet may belong to a process that is just creating it; younger than this, respect it. */
const FRESH_EMPTY_LOCK_MS = 2000;

export async function lockDataFolder(lockPath: string): Promise<FolderLock> {
  const ownPid = String(process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(`${ownPid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { release: () => releaseLock(lockPath, ownPid) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await lockHolder(lockPath);
    if (holder === 'gone') continue;
    if (holder === 'starting' || (holder !== 'stale' && isRunning(holder))) throw lockedError(lockPath, holder);
    await takeOverStaleLock(lockPath, holder);
  }
  throw lockedError(lockPath, 'starting');
}

async function lockHolder(lockPath: string): Promise<number | 'gone' | 'starting' | 'stale'> {
  try {
    const pid = Number.parseInt((await readFile(lockPath, 'utf8')).trim(), 10);
    if (Number.isInteger(pid) && pid > 0) return pid;
    const age = Date.now() - (await stat(lockPath)).mtimeMs;
    return age < FRESH_EMPTY_LOCK_MS ? 'starting' : 'stale';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

/**
 * Moves the stale lock aside under a name only this process uses, so two emulators starting together cannot both
 * delete it; if what was moved turns out to be a live owner's fresh lock, it goes back and the folder is locked.
 */
async function takeOverStaleLock(lockPath: string, seen: number | 'stale'): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = await lockHolder(aside);
  if (moved !== seen && typeof moved === 'number' && isRunning(moved)) {
    await rename(aside, lockPath).catch(() => undefined);
    throw lockedError(lockPath, moved);
  }
  await rm(aside, { force: true });
}

async function releaseLock(lockPath: string, ownPid: string): Promise<void> {
  const content = await readFile(lockPath, 'utf8').catch(() => null);
  if (content?.trim() === ownPid) await rm(lockPath, { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(lockPath: string, holder: number | 'starting'): DataFolderError {
  const who = typeof holder === 'number' ? `another running Auth0 emulator (pid ${holder})` : 'another Auth0 emulator';
  return new DataFolderError(
    lockPath,
    'locked',
    `The data folder is in use by ${who} (lock file ${lockPath}). Stop that emulator or choose another data folder.`,
  );
}
