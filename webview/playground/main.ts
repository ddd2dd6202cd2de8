// The playground in the browser: pick users, the flow (Actions in order, Rules on or off, Rule-vs-Action compare)
// and event overrides; run; then per user the commit timeline, metadata diff, the write, claims, outcome, console
// and timings, with a summary table (outliers first) for many users. Talks only through the typed protocol.
import type { ExtensionToPlayground, PlaygroundCatalog, PlaygroundRequest, PlaygroundToExtension, UserRunResult } from './protocol.js';
import { buildTimeline, customClaims, metadataDiff, summarize } from './timeline.js';

declare function acquireVsCodeApi(): { postMessage(message: PlaygroundToExtension): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const post = (m: PlaygroundToExtension): void => vscode.postMessage(m);
let nextRequestId = 1;
let catalog: PlaygroundCatalog = { actions: [], rules: [], users: [], running: false };
/** Actions in run order, with whether each is in the flow. */
let flow: Array<{ path: string; name: string; on: boolean }> = [];
const pickedUsers = new Set<string>();
const pickedRules = new Set<string>();

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  if (text !== undefined) n.textContent = text;
  return n;
};
const json = (v: unknown) => JSON.stringify(v, null, 2);

// ---- the form (built once) ----
const root = document.getElementById('root')!;
const form = el('section', { id: 'form', 'aria-label': 'What to run' });
const usersBox = el('fieldset', { id: 'users' });
usersBox.append(el('legend', {}, 'Users'));
const usersList = el('div', { class: 'checklist', id: 'user-list' });
const query = el('input', { id: 'query', type: 'text', placeholder: 'or a search query, e.g. app_metadata.plan:"free"', 'aria-label': 'User search query' });
usersBox.append(usersList, query);

const flowBox = el('fieldset', { id: 'flow' });
flowBox.append(el('legend', {}, 'Flow (post-login, in order)'));
const actionsList = el('ol', { class: 'checklist', id: 'action-list' });
const rulesToggle = el('label', { class: 'toggle' });
const rulesOn = el('input', { type: 'checkbox', id: 'rules-on' });
rulesToggle.append(rulesOn, document.createTextNode(' Run Rules first'));
const rulesList = el('div', { class: 'checklist', id: 'rule-list' });
const compareToggle = el('label', { class: 'toggle' });
const compare = el('input', { type: 'checkbox', id: 'compare' });
compareToggle.append(compare, document.createTextNode(' Compare the Rules with the Actions (migration aid)'));
flowBox.append(actionsList, el('h3', {}, 'Rules (legacy)'), rulesToggle, rulesList, compareToggle);

const overridesBox = el('fieldset', { id: 'overrides' });
overridesBox.append(el('legend', {}, 'Event overrides'));
const field = (id: string, label: string, placeholder: string, area = false) => {
  const wrap = el('label', { class: 'field', for: id }, label);
  const input = area ? el('textarea', { id, rows: '2', placeholder, spellcheck: 'false' }) : el('input', { id, type: 'text', placeholder });
  wrap.append(input);
  overridesBox.append(wrap);
  return input as HTMLInputElement | HTMLTextAreaElement;
};
const client = field('client', 'Client (client_id)', 'emulator-login-client');
const connection = field('connection', 'Connection', "the user's first identity");
const request = field('request', 'Request (JSON)', '{"ip":"10.0.0.1","query":{"ui_locales":"fr"}}', true);
const secrets = field('secrets', 'Secrets (JSON)', '{"API_KEY":"test"}', true);

const actionsBar = el('div', { class: 'bar' });
const dryLabel = el('label', { class: 'toggle' });
const dryRun = el('input', { type: 'checkbox', id: 'dry-run' });
dryRun.checked = true;
dryLabel.append(dryRun, document.createTextNode(' Dry run (nothing written)'));
const runButton = el('button', { type: 'button', id: 'run' }, 'Run');
const saveButton = el('button', { type: 'button', id: 'save', class: 'secondary' }, 'Save as scenario…');
const status = el('span', { id: 'status', role: 'status', 'aria-live': 'polite' });
actionsBar.append(dryLabel, runButton, saveButton, status);
form.append(usersBox, flowBox, overridesBox, actionsBar);

const resultsBox = el('section', { id: 'results', 'aria-label': 'Results' });
root.append(form, resultsBox);

