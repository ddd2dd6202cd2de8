// Case-insensitive comparisons of stored values against lower-cased query constants without allocating a
// lower-cased copy per user: ASCII is folded inline; any non-ASCII character falls back to toLowerCase().

const isAscii = (s: string) => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
};

/** 1 = region equals, 0 = differs, -1 = met a non-ASCII character (caller falls back). `lower` is lower-cased. */
function regionEquals(v: string, start: number, lower: string): number {
  for (let i = 0; i < lower.length; i++) {
    const a = v.charCodeAt(start + i);
    const b = lower.charCodeAt(i);
    if (a === b) continue;
    if (a > 127) return -1;
    if (a >= 65 && a <= 90 && a + 32 === b) continue;
    return 0;
  }
  return 1;
}

/** v.toLowerCase() === lower */
export function equalsFolded(lower: string): (v: string) => boolean {
  // For an ASCII constant, only same-length values can fold to it (no character lower-cases to a longer ASCII run).
  const ascii = isAscii(lower);
  return (v) => {
    if (ascii && v.length !== lower.length) return false;
    if (v.length === lower.length) {
      const r = regionEquals(v, 0, lower);
      if (r >= 0) return r === 1;
    }
    return v.toLowerCase() === lower;
  };
}

/** v.toLowerCase().startsWith(lower) */
export function startsWithFolded(lower: string): (v: string) => boolean {
  return (v) => {
    if (v.length >= lower.length) {
      const r = regionEquals(v, 0, lower);
      if (r >= 0) return r === 1;
    }
    return v.toLowerCase().startsWith(lower);
  };
}

/** v.toLowerCase().endsWith(lower) */
export function endsWithFolded(lower: string): (v: string) => boolean {
  return (v) => {
    if (v.length >= lower.length) {
      const r = regionEquals(v, v.length - lower.length, lower);
      if (r >= 0) return r === 1;
    }
    return v.toLowerCase().endsWith(lower);
  };
}

/** v.toLowerCase().includes(lower) */
export function includesFolded(lower: string): (v: string) => boolean {
  if (!isAscii(lower)) return (v) => v.toLowerCase().includes(lower);
  // An `i` regex finds ASCII runs case-insensitively in one native scan. Non-ASCII characters never match an ASCII
  // pattern there (unlike toLowerCase, which maps e.g. the Kelvin sign to "k"), so a miss on a non-ASCII value is
  // re-checked the slow way.
  const re = new RegExp(lower.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), 'i');
  return (v) => re.test(v) || (!isAscii(v) && v.toLowerCase().includes(lower));
}
