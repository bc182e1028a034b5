import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueueSort, QueueView, SortDirection } from '../../src/domain/cases/queue-views.js';
import { caseListPath, casePath } from './case-list-path';
import { casePagePaths, TIMELINE_PAGE } from './case-page-paths';
import { api, ApiProblem } from './client';
import { fetchAllPages } from './queries';
import type { CaseDetail, CaseSummary, LadderStep, Page, TimelineEntry, VendorEscalation } from './types';

/** How often open screens refresh while nobody touches them, standing in for a server push (see web-needs). */
export const LIVE_REFRESH_MS = 10_000;

export interface CaseListQuery {
  status?: string[];
  level?: number[];
  departmentId?: string;
  assigneeId?: string;
  unassigned?: boolean;
  organizationId?: string;
  escalated?: boolean;
  open?: boolean;
  serial?: string;
  text?: string;
  view?: QueueView | 'landing';
  sort?: QueueSort;
  direction?: SortDirection;
  cursor?: string;
  limit?: number;
}

export const caseKeys = {
  all: ['cases'] as const,
  list: (query: CaseListQuery) => ['cases', 'list', query] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  ladder: (id: string) => ['cases', 'ladder', id] as const,
  timeline: (id: string) => ['cases', 'timeline', id] as const,
};

export function listCases(query: CaseListQuery, signal?: AbortSignal): Promise<Page<CaseSummary>> {
  return api.get<Page<CaseSummary>>(caseListPath(query), signal ? { signal } : {});
}

export function useCaseList(query: CaseListQuery, options: { enabled?: boolean; live?: boolean } = {}) {
  return useQuery({
    queryKey: caseKeys.list(query),
    queryFn: ({ signal }) => listCases(query, signal),
    enabled: options.enabled ?? true,
    refetchInterval: options.live === false ? false : LIVE_REFRESH_MS,
    placeholderData: (previous) => previous,
  });
}

/**
 * A case list read page by page and kept live (the queues, the portal): `rows` holds every page read so far, and the
 * query's `fetchNextPage` reads the next. `null` lists nothing (a queue of no department).
 */
export function useCasePages(query: CaseListQuery | null) {
  const pages = useInfiniteQuery({
    queryKey: caseKeys.list(query ?? {}),
    queryFn: ({ pageParam, signal }) => listCases({ ...query, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: query !== null,
    refetchInterval: LIVE_REFRESH_MS,
  });
  return { pages, rows: pages.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: () => api.get<CaseDetail>(casePath(id)),
    refetchInterval: LIVE_REFRESH_MS,
  });
}

export function useLadder(id: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.ladder(id),
    queryFn: async () => (await api.get<{ steps: LadderStep[] }>(casePagePaths.ladder(id))).steps,
    enabled,
    refetchInterval: LIVE_REFRESH_MS,
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: caseKeys.timeline(id),
    queryFn: () => fetchAllPages<TimelineEntry>(`/api/v1/cases/${encodeURIComponent(id)}/timeline`, {}, TIMELINE_PAGE),
    refetchInterval: LIVE_REFRESH_MS,
  });
}

export function useVendorEscalation(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['cases', 'vendor', id],
    queryFn: async () => {
      try {
        return await api.get<VendorEscalation>(`/api/v1/cases/${encodeURIComponent(id)}/vendor-escalation`);
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return null;
        throw error;
      }
    },
    enabled,
  });
}

/**
 * After any change the case, its ladder, its timeline and the queues are stale. Here rather than beside the case
 * page's actions, so that the queue's keyboard shortcuts use it without pulling the case page's forms (and the
 * knowledge base's Markdown) into the queue page.
 */
export function useRefreshCase() {
  const queryClient = useQueryClient();
  return async (_caseId: string): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: caseKeys.all });
  };
}
