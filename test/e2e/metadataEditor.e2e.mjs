// End-to-end: Playwright drives the packaged extension in code-server (headless Chromium) the way a user would:
// open the Users view, see the sample users, search, open a user's metadata editor, change user_metadata (a nested
// object and a key set to null), save, and check through the emulator's own API that exactly Auth0's merge happened.
// Screenshots go to test-results/screenshots/; UPDATE_README_SCREENSHOTS=1 also copies the README's set to
// media/screenshots/.
import assert from 'node:assert/strict';

import path from 'node:path';
import {
  SHOTS, emulatorSdk, finishRun, freePort, installVsix, launchBrowser, log, openEmulatorView, prepareRun, runFromPalette,
  screenshotter, startCodeServer,
} from './codeServer.mjs';

const README_SET = ['users-view.png', 'search.png', 'metadata-preview.png', 'metadata-validation.png', 'metadata-editor-light.png'];
const USER_EMAIL = 'amara.okafor@example.com';

const emulatorPort = await freePort();
const run = prepareRun('e2e', { 'auth0Emulator.port': emulatorPort, 'auth0Emulator.sampleData': true });
installVsix(run);
const cs = await startCodeServer(run);
const { browser, page } = await launchBrowser(run);
const sdk = await emulatorSdk(emulatorPort);
const shot = screenshotter(page);
const palette = (command) => runFromPalette(page, command);
async function setTheme(theme) {
  await palette('Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input');
  await input.fill(theme);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().click();
}

let exitCode = 1;
try {
  // 1. The activity-bar container and its Users view, filled with the sample users.
  await openEmulatorView(page, cs, run);
  const amara = page.getByRole('treeitem', { name: new RegExp(USER_EMAIL.replace(/\./g, '\\.')) });
  await amara.waitFor({ timeout: 60_000 });
  await page.getByRole('treeitem', { name: /jordan\.valdez@example\.com/ }).waitFor();
  log('Users view shows the sample users');
  // The first run opens the walkthrough beside it.
  await page.getByText('Get Started with the Auth0 Emulator').first().waitFor();
  await shot('walkthrough.png');
  await page.getByRole('treeitem', { name: /kenji\.watanabe@example\.com/ }).waitFor();
  await shot('users-view.png');

  const before = await sdk.users.list({ q: `email:"${USER_EMAIL}"`, search_engine: 'v3' });
  assert.equal(before.data.length, 1);
  const stored = before.data[0];

  // 2. Search with a plain word: only the matching user stays.
  await palette('Auth0 Emulator: Search Users...');
  const search = page.locator('.quick-input-widget input');
  await search.waitFor();
  await search.fill('amara');
  await page.keyboard.press('Enter');
  await page.getByRole('treeitem', { name: /jordan\.valdez@example\.com/ }).waitFor({ state: 'detached' });
  await amara.waitFor();
  assert.equal(await page.locator('.part.sidebar').getByRole('treeitem').count(), 1);
  log('search for "amara" leaves one user');
  await shot('search.png');

  // 3. Expand the user and open the metadata editor from its user_metadata node.
  await amara.click();
  const userMetadataNode = page.getByRole('treeitem', { name: /^user_metadata/ });
  await userMetadataNode.waitFor();
  await userMetadataNode.click();
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const userMetadata = webview.locator('textarea#user_metadata');
  await userMetadata.waitFor();
  await webview.locator('#title', { hasText: USER_EMAIL }).waitFor();
  assert.deepEqual(JSON.parse(await userMetadata.inputValue()), stored.user_metadata);
  assert.deepEqual(JSON.parse(await webview.locator('textarea#app_metadata').inputValue()), stored.app_metadata);
  log('metadata editor shows the stored metadata');

  // 4. Validation as you type: a dotted key is an error and Save is disabled.
  await userMetadata.fill('{\n  "preference.color": "pink"\n}');
  await webview.locator('#user_metadata-diagnostics li.error', { hasText: 'contains "."' }).waitFor();
  assert.equal(await webview.locator('#save').isDisabled(), true);
  await shot('metadata-validation.png');

  // 5. Edit: replace the nested `preferences` object, delete `displayName` with null, add `theme`.
  const edited = { ...stored.user_metadata, preferences: { genres: ['afrobeats', 'jazz'], language: 'fr' }, displayName: null, theme: 'dark' };
  await userMetadata.fill(JSON.stringify(edited, null, 2));
  const expectedPatch = { user_metadata: { preferences: edited.preferences, displayName: null, theme: 'dark' } };
  await webview.locator('#patch-body', { hasText: '"theme"' }).waitFor();
  assert.deepEqual(JSON.parse(await webview.locator('#patch-body').textContent()), expectedPatch);
  const change = (key) => webview.locator(`.merge-block[data-kind="user_metadata"] li[data-key="${key}"]`).getAttribute('data-change');
  assert.equal(await change('preferences'), 'replaced');
  assert.equal(await change('displayName'), 'deleted');
  assert.equal(await change('theme'), 'added');
  log('preview shows the exact PATCH body and the merge');
  await shot('metadata-preview.png');

  // 6. Save, then ask the emulator what it stored.
  await webview.locator('#save').click();
  await webview.locator('#status', { hasText: 'Saved' }).waitFor();
  await shot('metadata-saved.png');
  const after = await sdk.users.get(stored.user_id);
  const expected = { ...stored.user_metadata, preferences: { genres: ['afrobeats', 'jazz'], language: 'fr' }, theme: 'dark' };
  delete expected.displayName;
  assert.deepEqual(after.user_metadata, expected, 'user_metadata is exactly Auth0\u2019s one-level merge');
  assert.deepEqual(after.app_metadata, stored.app_metadata, 'app_metadata is untouched');
  assert.deepEqual(JSON.parse(await webview.locator('.merged-json[data-kind="user_metadata"]').textContent()), expected);
  log('the emulator stored exactly the previewed merge');

  // 7. The editor follows the theme (light, high contrast) through --vscode-* variables.
  await setTheme('Light Modern');
  await page.locator('.monaco-workbench.vs').waitFor();
  await page.waitForTimeout(800);
  await shot('metadata-editor-light.png');
  await setTheme('Dark High Contrast');
  await page.locator('.monaco-workbench.hc-black').waitFor();
  await page.waitForTimeout(800);
  await shot('metadata-editor-high-contrast.png');
  exitCode = 0;
} catch (err) {
  console.error('E2E FAILED:', err);
  await page.screenshot({ path: path.join(SHOTS, 'failure.png') }).catch(() => {});
} finally {
  await browser.close();
  await cs.stop();
}
finishRun('e2e', exitCode, run, README_SET);
