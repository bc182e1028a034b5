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
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { answerSurveyOnce, insertFollowUp, type SurveyRow } from '../../storage/repositories/surveys.js';
import { findUserById } from '../../storage/repositories/users.js';
import { recordChange } from '../audit.js';
import { newId, type ServiceContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { notifyUser } from '../notifications/notify-user.js';
import { recordCaseEvent } from '../cases/case-events.js';

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
 * follow-up for the department manager when any score is 2 or less — all in the caller's transaction.
 */
export async function recordSurveyAnswers(
  trx: Executor,
  context: ServiceContext,
  survey: SurveyRow,
  answers: SurveyAnswers,
  how: { channel: SurveyChannel; enteredBy: string | null },
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
  const department = survey.department_id ? await findDepartmentById(trx, survey.department_id) : undefined;
  const manager = department?.manager_user_id ? await findUserById(trx, department.manager_user_id) : undefined;
  const assignee = manager && manager.disabled_at === null ? manager : undefined;
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
    const language = assignee.language as Language;
    await notifyUser(trx, context, {
      userId: assignee.id,
      kind: 'follow-up',
      caseId: survey.case_id,
      title: translate(language, 'serviceLoop.notifications.followUpTitle'),
      body: translate(language, 'serviceLoop.notifications.followUpBody', {
        scores: low.map((item) => `${translate(language, `serviceLoop.questions.${item.question}`)} ${item.score}`).join(', '),
        due: dueAt.slice(0, 10),
      }),
      link: survey.case_id ? `/cases/${survey.case_id}` : '/follow-ups',
      dedupeKey: `follow-up:${followUpId}`,
    });
  }
  return { followUpId };
}
