// Sandbox runner `customDb`: one call of a custom database action script (see emulator/runtime/customDb/scriptExecution.ts).
import type { Runner } from '../types.js';
import { runCustomDbScriptInWorker } from '../../customDb/scriptExecution.js';

export const runCustomDbScript: Runner = (payload, ctx) => runCustomDbScriptInWorker(payload, ctx);
