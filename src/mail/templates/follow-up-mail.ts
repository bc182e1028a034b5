import type { Language } from '../../domain/access/roles.js';
import type { SurveyQuestion } from '../../domain/surveys/survey-questions.js';
import { joinedWords, wordIn, words, type Wordable, type Wording } from '../../i18n/wording.js';
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
  return wordIn(language, lowScoresWords(low));
}

/** The low scores, to be worded in a reader's language (an in-app notice's body). */
export function lowScoresWords(low: readonly { question: SurveyQuestion; score: number }[]): Wordable {
  return joinedWords(
    low.map((item) => joinedWords([words(`serviceLoop.questions.${item.question}`), item.score], ' ')),
    ', ',
  );
}

/** The overdue follow-up mail's subject, also the in-app notice's body. */
export function overdueFollowUpSubject(customerName: string, dueOn: string): Wording {
  return words('serviceLoop.mail.followUpOverdue.subject', { customer: customerName, due: dueOn });
}

/** Tells the owner of a follow-up that a customer gave a low score, and by when to follow it up. */
export function renderFollowUpMail(input: FollowUpMailInput): RenderedMail {
  const t = mailTexts(input.language);
  return renderMail({
    language: input.language,
    subject: t('serviceLoop.mail.followUp.subject', { customer: input.customerName, due: input.dueOn }),
    paragraphs: [
      t('serviceLoop.mail.greeting', { name: input.ownerName }),
      t('serviceLoop.mail.followUp.body', { customer: input.customerName, service: input.serviceText, scores: input.scoresText }),
      ...(input.comment ? [t('serviceLoop.mail.followUp.comment', { comment: input.comment })] : []),
      t('serviceLoop.mail.followUp.due', { due: input.dueOn }),
    ],
    link: { text: t('serviceLoop.mail.followUp.link', { url: input.url }), url: input.url },
  });
}

/** Reminds the owner of a follow-up that its due time has passed while it is still open. */
export function renderOverdueFollowUpMail(input: {
  language: Language;
  ownerName: string;
  customerName: string;
  scoresText: string;
  dueOn: string;
  url: string;
}): RenderedMail {
  const t = mailTexts(input.language);
  return renderMail({
    language: input.language,
    subject: wordIn(input.language, overdueFollowUpSubject(input.customerName, input.dueOn)),
    paragraphs: [
      t('serviceLoop.mail.greeting', { name: input.ownerName }),
      t('serviceLoop.mail.followUpOverdue.body', { customer: input.customerName, scores: input.scoresText, due: input.dueOn }),
      t('serviceLoop.mail.followUpOverdue.close'),
    ],
    link: { text: t('serviceLoop.mail.followUp.link', { url: input.url }), url: input.url },
  });
}
