// The contract between the custom-DB connection behaviours (host side) and the `customDb` sandbox runner: one
// script call in, the callback's arguments (or the failure, with file and line) out.
import type { ScriptErrorInfo } from '../rules/scriptError.js';
import type { CustomDbScriptName } from './scriptNames.js';

export interface CustomDbRunPayload {
  script: CustomDbScriptName;
  file: string;
  source: string;
  /** Arguments before the callback (e.g. [email, password] for login). */
  args: unknown[];
  /**
   * Organizations context (create-db-connection): when present it is passed just before the callback, as
   * `login(email, password, context, callback)`; the delete script then always gets `{}`.
   */
  context?: Record<string, unknown>;
  configuration: Record<string, string>;
  resolveFrom: string;
}

export interface CustomDbRunValue {
  /** Set when the script called back with an error or failed. */
  error?: ScriptErrorInfo;
  /** The callback's second argument (profile, true/false, …); undefined when the script called back with none. */
  result?: unknown;
  /** How many arguments the first callback call had (`callback()` and `callback(null)` differ only here). */
  arity: number;
  warnings: string[];
}
