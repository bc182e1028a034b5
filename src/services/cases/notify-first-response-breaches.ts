import { localMinute } from '../../domain/calendar/local-time.js';
import { firstResponseBreachSubject, renderFirstResponseBreachMail } from '../../mail/templates/first-response-mail.js';
import type { Executor } from '../../storage/db.js';
import { claimFirstResponseBreaches, markBreachNotified, type BreachedCase } from '../../storage/repositories/first-response-targets.js';
import type { ServiceContext } from '../context.js';
import { loadPolicyVersion } from '../escalations/escalation-policies.js';
import { hoursUnresolvedOf } from '../escalations/fire-escalation-step.js';
import { positionHolder } from '../escalations/position-holders.js';
import { tellUser } from '../notifications/tell-user.js';
import { queueFirstResponseBreachChat } from '../chat/queue-chat-reports.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import { words } from '../../i18n/wording.js';

/**
 * One scheduler tick: every case past its first-response target with nobody responding is reported once to its
 * department's manager, in the app and by mail as they chose (the "escalation" choice). Each batch is one transaction:
 * cases are claimed (SKIP LOCKED on PostgreSQL) and each breach is taken by a conditional update before anyone is
 * told, in the transaction that writes the notice, so instances sharing the database report each breach once.
 * A case without a department or whose manager post is empty is marked too: there is nobody to tell, and the queue
 * shows the breach anyway.
 */
export async function notifyFirstResponseBreaches(context: ServiceContext, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 100;
  let reported = 0;
  for (;;) {
    const { claimed, reportedNow } = await context.storage.transaction(async (trx) => {
      const cases = await claimFirstResponseBreaches(trx, context.clock.now().toISOString(), batchSize);
      let count = 0;
      for (const breached of cases) if (await reportBreach(trx, context, breached)) count++;
      return { claimed: cases.length, reportedNow: count };
    });
    reported += reportedNow;
    if (claimed < batchSize) return reported;
  }
}

async function reportBreach(executor: Executor, context: ServiceContext, breached: BreachedCase): Promise<boolean> {
  const at = context.clock.now().toISOString();
  if (!(await markBreachNotified(executor, breached.id, breached.first_response_due_at, at))) return false;
  const manager = await positionHolder(executor, 'department-manager', breached.department_id);
  if (manager === null) return true;
  const policy = await loadPolicyVersion(executor, breached.policy_version_id);
  const { calendar } = policy;
  const url = `${context.publicUrl}/cases/${breached.id}`;
  const dueAt = localMinute(breached.first_response_due_at, calendar.timeZone);
  await tellUser(executor, context, manager, 'escalation', {
    kind: 'first-response-breached',
    mail: renderFirstResponseBreachMail({
      language: manager.language,
      recipientName: manager.name,
      number: breached.number,
      title: breached.title,
      level: breached.level,
      dueAt,
      url,
    }),
    title: words('firstResponseTargets.notification.breached', { number: breached.number }),
    body: firstResponseBreachSubject({ number: breached.number, title: breached.title, level: breached.level, dueAt }),
    link: `/cases/${breached.id}`,
    dedupeKey: `first-response-breached:${breached.id}`,
    threadKey: `case.${breached.id}.first-response`,
    caseId: breached.id,
  });
  // And to the manager's chats (theirs and the position's), in this transaction: once, like the mail.
  await queueFirstResponseBreachChat(executor, context, {
    caseId: breached.id,
    managerUserId: manager.id,
    language: manager.language,
    message: {
      caseNumber: breached.number,
      caseTitle: breached.title,
      level: breached.level,
      customerName: (await findOrganizationById(executor, breached.organization_id))?.name ?? '',
      hoursUnresolved: hoursUnresolvedOf(breached, policy, context.clock.now().getTime()),
      dueAt,
      caseUrl: url,
    },
  });
  return true;
}
