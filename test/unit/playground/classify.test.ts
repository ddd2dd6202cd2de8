// Which workspace files the Actions view lists, and as what.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyFile, deployBindings, deployRootOf } from '../../../extension/actions/classify.js';

const FIXTURE = path.resolve('test/fixtures/workspace-actions');
const read = (p: string) => readFileSync(path.join(FIXTURE, p), 'utf8');

describe('classifying workspace files for the Actions view', () => {
  it('finds a post-login Action and the line of its handler', () => {
    const e = classifyFile('actions/plan-claims.js', read('actions/plan-claims.js'));
    assert.equal(e?.kind, 'action');
    assert.ok(e?.kind === 'action');
    assert.deepEqual(e.triggers, ['post-login']);
    assert.equal(e.handlerLines['post-login'], 1);
    assert.equal(e.name, 'plan-claims');
  });

  it('names a Deploy CLI code.js after its folder', () => {
    const e = classifyFile('tenant/actions/tag-roles/code.js', read('tenant/actions/tag-roles/code.js'));
    assert.equal(e?.kind === 'action' && e.name, 'tag-roles');
  });

  it('lists every trigger a file exports, including ESM exports', () => {
    const e = classifyFile('a.js', 'export const onExecuteCredentialsExchange = async () => {};\nexports.onExecutePreUserRegistration = async () => {};\n');
    assert.ok(e?.kind === 'action');
    assert.deepEqual(e.triggers.sort(), ['credentials-exchange', 'pre-user-registration']);
  });

  it('recognises a legacy Rule by its (user, context, callback) function', () => {
    const e = classifyFile('rules/default-display-name.js', read('rules/default-display-name.js'));
    assert.deepEqual(e && { kind: e.kind, name: e.name }, { kind: 'rule', name: 'default-display-name' });
  });

  it('recognises custom database scripts by name and names their connection', () => {
    const e = classifyFile('custom-db/legacy-music-db/login.js', read('custom-db/legacy-music-db/login.js'));
    assert.ok(e?.kind === 'customDb');
    assert.equal(e.connection, 'legacy-music-db');
    assert.equal(e.name, 'login');
  });

  it('ignores ordinary JavaScript', () => {
    assert.equal(classifyFile('src/app.js', 'const x = 1;\nmodule.exports = { x };\n'), undefined);
    assert.equal(classifyFile('src/login.js', 'const login = 1;'), undefined);
  });

  it('reads Deploy CLI trigger bindings in their order and finds each code file', () => {
    const b = deployBindings('tenant', '{"post-login":[{"action_name":"tag-roles"},{"action_name":"missing"}]}', new Set(['tenant/actions/tag-roles/code.js']));
    assert.deepEqual(b, [
      { trigger: 'post-login', order: 1, actionName: 'tag-roles', codePath: 'tenant/actions/tag-roles/code.js' },
      { trigger: 'post-login', order: 2, actionName: 'missing' },
    ]);
    assert.equal(deployRootOf('tenant/triggers/triggers.json'), 'tenant');
    assert.equal(deployRootOf('triggers/triggers.json'), '');
    assert.deepEqual(deployBindings('', 'not json', new Set()), []);
  });
});
