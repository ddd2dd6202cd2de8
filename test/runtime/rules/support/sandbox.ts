// One real worker-thread sandbox shared by the Rules and custom-DB tests (closed after the run).
import { fileURLToPath } from 'node:url';
import { createSandbox, type Sandbox } from '../../../../emulator/runtime/sandbox/index.js';

export const testSandbox: Sandbox = createSandbox({ workerFile: fileURLToPath(new URL('./sandboxWorker.mjs', import.meta.url)), maxWorkers: 2 });