// ---- catalog rendering ----
function renderCatalog(): void {
  usersList.replaceChildren(
    ...catalog.users.map((u) => {
      const l = el('label', {});
      const c = el('input', { type: 'checkbox', value: u.user_id, 'data-user': u.user_id });
      c.checked = pickedUsers.has(u.user_id);
      c.addEventListener('change', () => (c.checked ? pickedUsers.add(u.user_id) : pickedUsers.delete(u.user_id)));
      l.append(c, document.createTextNode(` ${u.label}`));
      return l;
    }),
  );
  if (!catalog.users.length) usersList.append(el('p', { class: 'hint' }, catalog.running ? 'The emulator has no users.' : 'Start the emulator to pick users.'));
  renderFlow();
  rulesList.replaceChildren(
    ...catalog.rules.map((r) => {
      const l = el('label', {});
      const c = el('input', { type: 'checkbox', value: r.path });
      c.checked = pickedRules.has(r.path);
      c.addEventListener('change', () => (c.checked ? pickedRules.add(r.path) : pickedRules.delete(r.path)));
      l.append(c, document.createTextNode(` ${r.name}`), el('span', { class: 'hint' }, `  ${r.path}`));
      return l;
    }),
  );
  if (!catalog.rules.length) rulesList.append(el('p', { class: 'hint' }, 'No Rules in this workspace.'));
}

function renderFlow(): void {
  actionsList.replaceChildren(
    ...flow.map((a, i) => {
      const li = el('li', {});
      const c = el('input', { type: 'checkbox', 'data-action': a.path, 'aria-label': `Run ${a.name}` });
      c.checked = a.on;
      c.addEventListener('change', () => (a.on = c.checked));
      const up = el('button', { type: 'button', class: 'icon', title: 'Run earlier', 'aria-label': `Move ${a.name} up` }, '↑');
      up.disabled = i === 0;
      up.addEventListener('click', () => {
        [flow[i - 1], flow[i]] = [flow[i]!, flow[i - 1]!];
        renderFlow();
      });
      const open = el('a', { href: '#', title: a.path }, a.name);
      open.addEventListener('click', (e) => {
        e.preventDefault();
        post({ type: 'playground/openFile', path: a.path });
      });
      li.append(c, document.createTextNode(' '), open, up);
      return li;
    }),
  );
  if (!flow.length) actionsList.append(el('li', { class: 'hint' }, 'No post-login Actions in this workspace.'));
}

function applyCatalog(next: PlaygroundCatalog, preset?: Partial<PlaygroundRequest>): void {
  catalog = next;
  const known = new Map(flow.map((a) => [a.path, a]));
  flow = next.actions.map((a) => known.get(a.path) ?? { path: a.path, name: a.name, on: false });
  if (preset) {
    if (preset.actions) {
      const order = preset.actions;
      for (const a of flow) a.on = order.includes(a.path);
      flow.sort((a, b) => (order.includes(a.path) ? order.indexOf(a.path) : 1e6) - (order.includes(b.path) ? order.indexOf(b.path) : 1e6));
    }
    if (preset.users) {
      pickedUsers.clear();
      preset.users.forEach((u) => pickedUsers.add(u));
    }
    if (preset.rules) {
      pickedRules.clear();
      preset.rules.forEach((r) => pickedRules.add(r));
    }
    if (preset.rulesEnabled !== undefined) rulesOn.checked = preset.rulesEnabled;
    if (preset.dryRun !== undefined) dryRun.checked = preset.dryRun;
    if (preset.query !== undefined) query.value = preset.query;
    const o = preset.overrides;
    if (o) {
      client.value = o.client ?? '';
      connection.value = o.connection ?? '';
      request.value = o.request ? JSON.stringify(o.request) : '';
      secrets.value = o.secrets ? JSON.stringify(o.secrets) : '';
    }
  }
  renderCatalog();
}

