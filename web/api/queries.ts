import { useQuery } from '@tanstack/react-query';
import { LIST_PAGE, pagePath } from './case-page-paths';
import { api, withQuery } from './client';
import type { Department, Organization, Page, PositionHolder, User } from './types';

/** Reads every page of a list a screen shows whole (users, departments, a case's timeline): a few requests at most. */
export async function fetchAllPages<T>(path: string, query: Record<string, string | undefined> = {}, pageSize = LIST_PAGE): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(pagePath(path, query, pageSize, cursor ?? undefined));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export const queryKeys = {
  users: ['users'] as const,
  departments: ['departments'] as const,
  positions: ['positions'] as const,
  organizations: (text: string) => ['organizations', text] as const,
  organization: (id: string) => ['organization', id] as const,
};

export function useUsers(enabled = true) {
  return useQuery({ queryKey: queryKeys.users, queryFn: () => fetchAllPages<User>('/api/v1/users'), enabled });
}

export function useDepartments(enabled = true) {
  return useQuery({ queryKey: queryKeys.departments, queryFn: () => fetchAllPages<Department>('/api/v1/departments'), enabled });
}

export function usePositions(enabled = true) {
  return useQuery({
    queryKey: queryKeys.positions,
    queryFn: async () => (await api.get<Page<PositionHolder>>('/api/v1/positions')).items,
    enabled,
  });
}

/** Customers found by a text; retired ones only when asked for (`include`), as the server leaves them out by default. */
export function useOrganizations(text: string, enabled = true, retired: 'exclude' | 'include' = 'exclude') {
  return useQuery({
    queryKey: [...queryKeys.organizations(text), retired],
    queryFn: async () => (await api.get<Page<Organization>>(withQuery('/api/v1/organizations', { text, limit: 50, retired }))).items,
    enabled,
  });
}

export function useOrganization(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.organization(id ?? ''),
    queryFn: () => api.get<Organization>(`/api/v1/organizations/${encodeURIComponent(id!)}`),
    enabled: Boolean(id),
  });
}

/** Names for ids in tables: a user id becomes "Wang Fang". */
export function nameOf<T extends { id: string; name: string }>(
  items: readonly T[] | undefined,
  id: string | null | undefined,
): string | null {
  if (!id) return null;
  return items?.find((item) => item.id === id)?.name ?? null;
}
