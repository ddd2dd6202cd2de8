// Reads query literals as typed values: numbers, booleans and (partial) dates. A partial date stands for the whole
// period it names, as Elasticsearch rounds date bounds: `2017-12` = [2017-12-01T00:00:00.000Z, 2017-12-31T23:59:59.999Z].

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The number a literal denotes, or NaN. */
export function parseNumber(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

/** true / false (Elasticsearch accepts only these lower-case spellings), else undefined. */
export function parseBoolean(text: string): boolean | undefined {
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

export interface DatePeriod {
  /** First millisecond of the period. */
  start: number;
  /** Last millisecond of the period. */
  end: number;
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * YYYY, YYYY-MM, YYYY-MM-DD, or a date-time (minutes, seconds or fractions; `Z`, an offset, or none = UTC).
 * Returns undefined for anything else, including impossible calendar dates.
 */
export function parseDatePeriod(text: string): DatePeriod | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const hh = Number(digits.slice(1, 3));
    const mm = Number(digits.slice(3, 5));
    if (hh > 23 || mm > 59) return undefined;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hh * 60 + mm);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  const start = utc.getTime() - offsetMinutes * 60_000;
  let end: number;
  // Partial dates carry no zone (the pattern only allows one after a time), so they are UTC periods.
  if (mo === undefined) end = Date.UTC(year + 1, 0, 1) - 1;
  else if (d === undefined) end = Date.UTC(year, month, 1) - 1;
  else if (h === undefined) end = start + 86_400_000 - 1;
  else if (s === undefined) end = start + 60_000 - 1;
  else if (frac === undefined) end = start + 999;
  else end = start;
  return { start, end };
}

/**
 * Stored timestamps are canonical ISO-8601 (`2023-01-25T19:00:26.187Z`), which order correctly as strings, so date
 * comparisons against 100k users compare strings against precomputed bounds and only fall back to Date.parse for
 * other shapes. A cheap shape check (length, `T`, `Z`) is enough: it runs once per user per clause.
 */
export function isCanonicalIso(value: string): boolean {
  return value.length === 24 && value.charCodeAt(10) === 84 && value.charCodeAt(23) === 90 && value.charCodeAt(4) === 45;
}

/** Canonical ISO string of an instant (within years 0000–9999; callers clamp). */
export function toCanonicalIso(ms: number): string {
  return new Date(ms).toISOString();
}
