/**
 * What was done for a customer beyond a case's own work: free exchanges and compensations (with their approver),
 * the yearly checks of delivered projects, and the audit log of every change. Shapes come from the server's schemas.
 */
import { useQueries, useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditEntryView } from '../../src/http/presenters/audit-log.js';
import type { approverView, compensationView, exchangeView, yearlyCheckView } from '../../src/http/presenters/delivered-systems.js';
import { casePagePaths } from './case-page-paths';
import { api, withQuery } from './client';
import { caseKeys } from './cases';
import { fetchAllPages } from './queries';
import type { Page } from './types';

export type Exchange = z.infer<typeof exchangeView>;
export type Compensation = z.infer<typeof compensationView>;
export type Approver = z.infer<typeof approverView>;
export type YearlyCheck = z.infer<typeof yearlyCheckView>;
export type AuditEntry = z.infer<typeof auditEntryView>;

export const deliveredWorkKeys = {
  exchanges: (caseId: string) => [...caseKeys.all, 'exchanges', caseId] as const,
  compensations: (caseId: string) => [...caseKeys.all, 'compensations', caseId] as const,
  approvers: ['approvers'] as const,
  yearlyChecks: (query: YearlyCheckQuery) => ['yearly-checks', query] as const,
  auditLog: (query: AuditQuery) => ['audit-log', query] as const,
  auditEntityTypes: ['audit-log', 'entity-types'] as const,
};

export function useCaseExchanges(caseId: string, enabled = true) {
  return useQuery({
    queryKey: deliveredWorkKeys.exchanges(caseId),
    queryFn: async () => (await api.get<Page<Exchange>>(casePagePaths.exchanges(caseId))).items,
    enabled,
  });
}

/** One case's compensations: one query, and one cache entry, for the case view and a product's history alike. */
function compensationsQuery(caseId: string, enabled: boolean) {
  return {
    queryKey: deliveredWorkKeys.compensations(caseId),
    queryFn: async () => (await api.get<Page<Compensation>>(casePagePaths.compensations(caseId))).items,
    enabled,
  };
}

export function useCaseCompensations(caseId: string, enabled = true) {
  return useQuery(compensationsQuery(caseId, enabled));
}

/** The compensations recorded on any of these cases (a product's cases), newest first. */
export function useCompensationsOfCases(caseIds: readonly string[], enabled = true) {
  const results = useQueries({
    queries: caseIds.map((caseId) => compensationsQuery(caseId, enabled)),
  });
  const pending = results.some((result) => result.isPending);
  return {
    error: results.find((result) => result.error)?.error ?? null,
    data: pending ? undefined : results.flatMap((result) => result.data ?? []).sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)),
  };
}

/** The people the server accepts as approver of an exchange or a compensation. */
export function useApprovers(enabled = true) {
  return useQuery({
    queryKey: deliveredWorkKeys.approvers,
    queryFn: async () => (await api.get<{ items: Approver[] }>('/api/v1/approvers')).items,
    enabled,
    staleTime: 60_000,
  });
}

export interface ExchangeInput {
  oldSerialNumber: string;
  newSerialNumber: string;
  newModel?: string;
  newSoftwareVersion?: string | null;
  reason: string;
  approvedByUserId: string;
}

export const recordExchange = (caseId: string, input: ExchangeInput) =>
  api.post<Exchange>(`/api/v1/cases/${encodeURIComponent(caseId)}/exchanges`, input);

export interface CompensationInput {
  description: string;
  amountMinor?: number | null;
  currency?: string | null;
  approvedByUserId: string;
}

export const recordCompensation = (caseId: string, input: CompensationInput) =>
  api.post<Compensation>(`/api/v1/cases/${encodeURIComponent(caseId)}/compensations`, input);

/** An exchange or a compensation shows on the case (its lists, its timeline) and on the products' pages. */
export async function refreshAfterRecording(queryClient: QueryClient): Promise<void> {
  await Promise.all([queryClient.invalidateQueries({ queryKey: caseKeys.all }), queryClient.invalidateQueries({ queryKey: ['product'] })]);
}

export interface YearlyCheckQuery {
  /** `YYYY-MM` */
  month: string;
  organizationId?: string | undefined;
}

export function useYearlyChecks(query: YearlyCheckQuery) {
  return useQuery({
    queryKey: deliveredWorkKeys.yearlyChecks(query),
    queryFn: () => fetchAllPages<YearlyCheck>('/api/v1/yearly-checks', { ...query }),
  });
}

export interface AuditQuery {
  entityType?: string | undefined;
  actorUserId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: deliveredWorkKeys.auditLog(query),
    queryFn: () => api.get<Page<AuditEntry>>(withQuery('/api/v1/audit-log', { ...query })),
  });
}

export function useAuditEntityTypes() {
  return useQuery({
    queryKey: deliveredWorkKeys.auditEntityTypes,
    queryFn: async () => (await api.get<{ items: string[] }>('/api/v1/audit-log/entity-types')).items,
  });
}
