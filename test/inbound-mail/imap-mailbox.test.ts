import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseImapUrl, startImapWatcher, type ImapWatcher } from '../../src/jobs/imap-watcher.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { canRunDovecot, startDovecot, type Dovecot } from '../support/dovecot.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const quiet = { info: () => {}, error: () => {}, debug: () => {} };

describeOnEachDatabase('mail into CaseDesk from a hosted mailbox over IMAP', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let dovecot: Dovecot;
  let acme: { id: string };
  let watcher: ImapWatcher | null = null;
  let imapUrl: string;

  const deliver = (messageId: string, subject: string, answering?: { inReplyTo: string; from: string }) =>
    dovecot.mailbox((client) =>
      client.append(
        'INBOX',
        [
          `From: ${answering?.from ?? 'Li Wei <li.wei@acme.test>'}`,
          'To: support@casedesk.test',
          `Subject: ${subject}`,
          `Message-ID: ${messageId}`,
          ...(answering ? [`In-Reply-To: ${answering.inReplyTo}`] : []),
          '',
          'Body text',
          '',
        ].join('\r\n'),
      ),
    );
  const count = (folder: string) => dovecot.count(folder);
  const casesTitled = async (title: string) =>
    (await app.storage.db.selectFrom('cases').select('id').where('title', '=', title).execute()).length;
  const start = () =>
    startImapWatcher(app.context, {
      mailbox: parseImapUrl(imapUrl)!,
      processedFolder: 'Processed',
      ownAddresses: ['support@casedesk.test'],
      maxBytes: 1_000_000,
      log: quiet,
      reconnectMs: 200,
    });

  beforeAll(async () => {
    if (!canRunDovecot) throw new Error('the IMAP test needs Debian dovecot (/usr/sbin/dovecot) and root to start it');
    dovecot = await startDovecot();
    imapUrl = dovecot.imapUrl();
    app = await TestApp.start(database);
    admin = await app.user('admin');
    expect((await app.request(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    acme = await app.organization('Acme Steel');
    expect(
      (await app.request(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, { name: 'Li Wei', email: 'li.wei@acme.test' })).status,
    ).toBe(201);
    expect(
      (await app.request(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, { name: 'Zhang Min', email: 'zhang.min@acme.test' }))
        .status,
    ).toBe(201);
  });
  afterAll(async () => {
    await watcher?.stop();
    await app?.stop();
    await dovecot?.stop();
  });

  it('reads the URL of a hosted mailbox', () => {
    expect(parseImapUrl('imaps://user%40example.com:p%40ss@mail.example.com/Support')).toEqual({
      host: 'mail.example.com',
      port: 993,
      secure: true,
      user: 'user@example.com',
      password: 'p@ss',
      mailbox: 'Support',
    });
    expect(parseImapUrl('https://mail.example.com')).toBeNull();
  });

  it('takes in the mail waiting in the mailbox, then new mail by IDLE, and moves each to the processed folder', async () => {
    await deliver(`<waiting-${database}@acme.test>`, `Waiting mail ${database}`);
    watcher = start();
    await watcher.firstDrain;
    expect(await casesTitled(`Waiting mail ${database}`)).toBe(1);
    expect(await count('INBOX')).toBe(0);
    expect(await count('Processed')).toBe(1);

    await deliver(`<idle-${database}@acme.test>`, `New mail ${database}`);
    await expect.poll(() => casesTitled(`New mail ${database}`), { timeout: 10_000, interval: 100 }).toBe(1);
    await expect.poll(() => count('INBOX'), { timeout: 5_000 }).toBe(0);
  });

  it('after a restart reads nothing twice: a mail left in the mailbox though already taken in is only moved', async () => {
    await watcher!.stop();
    watcher = null;
    // As if the instance died after its commit but before the move: the same mail is in the mailbox again.
    await deliver(`<waiting-${database}@acme.test>`, `Waiting mail ${database}`);
    watcher = start();
    await watcher.firstDrain;
    expect(await casesTitled(`Waiting mail ${database}`)).toBe(1);
    expect(await count('INBOX')).toBe(0);
  });

  it('takes in a waiting mail and a colleague’s answer to it in their order: the answer is a reply on the new case', async () => {
    await watcher!.stop();
    watcher = null;
    const first = `<first-${database}@acme.test>`;
    await deliver(first, `Uplink down ${database}`);
    await deliver(`<answer-${database}@acme.test>`, `Re: Uplink down ${database}`, {
      inReplyTo: first,
      from: 'Zhang Min <zhang.min@acme.test>',
    });
    watcher = start();
    await watcher.firstDrain;
    const mails = await app.storage.db
      .selectFrom('inbound_mail')
      .select(['message_id', 'status', 'case_id'])
      .where('message_id', 'in', [first, `<answer-${database}@acme.test>`])
      .orderBy('received_at')
      .execute();
    expect(mails.map((mail) => [mail.message_id, mail.status])).toEqual([
      [first, 'case-opened'],
      [`<answer-${database}@acme.test>`, 'replied'],
    ]);
    expect(mails[1]!.case_id).toBe(mails[0]!.case_id);
    expect(await count('INBOX')).toBe(0);
  });
});
