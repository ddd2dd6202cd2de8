// Standalone entry of `run scenario` (bundled by the extension build as dist/scenario.js): what the extension's
// debug sessions launch, so they work whether or not the CLI dispatch lists `scenario`.
import { runScenarioCommand } from './command.js';

runScenarioCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(2);
  },
);
