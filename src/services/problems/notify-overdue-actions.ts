import { isActionOverdue } from '../../domain/problems/problem-lifecycle.js';
import { overdueProblemActionSubject, renderOverdueProblemActionMail } from '../../mail/templates/problem-action-mail.js';
import type { Executor } from '../../storage/db.js';
import { claimOverdueProblemActions, findProblemListRow, markProblemActionOverdueNotified } from '../../storage/repositories/problems.js';
import { findUserById, type UserRow } from '../../storage/repositories/users.js';
import type { ServiceContext } from '../context.js';
import { companyToday } from '../delivered-systems/support/company-today.js';
import { tellUser } from '../notifications/tell-user.js';
import { recordProblemEvent } from './problem-access.js';
import { words } from '../../i18n/wording.js';

type ClaimedAction = Awaited<ReturnType<typeof claimOverdueProblemActions>>[number];

/**
 * One scheduler tick: every preventive action past its due date (on the company's day) and not done is reported
 * once to its owner and to the problem's owner, by mail in their language and in the app. Each batch is one
 * transaction: the actions are claimed (SKIP LOCKED on PostgreSQL), marked reported only while still unreported,
 * and their mail written to the outbox with them, so instances running side by side report each action once.
 */
export async function notifyOverdueProblemActions(context: ServiceContext, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 100;
  const today = await companyToday(context, context.storage.db);
  let reported = 0;
  for (;;) {
    const { claimed, reportedNow } = await context.storage.transaction(async (trx) => {
      const actions = await claimOverdueProblemActions(trx, today, batchSize);
      let count = 0;
      for (const action of actions) if (await reportOverdue(trx, context, action, today)) count++;
      return { claimed: actions.length, reportedNow: count };
    });
    reported += reportedNow;
    if (claimed < batchSize) return reported;
  }
}

async function reportOverdue(executor: Executor, context: ServiceContext, action: ClaimedAction, today: string): Promise<boolean> {
  if (!isActionOverdue({ dueOn: action.due_on, done: action.done_at !== null }, today)) return false;
  const at = context.clock.now().toISOString();
  if (!(await markProblemActionOverdueNotified(executor, action.id, at))) return false;
  const problem = (await findProblemListRow(executor, action.problem_id))!;
  const actionOwner = await findUserById(executor, action.owner_user_id);
  const problemOwner = await findUserById(executor, problem.owner_user_id);
  const recipients = new Map<string, UserRow>();
  for (const user of [actionOwner, problemOwner]) if (user && user.disabled_at === null) recipients.set(user.id, user);
  const url = `${context.publicUrl}/problems/${problem.id}`;
  for (const user of recipients.values()) {
    const mail = renderOverdueProblemActionMail({
      language: user.language,
      recipientName: user.name,
      problemTitle: problem.title,
      action: action.description,
      dueOn: action.due_on,
      actionOwner: actionOwner?.name ?? '',
      problemOwner: problem.owner_name,
      url,
    });
    await tellUser(executor, context, user, 'action-due', {
      kind: 'problem-action-overdue',
      mail,
      title: words('problemRecords.notification.actionOverdue', { action: action.description }),
      body: overdueProblemActionSubject({ problem: problem.title, action: action.description, dueOn: action.due_on }),
      link: `/problems/${problem.id}`,
      dedupeKey: `problem-action-overdue:${action.id}:${user.id}`,
      threadKey: `problem.${problem.id}`,
    });
  }
  await recordProblemEvent(executor, {
    problemId: problem.id,
    at,
    kind: 'problem.action-overdue',
    actorUserId: null,
    data: {
      actionId: action.id,
      description: action.description,
      dueOn: action.due_on,
      told: [...recipients.values()].map((user) => user.name),
    },
  });
  return true;
}
