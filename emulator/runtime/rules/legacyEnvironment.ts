// The Webtask-era environment shared by Rules and custom-DB scripts, as it exists inside the sandbox worker:
// compiling a script file into its function with file/line-accurate stack traces, `require('name@version')`, and
// the legacy modules the seed documents use without installing them (`request`, the `jwt` global).
import { createRequire } from 'node:module';
import * as http from 'node:http';
import * as https from 'node:https';
import { runInThisContext } from 'node:vm';
import jsonwebtoken from 'jsonwebtoken';

/**
 * Evaluates `source` (a single function expression or declaration, as Auth0 stores Rules and DB scripts) with
 * `globals` in scope and returns what it evaluates to. The wrapper sits on line 1, so line numbers in stack traces,
 * syntax errors and breakpoints are the file's own (columns shift on line 1 only). Throws SyntaxError for code Auth0 would refuse too (e.g. a trailing `;`).
 */
export function evaluateScript(source: string, file: string, globals: Record<string, unknown>): unknown {
  const names = Object.keys(globals);
  // The sourceURL names the script by the file's path, which tells a debugger (VS Code's js-debug checks that a
  // script's text equals the file's unless it has one) that this wrapped text is that file: breakpoints set in the
  // file bind, at the same lines. V8 ignores a sourceURL with whitespace, so such paths go without.
  const sourceUrl = /\s/.test(file) ? '' : `\n//# sourceURL=${file}`;
  const wrapped = `(function (${names.join(', ')}) { return (${source}\n); })${sourceUrl}`;
  const factory = runInThisContext(wrapped, { filename: file }) as (...args: unknown[]) => unknown;
  return factory(...names.map((n) => globals[n]));
}

/** `require('x@1.2.3')` → `x`; scoped names keep their leading `@`. */
export function stripVersion(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at > 0 ? spec.slice(0, at) : spec;
}

