// End-to-end: the Actions playground in code-server, driven like a user: the Actions view lists the sample
// workspace, the playground opens, two sample users and two Actions are picked, a dry run shows per user the commit
// timeline, the would-be write and the claims, with a summary (the denial first); the emulator stays unchanged.
// Screenshots go to test-results/screenshots/; UPDATE_README_SCREENSHOTS=1 also copies playground.png to media/.
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT, SHOTS, emulatorSdk, finishRun, freePort, installVsix, launchBrowser, log, openEmulatorView, prepareRun, runFromPalette,
  screenshotter, startCodeServer,
} from './codeServer.mjs';

const PRIYA = 'auth0|650a3c4d5e6f7a8b9c0d1e2f';
const SAM = 'auth0|651b2c3d4e5f6a7b8c9d0e1f';
const emulatorPort = await freePort();
const run = prepareRun('playground', { 'auth0Emulator.port': emulatorPort, 'auth0Emulator.sampleData': true });
cpSync(path.join(ROOT, 'test/fixtures/workspace-actions'), run.ws, { recursive: true });
installVsix(run);
const cs = await startCodeServer(run);
const { browser, page } = await launchBrowser(run);
const sdk = await emulatorSdk(emulatorPort);
const shot = screenshotter(page);
const palette = (command) => runFromPalette(page, command);

let exitCode = 1;
try {
  await openEmulatorView(page, cs, run);
  // The Actions view lists the workspace's Actions, the Deploy CLI binding, the Rule and the custom DB scripts.
  await page.getByRole('treeitem', { name: /plan-claims/ }).first().waitFor({ timeout: 60_000 });
  // Items carry their file as resourceUri, so match the row's visible text.
  await page.locator('.part.sidebar .monaco-list-row', { hasText: '1. tag-roles' }).waitFor();
  await page.getByRole('treeitem', { name: /default-display-name/ }).waitFor();
  log('Actions view lists the sample workspace');
  // The emulator is up once the Users view shows users.
  await page.getByRole('treeitem', { name: /priya\.raman@example\.com/ }).waitFor({ timeout: 60_000 });
  const before = await sdk.users.get(PRIYA);

  await palette('Auth0 Emulator: Open Actions Playground');
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await webview.locator(`input[data-user="${PRIYA}"]`).waitFor();
  await webview.locator(`input[data-user="${PRIYA}"]`).check();
  await webview.locator(`input[data-user="${SAM}"]`).check();
  await webview.locator('input[data-action="actions/plan-claims.js"]').check();
  await webview.locator('input[data-action="actions/block-free-on-partner-app.js"]').check();
  // The flow lists Actions by name; plan-claims must run first so the second Action sees what it queued.
  await webview.getByRole('button', { name: 'Move plan-claims up' }).click();
  assert.match(await webview.locator('#action-list li').first().textContent(), /plan-claims/);
  await webview.locator('#client').fill('partner-app');
  assert.equal(await webview.locator('#dry-run').isChecked(), true, 'dry run is the default');
  await webview.locator('#run').click();
  await webview.locator('#summary').waitFor({ timeout: 60_000 });
  log('the playground ran two users');

  // Outliers first: Sam's denial heads the summary.
  const firstRow = await webview.locator('#summary tr').nth(1).textContent();
  assert.match(firstRow, /sam\.whitaker@example\.com.*denied: The partner app needs a paid plan/);
  const priya = webview.locator(`details.user[data-user="${PRIYA}"]`);
  await priya.locator('.queued.set', { hasText: 'queued app_metadata.last_seen_plan = "premium"' }).waitFor();
  await priya.locator('.write', { hasText: 'Would write once (end)' }).waitFor();
  await priya.locator('.claims dt', { hasText: 'https://music.example.com/plan' }).first().waitFor();
  // The second Action saw what the first one queued.
  const secondSaw = await priya.locator('.step').nth(1).locator('.saw').textContent();
  assert.match(secondSaw, /last_seen_plan/);
  log('timeline, write and claims shown');
  await page.waitForTimeout(300);
  await shot('playground.png');

  const after = await sdk.users.get(PRIYA);
  assert.ok(before.app_metadata && after.app_metadata);
  assert.deepEqual(after.app_metadata, before.app_metadata, 'a dry run writes nothing');
  exitCode = 0;
} catch (err) {
  console.error('PLAYGROUND E2E FAILED:', err);
  await page.screenshot({ path: path.join(SHOTS, 'playground-failure.png') }).catch(() => {});
} finally {
  await browser.close();
  await cs.stop();
}
finishRun('playground e2e', exitCode, run, ['playground.png']);
