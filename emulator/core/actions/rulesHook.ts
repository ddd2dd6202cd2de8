// The seam where legacy Rules run before the Actions (Rules run first when both are active, fact sheet §7.6).
// The Rules runtime implements this hook; the post-login flow only consumes its outcome.
import type { EventRequest } from './event.js';

export interface RulesHookContext {
  userId: string;
  clientId: string;
  connection: string;
  /** Requested scopes (context.accessToken.scope). */
  scopes: string[];
  /** 'oidc-basic-profile', 'oauth2-password', ... or 'redirect-callback' when resuming after a Rules redirect. */
  protocol: string;
  request: EventRequest;
  dryRun: boolean;
}

export interface RulesHookResult {
  ok: boolean;
  /** Set when a rule stopped the login (error=unauthorized|access_denied). */
  denial?: { error: string; error_description: string };
  redirect?: { url: string };
  idTokenClaims: Record<string, unknown>;
  accessTokenClaims: Record<string, unknown>;
  accessTokenScopes: string[];
  /** Management writes the rules made; successful ones count as user updates. */
  writes: Array<{ ok: boolean }>;
  /** Per-rule report, shown as-is in the transcript; `id` (or `name`) feeds api.rules.wasExecuted. */
  steps: Array<{ id?: string; name?: string } & Record<string, unknown>>;
}

export type RulesHook = (ctx: RulesHookContext) => Promise<RulesHookResult>;
