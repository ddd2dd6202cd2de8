// Follows the emulator's data revision with one long poll at a time (no polling storm) and calls `onChange`,
// debounced, when anything changed: the Users view and open editors refresh from here.
import type { EmulatorControlClient } from '../emulator/client.js';

export interface ChangeWatcherOptions {
  control: Pick<EmulatorControlClient, 'revision' | 'waitForChange'>;
  signal: AbortSignal;
  onChange: () => void;
  debounceMs?: number;
  pollMs?: number;
}

/** Runs until `signal` aborts or the emulator stops answering. */
export async function watchChanges(opts: ChangeWatcherOptions): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!opts.signal.aborted) opts.onChange();
    }, opts.debounceMs ?? 150);
  };
  opts.signal.addEventListener('abort', () => timer && clearTimeout(timer), { once: true });
  let failures = 0;
  let revision: number | undefined;
  while (!opts.signal.aborted) {
    try {
      if (revision === undefined) revision = await opts.control.revision();
      const next = await opts.control.waitForChange(revision, opts.pollMs ?? 25_000);
      failures = 0;
      if (next !== revision) {
        revision = next;
        fire();
      }
    } catch {
      if (opts.signal.aborted) return;
      // A few retries with back-off cover a restart of the long poll; then give up until the next start.
      if (++failures > 5) return;
      await new Promise((r) => setTimeout(r, 200 * 2 ** failures));
    }
  }
}
