// A local stand-in for the music app's API of the "User Data Storage" page: GET /playlists/getPlays answers the
// number of plays of the user named by a Bearer JWT signed with the client secret (HS256, audience = client id).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export interface PlaylistApi {
  url: string;
  /** Payloads of the tokens that verified. */
  verified: jwt.JwtPayload[];
  /** Why tokens were refused. */
  refused: string[];
  close(): Promise<void>;
}

export async function startPlaylistApi(opts: { clientId: string; clientSecret: string; plays: Record<string, number> }): Promise<PlaylistApi> {
  const verified: jwt.JwtPayload[] = [];
  const refused: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/playlists/getPlays') {
      res.writeHead(404).end('Not found');
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    try {
      if (!token) throw new Error('no bearer token');
      const payload = jwt.verify(token, opts.clientSecret, { audience: opts.clientId, issuer: 'https://example.auth0.com', algorithms: ['HS256'] }) as jwt.JwtPayload;
      verified.push(payload);
      res.writeHead(200, { 'content-type': 'text/html' }).end(String(opts.plays[payload.sub ?? ''] ?? 0));
    } catch (e) {
      refused.push((e as Error).message);
      res.writeHead(401, { 'content-type': 'text/html' }).end('Unauthorized');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    verified,
    refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
