import type { SurveyQuestion } from '../../domain/surveys/survey-questions.js';
import { lowScoresText, overdueFollowUpSubject, renderOverdueFollowUpMail } from '../../mail/templates/follow-up-mail.js';
import type { Executor } from '../../storage/db.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import { claimOverdueFollowUps, markFollowUpOverdueNotified, type FollowUpRow } from '../../storage/repositories/surveys.js';
import { findUserById } from '../../storage/repositories/users.js';
import type { ServiceContext } from '../context.js';
import { tellAsChosen } from '../notifications/notification-preferences.js';
import { words } from '../../i18n/wording.js';

/**
 * One scheduler tick: every open follow-up past its due time is reminded once to its owner, by mail in their language
 * and in the app, on the channels they chose for "follow-up or preventive action due". Each batch is one
 * transaction: the follow-ups are claimed (SKIP LOCKED on PostgreSQL), marked reminded only while still open and
 * unreminded, and the mail written to the outbox with them, so instances side by side remind each follow-up once.
 */
export async function notifyOverdueFollowUps(context: ServiceContext, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 100;
  const now = context.clock.now().toISOString();
  let reminded = 0;
  for (;;) {
    const { claimed, remindedNow } = await context.storage.transaction(async (trx) => {
      const followUps = await claimOverdueFollowUps(trx, now, batchSize);
      let count = 0;
      for (const followUp of followUps) if (await remind(trx, context, followUp, now)) count++;
      return { claimed: followUps.length, remindedNow: count };
    });
    reminded += remindedNow;
    if (claimed < batchSize) return reminded;
  }
}

async function remind(executor: Executor, context: ServiceContext, followUp: FollowUpRow, now: string): Promise<boolean> {
  if (!(await markFollowUpOverdueNotified(executor, followUp.id, now))) return false;
  const owner = followUp.assignee_user_id ? await findUserById(executor, followUp.assignee_user_id) : undefined;
  // A follow-up nobody owns (no manager, GM or admin when it opened) or whose owner left is marked, not retried.
  if (!owner || owner.disabled_at !== null) return true;
  const language = owner.language;
  const customerName = (await findOrganizationById(executor, followUp.organization_id))?.name ?? '';
  const low = JSON.parse(followUp.low_scores_json) as { question: SurveyQuestion; score: number }[];
  const scoresText = lowScoresText(language, low);
  const link = followUp.case_id ? `/cases/${followUp.case_id}` : '/follow-ups';
  const dueOn = followUp.due_at.slice(0, 10);
  const mail = renderOverdueFollowUpMail({
    language,
    ownerName: owner.name,
    customerName,
    scoresText,
    dueOn,
    url: `${context.publicUrl.replace(/\/$/, '')}${link}`,
  });
  const dedupeKey = `follow-up-overdue:${followUp.id}`;
  await tellAsChosen(executor, context, 'action-due', {
    notification: {
      userId: owner.id,
      language,
      kind: 'follow-up-overdue',
      caseId: followUp.case_id,
      title: words('serviceLoop.notifications.followUpOverdueTitle', { customer: customerName }),
      body: overdueFollowUpSubject(customerName, dueOn),
      link,
      dedupeKey,
    },
    mail: { kind: 'follow-up-overdue', to: owner.email, recipientUserId: owner.id, language, ...mail, dedupeKey, caseId: followUp.case_id },
  });
  return true;
}
