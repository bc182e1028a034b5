import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import { forbidChanges } from './0001-foundation.js';

/** Cases, their timeline, service actions, the escalation ladder, policies, vendor escalations and alerts. */
export function casesAndEscalation(dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('escalation_policies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('current_version_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('escalation_policy_versions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('policy_id', 'text', (c) => c.notNull().references('escalation_policies.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addUniqueConstraint('escalation_policy_versions_policy_version', ['policy_id', 'version'])
        .execute();

      await db.schema
        .createTable('case_number_counters')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('last_number', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
        .addColumn('department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('assignee_user_id', 'text', (c) => c.references('users.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('policy_version_id', 'text', (c) => c.notNull().references('escalation_policy_versions.id'))
        // double precision: whole milliseconds stay exact up to 2^53 and come back as numbers in both dialects.
        .addColumn('clock_counted_ms', 'double precision', (c) => c.notNull())
        .addColumn('clock_running_since', 'text')
        .addColumn('next_escalation_due_at', 'text')
        .addColumn('escalated_at', 'text')
        .addColumn('first_response_due_at', 'text')
        .addColumn('first_responded_at', 'text')
        .addColumn('remote_authorized_at', 'text')
        .addColumn('remote_authorized_by', 'text')
        .addColumn('billing', 'text')
        .addColumn('entitlement_json', 'text')
        .addColumn('vendor_id', 'text')
        .addColumn('resolved_at', 'text')
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema.createIndex('cases_organization').on('cases').columns(['organization_id', 'id']).execute();
      await db.schema.createIndex('cases_status').on('cases').columns(['status', 'id']).execute();
      await db.schema.createIndex('cases_department').on('cases').columns(['department_id', 'id']).execute();
      await db.schema.createIndex('cases_assignee').on('cases').columns(['assignee_user_id', 'id']).execute();
      await db.schema.createIndex('cases_received').on('cases').columns(['received_at', 'id']).execute();
      // The live change feed of the queues reads cases changed since its last look.
      await db.schema.createIndex('cases_updated').on('cases').columns(['updated_at', 'id']).execute();
      // Queues sort by the next upgrading report (cases with none last) and by level; each order reads its index.
      await db.schema
        .createIndex('cases_next_escalation_sort')
        .on('cases')
        .expression(sql`coalesce(next_escalation_due_at, '9999-12-31T23:59:59.999Z'), id`)
        .execute();
      await db.schema.createIndex('cases_level_sort').on('cases').columns(['level', 'received_at', 'id']).execute();

      await db.schema
        .createTable('case_serial_numbers')
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('serial_number', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_serial_numbers_pk', ['case_id', 'serial_number'])
        .execute();
      await db.schema.createIndex('case_serial_numbers_serial').on('case_serial_numbers').column('serial_number').execute();

      await db.schema
        .createTable('case_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'id']).execute();
      await forbidChanges(db, dialect, 'case_events');

      await db.schema
        .createTable('case_actions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('performed_by', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('engineer_user_id', 'text', (c) => c.references('users.id'))
        .addColumn('started_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('planned_start', 'text')
        .addColumn('planned_end', 'text')
        .addColumn('arrived_at', 'text')
        .addColumn('departed_at', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_actions_case').on('case_actions').columns(['case_id', 'id']).execute();

      await db.schema
        .createTable('escalation_steps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('position', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('after_hours', 'double precision', (c) => c.notNull())
        .addColumn('vendor_report', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text')
        .addColumn('fired_at', 'text')
        .addColumn('recipients_json', 'text')
        .addColumn('acknowledged_at', 'text')
        .addColumn('acknowledged_by', 'text')
        // The last guard of "each step fires once": one row per position per case, ever.
        .addUniqueConstraint('escalation_steps_case_position', ['case_id', 'position'])
        .execute();
      // The tick reads only due pending steps, so its cost follows the due steps, not the open cases.
      await db.schema
        .createIndex('escalation_steps_due')
        .on('escalation_steps')
        .column('due_at')
        .where(sql.ref('status'), '=', 'pending')
        .execute();

      await db.schema
        .createTable('vendor_escalations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id'))
        .addColumn('vendor_id', 'text')
        .addColumn('vendor_name', 'text')
        .addColumn('support_center_json', 'text')
        .addColumn('vendor_case_number', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('configuration_alerts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('position', 'text', (c) => c.notNull())
        .addColumn('department_id', 'text')
        .addColumn('last_case_id', 'text')
        .addColumn('occurrences', 'integer', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
