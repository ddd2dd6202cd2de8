// The messages between the metadata editor webview and the extension: one union per direction. Both sides switch
// on `type` exhaustively; the extension posts nothing before the webview says `ready`.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type MetadataKind = 'app_metadata' | 'user_metadata';
export const METADATA_KINDS: readonly MetadataKind[] = ['app_metadata', 'user_metadata'];

/** What the editor needs to know about a user. */
export interface UserSnapshot {
  user_id: string;
  email?: string;
  name?: string;
  updated_at?: string;
  app_metadata: JsonObject;
  user_metadata: JsonObject;
}

/** The PATCH /api/v2/users/{id} body the editor asks the extension to send. */
export interface MetadataPatch {
  app_metadata?: JsonObject;
  user_metadata?: JsonObject;
}

export type WebviewToExtension =
  | { type: 'ready' }
  | { type: 'user/save'; requestId: number; patch: MetadataPatch }
  | { type: 'user/reload' };

export type ExtensionToWebview =
  | { type: 'user/loaded'; user: UserSnapshot }
  | { type: 'user/saved'; requestId: number; user: UserSnapshot }
  /** The user changed outside this editor (another tool, an Action, a test). */
  | { type: 'user/changed'; user: UserSnapshot }
  | { type: 'error'; requestId?: number; message: string; statusCode?: number; errorCode?: string };

export function isWebviewMessage(value: unknown): value is WebviewToExtension {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { type?: unknown }).type;
  return t === 'ready' || t === 'user/save' || t === 'user/reload';
}

// --- Sync panel (emulator -> tenant): its own unions, so each panel switches exhaustively on its own messages. ---

export type SyncKeyOutcome = 'write' | 'conflict' | 'tenant-changed' | 'tenant-only';
export type SyncUserStatus = 'update' | 'unchanged' | 'conflict' | 'not-on-tenant' | 'ambiguous';

export interface SyncRow {
  emulatorUserId: string;
  label: string;
  tenantUserId?: string;
  status: SyncUserStatus;
  reason: string;
  keys: Array<{ kind: MetadataKind; key: string; outcome: SyncKeyOutcome; tenant?: Json; emulator?: Json }>;
  /** The exact PATCH body that would be sent. */
  patch?: MetadataPatch;
  overwrite: boolean;
}

export interface SyncReportLine {
  emulatorUserId: string;
  label: string;
  tenantUserId?: string;
  outcome: 'written' | 'would-write' | 'skipped' | 'failed' | 'not-attempted';
  reason: string;
}

export type SyncWebviewToExtension =
  | { type: 'ready' }
  | { type: 'sync/dryRun' }
  | { type: 'sync/apply' }
  | { type: 'sync/cancel' }
  | { type: 'sync/replan' }
  | { type: 'sync/overwrite'; emulatorUserId: string; overwrite: boolean };

export type SyncExtensionToWebview =
  | { type: 'sync/plan'; tenant: { name: string; domain: string }; matchBy: 'email' | 'user_id'; rows: SyncRow[] }
  | { type: 'sync/busy'; what: 'planning' | 'dry-run' | 'applying' | null }
  | { type: 'sync/progress'; done: number; total: number; line: SyncReportLine }
  | { type: 'sync/report'; dryRun: boolean; text: string; lines: SyncReportLine[] }
  | { type: 'sync/error'; message: string };

export function isSyncWebviewMessage(value: unknown): value is SyncWebviewToExtension {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { type?: unknown }).type;
  return t === 'ready' || t === 'sync/dryRun' || t === 'sync/apply' || t === 'sync/cancel' || t === 'sync/replan' || t === 'sync/overwrite';
}

// The Actions playground's messages (webview/playground/protocol.ts).
export * from './playground/protocol.js';
