/** Recurrence rules and the problems they propose. Shapes come from the server's presenters (type-only imports). */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ProposalStatus } from '../../src/domain/problems/recurrence.js';
import type { proposalView, recurrenceRulesView } from '../../src/http/presenters/problem-proposals.js';
import type { ProblemDetail } from './problems';
import { refreshProblems } from './problems';
import { api } from './client';
import { fetchAllPages } from './queries';

export { RECURRENCE_LIMITS } from '../../src/domain/problems/recurrence.js';
export type Proposal = z.infer<typeof proposalView>;
export type RecurrenceRules = z.infer<typeof recurrenceRulesView>;
export type RecurrenceRule = RecurrenceRules['rules'][number];

const proposalKeys = {
  all: ['problem-proposals'] as const,
  list: (status: ProposalStatus) => ['problem-proposals', status] as const,
};
const RULES_KEY = ['recurrence-rules'] as const;

export function useProposals(status: ProposalStatus = 'open') {
  return useQuery({
    queryKey: proposalKeys.list(status),
    queryFn: () => fetchAllPages<Proposal>('/api/v1/problem-proposals', { status }),
  });
}

/** A decided proposal leaves the open list; an accepted one is a problem now. */
export async function refreshProposals(queryClient: QueryClient): Promise<void> {
  await Promise.all([queryClient.invalidateQueries({ queryKey: proposalKeys.all }), refreshProblems(queryClient)]);
}

const proposalPath = (id: string) => `/api/v1/problem-proposals/${encodeURIComponent(id)}`;

export const acceptProposal = (id: string, input: { title: string; ownerId: string }) =>
  api.post<ProblemDetail>(`${proposalPath(id)}/accept`, input);
export const dismissProposal = (id: string, reason: string) => api.post<Proposal>(`${proposalPath(id)}/dismiss`, { reason });

export function useRecurrenceRules() {
  return useQuery({ queryKey: RULES_KEY, queryFn: () => api.get<RecurrenceRules>('/api/v1/recurrence-rules') });
}

export async function saveRecurrenceRules(queryClient: QueryClient, rules: RecurrenceRule[]): Promise<void> {
  queryClient.setQueryData(RULES_KEY, await api.put<RecurrenceRules>('/api/v1/recurrence-rules', { rules }));
}
