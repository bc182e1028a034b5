/**
 * What each migration changes, in an operator's words, for `casedesk migrate --dry-run`; and the tables already in
 * the database whose every row it rewrites, reads or indexes, so the dry run can say how much work waits (a migration
 * that only creates tables or adds nullable columns is quick whatever the database's size).
 */
export interface MigrationNote {
  changes: string;
  /** Existing tables the migration's time grows with. */
  growsWith?: readonly string[];
}

export const MIGRATION_NOTES: Readonly<Record<string, MigrationNote>> = {
  '0001-foundation': { changes: 'people, organisations, departments, positions, sign-in and the append-only audit log' },
  '0002-cases-and-escalation': { changes: 'cases, their timeline, service actions, escalation ladders and policies, vendor escalations' },
  '0003-outbox-and-notifications': { changes: 'the mail outbox and in-app notifications' },
  '0004-delivered-systems': { changes: 'vendors, projects, products, contracts and their coverage, yearly checks' },
  '0005-service-records-and-surveys': {
    changes: 'visits, calendar feeds, service-record confirmations, trainings, surveys and follow-ups',
  },
  '0006-servicing-departments': { changes: 'the department that services an organisation or contract, and a default department' },
  '0007-vendor-reports-and-service-billing': { changes: 'vendor support contract numbers, vendor reports, billing of service items' },
  '0008-customer-contacts-and-survey-credits': { changes: 'customer accounts linked to contacts; survey credits for everyone who served' },
  '0009-change-positions-and-idempotency-keys': { changes: 'the live feed’s change positions and intake idempotency keys' },
  '0010-outbox-claims': { changes: 'an index on outbox claim tokens', growsWith: ['outbox_messages'] },
  '0012-input-and-transport': {
    changes: 'shared sign-in throttles, organisation countries; rewrites stored phone numbers as E.164 and indexes serial numbers',
    growsWith: ['contacts', 'organizations', 'case_serial_numbers', 'assets', 'vendors'],
  },
  '0015-password-resets': { changes: 'password reset links (only a hash of each token)' },
  '0016-site-details': { changes: 'access notes and opening hours of customer sites' },
  '0017-mail-threads-and-settings': { changes: 'threading headers on outgoing mail, extra case addresses, mail settings' },
  '0018-inbound-mail': { changes: 'mail that came in, unique by Message-ID' },
  '0021-mail-threads': { changes: 'a thread reference on outgoing mail about one subject' },
  '0022-case-attachments': { changes: 'files on cases, and (PostgreSQL) one store of file bytes for all instances' },
  '0023-retired-customers': { changes: 'customers, contacts and sites can be retired instead of deleted' },
  '0024-retired-records': { changes: 'vendors, projects, contracts and trainings can be retired or ended early' },
  '0025-contact-roles-and-second-phones': { changes: 'a contact’s role at the customer and a second phone' },
  '0026-second-phone-search': { changes: 'second phones found by their digits (filled and indexed)', growsWith: ['contacts'] },
  '0027-contact-email-lookup': { changes: 'contacts looked up by e-mail in lower case (an index)', growsWith: ['contacts'] },
  '0028-case-search': {
    changes: 'full-text search over cases: builds the search index from every case, reply, note and serial number',
    growsWith: ['cases', 'case_events', 'case_serial_numbers'],
  },
  '0029-problem-records': { changes: 'problem records, their actions, products, cases and timeline' },
  '0030-knowledge-base': { changes: 'knowledge articles, their versions, tags, links and feedback' },
  '0031-similar-cases': { changes: 'indexes of products by customer model and site for similar cases', growsWith: ['assets'] },
  '0032-recurrence-proposals': { changes: 'recurrence rules and proposed problems', growsWith: ['cases', 'assets'] },
  '0033-knowledge-search': { changes: 'full-text search over problems and articles', growsWith: ['problems', 'article_versions'] },
  '0034-notification-preferences': { changes: 'notification preferences, acknowledgements on someone’s behalf' },
  '0035-queues': { changes: 'saved queue views, and indexes of open cases in each view’s order', growsWith: ['cases'] },
  '0036-fault-occurrences': { changes: 'fault occurrences for the repeat-fault report (filled later by a background job)' },
  '0037-canned-replies': { changes: 'canned replies in both languages' },
  '0039-webhooks': { changes: 'webhook subscriptions, deliveries and attempts' },
  '0040-periodic-runs': { changes: 'when each periodic job may next run, shared by every instance' },
  '0041-first-response-targets': { changes: 'first-response targets and resolution time on cases (indexed)', growsWith: ['cases'] },
  '0042-operations-reports': {
    changes: 'indexes for the operations reports',
    growsWith: ['cases', 'case_actions', 'escalation_steps', 'vendor_escalations', 'visits'],
  },
  '0043-chat-targets': { changes: 'chat targets and their deliveries' },
  '0044-erased-people': { changes: 'when a contact or user was erased' },
  '0046-operation-center': {
    changes: 'wallboard tokens and indexes of open cases for the Operation Center',
    growsWith: ['cases', 'visits'],
  },
  '0047-weekly-summaries': { changes: 'figures of the weekly summary kept with its mail' },
  '0048-report-covering-indexes': { changes: 'covering indexes for the reports over a year', growsWith: ['cases'] },
  '0049-report-stored-figures': {
    changes: 'stores each case’s first-response time and counts open cases per level: rewrites every case',
    growsWith: ['cases'],
  },
  '0052-follow-up-reminders': { changes: 'reminders of overdue follow-ups' },
  '0053-queue-name-sorts': { changes: 'indexes for sorting queues by customer, department and assignee', growsWith: ['cases'] },
  '0054-audit-client-addresses': { changes: 'the client address of each audited change' },
  '0055-refused-mail': { changes: 'refused inbound mail and its size' },
  '0058-open-case-ids': { changes: 'an index of open cases’ ids for filtered search (SQLite)', growsWith: ['cases'] },
  '0059-uploads-before-a-case': {
    changes: 'files uploaded before their case is logged (a case on a file becomes optional; SQLite rebuilds the table)',
    growsWith: ['case_attachments'],
  },
  '0060-erased-mail-sources': { changes: 'marks a stored mail whose original was rebuilt when a person was erased' },
  '0061-first-response-business-time': {
    changes: 'stores each answered case’s business time to first response on its policy’s calendar: measures every answered case',
    growsWith: ['cases'],
  },
  '0062-notification-wording': { changes: 'what each in-app notification says, worded in its reader’s language when read' },
  '0063-users-by-contact': { changes: 'an index of customer accounts by their contact', growsWith: ['users'] },
  '0064-cjk-bigram-search': {
    changes:
      'indexes the Chinese, Japanese and Korean character pairs of every search text, for two-character terms: reads every ' +
      'search text (PostgreSQL, 1 000 000 cases, quiet 2-core machine: about 2 minutes with 0065; 42 s at 100 000 cases on ' +
      'either database when busy; PostgreSQL holds writes of search texts while it builds the index)',
    growsWith: ['case_search_texts'],
  },
  '0065-similar-case-words': {
    changes:
      'an index of the title and description search texts for similar cases (PostgreSQL; about 11 s at 1 000 000 cases, writes to search texts wait meanwhile)',
    growsWith: ['case_search_texts'],
  },
  '0066-similar-word-index': {
    changes:
      'lists the words of every title and description with its text, for similar cases (PostgreSQL; 44 s at 1 000 000 cases on a ' +
      'quiet 2-core machine, about 800 MB; writes to search texts wait meanwhile)',
    growsWith: ['case_search_texts'],
  },
};
