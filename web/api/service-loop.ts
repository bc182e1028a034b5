/**
 * The service loop of a case (SPEC §5): on-site visits, the customer service record, follow-up surveys, low-score
 * follow-ups, the satisfaction report and trainings. Shapes come from the server's presenters (type-only imports).
 */
import { keepPreviousData, useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PeriodUnit, SatisfactionGrouping } from '../../src/domain/surveys/satisfaction-analysis.js';
import type { StaffEntryChannel, SurveyQuestion } from '../../src/domain/surveys/survey-questions.js';
import type { VisitStatus } from '../../src/domain/visits/visit-schedule.js';
import type { serviceRecordView } from '../../src/http/presenters/service-records.js';
import type { followUpView, satisfactionReportView, surveyView } from '../../src/http/presenters/surveys.js';
import type { trainingView } from '../../src/http/presenters/trainings.js';
import type { visitView } from '../../src/http/presenters/visits.js';
import { caseKeys } from './cases';
import { casePagePaths } from './case-page-paths';
import { api, withQuery } from './client';
import { fetchAllPages } from './queries';
import type { Page } from './types';
import type { ReportFilterValue } from './reports';

export type { PeriodUnit, SatisfactionGrouping, StaffEntryChannel, SurveyQuestion, VisitStatus };
export type Visit = z.infer<typeof visitView>;
export type ServiceRecord = z.infer<typeof serviceRecordView>;
export type Survey = z.infer<typeof surveyView>;
export type FollowUp = z.infer<typeof followUpView>;
export type SatisfactionReport = z.infer<typeof satisfactionReportView>;
export type Training = z.infer<typeof trainingView>;

export { STAFF_ENTRY_CHANNELS, SURVEY_QUESTIONS } from '../../src/domain/surveys/survey-questions.js';

export const serviceKeys = {
  all: ['service'] as const,
  myVisits: (from: string, to: string) => ['service', 'visits', 'me', from, to] as const,
  caseVisits: (caseId: string) => ['service', 'visits', 'case', caseId] as const,
  record: (caseId: string) => ['service', 'record', caseId] as const,
  surveys: (query: SurveyQuery) => ['service', 'surveys', query] as const,
  followUps: (query: FollowUpQuery) => ['service', 'follow-ups', query] as const,
  report: (query: ReportQuery) => ['service', 'report', query] as const,
  trainings: ['service', 'trainings'] as const,
  training: (id: string) => ['service', 'training', id] as const,
};

/** A visit or a record changes the case too (status, timeline): both caches are refreshed. */
export async function refreshServiceLoop(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: serviceKeys.all }),
    queryClient.invalidateQueries({ queryKey: caseKeys.all }),
  ]);
}

export function useMyVisits(from: string, to: string) {
  return useQuery({
    queryKey: serviceKeys.myVisits(from, to),
    queryFn: () => fetchAllPages<Visit>('/api/v1/visits', { engineerId: 'me', from, to }),
    refetchInterval: 30_000,
  });
}

export function useCaseVisits(caseId: string, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.caseVisits(caseId),
    queryFn: () => fetchAllPages<Visit>('/api/v1/visits', { caseId, includeCancelled: 'true' }),
    enabled,
  });
}

/** The engineer's visits overlapping a window: what a 409 on scheduling clashed with. */
export function findEngineerVisits(engineerId: string, from: string, to: string): Promise<Visit[]> {
  return fetchAllPages<Visit>('/api/v1/visits', { engineerId, from, to });
}

export interface ScheduleVisitInput {
  engineerUserId: string;
  startsAt: string;
  endsAt: string;
  site?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  notes?: string | null;
  allowConflict?: boolean;
}

export const scheduleVisit = (caseId: string, input: ScheduleVisitInput) =>
  api.post<Visit>(`/api/v1/cases/${encodeURIComponent(caseId)}/visits`, input);
export const recordArrival = (visitId: string) => api.post<Visit>(`/api/v1/visits/${encodeURIComponent(visitId)}/arrival`, {});
export const recordDeparture = (visitId: string, input: { workDone: string; outcome?: string }) =>
  api.post<Visit>(`/api/v1/visits/${encodeURIComponent(visitId)}/departure`, input);
export const cancelVisit = (visitId: string, reason: string) =>
  api.post<Visit>(`/api/v1/visits/${encodeURIComponent(visitId)}/cancellation`, { reason });
export const issueCalendarFeed = () => api.post<{ url: string; path: string }>('/api/v1/me/calendar-feed', {});

/**
 * The record follows its case: `caseRevision` (the case's updatedAt) is part of the key, so a resolution, a closing or
 * a confirmation — on this page or by anyone, through the change feed — fetches it afresh; the old one shows meanwhile.
 */
