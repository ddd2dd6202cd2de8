// Runs the packaged extension in a real VS Code: code-server (VS Code 1.139 with a Node extension host) from
// .tools/, driven by playwright-core in Debian's Chromium (see /work/shared/vscode-e2e.md). Shared by the extension
// tests (test/vscode) and the UI tests (test/e2e). Each run gets a fresh folder, so runs never see each other.
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOOLS = process.env.AUTH0_EMULATOR_TOOLS ?? path.join(ROOT, '.tools');
export const NODE24_BIN = path.join(TOOLS, 'node24/node_modules/node/bin');
export const CODE_SERVER = path.join(TOOLS, 'code-server/node_modules/.bin/code-server');
export const VSIX = path.join(ROOT, 'dist/auth0-emulator.vsix');
/** Fixed M2M credentials for test runs, so the test process can check results through the emulator's API. */
export const TEST_CREDENTIALS = { clientId: 'e2eTestClient0000000000000000000', clientSecret: 'e2e-test-secret-not-for-production' };

const started = Date.now();
export const log = (...a) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...a);

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** A fresh run folder: user data, extensions, workspace, XDG homes, temp; VS Code settings that keep it quiet. */
export function prepareRun(name, settings = {}) {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed: run bash scripts/vscode-tools/install.sh`);
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package`);
  // Short paths: Chromium and VS Code put Unix sockets under TMPDIR/XDG dirs, and socket paths stop at 108 bytes.
  const dir = mkdtempSync(path.join(os.tmpdir(), `a0e-${name.slice(0, 6)}-`));
  const d = {
    dir,
    udd: path.join(dir, 'udd'),
    exts: path.join(dir, 'exts'),
    ws: path.join(dir, 'workspace'),
    data: path.join(dir, 'emulator-data'),
    tmp: path.join(dir, 'tmp'),
    xdg: path.join(dir, 'xdg'),
    /** Kept after the run (test-results/ is git-ignored). */
    logs: path.join(ROOT, 'test-results', 'logs', name),
  };
  for (const p of [d.udd, path.join(d.udd, 'User'), d.exts, d.ws, d.tmp, d.xdg, d.logs]) mkdirSync(p, { recursive: true });
  writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\ncert: false\n');
  const userSettings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.colorTheme': 'Default Dark Modern',
    'auth0Emulator.dataFolder': d.data,
    'auth0Emulator.rateLimitProfile': 'off',
    ...settings,
  };
  writeFileSync(path.join(d.udd, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  writeFileSync(path.join(d.ws, 'README.md'), '# A project that uses Auth0\n');
  return d;
}

function env(d, extra = {}) {
  return {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: path.join(d.xdg, 'config'),
    XDG_DATA_HOME: path.join(d.xdg, 'data'),
    XDG_CACHE_HOME: path.join(d.xdg, 'cache'),
    TMPDIR: d.tmp,
    AUTH0_EMULATOR_CLIENT_ID: TEST_CREDENTIALS.clientId,
    AUTH0_EMULATOR_CLIENT_SECRET: TEST_CREDENTIALS.clientSecret,
    ...extra,
  };
}

function common(d) {
  return ['--config', path.join(d.dir, 'config.yaml'), '--user-data-dir', d.udd, '--extensions-dir', d.exts];
}

/** Installs the .vsix users get and returns the folder it was unpacked into. */
export function installVsix(d) {
  execFileSync(CODE_SERVER, [...common(d), '--install-extension', VSIX], { env: env(d), stdio: ['ignore', 'pipe', 'pipe'] });
  const folder = readdirSync(d.exts).find((f) => f.startsWith('auth0-emulator.auth0-emulator-'));
  if (!folder) throw new Error(`the extension was not installed into ${d.exts}`);
  log('installed', path.basename(VSIX), 'into', folder);
  return path.join(d.exts, folder);
}

/** Starts code-server on a free loopback port; resolves once /healthz answers. */
export async function startCodeServer(d, extraEnv = {}) {
  const port = await freePort();
  const out = path.join(d.logs, 'code-server.log');
  const child = spawn(
    CODE_SERVER,
    [
      ...common(d), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--reconnection-grace-time', '5',
      '--vscode-option', 'enable-smoke-test-driver', d.ws,
    ],
    { env: env(d, extraEnv), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const chunks = [];
  child.stdout.on('data', (c) => chunks.push(c));
  child.stderr.on('data', (c) => chunks.push(c));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`code-server exited: ${Buffer.concat(chunks).toString()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  log('code-server listening on', url);
  return {
    url,
    pid: child.pid,
    async stop() {
      writeFileSync(out, Buffer.concat(chunks));
      if (child.exitCode !== null) return;
      // The whole process group: code-server, its extension host and the emulator the extension started.
      try { process.kill(-child.pid, 'SIGTERM'); } catch {}
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 5000))]);
      try { process.kill(-child.pid, 'SIGKILL'); } catch {}
      // The run folder (profile, workspace, emulator data) is disposable; logs and screenshots live in test-results/.
      if (!process.env.KEEP_RUN_DIR) rmSync(d.dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(d) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: env(d),
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => log('[pageerror]', e.message));
  if (process.env.VERBOSE) page.on('console', (m) => log('[console]', m.type(), m.text()));
  return { browser, page };
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Runs a command from the palette. The quick input of a previous step may still be closing (inert) when F1 is
 * pressed: wait for it to go, and press F1 again if the palette does not come up. Clicks the row itself, since the
 * first row is not always the command asked for.
 */
export async function runFromPalette(page, command) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; attempt <= 4; attempt++) {
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      await input.fill(`>${command}`, { timeout: 5_000 });
    } catch {
      await page.keyboard.press('Escape');
      continue;
    }
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().click();
    return;
  }
  throw new Error(`the command palette did not open for ${command}`);
}

/** Where the UI tests save screenshots (git-ignored); README copies go to media/screenshots. */
export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const README_SHOTS = path.join(ROOT, 'media', 'screenshots');

/** `shot(name)` saves a screenshot of the page into SHOTS and logs it. */
export function screenshotter(page) {
  mkdirSync(SHOTS, { recursive: true });
  return async (name) => {
    await page.screenshot({ path: path.join(SHOTS, name) });
    log('screenshot', name);
  };
}

/** The official SDK pointed at the extension's emulator on `port`, through its fetch option. */
export async function emulatorSdk(port) {
  const { ManagementClient } = await import('auth0');
  const emulator = `http://127.0.0.1:${port}`;
  return new ManagementClient({
    domain: `127.0.0.1:${port}`,
    ...TEST_CREDENTIALS,
    fetch: (url, init) => fetch(String(url).replace(`https://127.0.0.1:${port}`, emulator), init),
  });
}

/** Opens the workspace in code-server and the Auth0 Emulator container in the activity bar. */
export async function openEmulatorView(page, cs, run) {
  page.setDefaultTimeout(30_000);
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(run.ws)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const container = page.locator('.part.activitybar').getByRole('tab', { name: /Auth0 Emulator/ });
  await container.waitFor({ timeout: 60_000 });
  await container.click();
}

/**
 * Ends a UI test: on success copies its README screenshots when UPDATE_README_SCREENSHOTS is set (ordinary runs and
 * CI leave the committed images alone), says where the screenshots and logs are, and exits with the code.
 */
export function finishRun(name, exitCode, run, readmeSet = []) {
  if (exitCode === 0) {
    if (process.env.UPDATE_README_SCREENSHOTS && readmeSet.length) {
      mkdirSync(README_SHOTS, { recursive: true });
      for (const f of readmeSet) copyFileSync(path.join(SHOTS, f), path.join(README_SHOTS, f));
      log(`README screenshots updated in ${README_SHOTS}`);
    }
    log(`${name} passed; screenshots in ${SHOTS}`);
  } else {
    log(`${name} FAILED; screenshots in ${SHOTS}, code-server log in ${run.logs}`);
  }
  process.exit(exitCode);
}
