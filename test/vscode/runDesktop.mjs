// Runs the same extension tests in VS Code desktop with @vscode/test-electron (needs internet: it downloads VS Code
// from Microsoft). Installs the packaged .vsix into a fresh profile and tests the installed copy, as in code-server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VSIX = path.join(ROOT, 'dist/auth0-emulator.vsix');
const TESTS = path.join(ROOT, 'out/test/vscode/index.cjs');
for (const f of [VSIX, TESTS]) if (!existsSync(f)) throw new Error(`${f} is missing: run npm run package and node scripts/build-extension.mjs --tests`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'a0e-desk-'));
const userData = path.join(dir, 'udd');
const extensions = path.join(dir, 'exts');
const workspace = path.join(dir, 'workspace');
const logs = path.join(ROOT, 'test-results', 'logs', 'vscode-desktop');
for (const p of [path.join(userData, 'User'), extensions, workspace, logs]) mkdirSync(p, { recursive: true });
writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'auth0Emulator.port': 0,
  'auth0Emulator.rateLimitProfile': 'off',
  'auth0Emulator.dataFolder': path.join(dir, 'emulator-data'),
}, null, 2));

const vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.VSCODE_VERSION ?? 'stable');
const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
execFileSync(cli, [...cliArgs, '--extensions-dir', extensions, '--user-data-dir', userData, '--install-extension', VSIX], { stdio: 'inherit' });
const installed = readdirSync(extensions).find((f) => f.startsWith('auth0-emulator.auth0-emulator-'));
if (!installed) throw new Error(`the .vsix was not installed into ${extensions}`);

try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: path.join(extensions, installed),
    extensionTestsPath: TESTS,
    extensionTestsEnv: { AUTH0_EMULATOR_TEST_RESULTS: path.join(logs, 'extension-test-results.json') },
    launchArgs: [workspace, '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  console.log(`extension tests passed in VS Code desktop (results: ${path.join(logs, 'extension-test-results.json')})`);
} catch (err) {
  console.error('extension tests failed in VS Code desktop:', err);
  process.exit(1);
}
