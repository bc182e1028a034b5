import { lastResortFollowUpOwner, rolesOwningUnownedFollowUps } from '../../domain/access/policies/surveys.js';
import type { Language } from '../../domain/access/roles.js';
import {
  checkAnswers,
  followUpDueAt,
  lowScores,
  type SurveyChannel,
  type SurveyQuestion,
  type SurveyScores,
} from '../../domain/surveys/survey-questions.js';
import { translate } from '../../i18n/translate.js';
import type { Executor } from '../../storage/db.js';
import { findCaseById } from '../../storage/repositories/cases.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import { findTrainingById } from '../../storage/repositories/trainings.js';
import { answerSurveyOnce, insertFollowUp, type SurveyRow } from '../../storage/repositories/surveys.js';
import { listActiveUsersWithRoles, type UserRow } from '../../storage/repositories/users.js';
import { recordChange } from '../audit.js';
import { newId, type ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { tellAsChosen } from '../notifications/notification-preferences.js';
import { positionHolder } from '../escalations/position-holders.js';
import { lowScoresText, lowScoresWords, renderFollowUpMail } from '../../mail/templates/follow-up-mail.js';
import { recordCaseEvent } from '../cases/case-events.js';
import { words } from '../../i18n/wording.js';

export interface SurveyAnswers {
  scores: SurveyScores;
  comment?: string | null | undefined;
  respondentName?: string | null | undefined;
}

const SCORE_COLUMNS: Record<SurveyQuestion, keyof SurveyRow> = {
  personnel: 'score_personnel',
  organization: 'score_organization',
  system: 'score_system',
  technicalSupport: 'score_technical_support',
  systemCondition: 'score_system_condition',
  projectImplementation: 'score_project_implementation',
  afterSales: 'score_after_sales',
  training: 'score_training',
};

export function scoresOf(row: SurveyRow): SurveyScores {
  const scores: SurveyScores = {};
  for (const [question, column] of Object.entries(SCORE_COLUMNS) as [SurveyQuestion, keyof SurveyRow][]) {
    const value = row[column];
    if (typeof value === 'number') scores[question] = value;
  }
  return scores;
}

export function questionsOf(row: SurveyRow): SurveyQuestion[] {
  return JSON.parse(row.questions_json) as SurveyQuestion[];
}

/**
 * Writes the answers into a survey that has none yet (a second answer is refused, never merged), and opens a
 * follow-up when any score is 2 or less, told to its owner in the app and by mail — all in the caller's transaction.
 */
export async function recordSurveyAnswers(
  trx: Executor,
  context: ServiceContext,
  survey: SurveyRow,
  answers: SurveyAnswers,
  how: { channel: SurveyChannel; enteredBy: string | null; clientAddress: string | null },
): Promise<{ followUpId: string | null }> {
  const problems = checkAnswers(questionsOf(survey), answers.scores);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw invalid(`serviceLoop.errors.answer.${first.problem}`, `scores.${first.field}`, { question: first.field }, { problems });
  }
  if (survey.answered_at !== null) throw conflict('serviceLoop.errors.surveyAnswered', { at: survey.answered_at }, 'surveyId');
  const at = context.clock.now();
  const atIso = at.toISOString();
  const columns: Partial<SurveyRow> = {};
  for (const [question, column] of Object.entries(SCORE_COLUMNS) as [SurveyQuestion, keyof SurveyRow][]) {
    (columns as Record<string, number | null>)[column] = answers.scores[question] ?? null;
  }
  const landed = await answerSurveyOnce(trx, survey.id, {
    ...columns,
    status: 'answered',
    answered_at: atIso,
    channel: how.channel,
    entered_by: how.enteredBy,
    respondent_name: answers.respondentName?.trim() || null,
    comment: answers.comment?.trim() || null,
  });
  if (!landed) throw conflict('serviceLoop.errors.surveyAnswered', { at: atIso }, 'surveyId');
  await recordChange(trx, {
    at: atIso,
    actorUserId: how.enteredBy,
    clientAddress: how.clientAddress,
    action: 'survey.answer',
    entityType: 'survey',
    entityId: survey.id,
    after: { channel: how.channel, scores: answers.scores },
  });

  if (survey.case_id) {
    await recordCaseEvent(trx, {
      caseId: survey.case_id,
      at: atIso,
      kind: 'survey.answered',
      actorUserId: how.enteredBy,
      visibility: 'internal',
      data: { surveyId: survey.id, channel: how.channel, scores: answers.scores, comment: answers.comment ?? null },
    });
  }

  const low = lowScores(answers.scores);
  if (low.length === 0) return { followUpId: null };
  const assignee = await followUpOwner(trx, survey.department_id);
  const followUpId = newId();
  const dueAt = followUpDueAt(at).toISOString();
  await insertFollowUp(trx, {
    id: followUpId,
    survey_id: survey.id,
    organization_id: survey.organization_id,
    case_id: survey.case_id,
    department_id: survey.department_id,
    assignee_user_id: assignee?.id ?? null,
    due_at: dueAt,
    status: 'open',
    low_scores_json: JSON.stringify(low),
    created_at: atIso,
    closed_at: null,
    closed_by: null,
    resolution: null,
  });
  if (survey.case_id) {
    await recordCaseEvent(trx, {
      caseId: survey.case_id,
      at: atIso,
      kind: 'follow-up.opened',
      actorUserId: null,
      visibility: 'internal',
      data: { followUpId, surveyId: survey.id, assigneeUserId: assignee?.id ?? null, dueAt, lowScores: low },
    });
  }
  if (assignee) {
    const language = assignee.language;
    const scoresText = lowScoresText(language, low);
    const link = survey.case_id ? `/cases/${survey.case_id}` : '/follow-ups';
    const mail = renderFollowUpMail({
      language,
      ownerName: assignee.name,
      customerName: (await findOrganizationById(trx, survey.organization_id))?.name ?? '',
      serviceText: await describeService(trx, survey, language),
      scoresText,
      comment: answers.comment?.trim() || null,
      dueOn: dueAt.slice(0, 10),
      url: `${context.publicUrl.replace(/\/$/, '')}${link}`,
    });
    await tellAsChosen(trx, context, 'action-due', {
      notification: {
        userId: assignee.id,
        language,
        kind: 'follow-up',
        caseId: survey.case_id,
        title: words('serviceLoop.notifications.followUpTitle'),
        body: words('serviceLoop.notifications.followUpBody', { scores: lowScoresWords(low), due: dueAt.slice(0, 10) }),
        link,
        dedupeKey: `follow-up:${followUpId}`,
      },
      mail: {
        kind: 'follow-up',
        to: assignee.email,
        recipientUserId: assignee.id,
        language,
        ...mail,
        dedupeKey: `follow-up:${followUpId}`,
        caseId: survey.case_id,
      },
    });
  }
  return { followUpId };
}