export function useServiceRecord(caseId: string, language: string, caseRevision: string) {
  return useQuery({
    queryKey: [...serviceKeys.record(caseId), language, caseRevision],
    placeholderData: keepPreviousData,
    queryFn: () => api.get<ServiceRecord>(casePagePaths.serviceRecord(caseId, language)),
  });
}

export const serviceRecordPdfUrl = (caseId: string, language?: string) =>
  withQuery(`/api/v1/cases/${encodeURIComponent(caseId)}/service-record.pdf`, { language });
export const confirmServiceRecord = (caseId: string, note?: string) =>
  api.post<ServiceRecord>(`/api/v1/cases/${encodeURIComponent(caseId)}/service-record/confirmation`, note ? { note } : {});
export const resendConfirmationLink = (caseId: string) =>
  api.post<{ to: string; expiresAt: string }>(`/api/v1/cases/${encodeURIComponent(caseId)}/service-record/confirmation-link`, {});

export interface SurveyQuery {
  status?: 'sent' | 'awaiting-entry' | 'answered';
  caseId?: string;
}

export function useSurveys(query: SurveyQuery, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.surveys(query),
    queryFn: async () => (await api.get<Page<Survey>>(withQuery('/api/v1/surveys', { ...query, limit: 100 }))).items,
    enabled,
  });
}

export interface SurveyAnswersInput {
  /** How staff received the answers; the customer's own answers in the portal have none (they are `web`). */
  channel?: StaffEntryChannel;
  scores: Partial<Record<SurveyQuestion, number>>;
  comment?: string | null;
  respondentName?: string | null;
}

export const enterSurveyAnswers = (surveyId: string, input: SurveyAnswersInput) =>
  api.post<Survey>(`/api/v1/surveys/${encodeURIComponent(surveyId)}/answers`, input);
/** The signed-in customer's own answers, in the portal. */
export const answerSurveyInPortal = (surveyId: string, input: SurveyAnswersInput) =>
  api.post<Survey>(`/api/v1/surveys/${encodeURIComponent(surveyId)}/portal-answers`, input);

export interface FollowUpQuery {
  mine?: boolean;
  status?: 'open' | 'closed';
  caseId?: string;
}

export function useFollowUps(query: FollowUpQuery, enabled = true) {
  return useQuery({
    queryKey: serviceKeys.followUps(query),
    queryFn: async () => (await api.get<Page<FollowUp>>(withQuery('/api/v1/follow-ups', { ...query, limit: 100 }))).items,
    enabled,
  });
}

export const closeFollowUp = (id: string, resolution: string) =>
  api.post<FollowUp>(`/api/v1/follow-ups/${encodeURIComponent(id)}/closure`, { resolution });

/** The satisfaction analysis: the filter every report takes (days, department, customer, level, engineer), its grouping and trend unit. */
export interface ReportQuery extends ReportFilterValue {
  groupBy: SatisfactionGrouping;
  period: PeriodUnit;
}

export function useSatisfactionReport(query: ReportQuery) {
  return useQuery({
    queryKey: serviceKeys.report(query),
    queryFn: () => api.get<SatisfactionReport>(withQuery('/api/v1/reports/satisfaction', { ...query })),
    placeholderData: (previous) => previous,
  });
}

export function useTrainings() {
  return useQuery({ queryKey: serviceKeys.trainings, queryFn: () => fetchAllPages<Training>('/api/v1/trainings') });
}

export function useTraining(id: string) {
  return useQuery({
    queryKey: serviceKeys.training(id),
    queryFn: () => api.get<Training>(`/api/v1/trainings/${encodeURIComponent(id)}`),
  });
}

export interface PlanTrainingInput {
  organizationId: string;
  kind: 'class' | 'display';
  topic: string;
  trainerUserId: string;
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string;
  attendees: { name: string; contactId: string }[];
  contactId: string | null;
}

/** Plans a training; the server mails the invitation to each invited contact with an address. */
export const planTraining = (input: PlanTrainingInput) => api.post<Training>('/api/v1/trainings', input);

export interface TrainingChangeInput {
  topic?: string;
  trainerUserId?: string;
  date?: string;
  startTime?: string | null;
  endTime?: string | null;
  place?: string;
  attendees?: { id?: string; name: string; email?: string | null; contactId?: string | null }[];
}

export const changeTraining = (trainingId: string, input: TrainingChangeInput) =>
  api.patch<Training>(`/api/v1/trainings/${encodeURIComponent(trainingId)}`, input);

export const cancelTraining = (trainingId: string, reason: string | null) =>
  api.post<Training>(`/api/v1/trainings/${encodeURIComponent(trainingId)}/cancel`, { reason });

export const recordAttendance = (
  trainingId: string,
  input: { attendance: { attendeeId: string; attended: boolean }[]; walkIns?: { name: string; email?: string | null }[] },
) => api.post<Training>(`/api/v1/trainings/${encodeURIComponent(trainingId)}/attendance`, input);
