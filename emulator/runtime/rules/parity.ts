// The Rule → Action migration aid: runs a set of Rules and the Action(s) meant to replace them on copies of the
// same user (dry run: nothing reaches the real store) and lists what differs — ID/access token claims, scopes,
// app/user metadata after the login, and the outcome (deny, error, redirect).
import type { FlowHost } from '../../core/actions/host.js';
import type { LoadedAction } from '../../core/actions/loadedAction.js';
import type { ActionExecutor } from '../../core/actions/runTypes.js';
import { runPostLoginFlow } from '../../core/actions/flow.js';
import { dryRunHost } from '../../core/rules/dryRunHost.js';
import type { LoadedRule } from '../../core/rules/loadedRule.js';
import type { StoredUser } from '../../core/users/user.js';
import type { Sandbox } from '../sandbox/index.js';
import { createActionExecutor } from '../actions/executor.js';
import { runRulesPipeline, type RulesOutcome } from './pipeline.js';

export interface ParityOptions {
  host: FlowHost;
  rules: LoadedRule[];
  actions: LoadedAction[];
  userId: string;
  clientId?: string;
  connection?: string;
  /** Rules `configuration`. */
  configuration?: Record<string, string>;
  /** Secrets for every Action (over each Action's own). */
  secrets?: Record<string, string>;
  timeoutMs?: number;
  sandbox?: Sandbox;
  execute?: ActionExecutor;
}

export type ParityAspect = 'outcome' | 'redirect' | 'idToken' | 'accessToken' | 'scopes' | 'app_metadata' | 'user_metadata';

export interface ParityDifference {
  aspect: ParityAspect;
  /** The claim or metadata key; absent for whole-value aspects. */
  key?: string;
  /** undefined = absent on that side. */
  rule: unknown;
  action: unknown;
}

export interface ParitySide {
  outcome: 'success' | 'denied' | 'redirect' | 'failed';
  error: { error: string; error_description: string } | null;
  redirect: string | null;
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  app_metadata: Record<string, unknown> | undefined;
  user_metadata: Record<string, unknown> | undefined;
  writes: number;
}

export interface ParityReport {
  same: boolean;
  differences: ParityDifference[];
  rule: ParitySide & { transcript: RulesOutcome };
  action: ParitySide & { transcript: Awaited<ReturnType<typeof runPostLoginFlow>> };
}

export async function compareRuleAndAction(o: ParityOptions): Promise<ParityReport> {
  const original = o.host.getUser(o.userId);
  if (!original) throw new Error(`compareRuleAndAction: no user with id ${o.userId}`);

  const ruleHost = dryRunHost(o.host, [original]);
  const ruleRun = await runRulesPipeline({
    host: ruleHost,
    rules: o.rules,
    userId: o.userId,
    ...(o.clientId ? { clientId: o.clientId } : {}),
    ...(o.connection ? { connection: o.connection } : {}),
    ...(o.configuration ? { configuration: o.configuration } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.sandbox ? { sandbox: o.sandbox } : {}),
  });
  const ruleUser: StoredUser = ruleHost.copies.get(o.userId) ?? original;
  const rule: ParityReport['rule'] = {
    outcome: !ruleRun.ok ? 'denied' : ruleRun.redirect ? 'redirect' : 'success',
    error: ruleRun.denial ?? null,
    redirect: ruleRun.redirect?.url ?? null,
    idTokenClaims: ruleRun.ok ? ruleRun.idTokenClaims : {},
    accessTokenClaims: ruleRun.ok ? ruleRun.accessTokenClaims : {},
    app_metadata: ruleUser.app_metadata,
    user_metadata: ruleUser.user_metadata,
    writes: ruleHost.writes.length,
    transcript: ruleRun,
  };

  const actionHost = dryRunHost(o.host, [original]);
  const flow = await runPostLoginFlow({
    host: actionHost,
    actions: o.actions,
    execute: o.execute ?? createActionExecutor(o.sandbox ? { sandbox: o.sandbox } : {}),
    userId: o.userId,
    ...(o.clientId ? { clientId: o.clientId } : {}),
    ...(o.connection ? { connection: o.connection } : {}),
    ...(o.secrets ? { secrets: o.secrets } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    dryRun: true,
    issueTokens: false,
  });
  const actionUser = flow.user ?? actionHost.copies.get(o.userId) ?? original;
  const action: ParityReport['action'] = {
    outcome: flow.status,
    error: flow.error ? { error: flow.error.error, error_description: flow.error.error_description } : null,
    redirect: flow.redirect,
    idTokenClaims: customOnly(flow.idTokenClaims ?? {}),
    accessTokenClaims: customOnly(flow.accessTokenClaims ?? {}),
    app_metadata: actionUser.app_metadata,
    user_metadata: actionUser.user_metadata,
    writes: flow.writes,
    transcript: flow,
  };

  const differences: ParityDifference[] = [];
  const whole = (aspect: ParityAspect, a: unknown, b: unknown) => {
    if (!same(a, b)) differences.push({ aspect, rule: a, action: b });
  };
  whole('outcome', rule.error ? `${rule.outcome}: ${rule.error.error} (${rule.error.error_description})` : rule.outcome, action.error ? `${action.outcome}: ${action.error.error} (${action.error.error_description})` : action.outcome);
  whole('redirect', withoutState(rule.redirect), withoutState(action.redirect));
  byKey(differences, 'idToken', rule.idTokenClaims, action.idTokenClaims);
  byKey(differences, 'accessToken', rule.accessTokenClaims, action.accessTokenClaims);
  byKey(differences, 'app_metadata', rule.app_metadata ?? {}, action.app_metadata ?? {});
  byKey(differences, 'user_metadata', rule.user_metadata ?? {}, action.user_metadata ?? {});
  return { same: differences.length === 0, differences, rule, action };
}

/** Claims every token carries (JWT registered claims, OIDC profile/email claims): not what a Rule or Action adds. */
const STANDARD_CLAIMS = new Set([
  'iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'scope', 'gty', 'auth_time', 'nonce', 'sid', 'at_hash', 'c_hash',
  'acr', 'amr', 'org_id', 'org_name', 'permissions', 'name', 'given_name', 'family_name', 'middle_name', 'nickname',
  'preferred_username', 'profile', 'picture', 'website', 'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo',
  'locale', 'phone_number', 'phone_number_verified', 'address', 'updated_at',
]);

/** The flow reports whole token payloads; Rules report only what they added. Compare like with like. */
function customOnly(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([k]) => !STANDARD_CLAIMS.has(k)));
}

function byKey(out: ParityDifference[], aspect: ParityAspect, a: Record<string, unknown>, b: Record<string, unknown>): void {
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!same(a[key], b[key])) out.push({ aspect, key, rule: a[key], action: b[key] });
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

/** Actions' redirect URLs carry Auth0's `state`; Rules' do not until Auth0 adds it. Compare without it. */
function withoutState(url: string | null): string | null {
  if (!url) return url;
  try {
    const u = new URL(url);
    u.searchParams.delete('state');
    return u.toString();
  } catch {
    return url;
  }
}

/** Readable lines: `idToken https://x/plan: rule "gold" ≠ action (absent)`. */
export function formatParityReport(r: ParityReport): string {
  if (r.same) return 'Rule and Action agree: same outcome, claims and metadata.';
  const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
  return ['Rule and Action differ:', ...r.differences.map((d) => `  ${d.aspect}${d.key !== undefined ? ' ' + d.key : ''}: rule ${show(d.rule)} ≠ action ${show(d.action)}`)].join('\n');
}
