// A fetch over node:https that trusts extra CA certificates (PEM) in addition to Node's own: for a tenant behind a
// corporate TLS proxy, or a second emulator with its self-signed certificate in the tests. Only what the SDK
// uses: method, headers, a string/URLSearchParams body, AbortSignal; the response body is read whole.
import https from 'node:https';
import tls from 'node:tls';

export function httpsFetch(opts: { ca: string }): typeof fetch {
  const ca = [...tls.rootCertificates, opts.ca];
  const agent = new https.Agent({ ca, keepAlive: true });
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? request?.method ?? 'GET';
    const headers = new Headers(request?.headers);
    new Headers(init?.headers).forEach((v, k) => headers.set(k, v));
    let body: Buffer | undefined;
    const raw = init?.body ?? (request && request.body ? await request.arrayBuffer() : undefined);
    if (raw instanceof URLSearchParams) {
      body = Buffer.from(raw.toString());
      if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    } else if (typeof raw === 'string') body = Buffer.from(raw);
    else if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) body = Buffer.from(raw as ArrayBuffer);
    else if (raw != null) throw new TypeError('httpsFetch: unsupported body type');
    if (body) headers.set('content-length', String(body.length));
    const signal = init?.signal ?? request?.signal;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new DOMException('aborted', 'AbortError'));
      const req = https.request(url, { method, agent, headers: Object.fromEntries(headers) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = res.statusCode ?? 0;
          const nullBody = status === 204 || status === 304 || method === 'HEAD';
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
        });
      });
      const onAbort = () => req.destroy(signal?.reason ?? new DOMException('aborted', 'AbortError'));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => signal?.removeEventListener('abort', onAbort));
      req.on('error', (err) => reject(Object.assign(new TypeError('fetch failed'), { cause: err })));
      req.end(body);
    });
  };
}
