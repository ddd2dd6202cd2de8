// esbuild bundles for VS Code: the extension host bundle (CJS, `vscode` external: the package is "type":"module",
// hence .cjs) and its lazily required chunks, the webview panels (browser IIFE + CSS), the scenario runner, and with
// --tests the extension tests that run inside a real extension host (out/test/vscode/*.cjs, mocha resolved from
// node_modules at run time).
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const withTests = process.argv.includes('--tests');
const common = { bundle: true, logLevel: 'warning', legalComments: 'none' };

/** Webview panels: browser code (IIFE) and styles, one entry per panel. */
const WEBVIEWS = {
  metadataEditor: 'webview/metadataEditor', // the metadata editor
  playground: 'webview/playground', // the Actions playground
  sync: 'webview/sync', // the sync-to-tenant preview
};
/** Node chunks the extension requires lazily (the auth0 SDK is heavy: activation stays light). */
const LAZY_CHUNKS = {
  'dist/directory.cjs': 'extension/directory/managementDirectory.ts', // the emulator's users, on first start
  'dist/tenant.cjs': 'extension/tenant/tenantModule.ts', // real tenants, on first use
};
const nodeCjs = { platform: 'node', format: 'cjs', target: 'node20', minify: true, sourcemap: 'linked' };

const builds = [
  build({
    ...common,
    ...nodeCjs,
    entryPoints: ['extension/main.ts'],
    outfile: 'dist/extension.cjs',
    external: ['vscode', ...Object.keys(LAZY_CHUNKS).map((f) => './' + path.basename(f))],
    metafile: true,
  }),
  ...Object.entries(LAZY_CHUNKS).map(([outfile, entry]) => build({ ...common, ...nodeCjs, entryPoints: [entry], outfile })),
  build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(WEBVIEWS).map(([name, dir]) => [name, `${dir}/main.ts`])),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
  }),
  build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(WEBVIEWS).map(([name, dir]) => [name, `${dir}/styles.css`])),
    outdir: 'dist/webview',
    minify: true,
  }),
  // `run scenario`: what the playground's snapshot runs and debug sessions launch.
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
