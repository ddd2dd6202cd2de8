import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { moveAside, resolveDataFolder } from '../../../extension/dataFolder.js';

describe('emulator data folder', () => {
  it("defaults to the extension's storage, never the workspace", () => {
    assert.equal(resolveDataFolder('', '/storage/ext', '/work/repo'), path.join('/storage/ext', 'emulator-data'));
  });

  it('expands ${workspaceFolder} and resolves relative paths against the workspace', () => {
    assert.equal(resolveDataFolder('${workspaceFolder}/.auth0', '/storage/ext', '/work/repo'), '/work/repo/.auth0');
    assert.equal(resolveDataFolder('data/auth0', '/storage/ext', '/work/repo'), '/work/repo/data/auth0');
  });

  it('moves an unreadable folder aside by renaming it, keeping every file', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'auth0-aside-'));
    const folder = path.join(parent, 'data');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'auth0-emulator.json'), '{broken');
    const now = new Date('2026-01-02T03:04:05.678Z');
    const first = await moveAside(folder, now);
    assert.equal(first, `${folder}.unreadable-2026-01-02T03-04-05-678Z`);
    assert.equal(readFileSync(path.join(first, 'auth0-emulator.json'), 'utf8'), '{broken');
    mkdirSync(folder);
    const second = await moveAside(folder, now);
    assert.equal(second, `${first}-1`, 'an earlier copy is never overwritten');
    assert.deepEqual(readdirSync(parent).sort(), [path.basename(first), path.basename(second)].sort());
  });
});
