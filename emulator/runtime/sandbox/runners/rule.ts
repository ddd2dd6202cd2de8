// Sandbox runner `rule`: one login's legacy Rules pipeline (see emulator/runtime/rules/ruleExecution.ts).
import type { Runner } from '../types.js';
import { runRulesInWorker } from '../../rules/ruleExecution.js';

export const runRules: Runner = (payload, ctx) => runRulesInWorker(payload, ctx);
