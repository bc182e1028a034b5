import { CASE_NUMBER_PLACEHOLDER } from '../../domain/cases/case-numbers.js';
import { audienceOf, caseAudienceRule } from '../../domain/notifications/notification-kinds.js';
import type { Language } from '../../domain/access/roles.js';
import {
  caseNotificationTitle,
  renderCaseNotificationMail,
  type CaseNotificationMailKind,
} from '../../mail/templates/case-notification-mail.js';
import type { Executor } from '../../storage/db.js';
import type { CaseRow } from '../../storage/repositories/cases.js';
import { findDepartmentById } from '../../storage/repositories/departments.js';
import { listDepartmentReceivers } from '../../storage/repositories/notification-preferences.js';
import { insertNotifications, type NewNotification } from '../../storage/repositories/notifications.js';
import { findOrganizationById } from '../../storage/repositories/organizations.js';
import type { NewOutboxMessage } from '../../storage/repositories/outbox.js';
import { findUserById, type UserRow } from '../../storage/repositories/users.js';
import type { ServiceContext } from '../context.js';
import { enqueueMail, firstMailOfNewCase, type OutgoingMail } from './enqueue-mail.js';
import { preferencesOfUsers, wants } from './notification-preferences.js';
import { notificationRow } from './notify-user.js';

/** Something that happened to a case that staff are told of, as they chose (`notification-kinds.ts`). */
export interface CaseEventNotice {
  kind: CaseNotificationMailKind;
  /** The case as it is after the event. */
  row: CaseRow;
  /** Who caused it: never told of their own act. Null for a customer without an account (a mailed reply). */
  actorUserId: string | null;
  actorName: string;
  /** A stable id of the event (its timeline entry, the inbound mail): the dedupe keys are made of it. */
  eventKey: string;
  via?: 'portal' | 'email';
  excerpt?: string;
}

interface PlannedNotices {
  notifications: NewNotification[];
  mails: OutgoingMail[];
}

/**
 * Tells the people a case event concerns — the assignee, or the department's receivers while it has none — in the
 * app and by mail, each as they chose, in their language, never the actor. Written in the caller's transaction, the
 * one that writes the event, so the notices exist exactly when it does; their dedupe keys make a retry harmless.
 */
export async function notifyCaseEvent(executor: Executor, context: ServiceContext, notice: CaseEventNotice): Promise<void> {
  const planned = await planCaseNotices(executor, context, notice);
  await insertNotifications(executor, planned.notifications);
  for (const mail of planned.mails) await enqueueMail(executor, context, mail);
}

/**
 * The notices of a case not written yet, for the case writer to write with it (see `NewCase`): they name the case by
 * `CASE_NUMBER_PLACEHOLDER` until it has its number, and each mail answers the case's first mail, if it has one.
 */
export async function noticesOfNewCase(
  reader: Executor,
  context: ServiceContext,
  notice: CaseEventNotice,
  firstMail: NewOutboxMessage | undefined,
): Promise<{ notifications: NewNotification[]; mails: NewOutboxMessage[] }> {
  const planned = await planCaseNotices(reader, context, { ...notice, row: { ...notice.row, number: CASE_NUMBER_PLACEHOLDER } });
  return {
    notifications: planned.notifications,
    mails: planned.mails.map((mail) => firstMailOfNewCase(context, { ...mail, caseId: notice.row.id }, firstMail)),
  };
}

async function planCaseNotices(executor: Executor, context: ServiceContext, notice: CaseEventNotice): Promise<PlannedNotices> {
  const { row } = notice;
  const candidates = await concernedUsers(executor, notice.kind === 'case-assigned' ? row.assignee_user_id : null, row);
  const audience = audienceOf(
    candidates.map((user) => ({ userId: user.id, role: user.role, active: user.disabled_at === null, user })),
    notice.actorUserId,
  );
  if (audience.length === 0) return { notifications: [], mails: [] };
  const [preferences, organization, department] = await Promise.all([
    preferencesOfUsers(
      executor,
      audience.map((member) => member.userId),
    ),
    findOrganizationById(executor, row.organization_id),
    row.department_id ? findDepartmentById(executor, row.department_id) : undefined,
  ]);
  const base = context.publicUrl.replace(/\/$/, '');
  const planned: PlannedNotices = { notifications: [], mails: [] };
  for (const { user } of audience) {
    const language: Language = user.language;
    const dedupeKey = `${notice.kind}:${notice.eventKey}:${user.id}`;
    const words = {
      language,
      kind: notice.kind,
      caseNumber: row.number,
      caseTitle: row.title,
      customerName: organization?.name ?? '',
      departmentName: department?.name ?? '',
      actorName: notice.actorName,
      ...(notice.via ? { via: notice.via } : {}),
      ...(notice.excerpt ? { excerpt: notice.excerpt } : {}),
    };
    if (wants(preferences, user.id, notice.kind, 'inApp'))
      planned.notifications.push(
        notificationRow(context, {
          userId: user.id,
          language,
          kind: notice.kind,
          caseId: row.id,
          title: caseNotificationTitle(words),
          body: notice.excerpt ?? organization?.name ?? '',
          link: `/cases/${row.id}`,
          dedupeKey,
        }),
      );
    if (wants(preferences, user.id, notice.kind, 'email')) {
      const mail = renderCaseNotificationMail({
        ...words,
        recipientName: user.name,
        caseUrl: `${base}/cases/${row.id}`,
        preferencesUrl: `${base}/account`,
      });
      planned.mails.push({
        kind: notice.kind,
        to: user.email,
        recipientUserId: user.id,
        language,
        ...mail,
        dedupeKey,
        caseId: row.id,
        caseNumber: row.number,
      });
    }
  }
  return planned;
}

/** The assignee a notice names, else the case's assignee, else the receivers of its department. */
async function concernedUsers(executor: Executor, named: string | null, row: CaseRow): Promise<UserRow[]> {
  const rule = named ? { assignee: named } : caseAudienceRule(row.assignee_user_id);
  if ('assignee' in rule) {
    const assignee = await findUserById(executor, rule.assignee);
    return assignee ? [assignee] : [];
  }
  return row.department_id ? listDepartmentReceivers(executor, row.department_id, rule.department) : [];
}
