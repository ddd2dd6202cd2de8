// Benchmark peer: json-server 0.17.4 (the lowdb-backed REST mock people reach for) serving a db.json, keyed by
// user_id. It rewrites the whole file synchronously after each write.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { RequestListener, Server } from 'node:http';

interface JsonServerApp extends RequestListener {
  use(handler: unknown): void;
  listen(port: number, host: string, ready: () => void): Server;
}
interface JsonServerModule {
  create(): JsonServerApp;
  router(source: string): { db: { _: { id: string } } };
  defaults(opts: { logger: boolean }): unknown;
}

const jsonServer = createRequire(import.meta.url)('json-server') as JsonServerModule;
const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: jsonServer.ts <db.json>');

const app = jsonServer.create();
const router = jsonServer.router(dbPath);
router.db._.id = 'user_id'; // what `json-server --id user_id` does
app.use(jsonServer.defaults({ logger: false }));
app.use(router);
const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGINT', () => process.exit(0));
