// The sync preview in the browser: per user the status, the metadata keys that differ (tenant vs emulator) and the
// exact PATCH body; an overwrite switch on conflicts; Dry run, Apply and Cancel; progress and the final report.
// Talks to the extension only through the typed protocol.
import type { Json, SyncExtensionToWebview, SyncReportLine, SyncRow, SyncWebviewToExtension } from '../protocol.js';

declare function acquireVsCodeApi(): { postMessage(message: SyncWebviewToExtension): void };
const vscode = acquireVsCodeApi();
const post = (m: SyncWebviewToExtension): void => vscode.postMessage(m);

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};
const show = (v: Json | undefined) => (v === undefined ? '(absent)' : JSON.stringify(v));

const root = document.getElementById('root')!;
const header = el('header');
const title = el('h1', { id: 'title' }, 'Sync');
const summary = el('p', { id: 'summary' });
const actions = el('div', { class: 'actions' });
const dryRun = el('button', { id: 'dry-run', class: 'secondary' }, 'Dry run');
const apply = el('button', { id: 'apply' }, 'Apply');
const cancel = el('button', { id: 'cancel', class: 'secondary', hidden: '' }, 'Cancel');
const replan = el('button', { id: 'replan', class: 'secondary' }, 'Refresh');
actions.append(dryRun, apply, cancel, replan);
const status = el('div', { id: 'status', role: 'status' });
const progress = el('progress', { id: 'progress', max: '1', value: '0', hidden: '' });
header.append(title, summary, actions, status, progress);
const table = el('div', { id: 'rows' });
const report = el('section', { id: 'report', hidden: '' });
root.append(header, table, report);

dryRun.addEventListener('click', () => post({ type: 'sync/dryRun' }));
apply.addEventListener('click', () => post({ type: 'sync/apply' }));
cancel.addEventListener('click', () => post({ type: 'sync/cancel' }));
replan.addEventListener('click', () => post({ type: 'sync/replan' }));

const STATUS_TEXT: Record<SyncRow['status'], string> = {
  update: 'will update',
  unchanged: 'no change',
  conflict: 'conflict',
  'not-on-tenant': 'not on tenant',
  ambiguous: 'ambiguous',
};

function renderRows(rows: SyncRow[]): void {
  table.replaceChildren();
  for (const r of rows) {
    const block = el('article', { class: `user status-${r.status}`, 'data-user': r.emulatorUserId, 'data-status': r.status });
    const head = el('div', { class: 'user-head' });
    head.append(el('span', { class: `badge ${r.status}` }, STATUS_TEXT[r.status]), el('strong', {}, r.label));
    if (r.tenantUserId) head.append(el('code', { class: 'tenant-id' }, `\u2192 ${r.tenantUserId}`));
    block.append(head, el('p', { class: 'reason' }, r.reason));
    if (r.keys.length) {
      const keys = el('table', { class: 'keys' });
      const th = el('tr');
      for (const h of ['key', 'on the tenant', 'in the emulator', '']) th.append(el('th', {}, h));
      keys.append(th);
      for (const k of r.keys) {
        const tr = el('tr', { 'data-key': `${k.kind}.${k.key}`, 'data-outcome': k.outcome, class: `outcome-${k.outcome}` });
        tr.append(
          el('td', {}, `${k.kind}.${k.key}`),
          el('td', { class: 'value' }, show(k.tenant)),
          el('td', { class: 'value' }, k.outcome === 'write' && k.emulator === undefined ? 'null (delete)' : show(k.emulator)),
          el('td', { class: 'outcome' }, k.outcome === 'write' ? 'write' : k.outcome === 'conflict' ? 'conflict' : k.outcome === 'tenant-changed' ? 'changed on tenant: kept' : 'tenant only: kept'),
        );
        keys.append(tr);
      }
      block.append(keys);
    }
    if (r.status === 'conflict' || r.overwrite) {
      const label = el('label', { class: 'overwrite' });
      const box = el('input', { type: 'checkbox', class: 'overwrite-box' }) as HTMLInputElement;
      box.checked = r.overwrite;
      box.addEventListener('change', () => post({ type: 'sync/overwrite', emulatorUserId: r.emulatorUserId, overwrite: box.checked }));
      label.append(box, document.createTextNode(" Overwrite the tenant's values with the emulator's"));
      block.append(label);
    }
    if (r.patch) {
      const details = el('details', { class: 'patch' });
      details.open = true;
      details.append(el('summary', {}, `PATCH /api/v2/users/${r.tenantUserId ?? ''}`), el('pre', { class: 'patch-body' }, JSON.stringify(r.patch, null, 2)));
      block.append(details);
    }
    table.append(block);
  }
}

function renderReport(text: string, lines: SyncReportLine[]): void {
  report.hidden = false;
  report.replaceChildren(el('h2', {}, 'Report'), el('p', { id: 'report-text' }, text));
  const list = el('ul');
  for (const l of lines) list.append(el('li', { 'data-outcome': l.outcome, 'data-user': l.emulatorUserId }, `${l.outcome}: ${l.label} \u2014 ${l.reason}`));
  report.append(list);
}

window.addEventListener('message', (event: MessageEvent<SyncExtensionToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'sync/plan': {
      title.textContent = `Sync to ${m.tenant.name}`;
      apply.textContent = `Apply to ${m.tenant.name}`;
      const count = (s: SyncRow['status']) => m.rows.filter((r) => r.status === s).length;
      summary.textContent = `${m.tenant.domain} \u00b7 matched by ${m.matchBy} \u00b7 ${count('update')} to update, ${count('conflict')} in conflict, ${count('unchanged')} unchanged, ${count('not-on-tenant') + count('ambiguous')} not matched`;
      apply.toggleAttribute('disabled', count('update') === 0);
      renderRows(m.rows);
      return;
    }
    case 'sync/busy': {
      const busy = m.what !== null;
      for (const b of [dryRun, apply, replan]) b.toggleAttribute('disabled', busy);
      cancel.hidden = m.what !== 'applying' && m.what !== 'dry-run';
      status.textContent = m.what === 'planning' ? 'Reading the tenant\u2026' : m.what === 'applying' ? 'Writing\u2026' : m.what === 'dry-run' ? 'Dry run\u2026' : '';
      if (m.what === 'applying' || m.what === 'dry-run') {
        progress.hidden = false;
        progress.value = 0;
      }
      return;
    }
    case 'sync/progress':
      progress.max = m.total;
      progress.value = m.done;
      status.textContent = `${m.done}/${m.total} ${m.line.label}: ${m.line.outcome}`;
      return;
    case 'sync/report':
      progress.hidden = true;
      renderReport(m.text, m.lines);
      status.textContent = m.text;
      return;
    case 'sync/error':
      status.textContent = m.message;
      status.className = 'error';
      return;
    default: {
      const never: never = m;
      return never;
    }
  }
});

post({ type: 'ready' });
