// Counts the lines a run's capturing console receives, so a pipeline that runs several scripts in one sandbox job
// can tell which captured lines belong to which script.
const LEVELS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table'] as const;

export function countConsoleLines(runConsole: Console): { readonly count: number } {
  const counter = { count: 0 };
  const c = runConsole as unknown as Record<string, (...a: unknown[]) => void>;
  for (const level of LEVELS) {
    const original = c[level];
    if (typeof original !== 'function') continue;
    c[level] = (...args: unknown[]) => {
      counter.count++;
      original.apply(runConsole, args);
    };
  }
  const assert = c.assert;
  if (typeof assert === 'function') {
    c.assert = (cond: unknown, ...args: unknown[]) => {
      if (!cond) counter.count++;
      assert.call(runConsole, cond, ...args);
    };
  }
  return counter;
}
