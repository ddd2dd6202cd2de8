// Splits a `q` string into Lucene tokens, following the classic QueryParser lexer (the one Elasticsearch's
// query_string uses): which characters end a term, escapes, AND/OR/NOT only when upper-case and standing alone.
import type { WildcardPart } from './ast.js';
import { queryError } from './queryError.js';

export type Token =
  | { kind: 'AND' | 'OR' | 'NOT' | 'PLUS' | 'MINUS' | 'LPAREN' | 'RPAREN' | 'COLON' | 'CARAT' | 'TILDE' | 'EOF'; column: number }
  | { kind: 'RANGE_OPEN'; inclusive: boolean; column: number }
  | { kind: 'QUOTED'; text: string; column: number }
  /** `wildcard` is null unless an unescaped `*`/`?` occurs; `plain` = written without escapes. */
  | { kind: 'TERM'; text: string; wildcard: WildcardPart[] | null; plain: boolean; column: number };

export interface RangeBound {
  /** null = open end (an unquoted `*`). */
  value: string | null;
  column: number;
}

const isWhitespace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000';

/** Characters that end an unquoted term unless escaped with a backslash. `+` and `-` only may not start one. */
const TERM_BREAKERS = new Set(['(', ')', ':', '^', '[', ']', '"', '{', '}', '~', '/', '!', '\\']);

const describe = (c: string) => `"${c}"`;

export class Scanner {
  private pos = 0;
  /** Tokens lexed ahead by peek(n); raw readers (range bodies, boosts) run only when it is empty. */
  private readonly ahead: Token[] = [];

  constructor(private readonly q: string) {}

  peek(n = 0): Token {
    while (this.ahead.length <= n) this.ahead.push(this.lex());
    return this.ahead[n] as Token;
  }

  next(): Token {
    return this.ahead.shift() ?? this.lex();
  }

  /** The body of a range after `[` or `{`: `lower TO upper` then `]` or `}`. */
  rangeBody(openColumn: number): { lower: RangeBound; upper: RangeBound; includeUpper: boolean } {
    this.skipWhitespace();
    const lower = this.rangeBound(openColumn);
    this.skipWhitespace();
    const after = this.q[this.pos + 2];
    if (!this.q.startsWith('TO', this.pos) || !(after === undefined || isWhitespace(after) || after === ']' || after === '}')) {
      throw queryError(
        `Invalid range: expected upper-case TO after "${lower.value ?? '*'}" (ranges look like [min TO max])`,
        this.pos + 1,
      );
    }
    this.pos += 2;
    this.skipWhitespace();
    const upper = this.rangeBound(openColumn);
    this.skipWhitespace();
    const close = this.q[this.pos];
    if (close !== ']' && close !== '}') {
      throw queryError(`Invalid range: the range opened at column ${openColumn} is not closed with ] or }`, this.pos + 1);
    }
    this.pos++;
    return { lower, upper, includeUpper: close === ']' };
  }

  /** The number after `^` (boosts are accepted and ignored: they only affect scoring). */
  boostNumber(): void {
    const m = /^\d+(\.\d+)?/.exec(this.q.slice(this.pos, this.pos + 64));
    if (!m) throw queryError('Expected a number right after the boost operator ^', this.pos + 1);
    this.pos += m[0].length;
  }

  private rangeBound(openColumn: number): RangeBound {
    const column = this.pos + 1;
    if (this.q[this.pos] === '"') return { value: this.quoted(), column };
    let raw = '';
    while (this.pos < this.q.length) {
      const c = this.q[this.pos] as string;
      if (isWhitespace(c) || c === ']' || c === '}') break;
      raw += c;
      this.pos++;
    }
    if (raw === '') {
      throw queryError(`Invalid range: a bound is missing in the range opened at column ${openColumn}`, column);
    }
    if (raw === '*') return { value: null, column };
    return { value: unescape(raw, column), column };
  }

