// How Auth0 turns a failed Rule into the error the application receives (auth0-facts §8, vectors 8.a/8.b):
// UnauthorizedError → `unauthorized`, anything else → `access_denied`, the message as error_description.
import type { ScriptErrorInfo } from './scriptError.js';

export interface RuleDenial {
  error: 'unauthorized' | 'access_denied';
  error_description: string;
}

export function mapRuleError(e: ScriptErrorInfo): RuleDenial {
  if (e.kind === 'callback' && e.name === 'UnauthorizedError') return { error: 'unauthorized', error_description: e.message };
  // Timeouts and crashes also end the login as access_denied; the description is the emulator's wording
  // (Auth0's exact text for these cases is not documented).
  return { error: 'access_denied', error_description: e.message };
}
