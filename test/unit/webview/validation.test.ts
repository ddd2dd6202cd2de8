import assert from 'node:assert/strict';
import { validateCombinedSize, validateMetadataText } from '../../../webview/metadataEditor/validation.js';

const errors = (text: string, kind: 'app_metadata' | 'user_metadata' = 'user_metadata') =>
  validateMetadataText(text, kind).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

describe('metadata editor: validation as you type', () => {
  it('accepts a plain object, dots inside values included', () => {
    const r = validateMetadataText('{"preference": {"color": "light.blue"}}', 'user_metadata');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.value, { preference: { color: 'light.blue' } });
  });

  it('reports invalid JSON with its line and column', () => {
    const [message] = errors('{\n  "a": 1,\n}');
    assert.match(message!, /^Invalid JSON: /);
    assert.match(message!, /line 3/);
  });

  it('asks for an object when the text is empty, an array or a scalar', () => {
    assert.match(errors('')[0]!, /Enter a JSON object/);
    assert.match(errors('[1]')[0]!, /must be a JSON object, not an array/);
    assert.match(errors('null')[0]!, /not null/);
  });

  it('rejects "." and "$" in key names at any depth', () => {
    assert.match(errors('{"preference.color": "pink"}')[0]!, /"preference.color" contains "\."/);
    const nested = validateMetadataText('{"a": {"b$c": 1}}', 'user_metadata').diagnostics[0]!;
    assert.equal(nested.path, 'a.b$c');
    assert.match(nested.message, /contains "\$"/);
  });

  it('rejects reserved app_metadata names, but allows them in user_metadata', () => {
    assert.match(errors('{"user_id": "x"}', 'app_metadata')[0]!, /reserved app_metadata name/);
    assert.deepEqual(errors('{"user_id": "x"}', 'user_metadata'), []);
  });

  it('warns about fields over 2 KB', () => {
    const r = validateMetadataText(JSON.stringify({ notes: 'x'.repeat(3000) }), 'user_metadata');
    assert.equal(r.diagnostics[0]?.severity, 'warning');
    assert.match(r.diagnostics[0]!.message, /"notes" is 2\.9 KB/);
  });

  it('warns above the 10 KB profile limit and refuses above 1 MB', () => {
    assert.deepEqual(validateCombinedSize({ a: 'x' }, {}), []);
    assert.equal(validateCombinedSize({ a: 'x'.repeat(11 * 1024) }, {})[0]?.severity, 'warning');
    assert.equal(validateCombinedSize({}, { a: 'x'.repeat(1024 * 1024) })[0]?.severity, 'error');
  });
});
