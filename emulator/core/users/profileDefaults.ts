// The profile values Auth0 fills in when a user is created without them: name, nickname and the Gravatar picture.
// Recorded: {"email":"chuck@example.com"} -> name "chuck@example.com", nickname "chuck",
// picture https://s.gravatar.com/avatar/0b79e7da…?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2Fch.png
import { createHash } from 'node:crypto';

/** Gravatar for the email, falling back to Auth0's letter avatar of its first two characters. */
export function gravatarUrl(email: string): string {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex');
  const letters = email.trim().toLowerCase().slice(0, 2);
  const fallback = encodeURIComponent(`https://cdn.auth0.com/avatars/${letters}.png`);
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=${fallback}`;
}

/** Users without an email (SMS) get Auth0's generic avatar (UNCONFIRMED). */
export const DEFAULT_AVATAR = 'https://cdn.auth0.com/avatars/default.png';

export interface ProfileIdentifiers {
  email?: string;
  username?: string;
  phone_number?: string;
}

/** `name` defaults to the email even when given/family names are sent; otherwise username, then phone. */
export function defaultName(p: ProfileIdentifiers): string | undefined {
  return p.email ?? p.username ?? p.phone_number;
}

/** `nickname` defaults to the email's local part; otherwise username, then phone. */
export function defaultNickname(p: ProfileIdentifiers): string | undefined {
  if (p.email !== undefined) return p.email.slice(0, p.email.lastIndexOf('@'));
  return p.username ?? p.phone_number;
}

export function defaultPicture(p: ProfileIdentifiers): string {
  return p.email !== undefined ? gravatarUrl(p.email) : DEFAULT_AVATAR;
}
