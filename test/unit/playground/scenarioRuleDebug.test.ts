// Debugging a legacy Rule: `run scenario --rules <file> --in-process` runs the Rule in this thread, compiled under
// its real path, so a breakpoint set by the file's path and line (what VS Code's debugger sends) pauses there with
// the Rule's `user` and `context` in scope.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runScenarioCommand } from '../../../emulator/runtime/scenario/command.js';
import { sampleSeed, SAMPLE_USER_IDS } from '../../../emulator/seed/sampleSeed.js';

const RULE = path.resolve('test/fixtures/workspace-actions/rules/default-display-name.js');

function sink() {
  let text = '';
  const stream = new Writable({ write(c, _e, cb) { text += String(c); cb(); } });
  return { stream, text: () => text };
}

interface Paused {
  line: number;
  url: string;
  locals: string[];
  email: string;
}

describe('debugging a Rule (run scenario --in-process)', () => {
  it('pauses at a breakpoint set by the rule file path and line, with user and context in scope', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scenario-rule-debug-'));
    const seed = path.join(dir, 'export.json');
    writeFileSync(seed, JSON.stringify(sampleSeed()));
    const session = new Session();
    session.connect();
    const post = <T>(method: string, params: object = {}) =>
      new Promise<T>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
    const pauses: Paused[] = [];
    const scripts = new Map<string, string>();
    session.on('Debugger.scriptParsed', (m) => scripts.set(m.params.scriptId, m.params.url));
    // A pause in this thread delivers the event synchronously; read the frame, then resume.
    session.on('Debugger.paused', (m) => {
      const frame = m.params.callFrames[0]!;
      const local = frame.scopeChain.find((s) => s.type === 'local');
      const names: string[] = [];
      let email = '';
      session.post('Runtime.getProperties', { objectId: local?.object.objectId, ownProperties: true }, (_e, res) => {
        for (const p of (res as { result: Array<{ name: string }> } | undefined)?.result ?? []) names.push(p.name);
      });
      session.post('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: 'user.email + " " + typeof context.idToken' }, (_e, res) => {
        email = String((res as { result?: { value?: unknown } } | undefined)?.result?.value);
      });
      pauses.push({ line: frame.location.lineNumber + 1, url: scripts.get(frame.location.scriptId) ?? '', locals: names, email });
      session.post('Debugger.resume');
    });
    try {
      await post('Debugger.enable');
      // Line 6 (1-based): `if (!user.user_metadata.displayName) {`
      await post('Debugger.setBreakpointByUrl', { url: RULE, lineNumber: 5, columnNumber: 0 });
      const out = sink();
      const code = await runScenarioCommand(['--seed', seed, '--user', SAMPLE_USER_IDS.noDisplayName, '--rules', RULE, '--in-process', '--dry-run', '--json'], { out: out.stream, err: sink().stream });
      assert.equal(code, 0);
      assert.equal(pauses.length, 1, 'the rule paused once');
      const [p] = pauses;
      assert.equal(p!.line, 6);
      assert.equal(p!.url, RULE);
      for (const name of ['user', 'context', 'callback']) assert.ok(p!.locals.includes(name), `${name} is in the paused frame's scope (${p!.locals.join(', ')})`);
      assert.equal(p!.email, 'sam.whitaker@example.com object');
      const r = JSON.parse(out.text()).results[0];
      assert.equal(r.transcript.status, 'success');
      assert.equal(r.transcript.idTokenClaims['https://music.example.com/plan'], 'free');
    } finally {
      await post('Debugger.disable').catch(() => undefined);
      session.disconnect();
    }
  });
});
