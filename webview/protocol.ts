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

// The Actions playground's messages (webview/playground/protocol.ts).
export * from './playground/protocol.js';
