import type { Kysely } from 'kysely';

/**
 * Where each audited change came from: `audit_log.client_address` is the network address of the client whose request
 * made it, as the HTTP server resolved it (behind a trusted proxy, the client the proxy saw: `CASEDESK_TRUST_PROXY`);
 * null for changes no request made (jobs, the command line) and for entries written before this migration. Nullable,
 * so a running instance of the previous release writes audit entries as before.
 */
export const auditClientAddresses = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('audit_log').addColumn('client_address', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('audit_log').dropColumn('client_address').execute();
  },
};
