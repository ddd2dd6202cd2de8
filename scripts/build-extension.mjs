// esbuild bundles for VS Code: the extension host bundle (CJS, `vscode` external: the package is "type":"module",
// hence .cjs), the metadata editor webview (browser IIFE + CSS), and with --tests the extension tests that run
// inside a real extension host (out/test/vscode/*.cjs, mocha resolved from node_modules at run time).
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const withTests = process.argv.includes('--tests');
const common = { bundle: true, logLevel: 'warning', legalComments: 'none' };

const builds = [
  build({
    ...common,
    entryPoints: ['extension/main.ts'],
    outfile: 'dist/extension.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', './directory.cjs', './tenant.cjs'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
  }),
  // The auth0 SDK, required lazily by the extension on the first emulator start (keeps activation light).
  build({
    ...common,
    entryPoints: ['extension/directory/managementDirectory.ts'],
    outfile: 'dist/directory.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
  }),
  build({
    ...common,
    entryPoints: { metadataEditor: 'webview/metadataEditor/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
  }),
  build({
    ...common,
    entryPoints: { metadataEditor: 'webview/metadataEditor/styles.css' },
    outdir: 'dist/webview',
    minify: true,
  }),
  // The Actions playground webview, and `run scenario` (what the playground's snapshot runs and debug sessions launch).
  build({
    ...common,
    entryPoints: { playground: 'webview/playground/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
  }),
  build({
    ...common,
    entryPoints: { playground: 'webview/playground/styles.css' },
    outdir: 'dist/webview',
    minify: true,
  }),
  // Real tenants: the auth0 SDK for tenant connections, required on first use; the sync preview webview.
  build({
    ...common,
    entryPoints: ['extension/tenant/tenantModule.ts'],
    outfile: 'dist/tenant.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
  }),
  build({
    ...common,
    entryPoints: { sync: 'webview/sync/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
  }),
  build({
    ...common,
    entryPoints: { sync: 'webview/sync/styles.css' },
    outdir: 'dist/webview',
    minify: true,
  }),
  build({
    ...common,
    entryPoints: ['emulator/runtime/scenario/main.ts'],
    outfile: 'dist/scenario.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
];

if (withTests) {
  rmSync('out/test', { recursive: true, force: true });
  const dir = 'test/vscode';
  const entries = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  builds.push(
    build({
      ...common,
      entryPoints: entries,
      outdir: 'out/test/vscode',
      outExtension: { '.js': '.cjs' },
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
      sourcemap: 'inline',
    }),
  );
}

await Promise.all(builds);
const sizes = ['dist/extension.cjs', 'dist/directory.cjs'].map((f) => statSync(f).size);
const total = sizes.reduce((a, b) => a + b, 0);
console.log(`extension bundles ${(total / 1024).toFixed(0)} KiB (extension.cjs ${(sizes[0] / 1024).toFixed(0)} KiB + directory.cjs ${(sizes[1] / 1024).toFixed(0)} KiB)${withTests ? ' (+ out/test/vscode)' : ''}`);
if (total > 2 * 1024 * 1024) {
  console.error('the extension bundles are over 2 MB');
  process.exitCode = 1;
}
