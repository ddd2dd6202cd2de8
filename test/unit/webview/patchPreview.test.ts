import assert from 'node:assert/strict';
import { buildPatchPreview, mergeMetadata, metadataPatch, previewMerge } from '../../../webview/metadataEditor/patchPreview.js';

describe('metadata editor: PATCH body', () => {
  it('sends nothing when the documents are unchanged', () => {
    const stored = { theme: 'dark', prefs: { a: 1 } };
    assert.equal(metadataPatch(stored, { prefs: { a: 1 }, theme: 'dark' }), undefined);
  });

  it('sends a changed nested object whole, because Auth0 replaces it whole', () => {
    const stored = { prefs: { lang: 'en', sound: true }, theme: 'dark' };
    const patch = metadataPatch(stored, { prefs: { lang: 'fr', sound: true }, theme: 'dark' });
    assert.deepEqual(patch, { prefs: { lang: 'fr', sound: true } });
  });

  it('sends null for a key the user removed, and keeps a null the user typed', () => {
    const stored = { a: 1, b: 2, c: 3 };
    assert.deepEqual(metadataPatch(stored, { a: 1, c: null }), { b: null, c: null });
  });

  it('sends new keys', () => {
    assert.deepEqual(metadataPatch({}, { plan: 'premium' }), { plan: 'premium' });
  });

  it('builds one body for both kinds and leaves out the untouched one', () => {
    const stored = { app_metadata: { plan: 'free' }, user_metadata: { theme: 'dark' } };
    const { patch } = buildPatchPreview(stored, { app_metadata: { plan: 'free' }, user_metadata: { theme: 'light' } });
    assert.deepEqual(patch, { user_metadata: { theme: 'light' } });
  });
});

describe('metadata editor: merge preview (Auth0 one-level merge)', () => {
  it('replaces nested objects and deletes keys set to null, keeping keys not sent', () => {
    const stored = { prefs: { lang: 'en', sound: true }, nickname: 'ace', theme: 'dark' };
    const patch = { prefs: { lang: 'fr' }, nickname: null };
    const preview = previewMerge(stored, patch);
    assert.deepEqual(preview.merged, { prefs: { lang: 'fr' }, theme: 'dark' });
    assert.deepEqual(preview.changes, [
      { key: 'prefs', change: 'replaced', nestedReplace: true },
      { key: 'nickname', change: 'deleted' },
      { key: 'theme', change: 'kept' },
    ]);
  });

  it('marks keys that are new as added', () => {
    const preview = previewMerge({ a: 1 }, { b: [1, 2] });
    assert.deepEqual(preview.changes, [
      { key: 'b', change: 'added' },
      { key: 'a', change: 'kept' },
    ]);
  });

  it('says a null for a key that is not stored deletes nothing', () => {
    assert.deepEqual(previewMerge({ a: 1 }, { ghost: null }).changes[0], { key: 'ghost', change: 'absent' });
  });

  it('wipes everything for an empty object, as Auth0 does', () => {
    assert.equal(mergeMetadata({ a: 1, b: 2 }, {}), undefined);
    assert.deepEqual(previewMerge({ a: 1 }, {}).changes, [{ key: 'a', change: 'deleted' }]);
  });

  it('omits the field once every key is deleted', () => {
    assert.equal(mergeMetadata({ a: 1 }, { a: null }), undefined);
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const merged = mergeMetadata({}, JSON.parse('{"__proto__": {"x": 1}}'));
    assert.deepEqual(Object.keys(merged!), ['__proto__']);
    assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  });

  it('previews what the PATCH it built produces: the edited document without its nulls', () => {
    const stored = { app_metadata: { plan: 'free', roles: ['listener'] }, user_metadata: { theme: 'dark', prefs: { a: 1, b: 2 } } };
    const edited = { app_metadata: { plan: 'premium', roles: ['listener'] }, user_metadata: { prefs: { a: 1 }, extra: null } };
    const { previews } = buildPatchPreview(stored, edited);
    assert.deepEqual(previews.app_metadata.merged, { plan: 'premium', roles: ['listener'] });
    assert.deepEqual(previews.user_metadata.merged, { prefs: { a: 1 } });
  });
});