/**
 * Who owns a follow-up: the manager of the department that gave the service; without one (a training for no
 * department, an unassigned case, an empty or disabled manager) the Operation Center GM; and with that position empty
 * too (an admin sees it among the unfilled positions) the longest-standing admin, so no low score goes unowned.
 */
async function followUpOwner(trx: Executor, departmentId: string | null): Promise<UserRow | null> {
  const holder =
    (await positionHolder(trx, 'department-manager', departmentId)) ?? (await positionHolder(trx, 'operation-center-gm', null));
  if (holder) return holder;
  return lastResortFollowUpOwner(await listActiveUsersWithRoles(trx, rolesOwningUnownedFollowUps()));
}

async function describeService(trx: Executor, survey: SurveyRow, language: Language): Promise<string> {
  const training = survey.training_id ? await findTrainingById(trx, survey.training_id) : undefined;
  if (training) return translate(language, 'serviceLoop.survey.aboutTraining', { topic: training.topic, date: training.scheduled_on });
  const caseRow = survey.case_id ? await findCaseById(trx, survey.case_id) : undefined;
  if (caseRow) return translate(language, 'serviceLoop.survey.aboutCase', { number: caseRow.number, title: caseRow.title });
  return translate(language, `serviceLoop.survey.subjects.${survey.subject_kind}`);
}
