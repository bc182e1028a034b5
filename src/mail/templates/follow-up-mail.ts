import type { Language } from '../../domain/access/roles.js';
import type { SurveyQuestion } from '../../domain/surveys/survey-questions.js';
import { translate } from '../../i18n/translate.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

export interface FollowUpMailInput {
  language: Language;
  ownerName: string;
  customerName: string;
  /** What was served, already in the owner's language. */
  serviceText: string;
  /** "Personnel 1, After-sales service 2", already in the owner's language. */
  scoresText: string;
  comment: string | null;
  dueOn: string;
  url: string;
}

/** The low answers as the follow-up mails and notifications name them: "Personnel 1, After-sales service 2". */
export function lowScoresText(language: Language, low: readonly { question: SurveyQuestion; score: number }[]): string {
  return low.map((item) => `${translate(language, `serviceLoop.questions.${item.question}`)} ${item.score}`).join(', ');
}

/** Tells the owner of a follow-up that a customer gave a low score, and by when to follow it up. */
export function renderFollowUpMail(input: FollowUpMailInput): RenderedMail {
  const t = mailTexts(input.language, 'serviceLoop.mail.followUp.');
  return mailToOwner(input, 'followUp', [
    t('body', { customer: input.customerName, service: input.serviceText, scores: input.scoresText }),
    ...(input.comment ? [t('comment', { comment: input.comment })] : []),
    t('due', { due: input.dueOn }),
  ]);
}

/** Reminds the owner of a follow-up that its due time has passed while it is still open. */
export function renderOverdueFollowUpMail(input: OwnerMailInput & { scoresText: string }): RenderedMail {
  const t = mailTexts(input.language, 'serviceLoop.mail.followUpOverdue.');
  return mailToOwner(input, 'followUpOverdue', [
    t('body', { customer: input.customerName, scores: input.scoresText, due: input.dueOn }),
    t('close'),
  ]);
}

type OwnerMailInput = Pick<FollowUpMailInput, 'language' | 'ownerName' | 'customerName' | 'dueOn' | 'url'>;

/** A mail to a follow-up's owner: its subject, the greeting, what it has to say, and the link to the follow-up. */
function mailToOwner(input: OwnerMailInput, kind: 'followUp' | 'followUpOverdue', body: string[]): RenderedMail {
  const t = mailTexts(input.language, 'serviceLoop.mail.');
  return renderMail({
    language: input.language,
    subject: t(`${kind}.subject`, { customer: input.customerName, due: input.dueOn }),
    paragraphs: [t('greeting', { name: input.ownerName }), ...body],
    link: { text: t('followUp.link', { url: input.url }), url: input.url },
  });
}
