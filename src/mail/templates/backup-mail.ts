import type { Language } from '../../domain/access/roles.js';
import { mailTexts, renderMail, type RenderedMail } from './render-mail.js';

/** To each admin when a scheduled backup failed: when, where to, and why. */
export function renderBackupFailedMail(input: { language: Language; startedAt: string; folder: string; error: string }): RenderedMail {
  const t = mailTexts(input.language);
  return renderMail({
    language: input.language,
    subject: t('mail.backupFailed.subject'),
    paragraphs: [
      t('mail.backupFailed.body', { startedAt: input.startedAt, folder: input.folder, error: input.error }),
      t('mail.backupFailed.fix'),
    ],
  });
}
