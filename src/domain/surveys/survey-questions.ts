/**
 * The follow-up satisfaction survey (SPEC §5): three questions every survey asks, extras where they apply, and a
 * free comment. Scores are 1 (very dissatisfied) to 5 (very satisfied).
 */
export const CORE_QUESTIONS = ['personnel', 'organization', 'system'] as const;
export const EXTRA_QUESTIONS = ['technicalSupport', 'systemCondition', 'projectImplementation', 'afterSales', 'training'] as const;
export const SURVEY_QUESTIONS = [...CORE_QUESTIONS, ...EXTRA_QUESTIONS] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

/** What was served: a resolved case, a done on-site visit, a held training. */
export const SURVEY_SUBJECTS = ['case', 'visit', 'training'] as const;
export type SurveySubject = (typeof SURVEY_SUBJECTS)[number];

/** How the answers reached CaseDesk: the customer's own web form, or staff entering what they were told. */
export const STAFF_ENTRY_CHANNELS = ['phone', 'mail', 'interview', 'fax', 'email'] as const;
export type StaffEntryChannel = (typeof STAFF_ENTRY_CHANNELS)[number];
export type SurveyChannel = 'web' | StaffEntryChannel;

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;
/** Any answer at or below this opens a follow-up for the department manager. */
export const LOW_SCORE = 2;
/** The department manager has this long to follow a low score up. */
export const FOLLOW_UP_DAYS = 3;

export interface SurveyFacts {
  subject: SurveySubject;
  /** The case was served free in the guarantee period of a delivered project: the implementation is fresh. */
  inGuarantee?: boolean;
}

/** The questions one survey asks: the core three plus the extras this kind of service touched. */
export function applicableQuestions(facts: SurveyFacts): SurveyQuestion[] {
  const extras: SurveyQuestion[] = facts.subject === 'training' ? ['training'] : ['technicalSupport', 'systemCondition', 'afterSales'];
  if (facts.subject !== 'training' && facts.inGuarantee) extras.push('projectImplementation');
  return [...CORE_QUESTIONS, ...extras];
}

export type SurveyScores = Partial<Record<SurveyQuestion, number>>;

export type AnswerProblem = { field: SurveyQuestion; problem: 'missing' | 'out-of-range' | 'not-asked' };

/**
 * Checks answers against the questions asked: core questions must be answered; extras may be left out (the
 * customer may not know); nothing outside 1–5; nothing that was not asked.
 */
export function checkAnswers(asked: readonly SurveyQuestion[], scores: SurveyScores): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  for (const question of SURVEY_QUESTIONS) {
    const value = scores[question];
    if (value === undefined) {
      if ((CORE_QUESTIONS as readonly string[]).includes(question) && asked.includes(question))
        problems.push({ field: question, problem: 'missing' });
      continue;
    }
    if (!asked.includes(question)) problems.push({ field: question, problem: 'not-asked' });
    else if (!Number.isInteger(value) || value < MIN_SCORE || value > MAX_SCORE)
      problems.push({ field: question, problem: 'out-of-range' });
  }
  return problems;
}

/** The answers that call for a follow-up, in question order. */
export function lowScores(scores: SurveyScores): { question: SurveyQuestion; score: number }[] {
  return SURVEY_QUESTIONS.flatMap((question) => {
    const score = scores[question];
    return score !== undefined && score <= LOW_SCORE ? [{ question, score }] : [];
  });
}

export function followUpDueAt(answeredAt: Date): Date {
  return new Date(answeredAt.getTime() + FOLLOW_UP_DAYS * 24 * 3_600_000);
}
