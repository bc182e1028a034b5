import type { Kysely } from 'kysely';

/**
 * `inbound_mail.erased_at`: when an erasure of personal data replaced the mail's stored source by one rebuilt without
 * the person (null: the source is the mail as it came). Nullable, so a running instance of the previous release
 * writes mail as before.
 */
export const erasedMailSources = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('inbound_mail').addColumn('erased_at', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('inbound_mail').dropColumn('erased_at').execute();
  },
};
