// The metadata editor in the browser: two JSON editors validated as you type, a live preview of the PATCH body and
// of Auth0's merge, and Save. Talks to the extension only through the typed protocol; never touches the network.
import type { ExtensionToWebview, JsonObject, MetadataKind, UserSnapshot, WebviewToExtension } from '../protocol.js';
import { METADATA_KINDS } from '../protocol.js';
import { buildPatchPreview, deepEqual, type KeyChange, type PatchPreview } from './patchPreview.js';
import { validateCombinedSize, validateMetadataText, type Diagnostic } from './validation.js';

declare function acquireVsCodeApi(): {
  postMessage(message: WebviewToExtension): void;
  getState(): unknown;
  setState(state: unknown): void;
};

interface SavedState {
  texts?: Record<MetadataKind, string>;
  baseline?: UserSnapshot;
}

const vscode = acquireVsCodeApi();
const post = (m: WebviewToExtension): void => vscode.postMessage(m);

let baseline: UserSnapshot | undefined;
let nextRequestId = 1;
let pendingSave: number | undefined;
let current: PatchPreview | undefined;
let hasErrors = false;

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

// ---- layout (built once; data arrives by message) ----
const root = document.getElementById('root')!;
const header = el('header');
const title = el('h1', { id: 'title' }, 'Loading user...');
const userId = el('code', { id: 'user-id' });
header.append(title, userId);
const banner = el('div', { id: 'banner', role: 'status', hidden: '' });
const bannerText = el('span');
const bannerReload = el('button', { type: 'button', class: 'secondary' }, 'Reload');
banner.append(bannerText, bannerReload);

const editors = el('div', { class: 'editors' });
const textareas = {} as Record<MetadataKind, HTMLTextAreaElement>;
const diagLists = {} as Record<MetadataKind, HTMLUListElement>;
for (const kind of METADATA_KINDS) {
  const section = el('section', { class: 'editor' });
  const label = el('label', { for: kind }, kind);
  const hint = el(
    'p',
    { class: 'hint', id: `${kind}-hint` },
    kind === 'app_metadata' ? 'Set by your backend; users cannot change it.' : 'Preferences the user may edit.',
  );
  const ta = el('textarea', {
    id: kind,
    spellcheck: 'false',
    autocomplete: 'off',
    rows: '18',
    'aria-describedby': `${kind}-hint ${kind}-diagnostics`,
    'data-kind': kind,
  }) as HTMLTextAreaElement;
  const diags = el('ul', { id: `${kind}-diagnostics`, class: 'diagnostics', 'aria-live': 'polite' }) as HTMLUListElement;
  section.append(label, hint, ta, diags);
  editors.append(section);
  textareas[kind] = ta;
  diagLists[kind] = diags;
}
const combinedDiags = el('ul', { id: 'combined-diagnostics', class: 'diagnostics', 'aria-live': 'polite' }) as HTMLUListElement;

const preview = el('section', { id: 'preview', 'aria-labelledby': 'preview-heading' });
const previewHeading = el('h2', { id: 'preview-heading' }, 'Preview');
const previewCols = el('div', { class: 'preview-cols' });
const patchCol = el('div');
const patchBody = el('pre', { id: 'patch-body', tabindex: '0', 'aria-label': 'PATCH body' });
patchCol.append(el('h3', {}, 'PATCH /api/v2/users/{id} body'), patchBody);
const mergeCol = el('div');
const mergeList = el('div', { id: 'merge-result' });
mergeCol.append(el('h3', {}, 'Stored after Auth0\u2019s merge'), mergeList);
previewCols.append(patchCol, mergeCol);
const mergeNote = el(
  'p',
  { class: 'hint' },
  'Auth0 merges metadata one level deep: each key sent replaces the stored value whole (nested objects are not merged), a key sent as null is deleted, keys not sent are kept.',
);
preview.append(previewHeading, mergeNote, previewCols);

const footer = el('footer');
const saveButton = el('button', { id: 'save', type: 'button', title: 'Save (Ctrl+Enter)' }, 'Save') as HTMLButtonElement;
const revertButton = el('button', { id: 'revert', type: 'button', class: 'secondary' }, 'Revert') as HTMLButtonElement;
const status = el('span', { id: 'status', role: 'status', 'aria-live': 'polite' });
footer.append(saveButton, revertButton, status);
const errorBox = el('div', { id: 'error', role: 'alert', hidden: '' });

root.append(header, banner, editors, combinedDiags, preview, errorBox, footer);

// ---- behaviour ----
function snapshotTexts(user: UserSnapshot): Record<MetadataKind, string> {
  return {
    app_metadata: JSON.stringify(user.app_metadata, null, 2),
    user_metadata: JSON.stringify(user.user_metadata, null, 2),
  };
}

function load(user: UserSnapshot, texts?: Record<MetadataKind, string>): void {
  baseline = user;
  title.textContent = user.email ?? user.name ?? user.user_id;
  userId.textContent = user.user_id;
  const t = texts ?? snapshotTexts(user);
  for (const kind of METADATA_KINDS) textareas[kind].value = t[kind];
  banner.hidden = true;
  refresh();
}

function isDirty(): boolean {
  if (!baseline) return false;
  const t = snapshotTexts(baseline);
  return METADATA_KINDS.some((k) => textareas[k].value !== t[k]);
}

function renderDiagnostics(list: HTMLUListElement, diagnostics: Diagnostic[]): void {
  list.replaceChildren(
    ...diagnostics.map((d) => {
      const li = el('li', { class: d.severity });
      li.textContent = `${d.severity === 'error' ? 'Error' : 'Warning'}: ${d.message}`;
      return li;
    }),
  );
}