  private skipWhitespace(): void {
    while (isWhitespace(this.q[this.pos])) this.pos++;
  }

  private lex(): Token {
    this.skipWhitespace();
    const column = this.pos + 1;
    const c = this.q[this.pos];
    if (c === undefined) return { kind: 'EOF', column };
    switch (c) {
      case '(':
        this.pos++;
        return { kind: 'LPAREN', column };
      case ')':
        this.pos++;
        return { kind: 'RPAREN', column };
      case ':':
        this.pos++;
        return { kind: 'COLON', column };
      case '+':
        this.pos++;
        return { kind: 'PLUS', column };
      case '-':
        this.pos++;
        return { kind: 'MINUS', column };
      case '!':
        this.pos++;
        return { kind: 'NOT', column };
      case '^':
        this.pos++;
        return { kind: 'CARAT', column };
      case '~':
        this.pos++;
        return { kind: 'TILDE', column };
      case '[':
      case '{':
        this.pos++;
        return { kind: 'RANGE_OPEN', inclusive: c === '[', column };
      case ']':
      case '}':
        throw queryError(`Unexpected ${describe(c)}: no range is open`, column);
      case '"':
        return { kind: 'QUOTED', text: this.quoted(), column };
      case '/':
        throw queryError(
          'Regular expressions (/.../) are not supported by the emulated user search; quote the value or escape "/" as "\\/"',
          column,
        );
      default:
        return this.term(column);
    }
  }

  /** A double-quoted phrase; `*` and `?` inside are literal. */
  private quoted(): string {
    const column = this.pos + 1;
    this.pos++;
    let text = '';
    for (;;) {
      const c = this.q[this.pos];
      if (c === undefined) throw queryError(`Unbalanced quotes: the phrase opened at column ${column} is never closed`);
      if (c === '"') {
        this.pos++;
        return text;
      }
      if (c === '\\') {
        text += this.escape();
        continue;
      }
      text += c;
      this.pos++;
    }
  }

  private term(column: number): Token {
    let text = '';
    let literal = '';
    let parts: WildcardPart[] | null = null;
    let plain = true;
    const flush = () => {
      if (literal !== '') (parts ??= []).push({ kind: 'literal', text: literal });
      literal = '';
    };
    while (this.pos < this.q.length) {
      const c = this.q[this.pos] as string;
      if (c === '\\') {
        const ch = this.escape();
        text += ch;
        literal += ch;
        plain = false;
        continue;
      }
      if (isWhitespace(c) || TERM_BREAKERS.has(c)) break;
      this.pos++;
      if (c === '*' || c === '?') {
        flush();
        (parts ??= []).push({ kind: c === '*' ? 'any' : 'one' });
        continue;
      }
      text += c;
      literal += c;
    }
    if (parts) flush();
    if (plain && parts === null) {
      if (text === 'AND' || text === '&&') return { kind: 'AND', column };
      if (text === 'OR' || text === '||') return { kind: 'OR', column };
      if (text === 'NOT') return { kind: 'NOT', column };
    }
    return { kind: 'TERM', text, wildcard: parts, plain, column };
  }

  /** `\x` stands for x; `\uXXXX` for that UTF-16 code unit (Lucene's discardEscapeChar). */
  private escape(): string {
    const column = this.pos + 1;
    const next = this.q[this.pos + 1];
    if (next === undefined) throw queryError('The query cannot end with the escape character \\', column);
    if (next === 'u') {
      const hex = this.q.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw queryError('Truncated unicode escape sequence (expected \\u and 4 hex digits)', column);
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    this.pos += 2;
    return next;
  }
}

/** Unescapes a range bound, which the lexer reads raw. */
function unescape(raw: string, column: number): string {
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) throw queryError('A range bound cannot end with the escape character \\', column);
    if (next === 'u') {
      const hex = raw.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw queryError('Truncated unicode escape sequence (expected \\u and 4 hex digits)', column);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else {
      out += next;
      i++;
    }
  }
  return out;
}
