import type { Kysely } from 'kysely';

/**
 * Weekly summary reports: `outbox_messages.report_json` holds the figures a mail carries as a PDF attachment. The
 * sender prints the PDF from them in the mail's language when it sends, so the outbox row stays small and a mail
 * retried after an instance died carries the same figures.
 */
export const weeklySummaries = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('outbox_messages').addColumn('report_json', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('outbox_messages').dropColumn('report_json').execute();
  },
};
