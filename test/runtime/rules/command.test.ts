// `auth0-emulator run rules`: the transcript of the seed document's rules, readable and --json.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRulesCommand } from '../../../emulator/runtime/rules/command.js';
import { testSandbox as sandbox } from './support/sandbox.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../fixtures/rules/${p}`, import.meta.url));

describe('auth0-emulator run rules', () => {
  let tmp: string;
  let seed: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'run-rules-'));
    seed = join(tmp, 'seed.json');
    await writeFile(seed, JSON.stringify({ users: [{ user_id: 'auth0|u1', email: 'u1@example.com', connection: 'Username-Password-Authentication' }] }));
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  function capture() {
    const io = { text: '', out: undefined as unknown as NodeJS.WritableStream };
    io.out = { write: (s: string) => ((io.text += s), true) } as unknown as NodeJS.WritableStream;
    return io;
  }

  it('prints each rule, its writes and the outcome', async () => {
    const io = capture();
    const code = await runRulesCommand(['--rules', fixture('seed/default-display-name.js'), '--rules', fixture('vectors/trace-a.js'), '--seed', seed, '--user', 'auth0|u1'], { out: io.out, sandbox });
    assert.equal(code, 0);
    assert.match(io.text, /✔ default-display-name/);
    assert.match(io.text, /wrote auth0\.users\.updateUserMetadata\(auth0\|u1, \{"displayName":"user"\}\)/);
    assert.match(io.text, /Login succeeds/);
    assert.match(io.text, /ID token claims: \{"https:\/\/x\/trace":"a"\}/);
    assert.match(io.text, /Stored app_metadata: null {2}user_metadata: \{"displayName":"user"\}/);
  });

  it('--json gives the outcome with the denial and exits 1 when a rule denies', async () => {
    const io = capture();
    const code = await runRulesCommand(['--rules', fixture('vectors/unauthorized.js'), '--seed', seed, '--user', 'auth0|u1', '--json'], { out: io.out, sandbox });
    assert.equal(code, 1);
    const json = JSON.parse(io.text) as { ok: boolean; denial: unknown; steps: Array<{ errorText: string }> };
    assert.equal(json.ok, false);
    assert.deepEqual(json.denial, { error: 'unauthorized', error_description: 'closed' });
    assert.match(json.steps[0]!.errorText, /unauthorized\.js:2:\d+: UnauthorizedError: closed/);
  });

  it('--action runs the parity check', async () => {
    const io = capture();
    const code = await runRulesCommand(['--rules', fixture('parity/plan-claim.rule.js'), '--action', fixture('parity/plan-claim.action.js'), '--seed', seed, '--user', 'auth0|u1'], { out: io.out, sandbox });
    assert.equal(code, 1);
    assert.match(io.text, /idToken https:\/\/music\.example\/plan: rule "free" ≠ action \(absent\)/);
  });
});
