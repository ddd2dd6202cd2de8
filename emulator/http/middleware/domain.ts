// Works out which tenant domain a request addressed: the configured --domain, or the Host header (host:port), as
// the SDK was given it. Tokens are accepted for either, so both the fetch-rewrite and the HTTPS setup work.
import type { Context } from 'hono';

/** The domain a request addressed (read where needed, rather than by a middleware on every request). */
export function requestDomain(c: Context, configuredDomain: string | undefined): string {
  return configuredDomain ?? c.req.header('host') ?? 'localhost';
}

/** Every domain a token for this request may name: configured and Host (deduplicated). */
export function acceptedDomains(configuredDomain: string | undefined, host: string | undefined): string[] {
  const out: string[] = [];
  if (configuredDomain) out.push(configuredDomain);
  if (host && !out.includes(host)) out.push(host);
  if (host) {
    // `localhost:PORT` and `127.0.0.1:PORT` are the same emulator; accept both spellings.
    const m = /^(localhost|127\.0\.0\.1)(:\d+)?$/.exec(host);
    if (m) {
      const alt = (m[1] === 'localhost' ? '127.0.0.1' : 'localhost') + (m[2] ?? '');
      if (!out.includes(alt)) out.push(alt);
    }
  }
  return out;
}
