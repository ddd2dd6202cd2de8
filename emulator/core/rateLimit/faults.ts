// Scripted failures for testing clients' retry paths: the next N requests matching a method and path answer
// with a given status (429 by default) instead of reaching the route.
import { badRequest, reasonPhrase, tooManyRequests } from '../errors.js';

export interface FaultSpec {
  /** HTTP method to match (case-insensitive); any method when omitted. */
  method?: string;
  /** Exact path, or a prefix ending in `*` (`/api/v2/users*`). Percent-encoded or not, both match. */
  path: string;
  /** How many matching requests answer with the fault. */
  count: number;
  /** Default 429, which then carries Auth0's body and x-ratelimit-* headers. */
  status?: number;
  /** Body to answer with instead of the default for the status. */
  body?: unknown;
}

export interface Fault {
  id: string;
  method?: string;
  path: string;
  /** Matches left. */
  count: number;
  status: number;
  body?: unknown;
}

export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    if (typeof spec.path !== 'string' || !spec.path.startsWith('/')) throw badRequest('Fault "path" must start with "/".');
    if (!Number.isSafeInteger(spec.count) || spec.count < 1) throw badRequest('Fault "count" must be an integer ≥ 1.');
    const status = spec.status ?? 429;
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw badRequest('Fault "status" must be an HTTP error status (400-599).');
    }
    const fault: Fault = { id: `flt_${this.nextId++}`, path: spec.path, count: spec.count, status };
    if (spec.method !== undefined) fault.method = spec.method.toUpperCase();
    if (spec.body !== undefined) fault.body = spec.body;
    this.faults.push(fault);
    return { ...fault };
  }

  /** The first fault matching the request, spending one of its uses (and dropping it when spent). */
  match(method: string, path: string): Fault | undefined {
    if (this.faults.length === 0) return undefined;
    const m = method.toUpperCase();
    const forms = pathForms(path);
    const i = this.faults.findIndex((f) => (f.method === undefined || f.method === m) && pathMatches(f.path, forms));
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.count -= 1;
    if (fault.count <= 0) this.faults.splice(i, 1);
    return { ...fault };
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }
}

/**
 * What to answer for a matched fault. A 429 gets the given x-ratelimit-* headers (use RateLimiter
 * `throttledHeaders`) and Auth0's 429 body: the Management envelope, or the OAuth shape for /oauth/token.
 */
export function faultResponse(
  fault: Fault,
  opts: { rateLimitHeaders: Record<string, string>; oauth?: boolean },
): FaultResponse {
  if (fault.status === 429) {
    const headers = { ...opts.rateLimitHeaders };
    const body =
      fault.body ??
      (opts.oauth ? { error: 'too_many_requests', error_description: 'Rate limit exceeded' } : tooManyRequests(headers).toBody());
    return { status: 429, headers, body };
  }
  const message = `Injected fault (${fault.status})`;
  const body =
    fault.body ??
    (opts.oauth
      ? { error: fault.status >= 500 ? 'server_error' : 'invalid_request', error_description: message }
      : { statusCode: fault.status, error: reasonPhrase(fault.status), message, errorCode: 'injected_fault' });
  return { status: fault.status, headers: {}, body };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function pathForms(path: string): string[] {
  const decoded = safeDecode(path);
  return decoded === path ? [path] : [path, decoded];
}

function pathMatches(pattern: string, forms: string[]): boolean {
  const patterns = pathForms(pattern);
  return patterns.some((p) =>
    p.endsWith('*') ? forms.some((f) => f.startsWith(p.slice(0, -1))) : forms.some((f) => f === p),
  );
}
