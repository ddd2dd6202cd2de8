// Prints the benchmark figures: a readable table, then one JSON object as the very last line for machines.
export interface Row {
  metric: string;
  value: number | null;
  unit: string;
  /** e.g. ['>=', 10]; absent when the figure has no target. */
  target?: ['>=' | '<', number];
}

function format(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return 'n/a';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ' ' + unit : ''}`;
}

function verdict(row: Row): string {
  if (!row.target) return '';
  if (row.value === null || Number.isNaN(row.value)) return 'not measured';
  const [op, bound] = row.target;
  const met = op === '>=' ? row.value >= bound : row.value < bound;
  return `${met ? 'met' : 'MISSED'} (${op} ${bound})`;
}

export function printTable(rows: Row[]): void {
  const cells = rows.map((r) => [r.metric, format(r.value, r.unit), verdict(r)]);
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => c[i]!.length), ['metric', 'value', 'target'][i]!.length));
  const line = (c: string[]) => c.map((x, i) => (i === 1 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!))).join('  ');
  console.log(line(['metric', 'value', 'target']));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

/** Rounds floats for the JSON line; keeps nulls so a missing figure is visible rather than absent. */
export function round(value: number | null | undefined, digits = 2): number | null {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
