// Runs the custom-DB checklist: the static checks, then login and get_user twice for each probe user, each call
// in its own worker with a fresh `global` (as a recycled Webtask container would give it).
import { behaviourFindings, staticFindings, type ChecklistFinding, type ProbeRun } from '../../core/customDb/checklist.js';
import type { CustomDbScripts } from '../../core/customDb/scriptNames.js';
import type { ScriptCall } from '../../core/customDb/connectionBehaviours.js';
import { sandboxScriptCaller, type ScriptRunOptions } from './customDbRuntime.js';

export interface CheckOptions extends ScriptRunOptions {
  scripts: CustomDbScripts;
  configuration?: Record<string, string>;
  /** Users to try: login runs with the password (when given), get_user with the email or username. */
  probes?: Array<{ email: string; password?: string }>;
}

export interface ChecklistReport {
  ok: boolean;
  findings: ChecklistFinding[];
  calls: ScriptCall[];
}

export async function checkCustomDbScripts(o: CheckOptions): Promise<ChecklistReport> {
  const findings = staticFindings(o.scripts);
  const call = sandboxScriptCaller(o.scripts, o.configuration ?? {}, o);
  const calls: ScriptCall[] = [];
  const runs: ProbeRun[] = [];
  const record = (c: ScriptCall | undefined) => (c && calls.push(c), c);
  for (const probe of o.probes ?? []) {
    const login: ProbeRun['login'] = [undefined, undefined];
    if (probe.password !== undefined && o.scripts.login) {
      login[0] = record(await call('login', [probe.email, probe.password]));
      login[1] = record(await call('login', [probe.email, probe.password]));
    }
    const getUser: ProbeRun['getUser'] = [record(await call('get_user', [probe.email])), record(await call('get_user', [probe.email]))];
    runs.push({ probe: probe.email, login, getUser });
  }
  findings.push(...behaviourFindings(runs));
  return { ok: !findings.some((f) => f.severity === 'error'), findings, calls };
}

export function formatChecklist(r: ChecklistReport): string {
  if (r.findings.length === 0) return 'Custom DB checklist: no findings.';
  const mark = { error: '✖', warning: '!', info: 'i' } as const;
  return [
    `Custom DB checklist: ${r.findings.filter((f) => f.severity === 'error').length} error(s), ${r.findings.filter((f) => f.severity === 'warning').length} warning(s)`,
    ...r.findings.map((f) => `  ${mark[f.severity]} [${f.code}] ${f.file ? `${f.file}${f.line ? ':' + f.line : ''}: ` : ''}${f.message}`),
  ].join('\n');
}
