import type { Language } from '../../domain/access/roles.js';
import { wordIn, words, type Wordable, type Wording } from '../../i18n/wording.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** What an expert is told when recurring faults are proposed as a problem: the pattern, the rule, the cases. */
export function renderProblemProposalMail(input: {
  language: Language;
  recipientName: string;
  pattern: string;
  rule: string;
  cases: readonly { number: string; title: string; receivedAt: string }[];
  url: string;
}): RenderedMail {
  const t = mailTexts(input.language, 'problemProposals.mail.');
  return renderMail({
    language: input.language,
    subject: wordIn(input.language, problemProposalSubject(input.pattern)),
    paragraphs: [
      t('greeting', { name: input.recipientName }),
      t('body', { pattern: input.pattern, rule: input.rule, count: input.cases.length }),
      input.cases.map((row) => `${row.number} · ${row.receivedAt.slice(0, 10)} · ${row.title}`).join('\n'),
      t('ask'),
    ],
    link: { text: t('link', { url: input.url }), url: input.url },
  });
}

/** The proposal mail's subject, also the in-app notice's body. */
export function problemProposalSubject(pattern: Wordable): Wording {
  return words('problemProposals.mail.subject', { pattern });
}
