// Plugs the Rules runtime (runRulesPipeline) into the post-login flow's Rules hook, so a login runs Rules first,
// then Actions. In a dry run the Rules write into a private copy (dryRunHost) instead of the store.
import type { FlowHost } from '../../core/actions/host.js';
import type { RulesHook } from '../../core/actions/rulesHook.js';
import type { LoadedRule } from '../../core/rules/loadedRule.js';
import { dryRunHost } from '../../core/rules/dryRunHost.js';
import { runRulesPipeline } from '../rules/pipeline.js';
import type { Sandbox } from '../sandbox/index.js';

export interface RulesBridgeOptions {
  configuration?: Record<string, string>;
  timeoutMs?: number;
  inProcess?: boolean;
  sandbox?: Sandbox;
  resolveFrom?: string;
}

export function rulesHookFor(host: FlowHost, rules: LoadedRule[], opts: RulesBridgeOptions = {}): RulesHook {
  return async (ctx) => {
    const out = await runRulesPipeline({
      host: ctx.dryRun ? dryRunHost(host) : host,
      rules,
      userId: ctx.userId,
      clientId: ctx.clientId,
      connection: ctx.connection,
      scopes: ctx.scopes,
      context: { protocol: ctx.protocol },
      configuration: opts.configuration,
      timeoutMs: opts.timeoutMs,
      inProcess: opts.inProcess,
      sandbox: opts.sandbox,
      resolveFrom: opts.resolveFrom,
    });
    return {
      ok: out.ok,
      ...(out.denial ? { denial: out.denial } : {}),
      ...(out.redirect ? { redirect: out.redirect } : {}),
      idTokenClaims: out.idTokenClaims,
      accessTokenClaims: out.accessTokenClaims,
      accessTokenScopes: out.accessTokenScopes,
      writes: ctx.dryRun ? [] : out.writes,
      steps: out.steps.map((s) => ({ ...s })),
    };
  };
}
