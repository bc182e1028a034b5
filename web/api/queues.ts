import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { QueueColumn } from '../../src/domain/cases/queue-views.js';
import type { bulkResultView, queueFilterSet, queueOverviewView, savedQueueFilterView } from '../../src/http/presenters/queues.js';
import { caseKeys, LIVE_REFRESH_MS } from './cases';
import { api } from './client';
import { QUEUE_OVERVIEW_PATH } from './queue-paths';

export type QueueOverview = z.infer<typeof queueOverviewView>;
export type QueueFilterSet = z.infer<typeof queueFilterSet>;
export type SavedQueueFilter = z.infer<typeof savedQueueFilterView>;
export type BulkResult = z.infer<typeof bulkResultView>;
export type BulkChange =
  | { type: 'assign'; assigneeId: string | null }
  | { type: 'status'; to: string }
  | { type: 'department'; departmentId: string }
  | { type: 'note'; body: string };

const overviewKey = ['queues', 'overview'] as const;

/** The reader's views with their counts, landing view, columns and saved filters; counts follow the queue live. */
export function useQueueOverview() {
  return useQuery({
    queryKey: overviewKey,
    queryFn: ({ signal }) => api.get<QueueOverview>(QUEUE_OVERVIEW_PATH, { signal }),
    refetchInterval: LIVE_REFRESH_MS,
  });
}

/** Saving or deleting a filter, or choosing columns: the overview holds them, so it is read again. */
export function useQueuePreferences() {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: overviewKey });
  const saveFilter = useMutation({
    mutationFn: (input: { name: string; filter: QueueFilterSet }) => api.post<SavedQueueFilter>(`${QUEUE_OVERVIEW_PATH}/filters`, input),
    onSuccess: refresh,
  });
  const deleteFilter = useMutation({
    mutationFn: (id: string) => api.delete<null>(`${QUEUE_OVERVIEW_PATH}/filters/${encodeURIComponent(id)}`),
    onSuccess: refresh,
  });
  const chooseColumns = useMutation({
    mutationFn: (columns: QueueColumn[]) => api.put<{ columns: QueueColumn[] }>(`${QUEUE_OVERVIEW_PATH}/columns`, { columns }),
    onSuccess: refresh,
  });
  return { saveFilter, deleteFilter, chooseColumns };
}

/** One change to the selected cases; the queues and their counts are read again after it. */
export function useBulkChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { caseIds: string[]; change: BulkChange }) => api.post<BulkResult>('/api/v1/cases/bulk', input),
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: caseKeys.all }), client.invalidateQueries({ queryKey: overviewKey })]);
    },
  });
}
