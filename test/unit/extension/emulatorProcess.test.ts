import assert from 'node:assert/strict';
import { classifyExit, cliArguments, describeFailure, type EmulatorLaunch } from '../../../extension/emulatorProcess.js';

const launch: EmulatorLaunch = {
  host: '127.0.0.1',
  port: 8787,
  dataFolder: '/data/emu',
  clientId: 'cid',
  clientSecret: 'secret',
  sampleData: true,
  rateLimitProfile: 'free',
};

describe('emulator child process', () => {
  it('passes the settings to the CLI', () => {
    assert.deepEqual(cliArguments(launch), [
      '--port', '8787', '--host', '127.0.0.1', '--data', '/data/emu', '--rate-limit', 'free',
      '--client-id', 'cid', '--client-secret', 'secret', '--sample-data', '--log-level', 'info',
    ]);
    assert.ok(cliArguments({ ...launch, ephemeral: true, sampleData: false }).includes('--ephemeral'));
    assert.ok(cliArguments({ ...launch, sampleData: false }).includes('--no-sample-data'));
  });

  it('recognises a taken port', () => {
    const f = classifyExit('Error: listen EADDRINUSE: address already in use 127.0.0.1:8787', launch, 1, null);
    assert.deepEqual(f, { kind: 'port-in-use', host: '127.0.0.1', port: 8787 });
    assert.equal(describeFailure(f), 'Port 8787 on 127.0.0.1 is already in use.');
  });

  it('recognises an unreadable data folder and names the problem', () => {
    for (const [text, problem] of [
      ['DataFolderError: /data/emu is corrupt: Unexpected token', 'corrupt'],
      ['DataFolderError: /data/emu was written by a newer-version (3) of the emulator', 'newer-version'],
      ['DataFolderError: /data/emu is locked by pid 42', 'locked'],
    ] as const) {
      const f = classifyExit(text, launch, 1, null);
      assert.equal(f.kind, 'data-folder');
      assert.equal(f.kind === 'data-folder' && f.problem, problem);
      assert.match(describeFailure(f), /\/data\/emu/);
    }
  });

  it('keeps the stderr of any other failure', () => {
    assert.deepEqual(classifyExit('boom', launch, 3, null), { kind: 'exited', exitCode: 3, signal: null, detail: 'boom' });
  });
});
