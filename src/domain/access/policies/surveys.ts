import { can, type Actor } from '../permissions.js';
import type { Role } from '../roles.js';

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

/**
 * Who owns a low-score follow-up when neither the department manager nor the Operation Center GM position has a
 * holder: an admin (an admin sees the empty positions), so no low score goes unowned. The service asks storage for
 * the active users of these roles and `lastResortFollowUpOwner` picks one.
 */
export function rolesOwningUnownedFollowUps(): readonly Role[] {
  return ['admin'];
}

/** Of the active users of those roles, the longest-standing one (first created; the id breaks a tie) owns it. */
export function lastResortFollowUpOwner<User extends { role: Role | string; created_at: string; id: string }>(
  users: readonly User[],
): User | null {
  const roles: readonly string[] = rolesOwningUnownedFollowUps();
  const candidates = users.filter((user) => roles.includes(user.role));
  const order = (a: User, b: User) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);
  return [...candidates].sort(order)[0] ?? null;
}
