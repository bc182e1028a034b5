import type { Kysely } from 'kysely';

/**
 * The customer account of a contact, found by an index instead of reading every user: a case mail to a contact (the
 * acknowledgement of every intake that names one, say) asks whether the contact has an active account to point to the
 * portal, and removing a contact checks that no account still names it.
 */
export const usersByContact = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.createIndex('users_contact').on('users').column('contact_id').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('users_contact').execute();
  },
};
