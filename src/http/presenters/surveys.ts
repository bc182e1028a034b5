import { z } from 'zod';
import { PERIOD_UNITS, SATISFACTION_GROUPINGS } from '../../domain/surveys/satisfaction-analysis.js';
import { SURVEY_QUESTIONS, SURVEY_SUBJECTS, type SurveyQuestion, type SurveySubject } from '../../domain/surveys/survey-questions.js';
import { questionsOf, scoresOf } from '../../services/surveys/record-answers.js';
import type { satisfactionReport } from '../../services/surveys/satisfaction-report.js';
import type { FollowUpListRow, SurveyListRow, SurveyRow } from '../../storage/repositories/surveys.js';

const scoresView = z.partialRecord(z.enum(SURVEY_QUESTIONS), z.number().int());

export const surveyView = z.object({
  id: z.string(),
  subject: z.enum(SURVEY_SUBJECTS),
  organizationId: z.string(),
  organizationName: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  visitId: z.string().nullable(),
  trainingId: z.string().nullable(),
  departmentId: z.string().nullable(),
  personUserId: z.string().nullable(),
  personName: z.string().nullable(),
  recipientEmail: z.string().nullable(),
  language: z.string(),
  questions: z.array(z.enum(SURVEY_QUESTIONS)),
  status: z.enum(['sent', 'awaiting-entry', 'answered']),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  channel: z.string().nullable(),
  enteredBy: z.string().nullable(),
  respondentName: z.string().nullable(),
  scores: scoresView,
  comment: z.string().nullable(),
});

export function presentSurvey(row: SurveyListRow): z.infer<typeof surveyView> {
  return {
    id: row.id,
    subject: row.subject_kind as SurveySubject,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    caseId: row.case_id,
    caseNumber: row.case_number,
    visitId: row.visit_id,
    trainingId: row.training_id,
    departmentId: row.department_id,
    personUserId: row.person_user_id,
    personName: row.person_name,
    recipientEmail: row.recipient_email,
    language: row.language,
    questions: questionsOf(row),
    status: row.status as 'sent' | 'awaiting-entry' | 'answered',
    createdAt: row.created_at,
    sentAt: row.sent_at,
    answeredAt: row.answered_at,
    channel: row.channel,
    enteredBy: row.entered_by,
    respondentName: row.respondent_name,
    scores: scoresOf(row),
    comment: row.comment,
  };
}

/** What the public form needs: the questions, never who else answered or internal names. */
export const publicSurveyView = z.object({
  state: z.enum(['valid', 'used', 'expired', 'forged', 'answered', 'recorded']),
  language: z.string().nullable(),
  subject: z.enum(SURVEY_SUBJECTS).nullable(),
  questions: z.array(z.enum(SURVEY_QUESTIONS)),
});

export function presentPublicSurvey(
  state: z.infer<typeof publicSurveyView>['state'],
  survey: SurveyRow | null,
): z.infer<typeof publicSurveyView> {
  return {
    state,
    language: survey?.language ?? null,
    subject: (survey?.subject_kind as SurveySubject | undefined) ?? null,
    questions: state === 'valid' && survey ? questionsOf(survey) : [],
  };
}

export const followUpView = z.object({
  id: z.string(),
  surveyId: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  assigneeUserId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  dueAt: z.string(),
  status: z.enum(['open', 'closed']),
  lowScores: z.array(z.object({ question: z.enum(SURVEY_QUESTIONS), score: z.number().int() })),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  resolution: z.string().nullable(),
});

export function presentFollowUp(row: FollowUpListRow): z.infer<typeof followUpView> {
  return {
    id: row.id,
    surveyId: row.survey_id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    caseId: row.case_id,
    caseNumber: row.case_number,
    departmentId: row.department_id,
    departmentName: row.department_name,
    assigneeUserId: row.assignee_user_id,
    assigneeName: row.assignee_name,
    dueAt: row.due_at,
    status: row.status as 'open' | 'closed',
    lowScores: JSON.parse(row.low_scores_json) as { question: SurveyQuestion; score: number }[],
    createdAt: row.created_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    resolution: row.resolution,
  };
}

const averagesView = z.record(z.enum(SURVEY_QUESTIONS), z.number().nullable());
const figuresView = z.object({
  surveys: z.number().int(),
  responses: z.number().int(),
  responseRate: z.number().nullable(),
  averages: averagesView,
  overall: z.number().nullable(),
  trend: z.array(z.object({ period: z.string(), responses: z.number().int(), overall: z.number().nullable() })),
  change: z.number().nullable(),
});

export const satisfactionReportView = z.object({
  groupBy: z.enum(SATISFACTION_GROUPINGS),
  period: z.enum(PERIOD_UNITS),
  from: z.string().describe('First day counted (`YYYY-MM-DD`); the instant, when asked in instants'),
  to: z.string().describe('Last day counted (`YYYY-MM-DD`); the instant (exclusive), when asked in instants'),
  timeZone: z.string().nullable().describe('The company time zone the days are cut in; null when asked in instants'),
  total: figuresView,
  groups: z.array(figuresView.extend({ key: z.string().nullable(), name: z.string().nullable() })),
});

export const presentSatisfactionReport = (report: Awaited<ReturnType<typeof satisfactionReport>>): z.infer<typeof satisfactionReportView> =>
  report;
