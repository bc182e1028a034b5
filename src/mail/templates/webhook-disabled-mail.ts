import type { Language } from '../../domain/access/roles.js';
import { wordIn, words, type Wording } from '../../i18n/wording.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** What the admin who added a webhook is told when CaseDesk switches it off: which, since when, the last error. */
export function renderWebhookDisabledMail(input: {
  language: Language;
  recipientName: string;
  webhookUrl: string;
  failures: number;
  since: string;
  lastError: string;
  url: string;
}): RenderedMail {
  const t = mailTexts(input.language, 'webhooks.mail.disabled.');
  return renderMail({
    language: input.language,
    subject: wordIn(input.language, webhookDisabledSubject(input.webhookUrl)),
    paragraphs: [
      t('greeting', { name: input.recipientName }),
      t('body', { url: input.webhookUrl, failures: input.failures, since: input.since }),
      t('lastError', { error: input.lastError }),
    ],
    link: { text: t('link', { url: input.url }), url: input.url },
  });
}

/** The mail's subject, also the in-app notice's body. */
export function webhookDisabledSubject(webhookUrl: string): Wording {
  return words('webhooks.mail.disabled.subject', { url: webhookUrl });
}
