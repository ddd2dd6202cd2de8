// Public face of Auth0 user search v3 emulation: parse `q`, compile it to a user predicate, hint an index lookup.
export type { BoolNode, ExistsNode, MatchAllNode, Occur, QueryClause, QueryNode, RangeNode, TermNode, WildcardPart } from './ast.js';
export { compileNode, compileQuery } from './compile.js';
export type { SearchOptions, UserPredicate } from './compile.js';
export { DEFAULT_FIELDS } from './fields.js';
export { indexHint } from './indexHint.js';
export type { IndexHint } from './indexHint.js';
export { MAX_CLAUSES, MAX_DEPTH, parseQuery } from './parser.js';
