// End-to-end: a sync from the UI. A second emulator plays the real tenant over HTTPS (its self-signed certificate
// trusted by the editor through NODE_EXTRA_CA_CERTS, as a real tenant's certificate is by default); the user
// connects it from the palette (domain, client id, secret), sees its users in the Tenants view, opens the sync
// preview for the emulator's users, applies after the confirmation that names the tenant, and reads the report.
// The tenant's data is then checked over its own API. Screenshots go to test-results/screenshots/;
// UPDATE_README_SCREENSHOTS=1 copies sync-preview.png (and the others) to media/screenshots/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import {
  ROOT, SHOTS, TEST_CREDENTIALS, finishRun, freePort, installVsix, launchBrowser, log, openEmulatorView, prepareRun, runFromPalette,
  screenshotter, startCodeServer,
} from './codeServer.mjs';

const README_SET = ['sync-preview.png', 'sync-report.png', 'tenants-view.png'];
const TENANT_CLIENT = { id: 'staging-m2m-client', secret: 'staging-secret-e2e' };

const PEOPLE = [
  ['amara.okafor@example.com', 'premium', { theme: 'light', language: 'en' }],
  ['kenji.watanabe@example.com', 'free', { theme: 'light' }],
  ['lena.fischer@example.com', 'premium', { theme: 'dark', eq: 'flat' }],
  ['omar.haddad@example.com', 'free', { theme: 'light' }],
].map(([email, plan, user_metadata], i) => ({
  user_id: `auth0|tenant${i}`, email, connection: 'Username-Password-Authentication', password: 'Str0ng!Passw0rd',
  app_metadata: { plan }, user_metadata,
}));
// The emulator's side: two changed, one the same, one the tenant does not have.
const LOCAL = [
  { ...PEOPLE[0], user_id: 'auth0|local0', app_metadata: { plan: 'premium', beta: true }, user_metadata: { theme: 'dark', language: 'fr' } },
  { ...PEOPLE[1], user_id: 'auth0|local1', app_metadata: { plan: 'premium' } },
  { ...PEOPLE[2], user_id: 'auth0|local2' },
  { email: 'new.listener@example.com', user_id: 'auth0|local3', connection: 'Username-Password-Authentication', password: 'Str0ng!Passw0rd', user_metadata: { theme: 'dark' } },
];

// 1. The "real" tenant: the emulator CLI over HTTPS.
const tenantDir = mkdtempSync(path.join(os.tmpdir(), 'a0e-tenant-'));
writeFileSync(path.join(tenantDir, 'seed.json'), JSON.stringify({ users: PEOPLE }));
const tenantProc = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), '--https', '--port', '0', '--host', '127.0.0.1', '--data', path.join(tenantDir, 'data'),
  '--seed', path.join(tenantDir, 'seed.json'), '--no-sample-data', '--rate-limit', 'off', '--client-id', TENANT_CLIENT.id, '--client-secret', TENANT_CLIENT.secret], { stdio: ['ignore', 'pipe', 'inherit'] });
