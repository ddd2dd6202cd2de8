// Writes a seed document to disk as the JSON `--seed <file>` reads; atomically, so a reader never sees half a file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SeedDocument } from '../core/seedDocument.js';

/** `pretty` (default true) indents for humans reading the file in a repository; large seeds read faster compact. */
export async function writeSeedFile(path: string, doc: SeedDocument, opts: { pretty?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(doc, null, opts.pretty === false ? undefined : 2) + '\n', 'utf8');
  await rename(temp, path);
}
