import type { Kysely } from 'kysely';

/**
 * Refused mail (too large, unreadable, or failing every time it is taken in) is recorded as `inbound_mail` with the
 * status `refused`; `size_bytes` is the mail's size as the mailbox reported it (null for mail recorded before, and for
 * mail from the SMTP port). Nullable, so a running instance of the previous release writes mail as before.
 */
export const refusedMail = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('inbound_mail').addColumn('size_bytes', 'integer').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('inbound_mail').dropColumn('size_bytes').execute();
  },
};