const tenantUrl = await new Promise((resolve, reject) => {
  let out = '';
  tenantProc.stdout.on('data', (d) => {
    out += d;
    const m = /listening on (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  tenantProc.once('exit', (c) => reject(new Error(`tenant emulator exited ${c}`)));
});
const tenantDomain = new URL(tenantUrl).host;
const cert = path.join(tenantDir, 'data', 'tls', 'cert.pem');
const trusted = new Agent({ connect: { ca: readFileSync(cert, 'utf8') } });
async function tenantExport() {
  const res = await undiciFetch(`https://${tenantDomain}/_emulator/export`, { headers: { 'x-emulator-key': TENANT_CLIENT.secret }, dispatcher: trusted });
  return (await res.json()).users;
}
log('tenant emulator at', tenantUrl);

// 2. The editor, trusting the tenant's certificate the way Node trusts a real one.
const emulatorPort = await freePort();
const run = prepareRun('sync', { 'auth0Emulator.port': emulatorPort, 'auth0Emulator.sampleData': false });
installVsix(run);
const cs = await startCodeServer(run, { NODE_EXTRA_CA_CERTS: cert });
const { browser, page } = await launchBrowser(run);
const shot = screenshotter(page);
const palette = (command) => runFromPalette(page, command);
async function answer(text) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(text);
  await page.keyboard.press('Enter');
}

let exitCode = 1;
try {
  await openEmulatorView(page, cs, run);
  // The local emulator (started by the extension) gets the emulator-side users.
  const local = `http://127.0.0.1:${emulatorPort}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${local}/_emulator/health`, { headers: { 'x-emulator-key': TEST_CREDENTIALS.clientSecret } })).ok) break;
    } catch {}
    await page.waitForTimeout(200);
  }
  const seeded = await fetch(`${local}/_emulator/seed`, { method: 'POST', headers: { 'x-emulator-key': TEST_CREDENTIALS.clientSecret, 'content-type': 'application/json' }, body: JSON.stringify({ users: LOCAL }) });
  assert.equal(seeded.status, 200, await seeded.text());
  await page.getByRole('treeitem', { name: /new\.listener@example\.com/ }).waitFor({ timeout: 60_000 });
  log('local emulator holds the users to sync');

  // 3. Connect the tenant from the palette: domain, client id, secret (a password box).
  await palette('Auth0 Emulator: Connect Tenant...');
  await answer(tenantDomain);
  await answer(TENANT_CLIENT.id);
  await answer(TENANT_CLIENT.secret);
  // The scopes notification may already have collapsed into the notification center; the tree is the proof.
  log('tenant connected');
  const tenantNode = page.getByRole('treeitem', { name: new RegExp(`^${tenantDomain.replace(/\./g, '\\.')}`) });
  await tenantNode.waitFor();
  await tenantNode.click();
  await page.getByRole('treeitem', { name: /omar\.haddad@example\.com/ }).waitFor();
  await shot('tenants-view.png');

  // 4. Sync: all users picked, matched by email; the preview shows per user the diff and the PATCH body.
  await palette('Auth0 Emulator: Sync Users to Tenant...');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'new.listener@example.com' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Match emulator users' }).waitFor();
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'By email' }).waitFor();
  await page.keyboard.press('Enter');
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await webview.locator('#title', { hasText: `Sync to ${tenantDomain}` }).waitFor();
  await webview.locator('article.user').nth(3).waitFor();
  const statuses = await webview.locator('article.user').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.querySelector('strong').textContent, e.dataset.status])));
  assert.deepEqual(statuses, {
    'amara.okafor@example.com': 'update', 'kenji.watanabe@example.com': 'update', 'lena.fischer@example.com': 'unchanged', 'new.listener@example.com': 'not-on-tenant',
  });
  const amaraPatch = JSON.parse(await webview.locator('article[data-user="auth0|local0"] .patch-body').textContent());
  assert.deepEqual(amaraPatch, { app_metadata: { beta: true }, user_metadata: { theme: 'dark', language: 'fr' } });
  log('preview: exact PATCH bodies, unchanged and unmatched users');
  await page.waitForTimeout(300);
  await shot('sync-preview.png');

  // 5. Apply: the confirmation names the tenant; then the report.
  await webview.locator('#apply').click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.getByText(new RegExp(`Write metadata of 2 users to the tenant ${tenantDomain}`)).waitFor();
  await dialog.getByRole('button', { name: 'Write to Tenant' }).click();
  await webview.locator('#report-text', { hasText: 'Sync finished: 2 users written' }).waitFor();
  await shot('sync-report.png');
  const after = Object.fromEntries((await tenantExport()).map((u) => [u.email, u]));
  assert.deepEqual(after['amara.okafor@example.com'].app_metadata, { plan: 'premium', beta: true });
  assert.deepEqual(after['amara.okafor@example.com'].user_metadata, { theme: 'dark', language: 'fr' });
  assert.deepEqual(after['kenji.watanabe@example.com'].app_metadata, { plan: 'premium' });
  assert.deepEqual(after['lena.fischer@example.com'].user_metadata, PEOPLE[2].user_metadata);
  assert.equal(after['new.listener@example.com'], undefined, 'a sync never creates users');
  log('the tenant holds exactly what the preview showed');
  exitCode = 0;
} catch (err) {
  console.error('SYNC E2E FAILED:', err);
  await page.screenshot({ path: path.join(SHOTS, 'sync-failure.png') }).catch(() => {});
} finally {
  await browser.close();
  await cs.stop();
  tenantProc.kill('SIGTERM');
  await new Promise((r) => tenantProc.once('exit', r));
  rmSync(tenantDir, { recursive: true, force: true });
}
finishRun('sync e2e', exitCode, run, README_SET);
