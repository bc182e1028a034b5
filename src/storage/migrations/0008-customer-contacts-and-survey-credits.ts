import { sql, type Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { DialectName } from '../db.js';

/**
 * A customer account is a contact of its organisation, so a case the customer opens names someone to send the
 * service-record confirmation and the survey to; and a survey credits everyone who did the service, not only the
 * case's assignee.
 */
export function customerContactsAndSurveyCredits(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('users')
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .execute();

      // Existing customer accounts: the contact of their organisation with their e-mail, or a new contact.
      await sql`
        update users set contact_id = (
          select min(contacts.id) from contacts
          where contacts.organization_id = users.organization_id and lower(contacts.email) = users.email
        )
        where role = 'customer' and organization_id is not null`.execute(db);
      const unlinked = await sql<{ id: string; email: string; name: string; organization_id: string; language: string }>`
        select id, email, name, organization_id, language from users
        where role = 'customer' and organization_id is not null and contact_id is null
        order by id`.execute(db);
      const at = new Date().toISOString();
      for (const user of unlinked.rows) {
        const contactId = uuidv7();
        await sql`
          insert into contacts (id, organization_id, site_id, name, email, phone, phone_digits, language, created_at)
          values (${contactId}, ${user.organization_id}, ${null}, ${user.name}, ${user.email}, ${null}, ${null}, ${user.language}, ${at})`.execute(
          db,
        );
        await sql`update users set contact_id = ${contactId} where id = ${user.id}`.execute(db);
      }
      // Cases customers opened before now name them.
      await sql`
        update cases set contact_id = (select users.contact_id from users where users.id = cases.created_by and users.role = 'customer')
        where contact_id is null and channel = 'portal'
          and exists (select 1 from users where users.id = cases.created_by and users.role = 'customer')`.execute(db);

      // Everyone credited with a survey's service: the assignee, the engineers on site, the performers of service
      // actions, the trainer. Satisfaction per person counts a survey once for each of them.
      await db.schema
        .createTable('survey_credits')
        .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addPrimaryKeyConstraint('survey_credits_pk', ['survey_id', 'user_id'])
        .execute();
      await db.schema.createIndex('survey_credits_user').on('survey_credits').columns(['user_id', 'survey_id']).execute();
      await sql`
        insert into survey_credits (survey_id, user_id)
        select id, person_user_id from surveys where person_user_id is not null`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('survey_credits').execute();
      await db.schema.alterTable('users').dropColumn('contact_id').execute();
    },
  };
}
