// esbuild bundles: the emulator CLI (node, ESM) and the Actions sandbox worker; the extension and webview
// targets are added by their own issue.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };

const entries = [
  { entryPoints: ['emulator/cli.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['emulator/runtime/sandbox/worker.ts'], outfile: 'dist/sandbox-worker.js' },
].filter((e) => existsSync(e.entryPoints[0]));

await Promise.all(
  entries.map((e) =>
    build({
      ...common,
      ...e,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // CJS dependencies bundled into ESM still call require(); give them one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
  ),
);
