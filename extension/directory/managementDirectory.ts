// UserDirectory over the official auth0 SDK's ManagementClient: the emulator and a real tenant are reached the same
// way, so every tree refresh exercises the emulator's fidelity.
import { listUsersPage } from './listUsersPage.js';
import { ManagementClient } from 'auth0';
import {
  DirectoryError,
  type DirectoryRole,
  type DirectoryUser,
  type UserDirectory,
  type UserPage,
  type UserPatch,
  type UserQuery,
} from './userDirectory.js';

export interface ManagementDirectoryOptions {
  /** `tenant.auth0.com` or, for the emulator, `127.0.0.1:PORT`. */
  domain: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
}

export class ManagementDirectory implements UserDirectory {
  private readonly client: ManagementClient;

  constructor(opts: ManagementDirectoryOptions) {
    this.client = new ManagementClient({
      domain: opts.domain,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  }

  async listUsers(query: UserQuery): Promise<UserPage> {
    return call(async () => ({ ...(await listUsersPage<DirectoryUser>(this.client, query)), page: query.page, perPage: query.perPage }));
  }

  getUser(userId: string): Promise<DirectoryUser> {
    return call(async () => (await this.client.users.get(userId)) as unknown as DirectoryUser);
  }

  updateUser(userId: string, patch: UserPatch): Promise<DirectoryUser> {
    return call(async () => (await this.client.users.update(userId, patch as never)) as unknown as DirectoryUser);
  }

  deleteUser(userId: string): Promise<void> {
    return call(async () => {
      await this.client.users.delete(userId);
    });
  }

  listRoles(userId: string): Promise<DirectoryRole[]> {
    return call(async () => {
      const page = await this.client.users.roles.list(userId, { per_page: 100 });
      return (page.data as DirectoryRole[]).map((r) => ({ id: r.id, name: r.name, description: r.description }));
    });
  }
}

/** Runs an SDK call, turning its errors into DirectoryError with Auth0's message and errorCode. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toDirectoryError(err);
  }
}

export function toDirectoryError(err: unknown): DirectoryError {
  if (err instanceof DirectoryError) return err;
  const e = err as { statusCode?: number; body?: unknown; message?: string };
  const body = (typeof e?.body === 'object' && e.body !== null ? e.body : {}) as {
    message?: string;
    errorCode?: string;
    error_description?: string;
  };
  const message = body.message ?? body.error_description ?? e?.message ?? String(err);
  return new DirectoryError(message, e?.statusCode, body.errorCode);
}
