// --ephemeral storage: starts empty, acknowledges at once, writes nothing.
import assert from 'node:assert/strict';
import { createMemoryPersistence } from '../../emulator/storage/memoryPersistence.js';
import { emptySnapshot } from '../../emulator/storage/persistence.js';

describe('memory persistence', () => {
  it('describes itself as "memory" and starts empty', async () => {
    const persistence = createMemoryPersistence();
    assert.equal(persistence.location, 'memory');
    assert.deepEqual(await persistence.load(), emptySnapshot());
  });

  it('acknowledges commits without waiting for any disk', async () => {
    const persistence = createMemoryPersistence();
    await persistence.load();
    let acknowledged = false;
    const commit = persistence.commit([{ op: 'put', coll: 'users', key: 'auth0|1', value: { user_id: 'auth0|1' } }]);
    void commit.then(() => (acknowledged = true));
    await Promise.resolve();
    assert.equal(acknowledged, true);
    await persistence.close();
  });

  it('forgets everything between runs', async () => {
    const first = createMemoryPersistence();
    await first.load();
    await first.commit([{ op: 'put', coll: 'users', key: 'auth0|1', value: { user_id: 'auth0|1' } }]);
    await first.close();
    assert.deepEqual(await createMemoryPersistence().load(), emptySnapshot());
  });
});
