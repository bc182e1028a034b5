/** The repeat-fault report (issue #15). Shapes come from the server's presenter (type-only import). */
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { RepeatFaultGrouping } from '../../src/domain/reports/repeat-faults.js';
import type { repeatFaultReportView } from '../../src/http/presenters/repeat-faults.js';
import { api, withQuery } from './client';

export type { RepeatFaultGrouping };
export type RepeatFaultReport = z.infer<typeof repeatFaultReportView>;
export type RepeatFaultGroup = RepeatFaultReport['groups'][number];

export interface RepeatFaultQuery {
  groupBy: RepeatFaultGrouping;
  /** `YYYY-MM-DD`, both days counted. */
  from: string;
  to: string;
  organizationId?: string | null | undefined;
  limit: number;
  offset: number;
}

export function useRepeatFaultReport(query: RepeatFaultQuery) {
  return useQuery({
    queryKey: ['reports', 'repeat-faults', query] as const,
    queryFn: () => api.get<RepeatFaultReport>(withQuery('/api/v1/reports/repeat-faults', { ...query })),
    placeholderData: (previous) => previous,
  });
}

/** The CSV of every group of a grouping and period: a plain link, so the session cookie travels with it. */
export const repeatFaultCsvUrl = (query: Omit<RepeatFaultQuery, 'limit' | 'offset'>) =>
  withQuery('/api/v1/reports/repeat-faults/export', { ...query });
