// Scrubs personal data from users pulled from a tenant, deterministically: the same input and key always give the
// same output (an HMAC of the value), so a re-pull gives the same fake user and equal values stay equal across
// users, while shapes (which keys exist, types, lengths of lists) stay as the tenant has them. Emails, names,
// nicknames, pictures, IP addresses and phone numbers are replaced wherever they appear: top-level fields,
// identities[] and their profileData, and string values inside metadata. IdP tokens are dropped.
import { createHmac } from 'node:crypto';
import type { Json } from './syncPlan.js';

type Obj = { [key: string]: unknown };

const FIRST = ['Alex', 'Sam', 'Robin', 'Kim', 'Jordan', 'Taylor', 'Casey', 'Morgan', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Rowan', 'Sasha', 'Noor', 'Kai'];
const LAST = ['Rivera', 'Nakamura', 'Okafor', 'Schmidt', 'Dubois', 'Haddad', 'Kowalski', 'Silva', 'Larsen', 'Moreau', 'Ito', 'Novak', 'Bauer', 'Costa', 'Ahmed', 'Berg'];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const EMAIL_IN_TEXT = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[A-Za-z]{2,}/g;
const IPV4 = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g;
// Full eight-group form, or a compressed form with "::" (times like 10:20:30 never contain "::").
const IPV6 = /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?/gi;
const PHONE = /^\+?[\d\s().-]{7,20}$/;
const TOKEN_FIELDS = new Set(['access_token', 'access_token_secret', 'refresh_token', 'id_token']);
const NAME_FIELDS = new Set(['name', 'given_name', 'family_name', 'nickname', 'username', 'displayName', 'display_name', 'full_name', 'fullName', 'first_name', 'firstName', 'last_name', 'lastName', 'screen_name']);
const PICTURE_FIELDS = /^(picture|picture_large|avatar|avatar_url|photo|image|profile_image)$/i;
const IP_FIELDS = /^(last_ip|ip|ip_address|ipAddress|client_ip)$/i;
const PHONE_FIELDS = /^(phone|phone_number|phoneNumber|mobile)$/i;
const EMAIL_FIELDS = /^(email|mail|contact_email|contactEmail)$/i;

export class Scrubber {
  constructor(private readonly key: string) {}

  private digest(kind: string, value: string): Buffer {
    return createHmac('sha256', this.key).update(`${kind}\0${value}`).digest();
  }

  private hex(kind: string, value: string, n = 8): string {
    return this.digest(kind, value).toString('hex').slice(0, n);
  }

  email(value: string): string {
    const domain = value.split('@')[1]?.toLowerCase() ?? '';
    // Keep whether the address was a social/enterprise one in shape only: every domain becomes example.<tld>.
    const tld = domain.split('.').pop() || 'com';
    return `user.${this.hex('email', value.toLowerCase())}@example.${/^[a-z]{2,6}$/.test(tld) ? tld : 'com'}`;
  }

  private person(value: string): { first: string; last: string } {
    const d = this.digest('person', value);
    return { first: FIRST[d[0]! % FIRST.length]!, last: LAST[d[1]! % LAST.length]! };
  }

  name(value: string, field: string): string {
    if (EMAIL.test(value)) return this.email(value);
    const p = this.person(value);
    const tag = this.hex('name', value, 4);
    if (/given|first/i.test(field)) return p.first;
    if (/family|last/i.test(field)) return p.last;
    if (/nick|user|screen/i.test(field)) return `${p.first.toLowerCase()}.${tag}`;
    return `${p.first} ${p.last}`;
  }

  picture(value: string): string {
    return `https://avatars.example.com/${this.hex('picture', value, 16)}.png`;
  }

  ip(value: string): string {
    const d = this.digest('ip', value);
    if (value.includes(':')) return `2001:db8::${d.readUInt16BE(0).toString(16)}:${d.readUInt16BE(2).toString(16)}`;
    // Documentation ranges (RFC 5737), never a real host.
    const nets = ['192.0.2', '198.51.100', '203.0.113'];
    return `${nets[d[0]! % 3]}.${(d[1]! % 254) + 1}`;
  }

  phone(value: string): string {
    const n = this.digest('phone', value.replace(/\D/g, '')).readUInt16BE(0) % 100;
    // +1 (xxx) 555-01xx numbers are reserved for fiction.
    return `+1201555${String(100 + n).padStart(4, '0')}`;
  }

  /** Free text: emails and IP addresses inside it are replaced; the rest is kept. */
  text(value: string): string {
    return value
      .replace(EMAIL_IN_TEXT, (m) => this.email(m))
      .replace(IPV4, (m) => this.ip(m))
      .replace(IPV6, (m) => this.ip(m));
  }

  /** A value under a known field name. */
  field(key: string, value: unknown): unknown {
    if (typeof value === 'string') {
      if (EMAIL_FIELDS.test(key)) return EMAIL.test(value) ? this.email(value) : this.text(value);
      if (NAME_FIELDS.has(key)) return this.name(value, key);
      if (PICTURE_FIELDS.test(key)) return this.picture(value);
      if (IP_FIELDS.test(key)) return this.ip(value);
      if (PHONE_FIELDS.test(key) && PHONE.test(value)) return this.phone(value);
      return this.text(value);
    }
    return this.any(value);
  }

  any(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.any(v));
    if (value !== null && typeof value === 'object') {
      const out: Obj = {};
      for (const [k, v] of Object.entries(value as Obj)) {
        if (TOKEN_FIELDS.has(k)) continue;
        out[k] = this.field(k, v);
      }
      return out;
    }
    return value;
  }

  /** A whole user as the Management API returns it. user_id and ids inside identities are kept (they are opaque). */
  user<T extends Obj>(user: T): T {
    const out: Obj = {};
    for (const [k, v] of Object.entries(user)) {
      if (k === 'user_id' || k === 'created_at' || k === 'updated_at' || k === 'last_login' || k === 'logins_count') out[k] = v;
      else if (k === 'identities' && Array.isArray(v)) out[k] = v.map((i) => this.identity(i as Obj));
      else out[k] = this.field(k, v);
    }
    return out as T;
  }

  private identity(identity: Obj): Obj {
    const out: Obj = {};
    for (const [k, v] of Object.entries(identity)) {
      if (TOKEN_FIELDS.has(k)) continue;
      // An identity's user_id is sometimes the email (passwordless) or the phone number (sms).
      if (k === 'user_id' && typeof v === 'string') out[k] = EMAIL.test(v) ? this.email(v) : PHONE.test(v) ? this.phone(v) : v;
      else if (k === 'profileData') out[k] = this.any(v);
      else out[k] = v;
    }
    return out;
  }
}

export function scrubUsers<T extends Obj>(users: readonly T[], key: string): T[] {
  const s = new Scrubber(key);
  return users.map((u) => s.user(u));
}

export type { Json };
