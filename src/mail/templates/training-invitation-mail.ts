import type { Language } from '../../domain/access/roles.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

export interface TrainingInvitationMailInput {
  language: Language;
  attendeeName: string;
  kind: 'class' | 'display';
  topic: string;
  trainerName: string;
  customerName: string;
  /** `YYYY-MM-DD` */
  date: string;
  startTime: string | null;
  endTime: string | null;
  place: string;
}

/**
 * What a training mail tells an invitee: the invitation when it is planned (or they are added), the new details when
 * it changes, that it is cancelled (or that they are no longer invited), with the reason when one was given.
 */
export type TrainingMailPurpose =
  { purpose: 'invitation' } | { purpose: 'update' } | { purpose: 'cancellation'; reason: string | null } | { purpose: 'removal' };

/** The invitation an invited attendee gets when a training is planned: what, by whom, when and where. */
export function renderTrainingInvitationMail(input: TrainingInvitationMailInput): RenderedMail {
  return renderTrainingMail({ ...input, purpose: 'invitation' });
}

export function renderTrainingMail(input: TrainingInvitationMailInput & TrainingMailPurpose): RenderedMail {
  const t = mailTexts(input.language);
  const kind = t(`serviceLoop.mail.trainingInvitation.kinds.${input.kind}`);
  const time = [input.startTime, input.endTime].filter(Boolean).join('–');
  const about = { kind, topic: input.topic, trainer: input.trainerName, customer: input.customerName, date: input.date };
  const details = [
    t('serviceLoop.mail.trainingInvitation.when', { date: input.date, time }).trim(),
    t('serviceLoop.mail.trainingInvitation.where', { place: input.place }),
  ].join('\n');
  const greeting = t('serviceLoop.mail.greeting', { name: input.attendeeName });
  const cancellation = 'serviceLoop.mail.trainingCancellation';
  switch (input.purpose) {
    case 'invitation':
      return renderMail({
        language: input.language,
        subject: t('serviceLoop.mail.trainingInvitation.subject', about),
        paragraphs: [
          greeting,
          t('serviceLoop.mail.trainingInvitation.body', about),
          details,
          t('serviceLoop.mail.trainingInvitation.reply'),
        ],
      });
    case 'update':
      return renderMail({
        language: input.language,
        subject: t('serviceLoop.mail.trainingUpdate.subject', about),
        paragraphs: [greeting, t('serviceLoop.mail.trainingUpdate.body', about), details, t('serviceLoop.mail.trainingInvitation.reply')],
      });
    case 'cancellation':
    case 'removal':
      return renderMail({
        language: input.language,
        subject: t(`${cancellation}.subject`, about),
        paragraphs: [
          greeting,
          t(input.purpose === 'removal' ? `${cancellation}.removed` : `${cancellation}.body`, about),
          ...(input.purpose === 'cancellation' && input.reason ? [t(`${cancellation}.reason`, { reason: input.reason })] : []),
          t(`${cancellation}.reply`),
        ],
      });
  }
}
