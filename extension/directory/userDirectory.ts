// The one interface the views and panels use to read and change users, whether they live in the local emulator or
// in a real tenant. Implementations speak the Management API through the official auth0 SDK.
import type { JsonObject } from '../../emulator/core/users/user.js';

export type { JsonObject };

/** A user as GET /api/v2/users/{id} returns it. */
export interface DirectoryUser {
  user_id: string;
  email?: string;
  name?: string;
  nickname?: string;
  picture?: string;
  blocked?: boolean;
  created_at?: string;
  updated_at?: string;
  last_login?: string;
  logins_count?: number;
  identities?: Array<{ connection: string; provider: string; user_id: string | number; isSocial?: boolean }>;
  app_metadata?: JsonObject;
  user_metadata?: JsonObject;
  [extra: string]: unknown;
}

export interface DirectoryRole {
  id: string;
  name: string;
  description?: string;
}

export interface UserQuery {
  /** Lucene query (search engine v3); empty = all users. */
  q?: string;
  page: number;
  perPage: number;
}

export interface UserPage {
  users: DirectoryUser[];
  total: number;
  page: number;
  perPage: number;
}

/** The body of PATCH /api/v2/users/{id} this extension sends. */
export interface UserPatch {
  app_metadata?: JsonObject;
  user_metadata?: JsonObject;
  blocked?: boolean;
}

export interface UserDirectory {
  listUsers(query: UserQuery): Promise<UserPage>;
  getUser(userId: string): Promise<DirectoryUser>;
  updateUser(userId: string, patch: UserPatch): Promise<DirectoryUser>;
  deleteUser(userId: string): Promise<void>;
  listRoles(userId: string): Promise<DirectoryRole[]>;
}

/** An error from the Management API, in Auth0's shape, so the UI can show Auth0's own message. */
export class DirectoryError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly errorCode?: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}