function refresh(): void {
  if (!baseline) return;
  const edited = {} as Record<MetadataKind, JsonObject>;
  hasErrors = false;
  for (const kind of METADATA_KINDS) {
    const result = validateMetadataText(textareas[kind].value, kind);
    renderDiagnostics(diagLists[kind], result.diagnostics);
    const invalid = result.diagnostics.some((d) => d.severity === 'error') || !result.value;
    textareas[kind].setAttribute('aria-invalid', String(invalid));
    if (invalid) hasErrors = true;
    edited[kind] = result.value ?? baseline[kind];
  }
  const combined = validateCombinedSize(edited.app_metadata, edited.user_metadata);
  renderDiagnostics(combinedDiags, combined);
  if (combined.some((d) => d.severity === 'error')) hasErrors = true;
  current = hasErrors ? undefined : buildPatchPreview(baseline, edited);
  renderPreview();
  saveButton.disabled = hasErrors || !current?.patch || pendingSave !== undefined;
  revertButton.disabled = !isDirty() || pendingSave !== undefined;
  vscode.setState({ texts: { app_metadata: textareas.app_metadata.value, user_metadata: textareas.user_metadata.value }, baseline } satisfies SavedState);
}

const changeText: Record<KeyChange['change'], string> = {
  added: 'added',
  replaced: 'replaced whole',
  deleted: 'deleted by null',
  kept: 'kept (not sent)',
  absent: 'null for a key that is not stored: nothing to delete',
};

function renderPreview(): void {
  if (hasErrors || !current) {
    patchBody.textContent = 'Fix the errors above to see the PATCH body.';
    mergeList.replaceChildren();
    return;
  }
  patchBody.textContent = current.patch ? JSON.stringify(current.patch, null, 2) : 'No changes.';
  const blocks = METADATA_KINDS.map((kind) => {
    const p = current!.previews[kind];
    const block = el('div', { class: 'merge-block', 'data-kind': kind });
    block.append(el('h4', {}, kind));
    const ul = el('ul', { class: 'changes' });
    for (const c of p.changes) {
      const li = el('li', { class: `change-${c.change}`, 'data-key': c.key, 'data-change': c.change });
      li.append(el('code', {}, c.key), document.createTextNode(` \u2014 ${changeText[c.change]}`));
      if (c.nestedReplace) li.append(el('span', { class: 'hint' }, ' (nested object replaced, not merged)'));
      ul.append(li);
    }
    if (p.changes.length === 0) ul.append(el('li', { class: 'hint' }, '(empty)'));
    const json = el('pre', { class: 'merged-json', 'data-kind': kind, tabindex: '0', 'aria-label': `${kind} after save` });
    json.textContent = p.merged ? JSON.stringify(p.merged, null, 2) : '(no ' + kind + ')';
    block.append(ul, json);
    return block;
  });
  mergeList.replaceChildren(...blocks);
}

function save(): void {
  if (saveButton.disabled || !current?.patch) return;
  const requestId = nextRequestId++;
  pendingSave = requestId;
  errorBox.hidden = true;
  status.textContent = 'Saving...';
  refresh();
  post({ type: 'user/save', requestId, patch: current.patch });
}

function showError(message: string, statusCode?: number, errorCode?: string): void {
  const code = [statusCode, errorCode].filter((x) => x !== undefined).join(' ');
  errorBox.textContent = `Auth0 rejected the change${code ? ` (${code})` : ''}: ${message}`;
  errorBox.hidden = false;
}

let tabEscapes = false;
for (const kind of METADATA_KINDS) {
  textareas[kind].addEventListener('input', () => {
    status.textContent = '';
    refresh();
  });
  textareas[kind].addEventListener('keydown', (e) => {
    // Tab inserts two spaces (Escape then Tab moves focus on), so the editor stays usable from the keyboard.
    if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !tabEscapes) {
      e.preventDefault();
      const ta = textareas[kind];
      ta.setRangeText('  ', ta.selectionStart, ta.selectionEnd, 'end');
      refresh();
    }
    tabEscapes = e.key === 'Escape';
  });
}
saveButton.addEventListener('click', save);
revertButton.addEventListener('click', () => baseline && load(baseline));
bannerReload.addEventListener('click', () => post({ type: 'user/reload' }));
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && (e.key === 'Enter' || e.key === 's')) {
    e.preventDefault();
    save();
  }
});

window.addEventListener('message', (event: MessageEvent<ExtensionToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'user/loaded':
      load(m.user);
      break;
    case 'user/saved':
      if (m.requestId === pendingSave) pendingSave = undefined;
      load(m.user);
      status.textContent = `Saved at ${new Date().toLocaleTimeString()}.`;
      break;
    case 'user/changed':
      if (!baseline || (deepEqual(baseline.app_metadata, m.user.app_metadata) && deepEqual(baseline.user_metadata, m.user.user_metadata))) {
        if (baseline) baseline = { ...baseline, ...m.user };
        break;
      }
      if (!isDirty()) {
        load(m.user);
        status.textContent = 'Updated: the user changed outside this editor.';
      } else {
        bannerText.textContent = 'This user changed outside this editor. Your edits are kept; reload to start from the stored values. ';
        banner.hidden = false;
      }
      break;
    case 'error':
      if (m.requestId !== undefined && m.requestId === pendingSave) pendingSave = undefined;
      status.textContent = '';
      // Nothing typed is lost: the text areas are left exactly as they were.
      showError(m.message, m.statusCode, m.errorCode);
      refresh();
      break;
    default: {
      const never: never = m;
      console.warn('unknown message', never);
    }
  }
});

// Restore unsaved text after the panel was hidden and shown again, then say hello.
const saved = vscode.getState() as SavedState | undefined;
if (saved?.baseline && saved.texts) load(saved.baseline, saved.texts);
post({ type: 'ready' });
