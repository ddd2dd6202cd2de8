// Test entry loaded by VS Code through extensionTestsPath (the contract @vscode/test-electron uses, and code-server
// honours with enable-smoke-test-driver): runs the bundled suites with mocha and writes a result file.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  // No mocha reporter: its printf-style output arrives unformatted through the workbench's log hook; the lines
  // below say the same thing.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: function SilentReporter() {} as never });
  for (const f of readdirSync(__dirname).filter((f) => f.endsWith('.test.cjs')).sort()) mocha.addFile(path.join(__dirname, f));
  const resultFile = process.env.AUTH0_EMULATOR_TEST_RESULTS ?? path.join(__dirname, 'results.json');
  const results: Array<{ test: string; state: string; error?: string; ms?: number }> = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`${results.filter((r) => r.state === 'passed').length} passing, ${failures} failing`);
      writeFileSync(resultFile, JSON.stringify({ failures, passes: results.filter((r) => r.state === 'passed').length, results }, null, 2));
      if (failures) reject(new Error(`${failures} extension test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => {
      results.push({ test: t.fullTitle(), state: 'passed', ms: t.duration });
      console.log(`  \u2714 ${t.fullTitle()} (${t.duration} ms)`);
    });
    runner.on('fail', (t, err: Error) => {
      results.push({ test: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) });
      console.log(`  \u2716 ${t.fullTitle()}: ${err?.stack ?? err}`);
    });
  });
}
