import type { Language } from '../../domain/access/roles.js';
import { translate } from '../../i18n/translate.js';
import { renderMail, type RenderedMail } from './render-mail.js';

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

/** The invitation an invited attendee gets when a training is planned: what, by whom, when and where. */
export function renderTrainingInvitationMail(input: TrainingInvitationMailInput): RenderedMail {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(input.language, key, params);
  const kind = t(`serviceLoop.mail.trainingInvitation.kinds.${input.kind}`);
  const time = [input.startTime, input.endTime].filter(Boolean).join('–');
  return renderMail({
    language: input.language,
    subject: t('serviceLoop.mail.trainingInvitation.subject', { kind, topic: input.topic, date: input.date }),
    paragraphs: [
      t('serviceLoop.mail.greeting', { name: input.attendeeName }),
      t('serviceLoop.mail.trainingInvitation.body', {
        kind,
        topic: input.topic,
        trainer: input.trainerName,
        customer: input.customerName,
      }),
      [
        t('serviceLoop.mail.trainingInvitation.when', { date: input.date, time }).trim(),
        t('serviceLoop.mail.trainingInvitation.where', { place: input.place }),
      ].join('\n'),
      t('serviceLoop.mail.trainingInvitation.reply'),
    ],
  });
}
