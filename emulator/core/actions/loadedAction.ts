// An Action as the runtimes run it: where its code is, its secrets and declared dependencies. Loading from disk
// (single files, Deploy CLI folders) lives in emulator/runtime/actions.
import type { TriggerId } from './commands.js';

export interface LoadedAction {
  /** The Action's name (Deploy CLI name, or the file name without extension). */
  name: string;
  /** Absolute path of its code; inline `code` is compiled under this name (errors and breakpoints point here). */
  file: string;
  code?: string;
  /** Resolved secret values (from a secrets file or the environment, never from the code). */
  secrets: Record<string, string>;
  /** Declared secret names that had no value anywhere (shown as a note; the Action sees them as undefined). */
  missingSecrets?: string[];
  dependencies?: Array<{ name: string; version: string }>;
  /** Triggers the Action is bound to (or supports, for single files). */
  triggers: TriggerId[];
  runtime?: string;
}

/** Which Actions run, in order, per trigger. */
export type ActionBindings = Partial<Record<TriggerId, LoadedAction[]>>;
