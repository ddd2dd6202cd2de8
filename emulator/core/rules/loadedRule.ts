// A Rule as the pipeline runs it (the Management API `rules` resource plus where its code came from), the order
// Auth0 runs them in, and the checks Auth0 applies before a Rule can run at all.

export type RuleStage = 'login_success' | 'login_failure' | 'pre_authorize';

export interface LoadedRule {
  /** `rul_…` in Auth0; here the file name without extension unless given. */
  id: string;
  name: string;
  /** `function (user, context, callback) { … }` — one function expression, no trailing semicolon. */
  script: string;
  /** Lower runs first. */
  order: number;
  enabled: boolean;
  stage: RuleStage;
  /** Path shown in error messages and stack traces (the real path when loaded from disk, so breakpoints bind). */
  file: string;
}

/** Auth0's rule name pattern (OAS CreateRuleRequestContent). */
export const RULE_NAME = /^[a-zA-Z0-9]([ \-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** Total rule code Auth0 recommends staying under (rules-anatomy best practices). */
export const RULES_SIZE_LIMIT_BYTES = 100 * 1024;

/** The rules a login runs: enabled, stage login_success, ascending `order` (ties keep their given order). */
export function rulesToRun(rules: readonly LoadedRule[]): LoadedRule[] {
  return rules
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.enabled && r.stage === 'login_success')
    .sort((a, b) => a.r.order - b.r.order || a.i - b.i)
    .map(({ r }) => r);
}

/** Problems that stop a Rule from being saved in Auth0, phrased so the fix is obvious. Syntax is checked in the worker. */
export function ruleShapeProblems(rule: LoadedRule): string[] {
  const out: string[] = [];
  if (!RULE_NAME.test(rule.name)) out.push(`${rule.file}: rule name "${rule.name}" must match ${RULE_NAME.source}`);
  if (!Number.isFinite(rule.order) || rule.order < 0) out.push(`${rule.file}: order must be a number ≥ 0`);
  if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(async\s+)?function\b/.test(rule.script))
    out.push(`${rule.file}:1: a Rule must be a single function expression: function (user, context, callback) { … }`);
  return out;
}
