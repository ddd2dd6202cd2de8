// The `user` object a legacy Rule receives (auth0-facts §8): the normalized profile with IdP tokens, app_metadata
// left undefined when the user has none, and app_metadata's properties copied onto the root.
import type { StoredUser } from '../users/user.js';

export type RuleUser = Record<string, unknown> & { user_id: string };

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * Builds the Rules view of a stored user. Unlike Actions (event.user.app_metadata is always an object), Rules see
 * `user.app_metadata === undefined` when nothing is stored, which is why rules open with `user.app_metadata =
 * user.app_metadata || {}` (vector 8.e). Root attributes win over app_metadata keys of the same name: the merge
 * exists for convenience (`user.roles`), not to let app_metadata rewrite the profile.
 */
export function toRuleUser(stored: StoredUser): RuleUser {
  const user = clone(stored) as RuleUser;
  if (stored.app_metadata === undefined) delete user.app_metadata;
  if (stored.user_metadata === undefined) delete user.user_metadata;
  const app = stored.app_metadata;
  if (app && typeof app === 'object') {
    for (const [k, v] of Object.entries(app)) if (!(k in user)) user[k] = clone(v);
  }
  return user;
}
