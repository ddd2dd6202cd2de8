// The commands an Action's `api` records. The api never changes anything itself: the flow executor reads these
// commands after each Action and decides what later Actions see and what is written (design.md, rule 5).

export type TriggerId = 'post-login' | 'credentials-exchange' | 'pre-user-registration' | 'post-user-registration';

export type Command =
  /** `value` absent (with `cancel: true`) means the Action passed `undefined`: a pending change is cancelled. */
  | { type: 'user.setAppMetadata' | 'user.setUserMetadata'; key: string; value?: unknown; cancel?: true }
  | { type: 'access.deny'; reason: string; code?: string; userMessage?: string }
  | { type: 'idToken.setCustomClaim' | 'accessToken.setCustomClaim'; key: string; value: unknown }
  | { type: 'accessToken.addScope' | 'accessToken.removeScope'; scope: string }
  | { type: 'multifactor.enable'; provider: string; options?: unknown }
  | { type: 'authentication'; method: string; args: unknown[] }
  | { type: 'redirect.sendUserTo'; url: string; query?: Record<string, string> }
  | { type: 'cache.set'; key: string; value: string; expiresAt: number }
  | { type: 'cache.delete'; key: string }
  | { type: 'transaction.setMetadata'; key: string; value: string | number | boolean }
  | { type: 'transaction.targetScope'; method: string; scopes: string[] }
  | { type: 'validation.error'; code: string; message: string }
  /** A method the emulator cannot carry out offline: recorded and shown, never silently dropped. */
  | { type: 'unsupported'; method: string; args: unknown[] }
  /** A call made after the handler finished (Auth0: "must not be called from callbacks"); ignored. */
  | { type: 'late'; method: string };

/** A cache record as `api.cache.get` returns it. */
export interface CacheRecord {
  value: string;
  expires_at: number;
}

/** What the worker-side api needs besides the event. */
export interface ApiContext {
  trigger: TriggerId;
  /** Tenant domain, for encodeToken's `iss`. */
  domain: string;
  /** Epoch ms at the start of the run (the worker has its own clock; tokens use this base). */
  now: number;
  /** The flow's cache entries visible to this Action, by key. */
  cache: Record<string, CacheRecord>;
  /** Whether `api.redirect.canRedirect()` is true (false for password grants, refresh tokens, prompt=none). */
  canRedirect: boolean;
  /** Transaction state of the login, checked by validateToken. */
  state?: string;
  /** When true, the Action's own event.user reflects its setter calls immediately (fact sheet §10 item 2). */
  ownChangesVisible: boolean;
  /** Whether this run is onContinuePostLogin (api.authentication.recordMethod only works there). */
  continuing?: boolean;
  /** Ids (or names) of the Rules that ran before the Actions, for api.rules.wasExecuted. */
  executedRules?: string[];
}
