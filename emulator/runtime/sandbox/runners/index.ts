// The runner registry: the worker dispatches a job on `job.runner`. Each trigger runtime adds one line.
import type { Runner } from '../types.js';
import { runAction } from './action.js';

export const runners: Record<string, Runner> = {
  action: runAction,
};
