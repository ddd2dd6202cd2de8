// Schema-style checks for user payloads and query strings, worded like Auth0's z-schema based validator
// ("Payload validation error: '<z-schema message>' on property <name> (<description>).").
import { ApiError, invalidBody, invalidQueryString } from '../errors.js';
import type { JsonObject } from './user.js';

/** `Payload validation error: '<detail>'[ on property <p>[ (<description>)]].` with errorCode invalid_body. */
export function payloadError(detail: string, property?: string, description?: string): ApiError {
  return invalidBody(`Payload validation error: '${detail}'${onProperty(property, description)}.`);
}

/** `Query validation error: '<detail>'[ on property <p>[ (<description>)]].` with errorCode invalid_query_string. */
export function queryError(detail: string, property?: string, description?: string): ApiError {
  return invalidQueryString(`Query validation error: '${detail}'${onProperty(property, description)}.`);
}

function onProperty(property?: string, description?: string): string {
  if (property === undefined) return '';
  return description ? ` on property ${property} (${description})` : ` on property ${property}`;
}

/** The type name z-schema reports: integer and number are told apart, arrays and null are their own types. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Close to validator.js isEmail (which z-schema uses): one @, no whitespace, a dotted domain with a 2+ char TLD.
const EMAIL_RE = /^[^\s@"(),:;<>[\\\]]+@(?:[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff-]*[A-Za-z0-9\u00a1-\uffff])?\.)+[A-Za-z\u00a1-\uffff]{2,}$/;

export function isEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  const local = s.slice(0, at);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return EMAIL_RE.test(s);
}

/** Auth0's `strict-uri`: an absolute http(s) URL. */
export function isStrictUri(s: string): boolean {
  if (/\s/.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

export const PHONE_PATTERN = '^\\+[0-9]{1,15}$';
export const NO_WHITESPACE_PATTERN = '^\\S*$';

/** Constraints of one string property of a request body (from the OAS). */
export interface StringRule {
  description?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: 'email' | 'strict-uri';
  /** The PATCH schema lets these be null ("unset"). */
  nullable?: boolean;
}

/** Throws the first violation of `rule` by `value` (which the caller knows is present). */
export function checkString(name: string, value: unknown, rule: StringRule): void {
  if (value === null && rule.nullable) return;
  if (typeof value !== 'string') {
    const expected = rule.nullable ? 'string,null' : 'string';
    throw payloadError(`Expected type ${expected} but found type ${jsonTypeOf(value)}`, name, rule.description);
  }
  // Length counts code points, like z-schema (ucs2length).
  const length = [...value].length;
  if (rule.minLength !== undefined && length < rule.minLength)
    throw payloadError(`String is too short (${length} chars), minimum ${rule.minLength}`, name, rule.description);
  if (rule.maxLength !== undefined && length > rule.maxLength)
    throw payloadError(`String is too long (${length} chars), maximum ${rule.maxLength}`, name, rule.description);
  if (rule.pattern !== undefined && !new RegExp(rule.pattern, 'u').test(value))
    throw payloadError(`String does not match pattern ${rule.pattern}: ${value}`, name, rule.description);
  if (rule.format === 'email' && !isEmail(value))
    throw payloadError(`Object didn't pass validation for format email: ${value}`, name, rule.description);
  if (rule.format === 'strict-uri' && !isStrictUri(value))
    throw payloadError(`Object didn't pass validation for format strict-uri: ${value}`, name, rule.description);
}

export function checkBoolean(name: string, value: unknown, description?: string): void {
  if (typeof value !== 'boolean')
    throw payloadError(`Expected type boolean but found type ${jsonTypeOf(value)}`, name, description);
}

/** The request body itself must be a JSON object. */
export function checkBodyObject(body: unknown): asserts body is Record<string, unknown> {
  if (!isJsonObject(body)) throw payloadError(`Expected type object but found type ${jsonTypeOf(body)}`);
}
