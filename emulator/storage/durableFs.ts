// The few file-system steps that make writes survive a crash: full writes, fsync of a folder, atomic replace.
import { open, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** fs write() may write fewer bytes than asked; loop until the whole buffer is in the file. */
export async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

/**
 * A created or renamed file is only durable once the folder entry pointing at it is. Windows cannot open a
 * folder for syncing (and NTFS journals the rename itself), so there it is a no-op.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `/a/b/file.json` -> `/a/b/.file.json.tmp`, the same temp name steno (lowdb's writer) uses. */
export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp`);
}

/**
 * Moves a fully written and fsync'd temp file over `target`, then syncs the folder so the rename itself survives.
 * Windows may refuse the rename briefly while a scanner holds the target open, so retry there like steno does.
 */
export async function replaceDurably(tempPath: string, target: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(tempPath, target);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 9 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await fsyncDir(dirname(target));
}
