// The contract between the Rules pipeline (host side) and the `rule` sandbox runner (worker side): what one
// pipeline run is given, the host calls the runner makes while it runs, and what it returns.
import type { RuleContext } from './ruleContext.js';
import type { RuleUser } from './ruleUser.js';
import type { ScriptErrorInfo } from './scriptError.js';

export interface RulesRunPayload {
  /** In execution order. All run in one sandbox job, as Auth0 bundles all enabled rules into one Webtask. */
  rules: Array<{ id: string; name: string; file: string; script: string }>;
  user: RuleUser;
  context: RuleContext;
  configuration: Record<string, string>;
  auth0: { accessToken: string; domain: string; baseUrl: string };
  /** Directory whose node_modules satisfy `require` (the user's project). */
  resolveFrom: string;
}

/** Host functions the runner calls (method names on the sandbox rpc). */
export const RULES_RPC = {
  /** (index: number) — rule `index` starts; lets the host attribute writes, logs and a timeout to it. */
  start: 'rules.start',
  /** (index: number, step: RuleStepReport) — rule `index` finished (called back or failed). */
  step: 'rules.step',
  /** (userId: string, patch: {app_metadata?|user_metadata?}) → the updated user (API shape). */
  updateMetadata: 'rules.updateMetadata',
} as const;

export interface RuleStepReport {
  ms: number;
  /** Index range [logFrom, logTo) of this rule's lines in the run's captured console output. */
  logFrom: number;
  logTo: number;
  error?: ScriptErrorInfo;
  /** Warnings about how the rule used its callback (called twice, etc.). */
  warnings: string[];
}

export interface RulesRunValue {
  user: RuleUser;
  context: RuleContext;
  /** Index of the rule that stopped the pipeline, with its error. */
  failed?: { index: number; error: ScriptErrorInfo };
}