function readRequest(): PlaygroundRequest {
  const obj = (input: HTMLInputElement | HTMLTextAreaElement, what: string) => {
    const t = input.value.trim();
    if (!t) return undefined;
    const v = JSON.parse(t) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be a JSON object`);
    return v as Record<string, unknown>;
  };
  const req = obj(request, 'Request');
  const sec = obj(secrets, 'Secrets') as Record<string, string> | undefined;
  return {
    users: [...pickedUsers],
    ...(query.value.trim() ? { query: query.value.trim() } : {}),
    actions: flow.filter((a) => a.on).map((a) => a.path),
    rules: [...pickedRules],
    rulesEnabled: rulesOn.checked,
    compare: compare.checked,
    overrides: {
      ...(client.value.trim() ? { client: client.value.trim() } : {}),
      ...(connection.value.trim() ? { connection: connection.value.trim() } : {}),
      ...(req ? { request: req } : {}),
      ...(sec ? { secrets: sec } : {}),
    },
    dryRun: dryRun.checked,
  };
}

function send(type: 'playground/run' | 'playground/saveScenario'): void {
  try {
    const requestId = nextRequestId++;
    post({ type, requestId, request: readRequest() });
    status.textContent = type === 'playground/run' ? 'Running…' : 'Saving…';
    runButton.disabled = type === 'playground/run';
  } catch (e) {
    status.textContent = (e as Error).message;
  }
}
runButton.addEventListener('click', () => send('playground/run'));
saveButton.addEventListener('click', () => send('playground/saveScenario'));

// ---- results ----
function kv(obj: Record<string, unknown>, cls = 'kv'): HTMLElement {
  const dl = el('dl', { class: cls });
  const keys = Object.keys(obj);
  if (!keys.length) return el('p', { class: 'hint' }, '(none)');
  for (const k of keys) dl.append(el('dt', {}, k), el('dd', {}, json(obj[k])));
  return dl;
}

function section(title: string, ...children: Node[]): HTMLElement {
  const s = el('section', { class: 'part' });
  s.append(el('h4', {}, title), ...children);
  return s;
}

function renderUser(r: UserRunResult, dry: boolean, open: boolean): HTMLElement {
  const t = r.transcript;
  const box = el('details', { class: `user status-${t.status}`, 'data-user': r.userId });
  if (open) box.open = true;
  const outcome = t.status === 'success' ? 'login succeeded' : t.status === 'redirect' ? `redirect to ${t.redirect}` : `${t.status}: ${t.error?.error ?? ''} ${t.error?.error_description ?? ''}`;
  const summary = el('summary', {});
  summary.append(el('strong', {}, r.label ?? r.userId), el('span', { class: `badge ${t.status}` }, t.status), el('span', { class: 'hint' }, ` ${outcome} · ${t.ms} ms`));
  box.append(summary);

  const tl = buildTimeline(r.before, t);
  const timeline = el('ol', { class: 'timeline' });
  if (t.rules) timeline.append(el('li', { class: 'rules' }, `Rules ran first: ${t.rules.steps.length} rule(s), ${t.rules.writes} write(s)`));
  for (const s of tl) {
    const li = el('li', { class: s.error ? 'step error' : 'step' });
    li.append(el('div', { class: 'step-head' }, `${s.name} · ${s.handler} · ${s.ms.toFixed(1)} ms`));
    const saw = el('details', { class: 'saw' });
    saw.append(el('summary', {}, 'saw event.user metadata'), kv({ app_metadata: s.saw.app_metadata, user_metadata: s.saw.user_metadata }));
    li.append(saw);
    for (const q of s.queued) {
      const text = q.op === 'cancel' ? `cancelled pending ${q.kind}.${q.key} (undefined)` : q.op === 'delete' ? `queued delete of ${q.kind}.${q.key} (null)` : `queued ${q.kind}.${q.key} = ${JSON.stringify(q.value)}`;
      li.append(el('div', { class: `queued ${q.op}` }, text));
    }
    for (const c of s.calls) li.append(el('div', { class: 'call' }, c));
    if (s.logs.length) li.append(el('pre', { class: 'console' }, s.logs.join('\n')));
    if (s.error) li.append(el('div', { class: 'error-text' }, s.error));
    for (const n of s.notes) li.append(el('div', { class: 'note' }, n));
    timeline.append(li);
  }
  box.append(section('Commit timeline', timeline));

  const diff = metadataDiff(r.before, t.user);
  const table = el('table', { class: 'diff' });
  const head = el('tr', {});
  head.append(el('th', {}, 'key'), el('th', {}, 'before'), el('th', {}, dry ? 'after (would be)' : 'after'));
  table.append(head);
  for (const d of diff) {
    const tr = el('tr', { class: d.change });
    tr.append(el('td', {}, `${d.kind}.${d.key}`), el('td', {}, d.before === undefined ? '—' : json(d.before)), el('td', {}, d.after === undefined ? '—' : json(d.after)));
    table.append(tr);
  }
  box.append(section('Metadata before → after', diff.length ? table : el('p', { class: 'hint' }, 'No metadata changes.')));

  const w = t.write;
  const write = el('div', { class: 'write' });
  if (!w) write.append(el('p', { class: 'hint' }, 'No write: nothing was pending.'));
  else {
    write.append(el('p', {}, `${w.dryRun ? 'Would write' : w.ok ? 'Wrote' : 'Failed to write'} once (${w.when}) as PATCH /api/v2/users/{id}:`), el('pre', {}, json(w.patch)));
    for (const x of w.retries) write.append(el('div', { class: 'retry' }, `${x.status} Too Many Requests: retried after ${x.waitMs} ms`));
    if (w.error) write.append(el('div', { class: 'error-text' }, w.error));
  }
  box.append(section(`The write (${t.writes} user update${t.writes === 1 ? '' : 's'})`, write));

  const claims = el('div', { class: 'claims' });
  claims.append(el('h5', {}, 'ID token'), kv(customClaims(t.idTokenClaims)), el('h5', {}, 'Access token'), kv(customClaims(t.accessTokenClaims)));
  const full = el('details', {});
  full.append(el('summary', {}, 'all claims'), el('pre', {}, json({ id_token: t.idTokenClaims, access_token: t.accessTokenClaims })));
  claims.append(full);
  box.append(section('Token claims added', claims));

  if (r.parity) {
    const p = r.parity;
    const pt = el('table', { class: 'parity' });
    const h = el('tr', {});
    h.append(el('th', {}, 'aspect'), el('th', {}, 'Rule'), el('th', {}, 'Action'));
    pt.append(h);
    for (const d of p.differences) {
      const tr = el('tr', { class: 'differs' });
      tr.append(el('td', {}, `${d.aspect}${d.key ? ' ' + d.key : ''}`), el('td', {}, d.rule === undefined ? '(absent)' : json(d.rule)), el('td', {}, d.action === undefined ? '(absent)' : json(d.action)));
      pt.append(tr);
    }
    box.append(section('Rule vs Action', p.same ? el('p', { class: 'same' }, 'Same outcome, claims and metadata.') : pt));
  }
  if (t.notes.length) box.append(section('Notes', ...t.notes.map((n) => el('div', { class: 'note' }, n))));
  return box;
}

function renderResults(results: UserRunResult[], dry: boolean, via: string, ms: number): void {
  resultsBox.replaceChildren(el('h2', {}, `Results · ${results.length} user${results.length === 1 ? '' : 's'} · ${ms} ms${dry ? ' · dry run: nothing written' : ''}`), el('p', { class: 'hint' }, via === 'control-route' ? 'Ran on the emulator.' : 'Ran on a snapshot of the emulator’s data.'));
  if (results.length > 1) {
    const table = el('table', { class: 'summary', id: 'summary' });
    const h = el('tr', {});
    for (const c of ['user', 'outcome', 'ms', 'written', 'flags']) h.append(el('th', {}, c));
    table.append(h);
    for (const row of summarize(results)) {
      const tr = el('tr', { class: row.outliers.length ? 'outlier' : '' });
      tr.append(el('td', {}, row.label ?? row.userId), el('td', {}, row.reason ? `${row.status}: ${row.reason}` : row.status), el('td', {}, row.ms.toFixed(0)), el('td', {}, row.written.join(', ') || '—'), el('td', {}, row.outliers.join(', ')));
      table.append(tr);
    }
    resultsBox.append(table);
  }
  results.forEach((r, i) => resultsBox.append(renderUser(r, dry, i === 0 || results.length <= 3)));
}

window.addEventListener('message', (e: MessageEvent<ExtensionToPlayground>) => {
  const m = e.data;
  switch (m.type) {
    case 'playground/catalog':
      applyCatalog(m.catalog, m.preset);
      return;
    case 'playground/results':
      runButton.disabled = false;
      status.textContent = `Done in ${m.ms} ms.`;
      renderResults(m.results, m.dryRun, m.via, m.ms);
      return;
    case 'playground/saved':
      status.textContent = `Saved ${m.path}. Replay it with: npx auth0-emulator run scenario ${m.path} --data <folder>`;
      return;
    case 'error':
      runButton.disabled = false;
      status.textContent = m.message;
      return;
    default: {
      const never: never = m;
      return never;
    }
  }
});

post({ type: 'ready' });
