// Matches whole values against `*` / `?` patterns without regular expressions: linear fast paths for the common
// shapes (prefix, suffix, infix) and a two-pointer glob otherwise, so no pattern can backtrack exponentially.
import type { WildcardPart } from './ast.js';
import { endsWithFolded, includesFolded, startsWithFolded } from './caseFold.js';
import { queryError } from './queryError.js';

/** Auth0: "for suffix matching, literals must have 3 characters or more" (`name:*usa` ok, `name:*sa` not). */
export const MIN_LEADING_WILDCARD_LITERAL = 3;

const ANY = -1;
const ONE = -2;

/** True for `*`, `**`…: Elasticsearch turns `field:*` into an exists query and a bare `*` into match-all. */
export function isMatchEverything(parts: readonly WildcardPart[]): boolean {
  return parts.every((p) => p.kind === 'any');
}

/**
 * Rejects what Auth0 rejects: a pattern that starts with a wildcard needs a literal run of at least 3 characters
 * (its suffix/infix search works on 3-grams). Prefix patterns (`j*`) and inner wildcards (`j*n`) are free.
 */
export function checkWildcard(parts: readonly WildcardPart[], shown: string, column: number): void {
  const first = parts[0];
  if (first === undefined || first.kind === 'literal') return;
  let longest = 0;
  for (const p of parts) if (p.kind === 'literal') longest = Math.max(longest, [...p.text].length);
  if (longest < MIN_LEADING_WILDCARD_LITERAL) {
    throw queryError(
      `Wildcard "${shown}": a pattern that starts with a wildcard needs a literal of at least ` +
        `${MIN_LEADING_WILDCARD_LITERAL} characters (e.g. name:*usa, not name:*sa)`,
      column,
    );
  }
}

/** The pattern as the user wrote it, for messages. */
export function patternText(parts: readonly WildcardPart[]): string {
  return parts.map((p) => (p.kind === 'literal' ? p.text : p.kind === 'any' ? '*' : '?')).join('');
}

/** Compiles a pattern to a whole-value test; `caseInsensitive` compares as if both sides were lower-cased. */
export function compileWildcard(parts: readonly WildcardPart[], caseInsensitive: boolean): (value: string) => boolean {
  const lit = (p: WildcardPart) => (p.kind === 'literal' ? (caseInsensitive ? p.text.toLowerCase() : p.text) : '');
  const [a, b, c] = parts;
  if (parts.length === 2 && a?.kind === 'literal' && b?.kind === 'any') {
    const prefix = lit(a);
    return caseInsensitive ? startsWithFolded(prefix) : (v) => v.startsWith(prefix);
  }
  if (parts.length === 2 && a?.kind === 'any' && b?.kind === 'literal') {
    const suffix = lit(b);
    return caseInsensitive ? endsWithFolded(suffix) : (v) => v.endsWith(suffix);
  }
  if (parts.length === 3 && a?.kind === 'any' && b?.kind === 'literal' && c?.kind === 'any') {
    const infix = lit(b);
    return caseInsensitive ? includesFolded(infix) : (v) => v.includes(infix);
  }
  const codes: number[] = [];
  for (const p of parts) {
    if (p.kind === 'any') {
      if (codes[codes.length - 1] !== ANY) codes.push(ANY);
    } else if (p.kind === 'one') codes.push(ONE);
    else for (const ch of lit(p)) for (let i = 0; i < ch.length; i++) codes.push(ch.charCodeAt(i));
  }
  return caseInsensitive ? (v) => glob(v.toLowerCase(), codes) : (v) => glob(v, codes);
}

/** Classic greedy glob with one backtrack point (the last `*`): O(value × pattern) worst case. `?` = one code point. */
function glob(v: string, p: readonly number[]): boolean {
  let vi = 0;
  let pi = 0;
  let starP = -1;
  let starV = 0;
  const vn = v.length;
  const pn = p.length;
  while (vi < vn) {
    const code = pi < pn ? (p[pi] as number) : 0;
    if (pi < pn && code === ONE) {
      vi += codePointWidth(v, vi);
      pi++;
    } else if (pi < pn && code === ANY) {
      starP = pi++;
      starV = vi;
    } else if (pi < pn && code === v.charCodeAt(vi)) {
      vi++;
      pi++;
    } else if (starP >= 0) {
      pi = starP + 1;
      starV += codePointWidth(v, starV);
      vi = starV;
    } else {
      return false;
    }
  }
  while (pi < pn && p[pi] === ANY) pi++;
  return pi === pn && vi === vn;
}

function codePointWidth(v: string, i: number): number {
  const c = v.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
    const d = v.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}
