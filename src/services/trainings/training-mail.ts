import type { Language } from '../../domain/access/roles.js';
import type { Executor } from '../../storage/db.js';
import { findContactById, findOrganizationById } from '../../storage/repositories/organizations.js';
import type { TrainingRow } from '../../storage/repositories/trainings.js';
import { findUserById } from '../../storage/repositories/users.js';
import { renderTrainingMail, type TrainingMailPurpose } from '../../mail/templates/training-invitation-mail.js';
import type { ServiceContext } from '../context.js';
import { enqueueMail } from '../notifications/enqueue-mail.js';

/** What every mail about a training says of it, as it stands when the mail is written. */
export interface TrainingMailFacts {
  trainingId: string;
  organizationId: string;
  kind: 'class' | 'display';
  topic: string;
  trainerName: string;
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string;
  caseId: string | null;
  /** The training's customer contact, whose language is used for attendees without one of their own. */
  contactId: string | null;
}

export interface TrainingMailRecipient {
  id: string;
  name: string;
  email: string | null;
  contactId: string | null;
}

/** What the mails say of a training as stored. */
export async function mailFactsOf(executor: Executor, training: TrainingRow): Promise<TrainingMailFacts> {
  const trainer = await findUserById(executor, training.trainer_user_id);
  return {
    trainingId: training.id,
    organizationId: training.organization_id,
    kind: training.kind === 'display' ? 'display' : 'class',
    topic: training.topic,
    trainerName: trainer?.name ?? '',
    date: training.scheduled_on,
    startTime: training.start_time,
    endTime: training.end_time,
    place: training.place,
    caseId: training.case_id,
    contactId: training.contact_id,
  };
}

const MAIL_KINDS: Record<TrainingMailPurpose['purpose'], string> = {
  invitation: 'training-invitation',
  update: 'training-update',
  cancellation: 'training-cancellation',
  removal: 'training-cancellation',
};

const asLanguage = (language: string | null | undefined): Language | null =>
  language === 'zh-CN' ? 'zh-CN' : language === 'en' ? 'en' : null;

/**
 * Tells every attendee with an e-mail address (their own, or their contact's) about the training — invited, changed,
 * cancelled, or no longer invited — in the contact's language; all mails of one training are one conversation in the
 * attendee's mail program. `occasion` tells apart two mails of the same purpose to one attendee (two changes).
 */
export async function mailAttendees(
  executor: Executor,
  context: ServiceContext,
  training: TrainingMailFacts,
  attendees: TrainingMailRecipient[],
  purpose: TrainingMailPurpose,
  occasion = '',
): Promise<void> {
  const organization = await findOrganizationById(executor, training.organizationId);
  const trainingContact = training.contactId ? await findContactById(executor, training.contactId) : undefined;
  for (const attendee of attendees) {
    const contact = attendee.contactId ? await findContactById(executor, attendee.contactId) : undefined;
    // A retired contact is mailed nothing, whatever address was typed for them.
    const to = contact?.retired_at ? null : (attendee.email ?? contact?.email ?? null);
    if (!to) continue;
    const language = asLanguage(contact?.language) ?? asLanguage(trainingContact?.language) ?? 'en';
    const mail = renderTrainingMail({
      ...purpose,
      language,
      attendeeName: attendee.name,
      kind: training.kind,
      topic: training.topic,
      trainerName: training.trainerName,
      customerName: organization?.name ?? '',
      date: training.date,
      startTime: training.startTime,
      endTime: training.endTime,
      place: training.place,
    });
    const kind = MAIL_KINDS[purpose.purpose];
    await enqueueMail(executor, context, {
      kind,
      to,
      recipientUserId: null,
      language,
      ...mail,
      dedupeKey: `${kind}:${attendee.id}${occasion ? `:${occasion}` : ''}`,
      caseId: training.caseId,
      threadKey: `training.${training.trainingId}`,
    });
  }
}
