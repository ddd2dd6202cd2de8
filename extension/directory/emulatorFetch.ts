// The auth0 SDK always builds https://{domain} URLs; the local emulator speaks plain HTTP on loopback. This fetch
// rewrites the scheme for exactly that origin (auth0-facts §11) and aborts everything when the emulator stops.
export function emulatorFetch(origin: string, stop?: AbortSignal): typeof fetch {
  const local = new URL(origin);
  const httpsOrigin = `https://${local.host}`;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const rewritten = url.startsWith(httpsOrigin) ? `${local.origin}${url.slice(httpsOrigin.length)}` : url;
    const target = typeof input === 'string' || input instanceof URL ? rewritten : new Request(rewritten, input);
    if (!stop) return fetch(target, init);
    const signal = init?.signal ? AbortSignal.any([init.signal, stop]) : stop;
    return fetch(target, { ...init, signal });
  };
}
