// Reads request bodies the way Auth0 answers bad ones: a 400 in its envelope, never a 500.
import type { Context } from 'hono';
import { invalidBody, payloadTooLarge } from '../core/errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(c: Context, opts: { allowEmpty?: boolean } = {}): Promise<unknown> {
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw payloadTooLarge();
  if (text.length === 0 || !/\S/.test(text)) {
    if (opts.allowEmpty) return undefined;
    throw invalidBody('Payload validation error: \'Expected type object but found type null\'.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalidBody('Invalid request payload JSON format');
  }
}

export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const body = await readJsonBody(c);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    const t = body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body;
    throw invalidBody(`Payload validation error: 'Expected type object but found type ${t}'.`);
  }
  return body as Record<string, unknown>;
}

/** /oauth/token takes form-encoded or JSON bodies. */
export async function readFormOrJson(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw payloadTooLarge();
  if (type.includes('application/json')) {
    try {
      const v = JSON.parse(text || '{}');
      return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** Auth0 answers JSON with an explicit charset (the v7 SDK parses error bodies only for application/json). */
export const JSON_UTF8 = 'application/json; charset=utf-8';

/**
 * c.json with Auth0's content type. Setting it here, rather than rewriting the header after the handler, keeps
 * @hono/node-server's fast path for responses (touching c.res.headers afterwards builds a full Response).
 */
export function json(c: Context, body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return c.json(body as object, status as 200, { 'content-type': JSON_UTF8, ...headers });
}
