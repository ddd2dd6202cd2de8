// The readable (default) rendering of a flow transcript for the terminal; `--json` prints the object instead.
import { inspect } from 'node:util';
import type { Command } from '../../core/actions/commands.js';
import type { ActionStep, FlowTranscript } from '../../core/actions/transcript.js';

const show = (v: unknown) => inspect(v, { depth: 6, breakLength: 100, colors: false });

function command(c: Command): string {
  switch (c.type) {
    case 'user.setAppMetadata':
    case 'user.setUserMetadata':
      return `${c.type}(${show(c.key)}, ${c.cancel ? 'undefined' : show(c.value)})`;
    case 'idToken.setCustomClaim':
    case 'accessToken.setCustomClaim':
      return `${c.type}(${show(c.key)}, ${show(c.value)})`;
    case 'accessToken.addScope':
    case 'accessToken.removeScope':
      return `${c.type}(${show(c.scope)})`;
    case 'access.deny':
      return `access.deny(${c.code ? show(c.code) + ', ' : ''}${show(c.reason)})`;
    case 'redirect.sendUserTo':
      return `redirect.sendUserTo(${show(c.url)}${c.query ? ', ' + show({ query: c.query }) : ''})`;
    case 'unsupported':
      return `${c.method}(…)  [not emulated]`;
    case 'late':
      return `${c.method}  [after the Action finished: ignored]`;
    default: {
      const { type, ...rest } = c;
      return `${type} ${show(rest)}`;
    }
  }
}

export function formatStep(s: ActionStep, i: number): string[] {
  const out = [`  ${i + 1}. ${s.name}  ${s.handler}  ${s.ms.toFixed(1)} ms  (${s.file})`];
  for (const c of s.commands) out.push(`       api.${command(c)}`);
  for (const l of s.logs) out.push(`       ${l.level === 'log' ? 'console' : 'console.' + l.level}: ${l.message.replace(/\n/g, '\n         ')}`);
  if (s.logsTruncated) out.push('       (Auth0 would keep only the first 256 characters of this output)');
  for (const n of s.notes) out.push(`       note: ${n}`);
  if (s.error) out.push(`       ERROR: ${s.error}`);
  return out;
}

export function formatTranscript(t: FlowTranscript): string {
  const lines: string[] = [];
  const outcome = t.status === 'success' ? 'login succeeded' : t.status === 'redirect' ? 'redirected' : t.status === 'denied' ? 'access denied' : 'login failed';
  lines.push(`${t.trigger} for ${t.user?.user_id ?? '?'}: ${outcome}`);
  if (t.rules) {
    lines.push(`Rules (${t.rules.steps.length}, ${t.rules.writes} write${t.rules.writes === 1 ? '' : 's'}):`);
    for (const s of t.rules.steps as Array<Record<string, unknown>>) lines.push(`  - ${String(s.name ?? s.id)}${s.errorText ? `  ERROR: ${String(s.errorText)}` : ''}`);
  }
  lines.push(`Actions (${t.actions.length}):`);
  t.actions.forEach((s, i) => lines.push(...formatStep(s, i)));
  if (t.write) {
    const state = t.write.dryRun ? 'not written (dry run)' : t.write.ok ? 'written' : `FAILED: ${t.write.error}`;
    lines.push(`Metadata write (${t.write.when}): ${show(t.write.patch)}  ${state}`);
    for (const r of t.write.retries) lines.push(`  retried after ${r.status}, waited ${r.waitMs} ms (x-ratelimit-reset)`);
  } else lines.push('Metadata write: none (nothing pending)');
  lines.push(`User updates: ${t.writes}`);
  if (t.idTokenClaims) lines.push(`ID token claims: ${show(t.idTokenClaims)}`);
  if (t.accessTokenClaims) lines.push(`Access token claims: ${show(t.accessTokenClaims)}`);
  if (t.error) lines.push(`Error for the application: error=${t.error.error}&error_description=${encodeURIComponent(t.error.error_description)}`);
  if (t.redirect) lines.push(`Redirect: ${t.redirect}\n  resume with /continue?state=${t.state}`);
  for (const n of t.notes) lines.push(`note: ${n}`);
  lines.push(`User after the flow: ${show({ app_metadata: t.user?.app_metadata, user_metadata: t.user?.user_metadata, logins_count: t.user?.logins_count })}`);
  return lines.join('\n');
}
