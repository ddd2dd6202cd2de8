// The custom-DB checklist: what Auth0's best-practice pages warn about, found in the scripts' text (size,
// anonymous functions, state kept in `global`) and in what login/get_user return when run twice for the same user
// (unstable or inconsistent user_id, one email for two users, app metadata under the wrong name).
import type { ScriptCall } from './connectionBehaviours.js';
import { SCRIPT_SIZE_LIMIT_BYTES, SCRIPT_SPEC, type CustomDbScriptName, type CustomDbScripts } from './scriptNames.js';
import { scriptProfileId } from './scriptProfile.js';

export type FindingCode =
  | 'script-too-large'
  | 'anonymous-function'
  | 'unrecommended-name'
  | 'state-in-global'
  | 'unstable-user-id'
  | 'inconsistent-user-id'
  | 'missing-user-id'
  | 'duplicate-email'
  | 'app-metadata-name'
  | 'script-failed';

export interface ChecklistFinding {
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  script?: CustomDbScriptName;
  file?: string;
  line?: number;
  message: string;
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Findings from the scripts' source alone. */
export function staticFindings(scripts: CustomDbScripts): ChecklistFinding[] {
  const out: ChecklistFinding[] = [];
  for (const s of Object.values(scripts)) {
    if (!s) continue;
    const size = byteLength(s.source);
    if (size > SCRIPT_SIZE_LIMIT_BYTES) {
      out.push({ code: 'script-too-large', severity: 'error', script: s.name, file: s.file, message: `${s.name} is ${(size / 1024).toFixed(1)} kB; Auth0 allows at most 100 kB per action script (npm modules excluded)` });
    }
    const head = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(async\s+)?function\s*(\*\s*)?([A-Za-z_$][\w$]*)?\s*\(/.exec(s.source);
    if (head && !head[3]) {
      out.push({ code: 'anonymous-function', severity: 'warning', script: s.name, file: s.file, line: lineOf(s.source, head[0].length), message: `${s.name} is an anonymous function: name it (e.g. ${SCRIPT_SPEC[s.name].recommendedName[0]}) so call stacks are readable` });
    } else if (head?.[3] && !SCRIPT_SPEC[s.name].recommendedName.includes(head[3])) {
      out.push({ code: 'unrecommended-name', severity: 'info', script: s.name, file: s.file, line: lineOf(s.source, head.index), message: `${s.name} is named ${head[3]}; Auth0 recommends ${SCRIPT_SPEC[s.name].recommendedName.join(' or ')}` });
    }
    const globalWrite = /\bglobal\s*(?:\.\s*[A-Za-z_$][\w$]*|\[[^\]]+\])(?:\s*\.\s*[A-Za-z_$][\w$]*|\s*\[[^\]]+\])*\s*(?:=(?!=)|\+=|-=|\+\+|--)|\bglobal\s*(?:\.\s*[A-Za-z_$][\w$]*)+\s*\.\s*(?:push|set|add)\s*\(/g;
    for (const m of s.source.matchAll(globalWrite)) {
      out.push({
        code: 'state-in-global',
        severity: 'warning',
        script: s.name,
        file: s.file,
        line: lineOf(s.source, m.index ?? 0),
        message: `${s.name} keeps state in global (\`${m[0].trim()}\`): global is per container, may be reset at any time and has no affinity — cache only non-user data there, and initialize it where it is used`,
      });
    }
  }
  return out;
}

export interface ProbeRun {
  probe: string;
  login: [ScriptCall | undefined, ScriptCall | undefined];
  getUser: [ScriptCall | undefined, ScriptCall | undefined];
}

function profileOf(c: ScriptCall | undefined): Record<string, unknown> | undefined {
  const r = c?.value.result;
  return typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : undefined;
}

/** Findings from running login and get_user twice per probe user (each run in a fresh worker and fresh `global`). */
export function behaviourFindings(runs: ProbeRun[]): ChecklistFinding[] {
  const out: ChecklistFinding[] = [];
  const idsByEmail = new Map<string, Set<string>>();
  for (const run of runs) {
    for (const [script, pair] of [['login', run.login], ['get_user', run.getUser]] as const) {
      for (const c of pair) {
        if (c?.value.error) {
          out.push({ code: 'script-failed', severity: 'error', script, ...(c.value.error.file ? { file: c.value.error.file } : {}), ...(c.value.error.line !== undefined ? { line: c.value.error.line } : {}), message: `${script}(${run.probe}) failed: ${c.value.error.name}: ${c.value.error.message}` });
        }
      }
      const [a, b] = pair.map(profileOf);
      const ida = a ? scriptProfileId(a).id : undefined;
      const idb = b ? scriptProfileId(b).id : undefined;
      if (a && b && ida !== idb) {
        out.push({ code: 'unstable-user-id', severity: 'error', script, message: `${script}(${run.probe}) returned user_id ${JSON.stringify(ida)} then ${JSON.stringify(idb)}: Auth0 would create a duplicate user on every login; derive user_id from a primary key` });
      }
      for (const p of [a, b]) {
        if (!p) continue;
        if (p.user_id === undefined && p.id === undefined) {
          out.push({ code: 'missing-user-id', severity: 'error', script, message: `${script}(${run.probe}) returned no user_id: the templates require one (the emulator falls back to the email)` });
        }
        for (const wrong of ['metadata', 'appMetadata', 'app_meta_data', 'AppMetadata', 'appmetadata']) {
          if (p[wrong] !== undefined) {
            out.push({
              code: 'app-metadata-name',
              severity: 'warning',
              script,
              message:
                wrong === 'metadata'
                  ? `${script}(${run.probe}) returns app metadata as \`metadata\`: Auth0's docs disagree (best-practice page: \`metadata\` for backwards compatibility; current templates: \`app_metadata\`); return \`app_metadata\``
                  : `${script}(${run.probe}) returns \`${wrong}\`: Auth0 only reads \`app_metadata\` — this is stored as an ordinary profile attribute`,
            });
          }
        }
        if (typeof p.email === 'string') {
          const id = scriptProfileId(p).id;
          if (id !== undefined) {
            const key = p.email.toLowerCase();
            if (!idsByEmail.has(key)) idsByEmail.set(key, new Set());
            idsByEmail.get(key)!.add(id);
          }
        }
        if ((p.user_id !== undefined || p.id !== undefined) && run.login[0] && run.getUser[0]) {
          /* consistency checked below */
        }
      }
      // Deduplicate the per-profile findings of the pair.
    }
    const l = profileOf(run.login[0]);
    const g = profileOf(run.getUser[0]);
    if (l && g) {
      const li = scriptProfileId(l).id;
      const gi = scriptProfileId(g).id;
      if (li !== gi) out.push({ code: 'inconsistent-user-id', severity: 'error', message: `login and get_user disagree for ${run.probe}: user_id ${JSON.stringify(li)} vs ${JSON.stringify(gi)} — both scripts must return the same user` });
      if (l.email !== g.email) out.push({ code: 'inconsistent-user-id', severity: 'warning', message: `login and get_user return different emails for ${run.probe}: ${JSON.stringify(l.email)} vs ${JSON.stringify(g.email)}` });
    }
  }
  for (const [email, ids] of idsByEmail) {
    if (ids.size > 1) out.push({ code: 'duplicate-email', severity: 'error', message: `the email ${email} was returned for ${ids.size} different users (${[...ids].map((i) => JSON.stringify(i)).join(', ')}): never return one email for two users` });
  }
  return dedupe(out);
}

function dedupe(fs: ChecklistFinding[]): ChecklistFinding[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = `${f.code}|${f.script ?? ''}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
