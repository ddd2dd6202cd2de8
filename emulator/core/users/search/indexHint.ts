// Spots queries that can only match users with one exact user_id or email, so the caller can look the candidates
// up in its id/email index instead of scanning every user. The compiled predicate must still be applied to them.
import type { QueryNode } from './ast.js';
import { parseQuery } from './parser.js';

export interface IndexHint {
  field: 'user_id' | 'email';
  /** user_id exactly as written; email lower-cased (email search is case-insensitive: key the index by email.toLowerCase()). */
  value: string;
}

/** Throws the same 400 as parseQuery for a malformed string. */
export function indexHint(q: string | QueryNode): IndexHint | undefined {
  return hintOf(typeof q === 'string' ? parseQuery(q) : q);
}

function hintOf(node: QueryNode): IndexHint | undefined {
  if (node.type === 'term') {
    if (node.wildcard !== null) return undefined;
    if (node.field === 'user_id') return { field: 'user_id', value: node.text };
    if (node.field === 'email') return { field: 'email', value: node.text.toLowerCase() };
    return undefined;
  }
  if (node.type !== 'bool') return undefined;
  let musts = 0;
  for (const c of node.clauses) {
    if (c.occur !== 'must') continue;
    musts++;
    const h = hintOf(c.query);
    if (h) return h;
  }
  if (musts > 0) return undefined;
  // No MUST: at least one SHOULD has to match, so a lone SHOULD is as good as a MUST.
  const shoulds = node.clauses.filter((c) => c.occur === 'should');
  return shoulds.length === 1 && shoulds[0] ? hintOf(shoulds[0].query) : undefined;
}
