// Storage for --ephemeral: nothing is written anywhere, every commit is "durable" at once, every start is empty.
import { emptySnapshot, type Mutation, type Persistence, type Snapshot } from './persistence.js';

export function createMemoryPersistence(): Persistence {
  return {
    location: 'memory',
    load: (): Promise<Snapshot> => Promise.resolve(emptySnapshot()),
    commit: (_mutations: Mutation[]): Promise<void> => Promise.resolve(),
    close: (): Promise<void> => Promise.resolve(),
  };
}
