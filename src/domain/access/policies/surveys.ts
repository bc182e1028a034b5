import { can, type Actor } from '../permissions.js';

/** What the policy needs of a follow-up satisfaction survey: the organisation that was asked. */
export interface SurveyRecord {
  organizationId: string;
}

const scopeOf = (record: SurveyRecord) => ({ organizationId: record.organizationId });

/** Staff read every survey; a customer their own organisation's (another one's does not exist for them). */
export function mayReadSurvey(actor: Actor, record: SurveyRecord): boolean {
  return can(actor, 'surveys.read', scopeOf(record));
}

/**
 * Entering answers a customer gave by phone, mail, interview, fax or e-mail: the secretary, managers and admins.
 * A customer answers through the e-mailed link, never by entering them here.
 */
export function mayEnterAnswers(actor: Actor, record: SurveyRecord): boolean {
  return can(actor, 'surveys.enter', scopeOf(record));
}

/**
 * Answering in the portal, as through the e-mailed link: the satisfaction is the customer's word, so only a customer
 * of the surveyed organisation gives it (staff enter what a customer said with `mayEnterAnswers`).
 */
export function mayAnswerSurvey(actor: Actor, record: SurveyRecord): boolean {
  return actor.role === 'customer' && can(actor, 'surveys.answer', scopeOf(record));
}

/** The follow-ups of low scores are the department managers' work list: managers and admins read them. */
export function mayReadFollowUps(actor: Actor): boolean {
  return can(actor, 'follow-ups.read');
}

/** Closing a follow-up with what was done about the low score: managers and admins. */
export function mayCloseFollowUp(actor: Actor): boolean {
  return can(actor, 'follow-ups.manage');
}

/** Satisfaction per person, department, customer and period: managers and admins. */
export function mayReadSatisfactionReport(actor: Actor): boolean {
  return can(actor, 'reports.satisfaction');
}
