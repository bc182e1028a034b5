import type { Actor } from '../../src/domain/access/permissions.js';
import type { ServiceContext } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { addContact, createOrganization } from '../../src/services/organizations/manage-organizations.js';
import type { Dovecot } from './dovecot.js';

const seeder: Actor = { userId: 'system', role: 'admin', organizationId: null };

/** The address CaseDesk takes mail for in these tests and benchmarks. */
export const SUPPORT_ADDRESS = 'support@casedesk.test';

/**
 * A customer with `count` contacts who write in: a department to take their cases, an organisation, and a contact per
 * address. Many senders, because more than 20 mails an hour from one sender are kept but open nothing.
 */
export async function seedMailSenders(
  context: ServiceContext,
  count: number,
): Promise<{ organizationId: string; departmentId: string; addresses: string[] }> {
  const department = await createDepartment(context, seeder, { name: 'Network Service' });
  const organization = await createOrganization(context, seeder, { name: 'Mail customer', defaultDepartmentId: department.id });
  const addresses: string[] = [];
  for (let index = 0; index < count; index++) {
    const email = `sender-${index}@customer.test`;
    await addContact(context, seeder, organization.id, { name: `Sender ${index}`, email, language: 'en' });
    addresses.push(email);
  }
  return { organizationId: organization.id, departmentId: department.id, addresses };
}

export interface TestMail {
  from: string;
  messageId: string;
  subject: string;
  text: string;
}

/** The bytes of a plain mail to the support address, as a mail server would store it. */
export function mailSource(mail: TestMail): string {
  return [
    `From: ${mail.from}`,
    `To: ${SUPPORT_ADDRESS}`,
    `Subject: ${mail.subject}`,
    `Message-ID: ${mail.messageId}`,
    'Date: Thu, 26 Nov 2026 08:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    mail.text,
    '',
  ].join('\r\n');
}

/** Puts mails into a folder of the test mailbox (created when missing) over one IMAP connection. */
export async function appendMails(dovecot: Dovecot, folder: string, mails: readonly TestMail[]): Promise<void> {
  await dovecot.mailbox(async (client) => {
    if (folder !== 'INBOX') await client.mailboxCreate(folder).catch(() => undefined);
    for (const mail of mails) await client.append(folder, mailSource(mail));
  });
}

/** The Message-IDs of the mails in a folder, one entry per mail (so a mail there twice shows twice). */
export async function messageIdsIn(dovecot: Dovecot, folder: string): Promise<string[]> {
  return dovecot.mailbox(async (client) => {
    const status = await client.status(folder, { messages: true }).catch(() => null);
    if (!status || !status.messages) return [];
    const lock = await client.getMailboxLock(folder);
    try {
      const messages = await client.fetchAll('1:*', { envelope: true });
      return messages.map((message) => message.envelope?.messageId ?? '');
    } finally {
      lock.release();
    }
  });
}
