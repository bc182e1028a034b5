import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Closing the loop with the customer: on-site visits and the engineers' calendar feeds, service-record
 * confirmations, signed single-use links, on-site trainings, follow-up satisfaction surveys and the follow-ups a low
 * score opens.
 */
export function serviceRecordsAndSurveys(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      // Server secrets that sign links; kept in the database so every instance of a scale-out signs alike.
      await db.schema
        .createTable('signing_keys')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('signed_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('recipient_email', 'text')
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('used_ip', 'text')
        .addColumn('used_user_agent', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('signed_links_subject').on('signed_links').columns(['subject_id', 'id']).execute();

      await db.schema
        .createTable('visits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('engineer_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('action_id', 'text', (c) => c.notNull().unique().references('case_actions.id'))
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('site', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.references('sites.id'))
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('contact_name', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('notes', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('arrived_at', 'text')
        .addColumn('departed_at', 'text')
        .addColumn('work_done', 'text')
        .addColumn('sequence', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // The calendar and the conflict check read one engineer's visits by time.
      await db.schema.createIndex('visits_engineer_start').on('visits').columns(['engineer_user_id', 'starts_at']).execute();
      await db.schema.createIndex('visits_case').on('visits').columns(['case_id', 'id']).execute();

      await db.schema
        .createTable('calendar_feeds')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('service_record_confirmations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('confirmed_by_user_id', 'text', (c) => c.references('users.id'))
        .addColumn('confirmed_by_name', 'text', (c) => c.notNull())
        .addColumn('confirmed_by_email', 'text')
        .addColumn('link_id', 'text', (c) => c.unique().references('signed_links.id'))
        .addColumn('note', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('service_record_confirmations_case')
        .on('service_record_confirmations')
        .columns(['case_id', 'id'])
        .execute();

      await db.schema
        .createTable('trainings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('case_id', 'text', (c) => c.references('cases.id'))
        .addColumn('department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('trainer_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('scheduled_on', 'text', (c) => c.notNull())
        .addColumn('start_time', 'text')
        .addColumn('end_time', 'text')
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('materials_json', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('held_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('trainings_organization').on('trainings').columns(['organization_id', 'id']).execute();
      await db.schema.createIndex('trainings_scheduled').on('trainings').columns(['scheduled_on', 'id']).execute();

      await db.schema
        .createTable('training_attendees')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('training_id', 'text', (c) => c.notNull().references('trainings.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('attended', 'integer')
        .addColumn('recorded_at', 'text')
        .execute();
      await db.schema.createIndex('training_attendees_training').on('training_attendees').columns(['training_id', 'id']).execute();

      await db.schema
        .createTable('surveys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // One survey per service: a repeated trigger collides here instead of sending a second survey.
        .addColumn('subject_key', 'text', (c) => c.notNull().unique())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('case_id', 'text', (c) => c.references('cases.id'))
        .addColumn('visit_id', 'text', (c) => c.references('visits.id'))
        .addColumn('training_id', 'text', (c) => c.references('trainings.id'))
        .addColumn('department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('person_user_id', 'text', (c) => c.references('users.id'))
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('recipient_email', 'text')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('questions_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('link_id', 'text', (c) => c.references('signed_links.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('answered_at', 'text')
        .addColumn('channel', 'text')
        .addColumn('entered_by', 'text', (c) => c.references('users.id'))
        .addColumn('respondent_name', 'text')
        .addColumn('score_personnel', 'integer')
        .addColumn('score_organization', 'integer')
        .addColumn('score_system', 'integer')
        .addColumn('score_technical_support', 'integer')
        .addColumn('score_system_condition', 'integer')
        .addColumn('score_project_implementation', 'integer')
        .addColumn('score_after_sales', 'integer')
        .addColumn('score_training', 'integer')
        .addColumn('comment', 'text')
        .execute();
      await db.schema.createIndex('surveys_created').on('surveys').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('surveys_case').on('surveys').columns(['case_id', 'id']).execute();
      await db.schema.createIndex('surveys_organization').on('surveys').columns(['organization_id', 'id']).execute();

      await db.schema
        .createTable('follow_ups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('survey_id', 'text', (c) => c.notNull().unique().references('surveys.id'))
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('case_id', 'text', (c) => c.references('cases.id'))
        .addColumn('department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('assignee_user_id', 'text', (c) => c.references('users.id'))
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('low_scores_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('closed_by', 'text', (c) => c.references('users.id'))
        .addColumn('resolution', 'text')
        .execute();
      await db.schema.createIndex('follow_ups_assignee').on('follow_ups').columns(['assignee_user_id', 'status', 'due_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'follow_ups',
        'surveys',
        'training_attendees',
        'trainings',
        'service_record_confirmations',
        'calendar_feeds',
        'visits',
        'signed_links',
        'signing_keys',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
