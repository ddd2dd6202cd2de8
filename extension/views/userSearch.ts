// Turns what the user typed in the search box into a user search v3 query: Lucene syntax passes through; plain
// words become a case-insensitive name/email/nickname match (Auth0 matches whole values, so words need wildcards).
// https://auth0.com/docs/manage-users/user-search/user-search-query-syntax

/** Characters Lucene treats as syntax inside a term. */
const LUCENE_SPECIAL = /[+\-!(){}[\]^"~*?:\\/&|]/g;

export function toSearchQuery(input: string): string {
  const text = input.trim();
  if (!text) return '';
  if (looksLikeLucene(text)) return text;
  const words = text.split(/\s+/).filter(Boolean);
  const clauses = words.map((word) => {
    const w = word.replace(LUCENE_SPECIAL, (c) => `\\${c}`);
    // Auth0 needs at least 3 literal characters around an infix wildcard; shorter words match as a prefix.
    const pattern = word.length >= 3 ? `*${w}*` : `${w}*`;
    return `(name:${pattern} OR email:${pattern} OR nickname:${pattern})`;
  });
  return clauses.length === 1 ? clauses[0]! : clauses.join(' AND ');
}

/** A field (`email:`), `_exists_`, a quoted phrase or a boolean operator means the user wrote a query. */
export function looksLikeLucene(text: string): boolean {
  return /(^|[\s(])[\w.]+:/.test(text) || /_exists_/.test(text) || /"/.test(text) || /\s(AND|OR|NOT)\s/.test(text);
}
