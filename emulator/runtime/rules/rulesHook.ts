// Legacy Rules as the post-login flow's `runRules` hook (emulator/core/actions/rulesHook.ts): Rules run before the
// Actions, with the login's client, connection, scopes, protocol and request mapped onto Rules' context shape.
import type { FlowHost } from '../../core/actions/host.js';
import type { RulesHook, RulesHookContext } from '../../core/actions/rulesHook.js';
import type { LoadedRule } from '../../core/rules/loadedRule.js';
import type { RuleContext } from '../../core/rules/ruleContext.js';
import { dryRunHost } from '../../core/rules/dryRunHost.js';
import { runRulesPipeline, type RunRulesOptions } from './pipeline.js';

export interface RulesHookOptions extends Omit<RunRulesOptions, 'host' | 'rules' | 'userId' | 'clientId' | 'connection' | 'scopes'> {
  host: FlowHost;
  /** A list, or a function so that rules reloaded from disk are picked up on every login. */
  rules: LoadedRule[] | (() => LoadedRule[] | Promise<LoadedRule[]>);
}

export function createRulesHook(opts: RulesHookOptions): RulesHook {
  return async (ctx: RulesHookContext) => {
    const rules = typeof opts.rules === 'function' ? await opts.rules() : opts.rules;
    const host = ctx.dryRun ? dryRunHost(opts.host) : opts.host;
    const out = await runRulesPipeline({
      ...opts,
      host,
      rules,
      userId: ctx.userId,
      clientId: ctx.clientId,
      connection: ctx.connection,
      scopes: ctx.scopes,
      context: { ...rulesRequestContext(ctx), ...(opts.context ?? {}) },
    });
    return {
      ok: out.ok,
      ...(out.denial ? { denial: out.denial } : {}),
      ...(out.redirect ? { redirect: out.redirect } : {}),
      idTokenClaims: out.idTokenClaims,
      accessTokenClaims: out.accessTokenClaims,
      accessTokenScopes: out.accessTokenScopes,
      writes: out.writes,
      steps: out.steps.map((s) => ({ ...s, trigger: 'rule' })),
    };
  };
}

/** Actions' event.request (camelCase geoip) → Rules' context.request (snake_case geoip, userAgent). */
function rulesRequestContext(ctx: RulesHookContext): Partial<RuleContext> {
  const r = ctx.request;
  const g = r.geoip ?? {};
  const geoip: RuleContext['request']['geoip'] = {};
  if (g.countryCode !== undefined) geoip.country_code = g.countryCode;
  if (g.countryCode3 !== undefined) geoip.country_code3 = g.countryCode3;
  if (g.countryName !== undefined) geoip.country_name = g.countryName;
  if (g.cityName !== undefined) geoip.city_name = g.cityName;
  if (g.latitude !== undefined) geoip.latitude = g.latitude;
  if (g.longitude !== undefined) geoip.longitude = g.longitude;
  if (g.timeZone !== undefined) geoip.time_zone = g.timeZone;
  if (g.continentCode !== undefined) geoip.continent_code = g.continentCode;
  if (g.subdivisionCode !== undefined) geoip.subdivision_code = g.subdivisionCode;
  if (g.subdivisionName !== undefined) geoip.subdivision_name = g.subdivisionName;
  const extra = r as unknown as { user_agent?: string; hostname?: string };
  return {
    protocol: ctx.protocol,
    request: {
      userAgent: extra.user_agent ?? 'auth0-emulator',
      ip: r.ip,
      hostname: extra.hostname ?? '',
      query: r.query ?? {},
      body: r.body ?? {},
      geoip,
    },
  };
}
