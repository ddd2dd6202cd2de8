// The parsed form of a user-search `q` string: Lucene's boolean clause model (MUST / SHOULD / MUST_NOT), as
// Elasticsearch's query_string builds it, so evaluation reproduces Auth0 v3's operator quirks exactly.

/** One piece of an unquoted wildcard term: literal text, `*` (any run) or `?` (exactly one character). */
export type WildcardPart = { kind: 'literal'; text: string } | { kind: 'any' } | { kind: 'one' };

export type Occur = 'must' | 'should' | 'must_not';

export interface QueryClause {
  occur: Occur;
  query: QueryNode;
}

/** A parenthesised or top-level clause list. Matches per Lucene: all MUST, none of MUST_NOT, and at least one
 * SHOULD when there is no MUST. A list with only MUST_NOT clauses matches everyone else (Elasticsearch adds an
 * implicit match-all to purely negative queries). */
export interface BoolNode {
  type: 'bool';
  clauses: QueryClause[];
}

export interface MatchAllNode {
  type: 'match_all';
}

/**
 * A value for one field. `field: null` means no field was named (the default fields). `wildcard` is set only for
 * unquoted terms containing an unescaped `*` or `?`; `text` is then the literal text with wildcards removed.
 */
export interface TermNode {
  type: 'term';
  field: string | null;
  text: string;
  quoted: boolean;
  wildcard: WildcardPart[] | null;
  /** 1-based column of the value in q, for error messages. */
  column: number;
}

/** `[a TO b]`, `{a TO b}` and mixes; `null` bound = open (`*`). */
export interface RangeNode {
  type: 'range';
  field: string | null;
  lower: string | null;
  upper: string | null;
  includeLower: boolean;
  includeUpper: boolean;
  column: number;
}

/** `_exists_:field` */
export interface ExistsNode {
  type: 'exists';
  field: string;
  column: number;
}

export type QueryNode = BoolNode | MatchAllNode | TermNode | RangeNode | ExistsNode;
