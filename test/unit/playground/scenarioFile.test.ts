// The saved scenario file: what it must name, and the replay on a copy of the data.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runScenarioCommand } from '../../../emulator/runtime/scenario/command.js';
import { parseScenario, ScenarioError } from '../../../emulator/runtime/scenario/scenarioFile.js';
import { sampleSeed, SAMPLE_USER_IDS } from '../../../emulator/seed/sampleSeed.js';

const FIXTURE = path.resolve('test/fixtures/workspace-actions');

function sink() {
  let text = '';
  const stream = new Writable({ write(c, _e, cb) { text += String(c); cb(); } });
  return { stream, text: () => text };
}

describe('scenario files (*.auth0-scenario.json)', () => {
  it('requires users or a query, and an Action or enabled Rule', () => {
    assert.throws(() => parseScenario({ actions: ['a.js'] }), ScenarioError);
    assert.throws(() => parseScenario({ users: ['u'], actions: [] }), /at least one Action or Rule/);
    assert.throws(() => parseScenario({ users: ['u'], actions: ['a.js'], overrides: { secrets: { k: 1 } } }), /secrets values must be strings/);
    assert.deepEqual(parseScenario({ users: ['u'], actions: [], rules: ['r.js'] }), { users: ['u'], actions: [], rules: ['r.js'], rulesEnabled: true, dryRun: false });
  });

  it('replays the sample scenario on a copy of an export with the same transcript each time', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scenario-'));
    const seed = path.join(dir, 'export.json');
    writeFileSync(seed, JSON.stringify(sampleSeed()));
    const runOnce = async () => {
      const out = sink();
      const code = await runScenarioCommand([path.join(FIXTURE, 'premium-listeners.auth0-scenario.json'), '--seed', seed, '--json'], { out: out.stream, err: sink().stream });
      return { code, run: JSON.parse(out.text()) };
    };
    const { code, run } = await runOnce();
    assert.equal(code, 1, 'one login is denied, so the command fails like a CI check should');
    assert.equal(run.dryRun, true);
    const [priya, sam] = run.results;
    assert.equal(priya.userId, SAMPLE_USER_IDS.nearPromotion);
    assert.equal(priya.transcript.status, 'success');
    assert.deepEqual(priya.transcript.write.patch, { app_metadata: { last_seen_plan: 'premium' } });
    assert.equal(priya.transcript.write.dryRun, true);
    assert.equal(priya.transcript.idTokenClaims['https://music.example.com/plan'], 'premium');
    assert.equal(sam.transcript.status, 'denied');
    assert.equal(sam.transcript.denied, 'The partner app needs a paid plan');
    assert.deepEqual(sam.transcript.write.patch, { app_metadata: { last_seen_plan: 'free' }, user_metadata: { displayName: 'user' } });
    const again = await runOnce();
    const strip = (r: typeof run) => r.results.map((x: typeof priya) => ({ status: x.transcript.status, write: x.transcript.write, denied: x.transcript.denied }));
    assert.deepEqual(strip(again.run), strip(run));
  });

  it('runs in-process with --user/--action and compares a Rule with the Action', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scenario-'));
    const seed = path.join(dir, 'export.json');
    writeFileSync(seed, JSON.stringify(sampleSeed()));
    const out = sink();
    const code = await runScenarioCommand(
      ['--seed', seed, '--user', SAMPLE_USER_IDS.noDisplayName, '--action', path.join(FIXTURE, 'actions/plan-claims.js'), '--rules', path.join(FIXTURE, 'rules/default-display-name.js'), '--compare', '--in-process', '--dry-run', '--json'],
      { out: out.stream, err: sink().stream },
    );
    assert.equal(code, 0);
    const r = JSON.parse(out.text()).results[0];
    assert.deepEqual(r.transcript.actions[0].logs.map((l: { message: string }) => l.message), ['plan free for sam.whitaker@example.com']);
    assert.equal(r.parity.same, false);
    assert.deepEqual(r.parity.differences, [{ aspect: 'app_metadata', key: 'last_seen_plan', action: 'free' }]);
  });
});
