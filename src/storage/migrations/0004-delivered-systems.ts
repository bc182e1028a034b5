import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * What the company delivered and what it owes: vendors and their support centers, technical configuration records
 * (projects) with attachments, products (assets), service contracts and what they cover, yearly checks, and the
 * exchanges and compensations recorded on cases.
 */
export function deliveredSystems(_dialect: DialectName) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('vendors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        // Lower-cased name: "Cisco" and "cisco" are one vendor, so imports can name vendors as people type them.
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('support_center_name', 'text')
        .addColumn('support_center_phone', 'text')
        .addColumn('support_center_email', 'text')
        .addColumn('support_center_url', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text', (c) => c.notNull())
        .addColumn('guarantee_ends_at', 'text', (c) => c.notNull())
        .addColumn('implementing_department_id', 'text', (c) => c.references('departments.id'))
        .addColumn('sites_json', 'text', (c) => c.notNull())
        .addColumn('notes', 'text')
        // The next yearly check still to be created; the scheduler reads only projects whose date is near.
        .addColumn('next_check_on', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('projects_organization').on('projects').columns(['organization_id', 'id']).execute();
      await db.schema.createIndex('projects_next_check').on('projects').columns(['next_check_on', 'id']).execute();

      await db.schema
        .createTable('project_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('stored_name', 'text', (c) => c.notNull().unique())
        .addColumn('uploaded_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('project_attachments_project').on('project_attachments').columns(['project_id', 'id']).execute();

      await db.schema
        .createTable('assets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('vendor_id', 'text', (c) => c.notNull().references('vendors.id'))
        .addColumn('model', 'text', (c) => c.notNull())
        // Unique across the system: the one key the hotline, the entitlement and the case history use.
        .addColumn('serial_number', 'text', (c) => c.notNull().unique())
        .addColumn('software_version', 'text')
        .addColumn('site', 'text')
        .addColumn('notes', 'text')
        /** 'in-service' | 'exchanged' */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('replaces_asset_id', 'text')
        .addColumn('replaced_by_asset_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('assets_organization').on('assets').columns(['organization_id', 'id']).execute();
      await db.schema.createIndex('assets_project').on('assets').columns(['project_id', 'id']).execute();

      await db.schema
        .createTable('contracts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text', (c) => c.notNull())
        .addColumn('services_json', 'text', (c) => c.notNull())
        // A contract that names no project or product covers everything the organisation has.
        .addColumn('covers_whole_organization', 'integer', (c) => c.notNull())
        .addColumn('policy_id', 'text', (c) => c.references('escalation_policies.id'))
        .addColumn('notes', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('contracts_organization').on('contracts').columns(['organization_id', 'id']).execute();

      await db.schema
        .createTable('contract_coverage')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('serial_number', 'text')
        .execute();
      await db.schema
        .createIndex('contract_coverage_contract')
        .on('contract_coverage')
        .columns(['contract_id', 'project_id', 'serial_number'])
        .execute();
      await db.schema.createIndex('contract_coverage_serial').on('contract_coverage').column('serial_number').execute();
      await db.schema.createIndex('contract_coverage_project').on('contract_coverage').column('project_id').execute();

      await db.schema
        .createTable('yearly_checks')
        // Deterministic id `yearly-check:<project>:<due date>`: racing scheduler instances collide instead of duplicating.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.references('cases.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('yearly_checks_project_due', ['project_id', 'due_on'])
        .execute();
      await db.schema.createIndex('yearly_checks_due').on('yearly_checks').columns(['due_on', 'id']).execute();

      await db.schema
        .createTable('case_exchanges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('old_asset_id', 'text', (c) => c.notNull().references('assets.id'))
        .addColumn('new_asset_id', 'text', (c) => c.notNull().references('assets.id'))
        .addColumn('old_serial_number', 'text', (c) => c.notNull())
        .addColumn('new_serial_number', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('approved_by_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_exchanges_case').on('case_exchanges').columns(['case_id', 'id']).execute();
      await db.schema.createIndex('case_exchanges_old_asset').on('case_exchanges').column('old_asset_id').execute();
      await db.schema.createIndex('case_exchanges_new_asset').on('case_exchanges').column('new_asset_id').execute();

      await db.schema
        .createTable('case_compensations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
        .addColumn('contract_id', 'text', (c) => c.references('contracts.id'))
        .addColumn('description', 'text', (c) => c.notNull())
        // Minor units (cents, fen): whole numbers, exact up to 2^53 in both dialects, never fractions of money.
        .addColumn('amount_minor', 'double precision')
        .addColumn('currency', 'text')
        .addColumn('approved_by_user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('case_compensations_case').on('case_compensations').columns(['case_id', 'id']).execute();
    },
  };
}
