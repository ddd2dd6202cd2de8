// The transcript of a trigger run: what each Action (and Rule) did, the batched write, the claims and the
// outcome. The control route, the password grants, the CLI and the extension all show this one shape.
import type { MetadataPatch } from './host.js';
import type { Command } from './commands.js';
import type { ActionRunOutcome, LogLine, SandboxError } from './runTypes.js';
import type { StoredUser } from '../users/user.js';

/** Auth0 keeps the first 256 characters of an Action's console output (fact sheet §7.6). */
export const PERSISTED_LOG_CHARS = 256;

export interface ActionStep {
  name: string;
  file: string;
  handler: string;
  ms: number;
  /** Time inside the handler itself; ms minus this is the emulator's overhead. */
  handlerMs?: number;
  /** Full console output (the emulator keeps everything). */
  logs: LogLine[];
  /** True when Auth0 would have kept only the first 256 characters of this output. */
  logsTruncated: boolean;
  commands: Command[];
  /** One line naming the file and line, or null. */
  error: string | null;
  errorDetail?: SandboxError;
  /** What the emulator did not do (offline), ignored claims, late calls. */
  notes: string[];
}

export interface MetadataWrite {
  /** Why the write happened when it did: at the end, on deny, or before a redirect. */
  when: 'end' | 'deny' | 'redirect';
  patch: MetadataPatch;
  ok: boolean;
  /** Not written because the flow ran with dryRun. */
  dryRun?: boolean;
  /** 429 answers met before the write went through (each waited until x-ratelimit-reset). */
  retries: Array<{ status: number; waitMs: number }>;
  error?: string;
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

export interface TokenSet {
  access_token: string;
  id_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export interface FlowTranscript {
  trigger: 'post-login';
  status: 'success' | 'denied' | 'redirect' | 'failed';
  /** The stored user after the flow (in a dry run: as it would be). */
  user: StoredUser | undefined;
  /** How many user updates were made (Rules' Management calls plus the Actions' one batched write). */
  writes: number;
  /** The Actions' batched metadata write, or null when nothing was pending. */
  write: MetadataWrite | null;
  idTokenClaims: Record<string, unknown> | null;
  accessTokenClaims: Record<string, unknown> | null;
  tokens?: TokenSet;
  /** false, or the reason given to api.access.deny / the error that stopped the login. */
  denied: false | string;
  /** What the application receives when the login does not succeed. */
  error: OAuthErrorBody | null;
  redirect: null | string;
  /** The transaction state to pass to /continue after a redirect. */
  state?: string;
  /** The Rules that ran first, as the Rules runtime reports them. */
  rules?: { steps: unknown[]; writes: number };
  actions: ActionStep[];
  /** Flow-level notes (what is not emulated offline, MFA not challenged...). */
  notes: string[];
  ms: number;
}

export function logsTruncated(logs: LogLine[]): boolean {
  return logs.map((l) => l.message).join('\n').length > PERSISTED_LOG_CHARS;
}

/** Copies one execution's time, console output and error into its step; true when the Action ran to the end. */
export function recordRun(step: ActionStep, out: ActionRunOutcome): out is Extract<ActionRunOutcome, { ok: true }> {
  step.ms = out.ms;
  step.logs = out.logs;
  step.logsTruncated = logsTruncated(out.logs);
  if (out.ok) return true;
  step.error = out.error.message;
  step.errorDetail = out.error;
  return false;
}
