import { sql } from 'kysely';
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
      refusedFolder: 'Refused',
      ownAddresses: ['support@casedesk.test'],
      maxBytes: 1_000_000,
      log: quiet,
      reconnectMs: 200,
      retryFailedMs: 200,
    });
  const restart = async () => {
    await watcher?.stop();
    watcher = start();
    await watcher.firstDrain;
  };
  const append = (lines: string[], body: string) => dovecot.mailbox((client) => client.append('INBOX', [...lines, '', body].join('\r\n')));
  const stored = (messageId: string) =>
    app.storage.db.selectFrom('inbound_mail').selectAll().where('message_id', '=', messageId).executeTakeFirst();
  const answersTo = (address: string) =>
    app.storage.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('to_address', '=', address)
      .where('kind', '=', 'inbound-refused')
      .execute();

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
    expect(
      (
        await app.request(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
          name: '王芳',
          email: 'wang.fang@acme.test',
          language: 'zh-CN',
        })
      ).status,
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

  it('takes in a mail with NUL bytes in its text: a case, not a mail refused after three failing passes', async () => {
    await watcher?.stop();
    watcher = null;
    const messageId = `<nul-${database}@acme.test>`;
    await append(
      [
        'From: li.wei@acme.test',
        'To: support@casedesk.test',
        `Subject: =?UTF-8?Q?Pump=00_stops_${database}?=`,
        `Message-ID: ${messageId}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
      ],
      // Encoded: a raw NUL byte does not reach CaseDesk over IMAP (dovecot stores another byte in its place).
      'The pump=00 stops at night.',
    );
    await restart();
    expect(await stored(messageId)).toMatchObject({ status: 'case-opened', subject: `Pump stops ${database}` });
    const opened = await app.storage.db
      .selectFrom('cases')
      .select('description')
      .where('title', '=', `Pump stops ${database}`)
      .executeTakeFirstOrThrow();
    expect(opened.description).toContain('The pump stops at night.');
    expect(await count('INBOX')).toBe(0);
  });

  it('a mail over the limit is recorded from its headers, moved to the refused folder, answered once in the sender’s language, never downloaded', async () => {
    await watcher?.stop();
    watcher = null;
    const big = `<big-${database}@acme.test>`;
    // 2 MB of text against a limit of 1 MB; the later, small mail of the same sender still goes in.
    const photoLines = Array.from({ length: 27_000 }, (_, line) => `PHOTO-BYTES-${line} ${'x'.repeat(60)}`).join('\r\n');
    await append(
      [
        'From: 王芳 <wang.fang@acme.test>',
        'To: support@casedesk.test',
        `Subject: 机柜照片 ${database}`,
        `Message-ID: ${big}`,
        'Date: Fri, 27 Nov 2026 08:00:00 +0800',
      ],
      photoLines,
    );
    await append(
      [
        'From: 王芳 <wang.fang@acme.test>',
        'To: support@casedesk.test',
        `Subject: Rack photos as a link ${database}`,
        `Message-ID: <small-${database}@acme.test>`,
      ],
      'The photos are at https://files.acme.test/rack.',
    );
    // A machine's mail over the limit is recorded too, but never answered (no mail loop).
    const autoBig = `<auto-big-${database}@acme.test>`;
    await append(
      [
        'From: li.wei@acme.test',
        'To: support@casedesk.test',
        'Subject: Out of office',
        `Message-ID: ${autoBig}`,
        'Auto-Submitted: auto-replied',
      ],
      photoLines,
    );
    const mark = dovecot.mark();
    await restart();

    const refused = await stored(big);
    expect(refused).toMatchObject({
      status: 'refused',
      reason: 'too-large',
      from_address: 'wang.fang@acme.test',
      subject: `机柜照片 ${database}`,
    });
    expect(refused!.size_bytes).toBeGreaterThan(1_000_000);
    expect(refused!.raw).toContain('Date: Fri, 27 Nov 2026 08:00:00 +0800');
    expect(refused!.raw).not.toContain('PHOTO-BYTES');
    expect(await stored(`<small-${database}@acme.test>`)).toMatchObject({ status: 'case-opened' });
    expect(await stored(autoBig)).toMatchObject({ status: 'refused', reason: 'too-large' });
    expect(await count('INBOX')).toBe(0);
    expect(await count('Refused')).toBe(2);

    const [answer, ...more] = await answersTo('wang.fang@acme.test');
    expect(more).toHaveLength(0);
    expect(answer).toMatchObject({ language: 'zh-CN', in_reply_to: big, references_header: big, case_id: null });
    expect(answer!.subject).toBe(`您的邮件过大，未能送达：机柜照片 ${database}`);
    expect(answer!.text_body).toContain('上限 976.6 KB');
    // 王芳 has no portal account, so the answer does not point her to the portal (mail is how she reaches the desk).
    expect(answer!.text_body).not.toContain('/portal');
    expect(await answersTo('li.wei@acme.test')).toHaveLength(0);

    // As if the instance died before the move: the same mail is in the mailbox again. It is only moved.
    await watcher!.stop();
    await append(
      [
        'From: 王芳 <wang.fang@acme.test>',
        'To: support@casedesk.test',
        `Subject: 机柜照片 ${database}`,
        `Message-ID: ${big}`,
        'Date: Fri, 27 Nov 2026 08:00:00 +0800',
      ],
      photoLines,
    );
    await restart();
    expect(await count('INBOX')).toBe(0);
    expect(await count('Refused')).toBe(3);
    expect(await answersTo('wang.fang@acme.test')).toHaveLength(1);
    expect((await app.storage.db.selectFrom('inbound_mail').select('id').where('message_id', '=', big).execute()).length).toBe(1);
    await watcher!.stop();
    watcher = null;
    // Three mails of 2 MB each passed through the mailbox; none of them was downloaded (every session's bytes sent).
    expect(dovecot.bytesSentSince(mark)).toBeGreaterThan(0);
    expect(dovecot.bytesSentSince(mark)).toBeLessThan(1_000_000);
  });

  it('a mail that cannot be read as a mail is recorded as refused and moved; the sender’s later mail still goes in', async () => {
    const broken = `<broken-${database}@acme.test>`;
    // More MIME parts than any mail reader takes.
    const parts = Array.from({ length: 1_100 }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index}`).join('\r\n');
    await append(
      [
        'From: li.wei@acme.test',
        'To: support@casedesk.test',
        `Subject: Log files ${database}`,
        `Message-ID: ${broken}`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=b',
      ],
      `${parts}\r\n--b--`,
    );
    await append(
      ['From: li.wei@acme.test', 'To: support@casedesk.test', `Subject: Fan noise ${database}`, `Message-ID: <fan-${database}@acme.test>`],
      'The fan in rack 2 is loud.',
    );
    await restart();
    expect(await stored(broken)).toMatchObject({ status: 'refused', reason: 'unreadable', subject: `Log files ${database}` });
    expect((await stored(broken))!.raw).toContain('part 1099');
    expect(await stored(`<fan-${database}@acme.test>`)).toMatchObject({ status: 'case-opened' });
    expect(await count('INBOX')).toBe(0);
    expect(await count('Refused')).toBe(4);
    // Nothing is answered for it: who sent it cannot be trusted from a mail that cannot be read.
    expect(await answersTo('li.wei@acme.test')).toHaveLength(0);
    await restart();
    expect((await app.storage.db.selectFrom('inbound_mail').select('id').where('message_id', '=', broken).execute()).length).toBe(1);
    const listed = await app.request<{ items: { messageId: string; reason: string; can: { assign: boolean; discard: boolean } }[] }>(
      admin,
      'GET',
      '/api/v1/inbound-mail?status=refused',
    );
    expect(listed.body.items.find((item) => item.messageId === broken)).toMatchObject({
      reason: 'unreadable',
      can: { assign: false, discard: true },
    });
  });

  it('a mail that fails each time it is taken in does not hold back the sender’s later mail, and is refused after three passes', async () => {
    await watcher?.stop();
    watcher = null;
    // A real failure in the database: the mail's row cannot be written unless it is refused.
    if (database === 'sqlite')
      await sql
        .raw(
          `CREATE TRIGGER poison_mail BEFORE INSERT ON inbound_mail WHEN NEW.subject LIKE 'Poison%' AND NEW.status <> 'refused' BEGIN SELECT RAISE(ABORT, 'poisoned mail'); END`,
        )
        .execute(app.storage.db);
    else {
      await sql
        .raw(
          `CREATE FUNCTION poison_mail() RETURNS trigger AS $$ BEGIN IF NEW.subject LIKE 'Poison%' AND NEW.status <> 'refused' THEN RAISE EXCEPTION 'poisoned mail'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
        )
        .execute(app.storage.db);
      await sql
        .raw(`CREATE TRIGGER poison_mail BEFORE INSERT ON inbound_mail FOR EACH ROW EXECUTE FUNCTION poison_mail()`)
        .execute(app.storage.db);
    }
    try {
      const poison = `<poison-${database}@acme.test>`;
      await append(
        ['From: zhang.min@acme.test', 'To: support@casedesk.test', `Subject: Poison ${database}`, `Message-ID: ${poison}`],
        'The backup job fails every night.',
      );
      await append(
        [
          'From: zhang.min@acme.test',
          'To: support@casedesk.test',
          `Subject: Later mail ${database}`,
          `Message-ID: <later-${database}@acme.test>`,
        ],
        'And the printer is out of toner.',
      );
      watcher = start();
      await watcher.firstDrain;
      expect(await stored(`<later-${database}@acme.test>`)).toMatchObject({ status: 'case-opened' });
      await expect.poll(async () => (await stored(poison))?.status, { timeout: 10_000, interval: 100 }).toBe('refused');
      expect(await stored(poison)).toMatchObject({ reason: 'failed', text_body: 'The backup job fails every night.' });
      await expect.poll(() => count('INBOX'), { timeout: 5_000 }).toBe(0);
      expect(await count('Refused')).toBe(5);
    } finally {
      await sql.raw('DROP TRIGGER poison_mail' + (database === 'sqlite' ? '' : ' ON inbound_mail')).execute(app.storage.db);
      if (database !== 'sqlite') await sql.raw('DROP FUNCTION poison_mail()').execute(app.storage.db);
    }
    // Staff make a case of it: its text was read whole.
    const refused = (await stored(`<poison-${database}@acme.test>`))!;
    const contacts = await app.request<{ items: { id: string; email: string | null }[] }>(
      admin,
      'GET',
      `/api/v1/organizations/${acme.id}/contacts`,
    );
    const zhang = contacts.body.items.find((contact) => contact.email === 'zhang.min@acme.test')!;
    const assigned = await app.request<{ status: string; caseId: string }>(admin, 'POST', `/api/v1/inbound-mail/${refused.id}/assign`, {
      organizationId: acme.id,
      contactId: zhang.id,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.status).toBe('assigned');
    expect(await casesTitled(`Poison ${database}`)).toBe(1);
  });

  it('an ignored mail a person really wrote is made a case by staff; a mail too large is not, it has no text', async () => {
    const autoReply = `<autoreply-${database}@acme.test>`;
    await append(
      [
        'From: li.wei@acme.test',
        'To: support@casedesk.test',
        `Subject: Away, but the UPS alarm rings ${database}`,
        `Message-ID: ${autoReply}`,
        'X-Autoreply: yes',
      ],
      'I am away, but the UPS in room 3 is beeping.',
    );
    await expect.poll(async () => (await stored(autoReply))?.status, { timeout: 10_000, interval: 100 }).toBe('ignored');
    const ignored = await app.request<{ items: { id: string; messageId: string; reason: string; can: { assign: boolean } }[] }>(
      admin,
      'GET',
      '/api/v1/inbound-mail?status=ignored',
    );
    const listed = ignored.body.items.find((item) => item.messageId === autoReply)!;
    expect(listed).toMatchObject({ reason: 'auto-reply', can: { assign: true } });
    const contacts = await app.request<{ items: { id: string; email: string | null }[] }>(
      admin,
      'GET',
      `/api/v1/organizations/${acme.id}/contacts`,
    );
    const li = contacts.body.items.find((contact) => contact.email === 'li.wei@acme.test')!;
    const made = await app.request<{ status: string }>(admin, 'POST', `/api/v1/inbound-mail/${listed.id}/assign`, {
      organizationId: acme.id,
      contactId: li.id,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(await casesTitled(`Away, but the UPS alarm rings ${database}`)).toBe(1);

    const tooLarge = (await stored(`<big-${database}@acme.test>`))!;
    const refusedAssign = await app.request<{ status: number }>(admin, 'POST', `/api/v1/inbound-mail/${tooLarge.id}/assign`, {
      organizationId: acme.id,
      contactId: li.id,
    });
    expect(refusedAssign.status).toBe(409);
  });
});
