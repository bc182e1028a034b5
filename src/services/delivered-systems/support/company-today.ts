import { calendarDateIn } from '../../../domain/calendar/business-calendar.js';
import type { Executor } from '../../../storage/db.js';
import { findDefaultPolicyVersion } from '../../../storage/repositories/escalations.js';
import type { ServiceContext } from '../../context.js';
import { loadPolicyVersion } from '../../escalations/escalation-policies.js';

/**
 * Today as the company counts days: in the time zone of the default escalation policy's business calendar (UTC
 * until a policy exists). Whether a contract is in force or a guarantee holds is decided on this day, so every
 * page and every browser, wherever it is, shows the same answer.
 */
export async function companyToday(context: Pick<ServiceContext, 'clock'>, executor: Executor): Promise<string> {
  return calendarDateIn(context.clock.now(), await companyTimeZone(executor));
}

/** The time zone the company counts days in (reports read their periods in it too). */
export async function companyTimeZone(executor: Executor): Promise<string> {
  const current = await findDefaultPolicyVersion(executor);
  return current ? (await loadPolicyVersion(executor, current.id)).calendar.timeZone : 'UTC';
}
