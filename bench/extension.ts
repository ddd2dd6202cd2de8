// Extension figures: activation time (loading dist/extension.cjs cold in a fresh Node process and calling
// activate() against a stand-in `vscode` module) and bundle sizes. Targets: activation < 100 ms, extension bundle
// < 2 MB. Printed, never asserted. Run alone: `node scripts/build-extension.mjs && node --import tsx bench/extension.ts`.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ExtensionFigures {
  /** Median over runs of require(dist/extension.cjs) + activate(), each in a fresh process. */
  activationMs: { median: number; runs: number[]; requireMedian: number; activateMedian: number };
  bytes: Record<string, number | null>;
  targets: { activationMs: 100; extensionBundleBytes: number };
}

// Runs in a child process: a Proxy stands in for every vscode API the extension touches during activation.
const PROBE = String.raw`
const Module = require('node:module');
const anything = () => new Proxy(function () {}, {
  get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : anything()),
  set: () => true,
  apply: () => anything(),
  construct: () => anything(),
});
// esbuild's interop copies the module's own keys, so the stand-in needs real ones.
const vscode = {};
for (const k of ['window', 'commands', 'env', 'languages', 'Uri', 'EventEmitter', 'ThemeIcon', 'ThemeColor',
  'StatusBarAlignment', 'TreeItem', 'TreeItemCollapsibleState', 'ViewColumn', 'ConfigurationTarget', 'MarkdownString'])
  vscode[k] = anything();
vscode.workspace = new Proxy({}, { get: (t, k) => k === 'getConfiguration'
  ? () => ({ get: (key, dflt) => (key === 'autoStart' ? false : dflt) }) : anything() });
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
const t0 = performance.now();
const ext = require(process.argv[1]);
const t1 = performance.now();
const context = { subscriptions: [], extensionPath: process.cwd(), extensionUri: anything(), globalStorageUri: { fsPath: '/tmp' },
  secrets: anything(), globalState: { get: () => true, update: async () => {} }, extension: { id: 'bench' } };
ext.activate(context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ require: t1 - t0, activate: t2 - t1 }));
`;

export function benchExtension(opts: { root?: string; runs?: number } = {}): ExtensionFigures {
  const root = resolve(opts.root ?? '.');
  const bundle = resolve(root, 'dist/extension.cjs');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run node scripts/build-extension.mjs`);
  const samples: Array<{ require: number; activate: number }> = [];
  for (let i = 0; i < (opts.runs ?? 7); i++) {
    const out = execFileSync(process.execPath, ['-e', PROBE, bundle], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    samples.push(JSON.parse(out));
  }
  const size = (p: string) => (existsSync(resolve(root, p)) ? statSync(resolve(root, p)).size : null);
  const totals = samples.map((s) => s.require + s.activate);
  return {
    activationMs: {
      median: round(median(totals)),
      runs: totals.map(round),
      requireMedian: round(median(samples.map((s) => s.require))),
      activateMedian: round(median(samples.map((s) => s.activate))),
    },
    bytes: {
      'dist/extension.cjs': size('dist/extension.cjs'),
      'dist/directory.cjs (auth0 SDK, loaded on first start)': size('dist/directory.cjs'),
      'dist/webview/metadataEditor.js': size('dist/webview/metadataEditor.js'),
      'dist/webview/metadataEditor.css': size('dist/webview/metadataEditor.css'),
      'dist/cli.js': size('dist/cli.js'),
      'dist/sandbox-worker.js': size('dist/sandbox-worker.js'),
      'dist/auth0-emulator.vsix': size('dist/auth0-emulator.vsix'),
    },
    targets: { activationMs: 100, extensionBundleBytes: 2 * 1024 * 1024 },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

export function printExtensionFigures(f: ExtensionFigures): void {
  const kib = (n: number | null) => (n === null ? 'not built' : `${(n / 1024).toFixed(1)} KiB`);
  console.log('Extension');
  console.log(`  activation (require + activate, cold process): median ${f.activationMs.median} ms ` +
    `(require ${f.activationMs.requireMedian} ms, activate ${f.activationMs.activateMedian} ms; target < ${f.targets.activationMs} ms)`);
  for (const [file, bytes] of Object.entries(f.bytes)) console.log(`  ${file.padEnd(56)} ${kib(bytes)}`);
  console.log(`  extension bundle target < ${kib(f.targets.extensionBundleBytes)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = benchExtension();
  printExtensionFigures(figures);
  console.log(JSON.stringify(figures));
}
