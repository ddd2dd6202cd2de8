// Runs the extension tests inside code-server's extension host: installs the packaged .vsix into a fresh profile,
// points VS Code's extensionDevelopmentPath at the installed copy (so the artifact users get is what is tested)
// and extensionTestsPath at out/test/vscode/index.cjs, and takes the exit code from the smoke-test driver hook.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ROOT, installVsix, launchBrowser, log, prepareRun, readJson, startCodeServer } from '../e2e/codeServer.mjs';

const TESTS = path.join(ROOT, 'out/test/vscode/index.cjs');
if (!existsSync(TESTS)) throw new Error(`${TESTS} is missing: run node scripts/build-extension.mjs --tests`);

const run = prepareRun('vscode-tests', { 'auth0Emulator.port': 0 });
const installed = installVsix(run);
const resultFile = path.join(run.logs, 'extension-test-results.json');
const cs = await startCodeServer(run, { AUTH0_EMULATOR_TEST_RESULTS: resultFile });
const { browser, page } = await launchBrowser(run);
let exitCode = 1;
try {
  const remote = (p) => `vscode-remote://${new URL(cs.url).host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(installed)],
    ['extensionTestsPath', remote(TESTS)],
  ];
  let done;
  const finished = new Promise((r) => (done = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (args || []).join(' ');
    if (!/connection token|Creating a socket|AccountPolicyGate|AgentHost|grace|open-vsx/.test(text)) console.log(text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => done(code));
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(run.ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);
  const code = await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
  log('extension tests finished, exit code', code);
  await page.screenshot({ path: path.join(run.logs, 'extension-tests.png') });
  if (existsSync(resultFile)) {
    const r = readJson(resultFile);
    log(`extension tests: ${r.passes} passed, ${r.failures} failed (${resultFile})`);
    exitCode = code === 0 && r.failures === 0 && r.passes > 0 ? 0 : 1;
  } else {
    log('no result file: the tests did not run to the end');
  }
} finally {
  await browser.close();
  await cs.stop();
}
process.exit(exitCode);
