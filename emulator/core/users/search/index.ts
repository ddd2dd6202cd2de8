// Public face of Auth0 user search v3 emulation: parse `q`, compile it to a user predicate, hint an index lookup.
//
// Decisions on points the fact sheet leaves UNCONFIRMED or in CONFLICT (README material):
// - Errors: every rejected q is 400 `invalid_query_string`, message `Query validation error: '<what> (at column N
//   of q)'.` (Auth0's exact wording is unknown).
// - Operators follow Elasticsearch query_string, i.e. Lucene's classic parser with default operator OR:
//   juxtaposed clauses are alternatives; AND/OR/NOT (also &&, ||, !, +, -) set MUST/SHOULD/MUST_NOT per clause, so
//   `a AND b OR c` == `+a +b c` (c optional) and `a OR NOT b` == `a -b`; a purely negative list matches everyone else.
// - A term without a field searches user_id, email, name, given_name, family_name, nickname, username,
//   phone_number (never metadata); bare `*` and `*:*` match everyone.
// - Unknown or unsearchable fields (picture, multifactor, IdP extras, v2 `connection`, identities.profileData…)
//   match nobody rather than 400, as an unmapped field does in Elasticsearch.
// - Wildcards: `*` and `?` (one character). A pattern that begins with a wildcard needs a literal run of >= 3
//   characters; `field:*` means "has the field". Wildcards on boolean/number/date fields are a 400.
// - user_metadata: wildcards and ranges always 400; app_metadata: allowed unless appMetadataWildcardsAndRanges=false.
// - Dates: YYYY, YYYY-MM, YYYY-MM-DD or ISO date-time (UTC unless an offset is given). A partial date is its whole
//   period: `[* TO 2017-12]` includes all of December, `{2017-12 TO *]` starts in January, `created_at:2018-01-15`
//   matches that day. Date math (`now-1d`) is not emulated (400).
// - v2 comparison operators (`updated_at:>=2018-01-15`) are a 400 that names the v3 range to use.
// - Fuzzy (`~`), proximity and regular expressions (`/…/`) are a 400; boosts (`^2`) are accepted and ignored.
// - Limits: parentheses nested > 64 deep or > 1024 clauses are a 400; metadata nested > 100 levels is not indexed.
// - Empty or blank q matches every user.
export type { BoolNode, ExistsNode, MatchAllNode, Occur, QueryClause, QueryNode, RangeNode, TermNode, WildcardPart } from './ast.js';
export { compileNode, compileQuery } from './compile.js';
export type { SearchOptions, UserPredicate } from './compile.js';
export { DEFAULT_FIELDS } from './fields.js';
export { indexHint } from './indexHint.js';
export type { IndexHint } from './indexHint.js';
export { MAX_CLAUSES, MAX_DEPTH, parseQuery } from './parser.js';
