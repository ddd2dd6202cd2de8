// Test-only worker entry: loads the TypeScript sandbox worker through tsx's API. Used via createSandbox({ workerFile })
// because mocha loads specs through tsx's CommonJS hook, where the pool's own import.meta.resolve is unavailable.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('../../../../emulator/runtime/sandbox/worker.ts', import.meta.url).href, import.meta.url);
