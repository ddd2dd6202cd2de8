import assert from 'node:assert/strict';
import { toSearchQuery } from '../../../extension/views/userSearch.js';

describe('Users view search box', () => {
  it('passes Auth0 query syntax through untouched', () => {
    assert.equal(toSearchQuery('app_metadata.plan:"premium"'), 'app_metadata.plan:"premium"');
    assert.equal(toSearchQuery('_exists_:user_metadata.theme'), '_exists_:user_metadata.theme');
    assert.equal(toSearchQuery('email:*@example.com AND blocked:true'), 'email:*@example.com AND blocked:true');
  });

  it('turns a plain word into a name, email or nickname match (infix for 3+ characters)', () => {
    assert.equal(toSearchQuery(' ada '), '(name:*ada* OR email:*ada* OR nickname:*ada*)');
  });

  it('uses a prefix for short words, since Auth0 needs 3 characters around an infix wildcard', () => {
    assert.equal(toSearchQuery('jo'), '(name:jo* OR email:jo* OR nickname:jo*)');
  });

  it('requires every word, and escapes Lucene syntax inside words', () => {
    assert.equal(
      toSearchQuery('ada l-ve'),
      '(name:*ada* OR email:*ada* OR nickname:*ada*) AND (name:*l\\-ve* OR email:*l\\-ve* OR nickname:*l\\-ve*)',
    );
  });

  it('returns an empty query for blank input', () => {
    assert.equal(toSearchQuery('   '), '');
  });
});
