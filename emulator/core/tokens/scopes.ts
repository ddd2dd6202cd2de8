// Which scopes each Management API operation on users and roles requires, and the check that turns a principal,
// an operation and its target into Auth0's 403s (fact sheet §1.2–1.8 and §6).
import { fieldsNotAllowed, insufficientScope, insufficientScopeAllOf, subjectMismatch } from '../errors.js';
import type { Principal } from './principal.js';

export type ManagementOperation =
  | 'listUsers'
  | 'getUser'
  | 'createUser'
  | 'updateUser'
  | 'deleteUser'
  | 'getUsersByEmail'
  | 'listUserRoles'
  | 'assignUserRoles'
  | 'removeUserRoles'
  | 'listUserPermissions'
  | 'assignUserPermissions'
  | 'removeUserPermissions'
  | 'linkUserIdentity'
  | 'unlinkUserIdentity'
  | 'listRoles'
  | 'getRole'
  | 'createRole'
  | 'updateRole'
  | 'deleteRole'
  | 'listRoleUsers'
  | 'assignRoleUsers';

interface ScopeRule {
  /** Any one of these grants the operation (in the order Auth0 lists them in its 403 message). */
  anyOf: string[];
  /** Additionally required, all of them (GET /users/{id}/roles needs read:users and read:roles). */
  allOf?: string[];
}

/** Scopes that only act on the token's own user (`id === sub`). */
const CURRENT_USER_SCOPES = new Set([
  'read:current_user',
  'update:current_user_metadata',
  'create:current_user_metadata',
  'delete:current_user',
  'update:current_user_identities',
]);

/** Root PATCH fields each scope may change; undefined = every field. */
const PATCH_FIELDS: Record<string, ReadonlySet<string> | undefined> = {
  'update:users': undefined,
  'update:users_app_metadata': new Set(['app_metadata']),
  'update:current_user_metadata': new Set(['user_metadata']),
  'create:current_user_metadata': new Set(['user_metadata']),
};

export const SCOPE_REQUIREMENTS: Readonly<Record<ManagementOperation, ScopeRule>> = {
  listUsers: { anyOf: ['read:users'] },
  getUser: { anyOf: ['read:users', 'read:current_user', 'read:user_idp_tokens'] },
  createUser: { anyOf: ['create:users'] },
  updateUser: {
    anyOf: ['update:users', 'update:users_app_metadata', 'update:current_user_metadata', 'create:current_user_metadata'],
  },
  deleteUser: { anyOf: ['delete:users', 'delete:current_user'] },
  getUsersByEmail: { anyOf: ['read:users'] },
  // [I] read:role_members is listed in the OAS too; Auth0's SDK docs name read:users + read:roles.
  listUserRoles: { anyOf: ['read:users'], allOf: ['read:users', 'read:roles'] },
  assignUserRoles: { anyOf: ['update:users', 'create:role_members'] },
  removeUserRoles: { anyOf: ['update:users', 'delete:role_members'] },
  listUserPermissions: { anyOf: ['read:users'] },
  assignUserPermissions: { anyOf: ['update:users'] },
  removeUserPermissions: { anyOf: ['update:users'] },
  linkUserIdentity: { anyOf: ['update:users', 'update:current_user_identities'] },
  unlinkUserIdentity: { anyOf: ['update:users', 'update:current_user_identities'] },
  listRoles: { anyOf: ['read:roles'] },
  getRole: { anyOf: ['read:roles'] },
  createRole: { anyOf: ['create:roles'] },
  updateRole: { anyOf: ['update:roles'] },
  deleteRole: { anyOf: ['delete:roles'] },
  // [I] by symmetry with the user-side role endpoints.
  listRoleUsers: { anyOf: ['read:users'], allOf: ['read:users', 'read:roles'] },
  assignRoleUsers: { anyOf: ['update:roles', 'create:role_members'] },
};

export interface AuthorizeTarget {
  /** The (decoded) `{id}` of the user acted on, for operations on one user. */
  targetUserId?: string;
  /** The PATCH body, for updateUser: its root keys are checked against what the granting scopes may change. */
  patchBody?: Record<string, unknown>;
}

/**
 * Throws Auth0's 403 when the principal may not perform the operation on the target:
 * insufficient_scope when no scope fits, subject mismatch when only current-user scopes fit and the target is
 * someone else, and "You cannot update the following fields" when the granting scopes do not cover a PATCH field.
 */
export function authorize(principal: Principal, operation: ManagementOperation, target: AuthorizeTarget = {}): void {
  const rule = SCOPE_REQUIREMENTS[operation];
  const missingAll = (rule.allOf ?? []).filter((s) => !principal.scopes.has(s));
  if (missingAll.length > 0) throw insufficientScopeAllOf(rule.allOf!);

  const held = rule.anyOf.filter((s) => principal.scopes.has(s));
  const global = held.filter((s) => !CURRENT_USER_SCOPES.has(s));
  const isSelf = principal.kind === 'user' && target.targetUserId !== undefined && target.targetUserId === principal.sub;
  const currentUser = held.filter((s) => CURRENT_USER_SCOPES.has(s));
  const usable = isSelf ? held : global;

  if (usable.length === 0) {
    if (currentUser.length > 0) throw subjectMismatch();
    throw insufficientScope(rule.anyOf);
  }
  if (operation === 'updateUser' && target.patchBody !== undefined) {
    checkPatchFields(usable, target.patchBody);
  }
}

/** Whether identities[] should keep access_token / access_token_secret / refresh_token for this caller. */
export function canSeeIdpTokens(principal: Principal): boolean {
  return principal.scopes.has('read:user_idp_tokens');
}

function checkPatchFields(grantingScopes: string[], body: Record<string, unknown>): void {
  const allowed = new Set<string>();
  for (const scope of grantingScopes) {
    const fields = PATCH_FIELDS[scope];
    if (fields === undefined) return; // update:users may change anything
    for (const f of fields) allowed.add(f);
  }
  const forbidden = Object.keys(body).filter((k) => body[k] !== undefined && !allowed.has(k));
  if (forbidden.length > 0) throw fieldsNotAllowed(forbidden);
}

/** Every Management API scope the emulator knows for users and roles: what its seeded M2M clients are granted. */
export const MANAGEMENT_SCOPES = [
  'read:users',
  'create:users',
  'update:users',
  'delete:users',
  'read:users_app_metadata',
  'create:users_app_metadata',
  'update:users_app_metadata',
  'delete:users_app_metadata',
  'read:user_idp_tokens',
  'read:roles',
  'create:roles',
  'update:roles',
  'delete:roles',
  'read:role_members',
  'create:role_members',
  'delete:role_members',
] as const;
