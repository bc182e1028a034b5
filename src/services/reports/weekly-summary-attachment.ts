import type { WeeklySummaryFigures } from '../../domain/reports/weekly-summary.js';
import { translate } from '../../i18n/translate.js';
import type { MailAttachment } from '../../mail/transport.js';
import type { OutboxMessageRow } from '../../storage/repositories/outbox.js';
import type { ServiceContext } from '../context.js';
import { renderWeeklySummaryPdf } from './render-weekly-summary-pdf.js';

/**
 * The PDF a weekly summary mail carries, printed from the figures stored on its outbox row in the mail's language;
 * none for any other mail. Printed at each send, so a retry carries the same figures.
 */
export async function weeklySummaryAttachmentOf(
  context: ServiceContext,
  message: Pick<OutboxMessageRow, 'report_json' | 'language' | 'created_at'>,
): Promise<MailAttachment[]> {
  if (!message.report_json) return [];
  const figures = JSON.parse(message.report_json) as WeeklySummaryFigures;
  const content = await renderWeeklySummaryPdf(figures, message.language, { sentAt: message.created_at, fontFile: context.pdfFontFile });
  return [
    {
      filename: translate(message.language, 'weeklySummary.fileName', { from: figures.from }),
      contentType: 'application/pdf',
      content,
    },
  ];
}
