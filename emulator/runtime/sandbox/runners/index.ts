// The runner registry: the worker dispatches a job on `job.runner`. Each trigger runtime adds one line.
import type { Runner } from '../types.js';
import { runAction } from './action.js';
import { runRules } from './rule.js';
import { runCustomDbScript } from './customDb.js';

export const runners: Record<string, Runner> = {
  action: runAction,
  rule: runRules,
  customDb: runCustomDbScript,
};
