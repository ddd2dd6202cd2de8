// Parses a `q` string into the clause tree of ast.ts, mirroring Lucene's classic QueryParser grammar
// (Query := Modifiers Clause (Conjunction Modifiers Clause)*) with Elasticsearch's default operator OR.
// Hand-written rather than built on the `lucene` npm package: that PEG grammar nests operators right-to-left
// (so `a AND b OR c` cannot reproduce Lucene's MUST/SHOULD semantics), silently accepts broken input such as
// `OR`, `a AND` or `OR AND foo`, and recurses once per juxtaposed term (a long flat query overflows the stack).
import type { Occur, QueryClause, QueryNode } from './ast.js';
import { queryError } from './queryError.js';
import type { Token } from './scanner.js';
import { Scanner } from './scanner.js';

/** Parenthesis nesting beyond this is rejected with a 400 (keeps recursion far from the stack limit). */
export const MAX_DEPTH = 64;
/** Elasticsearch's historical indices.query.bool.max_clause_count. */
export const MAX_CLAUSES = 1024;

const EXISTS_FIELD = '_exists_';

type Modifier = 'none' | 'required' | 'prohibited';
type Conjunction = 'none' | 'and' | 'or';

function tokenText(t: Token): string {
  switch (t.kind) {
    case 'EOF':
      return 'the end of the query';
    case 'TERM':
      return `"${t.text}"`;
    case 'QUOTED':
      return `"\\"${t.text}\\""`;
    case 'RANGE_OPEN':
      return t.inclusive ? '"["' : '"{"';
    default:
      return {
        AND: '"AND"',
        OR: '"OR"',
        NOT: '"NOT"',
        PLUS: '"+"',
        MINUS: '"-"',
        LPAREN: '"("',
        RPAREN: '")"',
        COLON: '":"',
        CARAT: '"^"',
        TILDE: '"~"',
      }[t.kind];
  }
}

class Parser {
  private readonly scanner: Scanner;
  private depth = 0;
  private leaves = 0;

  constructor(q: string) {
    this.scanner = new Scanner(q);
  }

  parse(): QueryNode {
    if (this.scanner.peek().kind === 'EOF') return { type: 'match_all' };
    return this.query(null, null);
  }

  /** openColumn: column of the `(` this list sits in, null at top level. */
  private query(field: string | null, openColumn: number | null): QueryNode {
    const clauses: QueryClause[] = [];
    let mods = this.modifiers();
    let node = this.clause(field);
    const first = mods === 'none' ? node : null;
    addClause(clauses, 'none', mods, node);
    for (;;) {
      const t = this.scanner.peek();
      if (t.kind === 'EOF') {
        if (openColumn !== null) throw queryError(`Unbalanced parentheses: the "(" at column ${openColumn} is never closed`);
        break;
      }
      if (t.kind === 'RPAREN') {
        if (openColumn === null) throw queryError('Unbalanced parentheses: unexpected ")"', t.column);
        break;
      }
      let conj: Conjunction = 'none';
      if (t.kind === 'AND' || t.kind === 'OR') {
        this.scanner.next();
        conj = t.kind === 'AND' ? 'and' : 'or';
      }
      mods = this.modifiers();
      node = this.clause(field);
      addClause(clauses, conj, mods, node);
    }
    if (clauses.length === 1 && first !== null) return first;
    return { type: 'bool', clauses };
  }

  private modifiers(): Modifier {
    const t = this.scanner.peek();
    if (t.kind === 'PLUS') {
      this.scanner.next();
      return 'required';
    }
    if (t.kind === 'MINUS' || t.kind === 'NOT') {
      this.scanner.next();
      return 'prohibited';
    }
    return 'none';
  }

  private clause(inherited: string | null): QueryNode {
    let field = inherited;
    const t = this.scanner.peek();
    if (t.kind === 'TERM' && this.scanner.peek(1).kind === 'COLON') {
      this.scanner.next();
      this.scanner.next();
      field = fieldName(t);
    }
    const v = this.scanner.peek();
    if (v.kind === 'LPAREN') {
      this.scanner.next();
      if (++this.depth > MAX_DEPTH) throw queryError(`The query nests parentheses more than ${MAX_DEPTH} levels deep`, v.column);
      if (this.scanner.peek().kind === 'RPAREN') throw queryError('Empty parentheses: expected a search term', v.column);
      const inner = this.query(field, v.column);
      this.scanner.next(); // the ")" query() stopped at
      this.depth--;
      this.optionalBoost();
      return inner;
    }
    return this.term(field, field !== inherited ? t : null);
  }

