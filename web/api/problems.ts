/** Problem records (SPEC §6). Shapes come from the server's presenters (type-only imports). */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ProblemStatus } from '../../src/domain/problems/problem-lifecycle.js';
import type { problemSummaryView, problemView } from '../../src/http/presenters/problems.js';
import { caseKeys } from './cases';
import { api } from './client';
import { fetchAllPages } from './queries';

export type { ProblemStatus };
export { PROBLEM_STATUSES } from '../../src/domain/problems/problem-lifecycle.js';
export type ProblemSummary = z.infer<typeof problemSummaryView>;
export type ProblemDetail = z.infer<typeof problemView>;

export const problemKeys = {
  all: ['problems'] as const,
  list: (query: ProblemQuery) => ['problems', 'list', query] as const,
  detail: (id: string) => ['problems', 'detail', id] as const,
};

export interface ProblemQuery {
  status?: ProblemStatus | undefined;
  ownerId?: string | undefined;
}

/** A problem change shows on its linked cases too (their problem card): both caches are refreshed. */
export async function refreshProblems(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: problemKeys.all }),
    queryClient.invalidateQueries({ queryKey: caseKeys.all }),
  ]);
}

export function useProblems(query: ProblemQuery = {}, enabled = true) {
  return useQuery({
    queryKey: problemKeys.list(query),
    queryFn: () => fetchAllPages<ProblemSummary>('/api/v1/problems', { status: query.status, ownerId: query.ownerId }),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function useProblem(id: string) {
  return useQuery({
    queryKey: problemKeys.detail(id),
    queryFn: () => api.get<ProblemDetail>(`/api/v1/problems/${encodeURIComponent(id)}`),
  });
}

const problemPath = (id: string) => `/api/v1/problems/${encodeURIComponent(id)}`;

export interface ProblemInput {
  title: string;
  description: string;
  ownerId: string;
  rootCause?: string | null;
  workaround?: string | null;
  organizationIds?: string[];
  products?: { vendorId?: string | null; model?: string | null }[];
}

export const createProblem = (input: ProblemInput & { fromCaseId?: string | null }) => api.post<ProblemDetail>('/api/v1/problems', input);
export const updateProblem = (id: string, input: Partial<ProblemInput>) => api.patch<ProblemDetail>(problemPath(id), input);
export const transitionProblem = (id: string, to: ProblemStatus, note?: string | null) =>
  api.post<ProblemDetail>(`${problemPath(id)}/transitions`, { to, note: note ?? null });
export const addPreventiveAction = (id: string, input: { description: string; ownerId: string; dueOn: string }) =>
  api.post<ProblemDetail>(`${problemPath(id)}/actions`, input);
export const completePreventiveAction = (id: string, actionId: string, done: boolean) =>
  api.post<ProblemDetail>(`${problemPath(id)}/actions/${encodeURIComponent(actionId)}/completion`, { done });
export const linkCase = (id: string, caseId: string) => api.post<ProblemDetail>(`${problemPath(id)}/cases`, { caseId });
export const unlinkCase = (id: string, caseId: string) =>
  api.delete<ProblemDetail>(`${problemPath(id)}/cases/${encodeURIComponent(caseId)}`);
