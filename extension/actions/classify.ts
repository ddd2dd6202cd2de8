// What a workspace file is to Auth0 (pure: path and text in, entry out): an Action exporting trigger handlers, a
// legacy Rule `function (user, context, callback)`, a custom database script, or a Deploy CLI triggers.json.

export type TriggerId = 'post-login' | 'credentials-exchange' | 'pre-user-registration' | 'post-user-registration' | 'post-change-password' | 'send-phone-message';

export const TRIGGER_HANDLERS: Record<TriggerId, string> = {
  'post-login': 'onExecutePostLogin',
  'credentials-exchange': 'onExecuteCredentialsExchange',
  'pre-user-registration': 'onExecutePreUserRegistration',
  'post-user-registration': 'onExecutePostUserRegistration',
  'post-change-password': 'onExecutePostChangePassword',
  'send-phone-message': 'onExecuteSendPhoneMessage',
};

/** Auth0's custom database action scripts (fact sheet §9). */
export const CUSTOM_DB_SCRIPTS = ['login', 'get_user', 'create', 'verify', 'change_password', 'delete', 'change_email'] as const;

export type WorkspaceEntry =
  | { kind: 'action'; path: string; name: string; triggers: TriggerId[]; handlerLines: Partial<Record<TriggerId, number>>; continues: boolean }
  | { kind: 'rule'; path: string; name: string; line: number }
  | { kind: 'customDb'; path: string; name: string; connection: string; line: number };

const baseName = (p: string) => p.split('/').pop()!.replace(/\.(c?js)$/, '');
const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length - 1;

/** Classifies a .js/.cjs file by its content; undefined when it is none of the three. Lines are 0-based. */
export function classifyFile(path: string, text: string): WorkspaceEntry | undefined {
  const handlerLines: Partial<Record<TriggerId, number>> = {};
  for (const [trigger, handler] of Object.entries(TRIGGER_HANDLERS) as Array<[TriggerId, string]>) {
    const m = new RegExp(`(?:exports|module\\.exports)\\.${handler}\\s*=|export\\s+(?:async\\s+)?(?:function\\s+|const\\s+)${handler}\\b`).exec(text);
    if (m) handlerLines[trigger] = lineOf(text, m.index);
  }
  const triggers = Object.keys(handlerLines) as TriggerId[];
  if (triggers.length) {
    // Deploy CLI keeps the code in actions/<name>/code.js: the folder is the name.
    const parts = path.split('/');
    const name = baseName(path) === 'code' && parts.length > 1 ? parts[parts.length - 2]! : baseName(path);
    return { kind: 'action', path, name, triggers, handlerLines, continues: /\bonContinuePostLogin\b/.test(text) };
  }
  const file = baseName(path);
  const parent = path.split('/').slice(-2, -1)[0] ?? '';
  if ((CUSTOM_DB_SCRIPTS as readonly string[]).includes(file)) {
    const m = /^\s*(?:async\s+)?function\s*\w*\s*\(/m.exec(text);
    if (m) return { kind: 'customDb', path, name: file, connection: parent, line: lineOf(text, m.index + (m[0].length - m[0].trimStart().length)) };
  }
  // A Rule is one function expression with (user, context, callback) parameters.
  const rule = /^\s*(?:async\s+)?function\s*\w*\s*\(\s*user\s*,\s*context\s*,\s*(?:callback|cb|done)\s*\)/m.exec(text);
  if (rule) return { kind: 'rule', path, name: file, line: lineOf(text, rule.index + (rule[0].length - rule[0].trimStart().length)) };
  return undefined;
}

export interface DeployBinding {
  trigger: string;
  /** 1-based position in the trigger's flow. */
  order: number;
  actionName: string;
  /** Workspace path of the Action's code when it was found. */
  codePath?: string;
}

/**
 * A Deploy CLI directory: `<root>/triggers/triggers.json` binds Actions by name, in order, to triggers; each Action
 * is `<root>/actions/<name>.json` (optional `code`) with `<root>/actions/<name>/code.js`.
 */
export function deployBindings(root: string, triggersJson: string, actionFiles: Set<string>): DeployBinding[] {
  let doc: unknown;
  try {
    doc = JSON.parse(triggersJson);
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const out: DeployBinding[] = [];
  for (const [trigger, list] of Object.entries(doc as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    list.forEach((b, i) => {
      const actionName = typeof b === 'object' && b && typeof (b as { action_name?: unknown }).action_name === 'string' ? (b as { action_name: string }).action_name : undefined;
      if (!actionName) return;
      const prefix = root ? `${root}/` : '';
      const candidates = [`${prefix}actions/${actionName}/code.js`, `${prefix}actions/${actionName.replace(/[<>:"/\\|?*\s]/g, '_')}/code.js`];
      const codePath = candidates.find((c) => actionFiles.has(c));
      out.push({ trigger, order: i + 1, actionName, ...(codePath ? { codePath } : {}) });
    });
  }
  return out;
}

/** The Deploy CLI root holding a triggers.json path (`tenant/triggers/triggers.json` → `tenant`). */
export function deployRootOf(triggersPath: string): string {
  return triggersPath.replace(/\/?triggers\/triggers\.json$/, '');
}
