// The messages between the playground webview and the extension, one union per direction (re-exported by
// webview/protocol.ts). Transcripts travel as the emulator's JSON; the shapes below name only what is shown.

export type MetadataBag = Record<string, unknown>;

/** One recorded api call, as the emulator's transcript carries it. */
export interface CommandView {
  type: string;
  key?: string;
  value?: unknown;
  cancel?: true;
  reason?: string;
  url?: string;
  scope?: string;
  method?: string;
}

export interface StepView {
  name: string;
  file: string;
  handler: string;
  ms: number;
  logs: Array<{ level: string; message: string; t: number }>;
  commands: CommandView[];
  error: string | null;
  notes: string[];
}

export interface TranscriptView {
  status: 'success' | 'denied' | 'redirect' | 'failed';
  user?: { app_metadata?: MetadataBag; user_metadata?: MetadataBag } & MetadataBag;
  writes: number;
  write: null | { when: string; patch: { app_metadata?: MetadataBag; user_metadata?: MetadataBag }; ok: boolean; dryRun?: boolean; retries: Array<{ status: number; waitMs: number }>; error?: string };
  idTokenClaims: MetadataBag | null;
  accessTokenClaims: MetadataBag | null;
  denied: false | string;
  error: { error: string; error_description: string } | null;
  redirect: string | null;
  rules?: { steps: unknown[]; writes: number };
  actions: StepView[];
  notes: string[];
  ms: number;
}

export interface ParityView {
  same: boolean;
  differences: Array<{ aspect: string; key?: string; rule: unknown; action: unknown }>;
}

/** One user's run: metadata before, the transcript, and (when compared) Rule vs Action. */
export interface UserRunResult {
  userId: string;
  label?: string;
  before: { app_metadata: MetadataBag; user_metadata: MetadataBag };
  transcript: TranscriptView;
  parity?: ParityView;
}

export interface PlaygroundOverrides {
  client?: string;
  connection?: string;
  request?: MetadataBag;
  transaction?: MetadataBag;
  event?: MetadataBag;
  secrets?: Record<string, string>;
}

/** What to run: the same fields a saved *.auth0-scenario.json holds (paths relative to the workspace). */
export interface PlaygroundRequest {
  users: string[];
  query?: string;
  actions: string[];
  rules: string[];
  rulesEnabled: boolean;
  /** Also run the Rules and the Actions side by side (the migration aid). */
  compare: boolean;
  overrides: PlaygroundOverrides;
  dryRun: boolean;
}

export interface CatalogEntry {
  /** Workspace-relative path (what a scenario stores). */
  path: string;
  name: string;
  detail?: string;
}

export interface PlaygroundCatalog {
  actions: CatalogEntry[];
  rules: CatalogEntry[];
  users: Array<{ user_id: string; label: string }>;
  running: boolean;
}

export type PlaygroundToExtension =
  | { type: 'ready' }
  | { type: 'playground/run'; requestId: number; request: PlaygroundRequest }
  | { type: 'playground/saveScenario'; requestId: number; request: PlaygroundRequest }
  | { type: 'playground/refresh' }
  | { type: 'playground/openFile'; path: string };

export type ExtensionToPlayground =
  | { type: 'playground/catalog'; catalog: PlaygroundCatalog; preset?: Partial<PlaygroundRequest> }
  | { type: 'playground/results'; requestId: number; results: UserRunResult[]; dryRun: boolean; via: 'control-route' | 'snapshot'; ms: number }
  | { type: 'playground/saved'; requestId: number; path: string }
  | { type: 'error'; requestId?: number; message: string };

export function isPlaygroundMessage(value: unknown): value is PlaygroundToExtension {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { type?: unknown }).type;
  return t === 'ready' || t === 'playground/run' || t === 'playground/saveScenario' || t === 'playground/refresh' || t === 'playground/openFile';
}
