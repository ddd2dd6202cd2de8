// Binds a Hono app to a real socket (HTTP, or HTTPS with a generated self-signed certificate) and reports the URL.
import { createAdaptorServer } from '@hono/node-server';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';

export interface ListeningServer {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  tls?: { key: string; cert: string };
}

export function listen(app: Hono<any>, opts: ListenOptions): Promise<ListeningServer> {
  const server = opts.tls
    ? createAdaptorServer({
        fetch: app.fetch,
        createServer: createHttpsServer,
        serverOptions: { key: opts.tls.key, cert: opts.tls.cert },
      })
    : createAdaptorServer({ fetch: app.fetch });
  // Keep-alive sockets must not hold the process open on shutdown.
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const hostForUrl = addr.family === 'IPv6' || opts.host.includes(':') ? `[${addr.address}]` : opts.host;
      const scheme = opts.tls ? 'https' : 'http';
      resolve({
        url: `${scheme}://${hostForUrl}:${addr.port}`,
        port: addr.port,
        host: opts.host,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