export class ModuleNotInstalledError extends Error {
  override name = 'ModuleNotInstalledError';
  constructor(
    readonly moduleName: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The `require` given to scripts. Auth0 resolves names against its vetted list (canirequire); the emulator resolves
 * them, in order, to: the legacy modules below, modules bundled with the emulator (jsonwebtoken), Node built-ins, and
 * packages installed in `resolveFrom` (the user's project). Anything else fails with a message naming the module.
 */
export function makeScriptRequire(resolveFrom: string): (spec: string) => unknown {
  const fromProject = createRequire(resolveFrom.endsWith('/') ? resolveFrom : resolveFrom + '/');
  const builtin = createRequire(import.meta.url);
  return (spec: string) => {
    if (typeof spec !== 'string') throw new TypeError('require() expects a module name');
    const name = stripVersion(spec);
    if (name === 'request') return legacyRequest;
    if (name === 'jsonwebtoken') return legacyJwt;
    if (name.startsWith('node:') || BUILTINS.has(name)) return builtin(name);
    try {
      return fromProject(name);
    } catch (e) {
      if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
      throw new ModuleNotInstalledError(
        name,
        `Cannot find module '${name}': it is not installed. Install it in your project (npm install ${name}) so the emulator can load it.`,
      );
    }
  };
}

const BUILTINS = new Set([
  'assert', 'buffer', 'crypto', 'events', 'http', 'https', 'net', 'os', 'path', 'punycode', 'querystring', 'stream',
  'string_decoder', 'tls', 'url', 'util', 'zlib', 'dns', 'timers',
]);

type SignOptions = jsonwebtoken.SignOptions & { expiresInMinutes?: number; expiresInSeconds?: number };

/**
 * jsonwebtoken as old Rules saw it: the Rules sandbox exposed it as the global `jwt` (Auth0's module list had
 * `jwt (~0.4.1)`), whose `sign` took `expiresInMinutes` — the seed document's playlist rule still passes it.
 * Current jsonwebtoken rejects unknown options, so legacy expiry options are translated to `expiresIn`.
 */
export const legacyJwt = {
  ...jsonwebtoken,
  sign(payload: string | object | Buffer, secret: jsonwebtoken.Secret, options?: SignOptions, cb?: jsonwebtoken.SignCallback) {
    let opts = options;
    if (opts && (opts.expiresInMinutes !== undefined || opts.expiresInSeconds !== undefined)) {
      const { expiresInMinutes, expiresInSeconds, ...rest } = opts;
      opts = { ...rest, expiresIn: expiresInSeconds ?? (expiresInMinutes as number) * 60 };
    }
    return cb ? jsonwebtoken.sign(payload, secret, opts ?? {}, cb) : jsonwebtoken.sign(payload, secret, opts ?? {});
  },
};

interface RequestOptions {
  url?: string;
  uri?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  json?: unknown;
  form?: Record<string, string>;
  qs?: Record<string, string>;
  timeout?: number;
}
type RequestCallback = (err: Error | null, response?: LegacyResponse, body?: unknown) => void;
interface LegacyResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/**
 * The callback API of the `request` package (deprecated on npm, but on Auth0's Rules module list and used by the
 * seed documents): `request(options, cb)`, `request.get/post/put/patch/del/delete`. Covers url/uri, method, headers,
 * body, json, form, qs and timeout; `cb(err, response, body)` with `body` parsed when `json` was set.
 */
function requestImpl(optionsOrUrl: string | RequestOptions, maybeCb?: RequestCallback | RequestOptions, lastCb?: RequestCallback): void {
  let options: RequestOptions = typeof optionsOrUrl === 'string' ? { url: optionsOrUrl } : { ...optionsOrUrl };
  let cb = maybeCb as RequestCallback | undefined;
  if (typeof maybeCb === 'object') {
    options = { ...options, ...maybeCb };
    cb = lastCb;
  }
  const done: RequestCallback = cb ?? (() => undefined);
  let target: URL;
  try {
    target = new URL(options.url ?? options.uri ?? '');
  } catch {
    done(new Error(`Invalid URI "${options.url ?? options.uri ?? ''}"`));
    return;
  }
  for (const [k, v] of Object.entries(options.qs ?? {})) target.searchParams.append(k, String(v));
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let payload: string | undefined;
  if (options.form) {
    payload = new URLSearchParams(options.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined && options.json !== true && options.json !== false) {
    payload = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    payload = typeof options.body === 'string' || Buffer.isBuffer(options.body) ? String(options.body) : JSON.stringify(options.body);
    if (options.json) headers['content-type'] ??= 'application/json';
  }
  if (options.json) headers['accept'] ??= 'application/json';
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  const lib = target.protocol === 'https:' ? https : http;
  let finished = false;
  const finish = (err: Error | null, res?: LegacyResponse, body?: unknown) => {
    if (finished) return;
    finished = true;
    done(err, res, body);
  };
  const req = lib.request(target, { method: (options.method ?? 'GET').toUpperCase(), headers }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', (e) => finish(e));
    res.on('end', () => {
      let body: unknown = Buffer.concat(chunks).toString('utf8');
      if (options.json) {
        try {
          body = JSON.parse(body as string);
        } catch {
          /* request leaves non-JSON bodies as strings */
        }
      }
      finish(null, { statusCode: res.statusCode ?? 0, headers: res.headers, body }, body);
    });
  });
  if (options.timeout) req.setTimeout(options.timeout, () => req.destroy(Object.assign(new Error('ETIMEDOUT'), { code: 'ETIMEDOUT' })));
  req.on('error', (e) => finish(e));
  if (payload !== undefined) req.write(payload);
  req.end();
}

const withMethod =
  (method: string) =>
  (o: string | RequestOptions, cb?: RequestCallback | RequestOptions, last?: RequestCallback) =>
    requestImpl(typeof o === 'string' ? { url: o, method } : { ...o, method }, cb, last);

export const legacyRequest = Object.assign(requestImpl, {
  get: withMethod('GET'),
  post: withMethod('POST'),
  put: withMethod('PUT'),
  patch: withMethod('PATCH'),
  del: withMethod('DELETE'),
  delete: withMethod('DELETE'),
  head: withMethod('HEAD'),
});
