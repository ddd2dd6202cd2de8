// One page of users through the official SDK, searched with Auth0's syntax: what both the emulator's Users view and
// a real tenant's view ask for.
import type { ManagementClient } from 'auth0';

export async function listUsersPage<U>(client: ManagementClient, query: { q?: string; page: number; perPage: number }): Promise<{ users: U[]; total: number }> {
  const q = query.q?.trim();
  const page = await client.users.list({
    page: query.page,
    per_page: query.perPage,
    include_totals: true,
    ...(q ? { q, search_engine: 'v3' as const } : {}),
  });
  const users = page.data as unknown as U[];
  const total = (page.response as { total?: number } | undefined)?.total;
  return { users, total: typeof total === 'number' ? total : users.length };
}
