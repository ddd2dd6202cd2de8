// Benchmark peer: an in-memory Hono server whose PATCH parses the JSON body and echoes it. The ceiling for any
// Hono-on-node server doing the same HTTP work without storage.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.patch('/api/v2/users/:id', async (c) => c.json({ user_id: c.req.param('id'), ...(await c.req.json()) }));

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
process.on('SIGINT', () => process.exit(0));