  private term(field: string | null, fieldToken: Token | null): QueryNode {
    const t = this.scanner.next();
    if (++this.leaves > MAX_CLAUSES) throw queryError(`The query has more than ${MAX_CLAUSES} clauses`, t.column);
    let node: QueryNode;
    switch (t.kind) {
      case 'TERM':
        rejectComparison(field, t.text, t.column);
        node = { type: 'term', field, text: t.text, quoted: false, wildcard: t.wildcard, column: t.column };
        if (this.scanner.peek().kind === 'TILDE') {
          throw queryError('Fuzzy searches (term~) are not supported by the emulated user search', this.scanner.peek().column);
        }
        break;
      case 'QUOTED':
        node = { type: 'term', field, text: t.text, quoted: true, wildcard: null, column: t.column };
        if (this.scanner.peek().kind === 'TILDE') {
          throw queryError('Proximity searches ("..."~N) are not supported by the emulated user search', this.scanner.peek().column);
        }
        break;
      case 'RANGE_OPEN': {
        const body = this.scanner.rangeBody(t.column);
        node = {
          type: 'range',
          field,
          lower: body.lower.value,
          upper: body.upper.value,
          includeLower: t.inclusive,
          includeUpper: body.includeUpper,
          column: t.column,
        };
        break;
      }
      default: {
        const after = fieldToken && fieldToken.kind === 'TERM' ? ` after "${fieldToken.text}:"` : '';
        throw queryError(`Expected a search term${after} but found ${tokenText(t)}`, t.column);
      }
    }
    this.optionalBoost();
    return field === EXISTS_FIELD ? toExists(node) : node;
  }

  private optionalBoost(): void {
    if (this.scanner.peek().kind !== 'CARAT') return;
    this.scanner.next();
    this.scanner.boostNumber();
  }
}

/** `updated_at:>=2018-01-15` is search v2 syntax (fact sheet §2); v3 wants a range, so say which. */
function rejectComparison(field: string | null, text: string, column: number): void {
  const m = /^([<>]=?)(.*)$/s.exec(text);
  if (!m) return;
  const [, op, value] = m;
  const v = value === '' ? 'value' : value;
  const range = { '>=': `[${v} TO *]`, '>': `{${v} TO *]`, '<=': `[* TO ${v}]`, '<': `[* TO ${v}}` }[op as '>=' | '>' | '<=' | '<'];
  const f = field === null ? '' : `${field}:`;
  throw queryError(
    `Comparison operators such as ${f}${op}${value ?? ''} are search v2 syntax; search v3 uses ranges: ${f}${range}`,
    column,
  );
}

function fieldName(t: Extract<Token, { kind: 'TERM' }>): string {
  if (t.wildcard === null) return t.text;
  if (t.wildcard.length === 1 && t.wildcard[0]?.kind === 'any') return '*';
  throw queryError(`Wildcards in field names ("${t.text}") are not supported`, t.column);
}

function toExists(node: QueryNode): QueryNode {
  if (node.type === 'range') throw queryError('_exists_ expects a field name, not a range', node.column);
  if (node.type !== 'term') return node;
  if (node.wildcard !== null) throw queryError('_exists_ expects a field name without wildcards', node.column);
  if (node.text === '') throw queryError('_exists_ expects a field name', node.column);
  return { type: 'exists', field: node.text, column: node.column };
}

/** Lucene's QueryParserBase.addClause with the OR default operator. */
function addClause(clauses: QueryClause[], conj: Conjunction, mods: Modifier, query: QueryNode): void {
  const previous = clauses[clauses.length - 1];
  // AND makes the preceding clause required too, unless it is prohibited.
  if (previous && conj === 'and' && previous.occur !== 'must_not') previous.occur = 'must';
  const prohibited = mods === 'prohibited';
  const required = mods === 'required' || (conj === 'and' && !prohibited);
  const occur: Occur = prohibited ? 'must_not' : required ? 'must' : 'should';
  clauses.push({ occur, query });
}

/** Parses `q` (syntax only; field rules are checked by compileQuery). Throws a 400 invalid_query_string. */
export function parseQuery(q: string): QueryNode {
  return new Parser(q).parse();
}
