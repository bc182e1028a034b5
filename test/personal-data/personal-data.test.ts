import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { simpleParser } from 'mailparser';
import { parseInboundMail } from '../../src/mail/inbound-message.js';
import { receiveInboundMail } from '../../src/services/inbound-mail/receive-inbound-mail.js';
import { addContact } from '../../src/services/organizations/manage-organizations.js';
import { applyPersonalDataRetentionOncePerDay } from '../../src/services/personal-data/personal-data-retention.js';
import { indexCaseSearch } from '../../src/services/search/index-case-search.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';
import { pdfText } from '../service-records/pdf-text.js';
import {
  linkPathIn,
  logCase,
  mailsOf,
  resolveCase,
  startServiceLoopWorld,
  type ServiceLoopWorld,
} from '../service-records/service-loop-world.js';
import { whereTextsOccur } from './personal-data-tables.js';

const system: Actor = { userId: 'system', role: 'admin', organizationId: null };

const NAME = 'Zora Quillfeather';
const EMAIL = 'zora.q@harbour.example';
const PHONE = '+86 21 5555 0199';
/** Every way the fixture's personal data may be written in a text. */
const TRACES = [NAME, 'Quillfeather', EMAIL, '+862155550199', '5555 0199', '2155550199', '5555-0199', '55550199'];
/** The same person as people type them: other case and spacing, the address in capitals, the number in other formats. */
const RETYPED =
  'zora  QUILLFEATHER called back from 021-5555-0199 (or 0086 21 5555 0199, (021) 55550199); reply to ZORA.Q@Harbour.Example.';

/**
 * Where she acted from: the network address and browser of her portal confirmation, and of the survey she answered by
 * the link mailed to her. Recorded with what she did, and personal data of hers as much as her name.
 */
const PORTAL_ADDRESS = '198.51.100.23';
const PORTAL_BROWSER = 'ZoraBrowser/3.1 (harbour laptop)';
const LINK_ADDRESS = '203.0.113.57';
const LINK_BROWSER = 'ZoraPhone/7.2';
const ORIGINS = [PORTAL_ADDRESS, PORTAL_BROWSER, LINK_ADDRESS, LINK_BROWSER];

/** `table.column` of each place `whereTextsOccur` found one of the texts. */
const placesOf = (found: string[]) => [...new Set(found.map((place) => place.split(' holds ')[0]!))].sort();

/** A contact with a Chinese name, written with and without spaces, and a mobile number in four formats. */
const CHINESE_NAME = '张伟';
const CHINESE_EMAIL = 'ZhangWei@harbour.example';
const MOBILE = '+86 138 0013 8000';
const CHINESE_TRACES = [CHINESE_NAME, '张 伟', 'zhangwei@harbour.example', '13800138000', '138-0013', '138 0013', '0013-8000', '0013 8000'];

/** A person whose mail comes as every Chinese mail program sends it: the name RFC 2047-encoded, the body in base64. */
const MAIL_NAME = '赵丽华';
const MAIL_EMAIL = 'ZhaoLiHua@harbour.example';
const MAIL_PHONE = '+86 139 1234 5678';
const MAIL_TRACES = [MAIL_NAME, 'zhaolihua@harbour.example', '13912345678', '139-1234', '1234-5678', '1234 5678'];
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const encodedWord = (text: string) => `=?UTF-8?B?${base64(text)}?=`;

/** Her mail: name in the From and Subject headers (encoded), text in base64, HTML in quoted-printable, a log file. */
function mailFromHer(): string {
  return [
    'Received: from mail.harbour.example (mail.harbour.example [192.0.2.44])',
    `From: ${encodedWord(MAIL_NAME)} <${MAIL_EMAIL}>`,
    'To: support@casedesk.example',
    `Subject: ${encodedWord(`${MAIL_NAME}：三楼打印机卡纸`)}`,
    'Date: Thu, 26 Nov 2026 09:15:00 +0800',
    'Message-ID: <zlh-1@harbour.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64(`你好，我是${MAIL_NAME}，三楼打印机卡纸了。请回电 139-1234-5678。\n${MAIL_NAME}`),
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    `<p>${[...Buffer.from(`你好，我是${MAIL_NAME}，请回电 139 1234 5678。`, 'utf8')].map((byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('')}</p>`.replace(
      /(.{69})/g,
      '$1=\r\n',
    ),
    '--inner--',
    '--outer',
    'Content-Type: text/plain; name="printer-log.txt"',
    'Content-Disposition: attachment; filename="printer-log.txt"',
    'Content-Transfer-Encoding: base64',
    '',
    base64('jam at tray 2, 14:02\n'),
    '--outer--',
    '',
  ].join('\r\n');
}

/** A colleague's mail about her from an address CaseDesk does not know (left unmatched): her name and number in base64. */
function mailAboutHer(): string {
  return [
    `From: ${encodedWord('王磊')} <wang.lei@elsewhere.example>`,
    'To: support@casedesk.example',
    `Subject: ${encodedWord('转告：打印机')}`,
    'Date: Thu, 26 Nov 2026 10:00:00 +0800',
    'Message-ID: <wl-1@elsewhere.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64(`${MAIL_NAME}的打印机还是卡纸，她的电话是 13912345678。`),
    '',
  ].join('\r\n');
}

/** Everything a mail says once decoded: every header, the text, the HTML, the file names. */
async function decodedMail(raw: string): Promise<string> {
  const parsed = await simpleParser(Buffer.from(raw, 'utf8'));
  return JSON.stringify([[...parsed.headers], parsed.text, parsed.html, parsed.attachments.map((file) => file.filename)]);
}

const tracesIn = (text: string, traces: string[]) => traces.filter((trace) => text.toLowerCase().includes(trace.toLowerCase()));

interface PersonalDataBody {
  subject: { kind: string; name: string };
  contacts: { name: string; email: string | null; phone: string | null }[];
  users: { email: string; name: string }[];
  cases: { number: string; namedAs: string }[];
  messages: { body: string | null }[];
  mailsReceived: { to: string; subject: string }[];
  surveyAnswers: { id: string }[];
  serviceRecordConfirmations: { name: string; note: string | null }[];
  auditEntries: { action: string; actorUserId: string | null; clientAddress: string | null }[];
}

describeOnEachDatabase('personal data: export and erasure of a customer contact', (database) => {
  let world: ServiceLoopWorld;
  let zora: { id: string };
  let zoraUser: TestUser;
  let ownCase: { id: string; number: string };
  let ccCase: { id: string; number: string };

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    const added = await addContact(world.app.context, system, world.organization.id, {
      name: NAME,
      email: EMAIL,
      phone: PHONE,
      language: 'en',
    });
    zora = { id: added.id };
    // The customer account with the contact's address is that contact (linked on creation).
    zoraUser = await world.app.user('customer', { organizationId: world.organization.id, email: EMAIL, name: NAME });

    ownCase = await logCase(world, {
      contactId: zora.id,
      title: 'Core switch drops packets',
      description: `${NAME} reports packet loss; call ${PHONE} or write to ${EMAIL}.`,
    });
    const reply = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${ownCase.id}/notes`, {
      visibility: 'public',
      body: `Hello ${NAME}, we are on it.`,
    });
    expect(reply.status).toBe(204);
    const portal = await world.app.request(zoraUser, 'POST', `/api/v1/cases/${ownCase.id}/notes`, {
      visibility: 'public',
      body: 'The loss is back since this morning, the uplink port flaps.',
    });
    expect(portal.status).toBe(204);
    const retyped = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${ownCase.id}/notes`, {
      visibility: 'internal',
      body: RETYPED,
    });
    expect(retyped.status).toBe(204);
    const phone = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${ownCase.id}/actions`, {
      type: 'phone',
      summary: `Talked ${NAME} through the counters`,
      startedAt: world.app.clock.now().toISOString(),
    });
    expect(phone.status).toBe(201);
    await resolveCase(world, ownCase.id);
    // She confirms in the portal from her laptop, and answers the survey by its link from her phone.
    const confirmed = await world.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${ownCase.id}/service-record/confirmation`,
      headers: { ...zoraUser.headers, 'user-agent': PORTAL_BROWSER },
      remoteAddress: PORTAL_ADDRESS,
      payload: { note: 'Confirmed, thanks' },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const [surveyMail] = await mailsOf(world, 'survey', ownCase.id);
    const surveyToken = linkPathIn(surveyMail!.text_body, '/public/surveys').split('/').at(-1)!;
    const answered = await world.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${surveyToken}`,
      headers: { 'user-agent': LINK_BROWSER },
      remoteAddress: LINK_ADDRESS,
      payload: { scores: { personnel: 5, organization: 4, system: 4 } },
    });
    expect(answered.statusCode, answered.body).toBe(200);

    // Carla's case copies Zora.
    ccCase = await logCase(world, { title: 'Printer queue stuck' });
    const cc = await world.app.request(world.secretary, 'PATCH', `/api/v1/cases/${ccCase.id}`, { ccAddresses: [EMAIL] });
    expect(cc.status).toBe(200);
    const ccReply = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${ccCase.id}/notes`, {
      visibility: 'public',
      body: 'Queue cleared.',
    });
    expect(ccReply.status).toBe(204);

    // One mail to her went out already; the rest waits in the outbox.
    const first = await world.app.storage.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('to_address', '=', EMAIL)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await world.app.storage.db
      .updateTable('outbox_messages')
      .set({ status: 'sent', sent_at: world.app.clock.now().toISOString() })
      .where('id', '=', first.id)
      .execute();
    await indexCaseSearch(world.app.context);
  });
  afterAll(() => world.app.stop());

  it('exports everything held about the contact as JSON, and as a PDF in English and Chinese', async () => {
    const response = await world.app.request<PersonalDataBody>(world.admin, 'GET', `/api/v1/contacts/${zora.id}/personal-data`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    const data = response.body;
    expect(data.subject).toEqual({ kind: 'contact', id: zora.id, name: NAME });
    expect(data.contacts).toMatchObject([{ name: NAME, email: EMAIL, phone: PHONE }]);
    expect(data.users).toMatchObject([{ name: NAME, email: EMAIL }]);
    expect(data.cases.map((row) => [row.number, row.namedAs]).sort()).toEqual(
      [
        [ownCase.number, 'contact'],
        [ccCase.number, 'cc'],
      ].sort(),
    );
    expect(data.messages.map((message) => message.body)).toContain('The loss is back since this morning, the uplink port flaps.');
    expect(data.mailsReceived.length).toBeGreaterThan(0);
    expect(data.mailsReceived.every((mail) => mail.to === EMAIL)).toBe(true);
    expect(data.surveyAnswers.length).toBe(1);
    expect(data.serviceRecordConfirmations).toMatchObject([{ name: NAME, note: 'Confirmed, thanks' }]);
    expect(data.auditEntries.map((entry) => entry.action)).toContain('contact.created');
    // Where she confirmed from is hers too: on the changes she made herself, not on staff's.
    expect(data.auditEntries).toContainEqual(
      expect.objectContaining({ action: 'service-record.confirm', actorUserId: zoraUser.id, clientAddress: PORTAL_ADDRESS }),
    );
    expect(data.auditEntries.filter((entry) => entry.actorUserId !== zoraUser.id && entry.clientAddress !== null)).toEqual([]);

    // The same person asked for through the account.
    const byUser = await world.app.request<PersonalDataBody>(world.admin, 'GET', `/api/v1/users/${zoraUser.id}/personal-data`);
    expect(byUser.status).toBe(200);
    expect(byUser.body.cases.length).toBe(2);

    const pdf = await world.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${zora.id}/personal-data?format=pdf`,
      headers: world.admin.headers,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    for (const expected of [
      'Personal data export',
      NAME,
      EMAIL,
      PHONE,
      ownCase.number,
      'Confirmed, thanks',
      'Service record confirmations',
      PORTAL_ADDRESS,
    ]) {
      expect(text).toContain(expected);
    }
    const chinese = await world.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${zora.id}/personal-data?format=pdf&language=zh-CN`,
      headers: world.admin.headers,
    });
    const chineseText = await pdfText(chinese.rawPayload);
    for (const expected of ['个人数据导出', '联系人记录', '涉及此人的工单', NAME]) expect(chineseText).toContain(expected);

    // Each export is in the audit log: who exported whom, when, in which format, from where; not the data.
    const log = await world.app.request<{
      items: {
        actorUserId: string | null;
        action: string;
        entityType: string;
        entityId: string;
        after: unknown;
        clientAddress: string | null;
      }[];
    }>(world.admin, 'GET', '/api/v1/audit-log?q=personal-data.exported&limit=50');
    expect(log.status).toBe(200);
    expect(
      log.body.items.map(({ actorUserId, action, entityType, entityId, after, clientAddress }) => ({
        actorUserId,
        action,
        entityType,
        entityId,
        after,
        clientAddress,
      })),
    ).toEqual([
      {
        actorUserId: world.admin.id,
        action: 'personal-data.exported',
        entityType: 'contact',
        entityId: zora.id,
        after: { format: 'pdf' },
        clientAddress: '127.0.0.1',
      },
      {
        actorUserId: world.admin.id,
        action: 'personal-data.exported',
        entityType: 'contact',
        entityId: zora.id,
        after: { format: 'pdf' },
        clientAddress: '127.0.0.1',
      },
      {
        actorUserId: world.admin.id,
        action: 'personal-data.exported',
        entityType: 'user',
        entityId: zoraUser.id,
        after: { format: 'json' },
        clientAddress: '127.0.0.1',
      },
      {
        actorUserId: world.admin.id,
        action: 'personal-data.exported',
        entityType: 'contact',
        entityId: zora.id,
        after: { format: 'json' },
        clientAddress: '127.0.0.1',
      },
    ]);
    // A refused export leaves no entry.
    expect((await world.app.request(world.manager, 'GET', `/api/v1/contacts/${zora.id}/personal-data`)).status).toBe(403);
    expect(
      (await world.app.request<{ items: unknown[] }>(world.admin, 'GET', '/api/v1/audit-log?q=personal-data.exported&limit=50')).body.items,
    ).toHaveLength(4);
  });

  it('refuses a manager and a customer (403), and an erasure without the typed name (422)', async () => {
    for (const who of [world.manager, world.customer, zoraUser]) {
      expect((await world.app.request(who, 'GET', `/api/v1/contacts/${zora.id}/personal-data`)).status).toBe(403);
      expect((await world.app.request(who, 'POST', `/api/v1/contacts/${zora.id}/personal-data/erase`, { confirmName: NAME })).status).toBe(
        403,
      );
      expect((await world.app.request(who, 'GET', `/api/v1/users/${zoraUser.id}/personal-data`)).status).toBe(403);
      expect((await world.app.request(who, 'PUT', '/api/v1/personal-data-retention', { closedCaseYears: 3 })).status).toBe(403);
    }
    const wrong = await world.app.request<{ field?: string }>(world.admin, 'POST', `/api/v1/contacts/${zora.id}/personal-data/erase`, {
      confirmName: 'Zora',
    });
    expect(wrong.status).toBe(422);
    // A staff account is not erased here.
    expect(
      (
        await world.app.request(world.admin, 'POST', `/api/v1/users/${world.engineer.id}/personal-data/erase`, {
          confirmName: 'Eli Engineer',
        })
      ).status,
    ).toBe(403);
  });

  it('erases the contact: nothing names them anywhere, the history stays under a pseudonym', async () => {
    // Where she acted from is recorded in these places before the erasure.
    expect(placesOf(await whereTextsOccur(world.app.storage, ORIGINS))).toEqual(
      expect.arrayContaining([
        'audit_log.after_json',
        'audit_log.client_address',
        'case_events.data_json',
        'service_record_confirmations.ip',
        'service_record_confirmations.user_agent',
        'signed_links.used_ip',
        'signed_links.used_user_agent',
      ]),
    );
    const erased = await world.app.request<{ pseudonym: string; cases: number; droppedMails: number }>(
      world.admin,
      'POST',
      `/api/v1/contacts/${zora.id}/personal-data/erase`,
      { confirmName: ` ${NAME.toLowerCase()} ` },
    );
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const { pseudonym } = erased.body;
    expect(pseudonym).toMatch(/^Former contact #[0-9a-z]{4}$/);
    expect(erased.body.cases).toBe(2);
    expect(erased.body.droppedMails).toBeGreaterThan(0);
    await indexCaseSearch(world.app.context);

    // No text column of any table holds her name, address or number, nor where she confirmed and answered from.
    expect(await whereTextsOccur(world.app.storage, TRACES)).toEqual([]);
    expect(await whereTextsOccur(world.app.storage, ORIGINS)).toEqual([]);
    // What she did is still told (her confirmation and her answer), only not from where.
    const hers = await world.app.storage.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'client_address'])
      .where('action', 'in', ['service-record.confirm', 'survey.answer'])
      .where((eb) => eb.or([eb('entity_id', '=', ownCase.id), eb('actor_user_id', 'is', null)]))
      .orderBy('action')
      .execute();
    expect(hers).toEqual([
      { action: 'service-record.confirm', actor_user_id: zoraUser.id, client_address: null },
      { action: 'survey.answer', actor_user_id: null, client_address: null },
    ]);

    // Search finds nothing for her; the case is still there.
    const found = await world.app.request<{ groups: { kind: string; items: unknown[] }[] }>(
      world.admin,
      'GET',
      '/api/v1/search?q=Quillfeather',
    );
    expect(found.status).toBe(200);
    expect(found.body.groups.flatMap((group) => group.items)).toEqual([]);
    const customers = await world.app.request<{ items: unknown[] }>(
      world.secretary,
      'GET',
      '/api/v1/organizations?limit=50&text=Quillfeather',
    );
    expect(customers.body.items).toEqual([]);
    const bySeudonym = await world.app.request<{ groups: { kind: string; items: { id: string }[] }[] }>(
      world.admin,
      'GET',
      `/api/v1/search?q=${encodeURIComponent(`"${pseudonym}"`)}`,
    );
    expect(bySeudonym.body.groups.flatMap((group) => group.items.map((item) => item.id))).toContain(ownCase.id);

    // The timeline keeps the messages, naming the pseudonym.
    const timeline = await world.app.request<{ items: { data: Record<string, unknown> }[] }>(
      world.secretary,
      'GET',
      `/api/v1/cases/${ownCase.id}/timeline`,
    );
    const timelineText = JSON.stringify(timeline.body);
    expect(timelineText).toContain(`Hello ${pseudonym}, we are on it.`);
    expect(timelineText).toContain('The loss is back since this morning, the uplink port flaps.');
    expect(timelineText).toContain(`${pseudonym} called back from [—] (or [—], [—]); reply to [${pseudonym}].`);
    const caseView = await world.app.request<{ description: string; contact: { name: string } | null }>(
      world.secretary,
      'GET',
      `/api/v1/cases/${ownCase.id}`,
    );
    expect(caseView.body.description).toBe(`${pseudonym} reports packet loss; call [—] or write to [${pseudonym}].`);

    // The outbox holds no mail to her: unsent ones are gone, the sent one no longer carries her address.
    const mails = await world.app.storage.db
      .selectFrom('outbox_messages')
      .select(['to_address', 'status'])
      .where('case_id', '=', ownCase.id)
      .execute();
    expect(
      mails
        .filter((mail) => mail.status !== 'sent')
        .every((mail) => !mail.to_address.includes('harbour.example') || mail.to_address !== EMAIL),
    ).toBe(true);
    expect(mails.some((mail) => mail.status === 'sent' && mail.to_address === `[${pseudonym}]`)).toBe(true);

    // A regenerated service record names the pseudonym only.
    const record = await world.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${ownCase.id}/service-record.pdf`,
      headers: world.admin.headers,
    });
    const recordText = await pdfText(record.rawPayload);
    expect(recordText).toContain(pseudonym);
    for (const trace of TRACES) expect(recordText).not.toContain(trace);

    // Her account is disabled, its token revoked; the contact says it was erased.
    expect((await world.app.request(zoraUser, 'GET', '/api/v1/session')).status).toBe(401);
    const user = await world.app.request<{ disabled: boolean; erased: boolean; name: string }>(
      world.admin,
      'GET',
      `/api/v1/users/${zoraUser.id}`,
    );
    expect(user.body).toMatchObject({ disabled: true, erased: true, name: pseudonym });
    const contacts = await world.app.request<{
      items: { id: string; name: string; erased: boolean; can: { erasePersonalData: boolean } }[];
    }>(world.admin, 'GET', `/api/v1/organizations/${world.organization.id}/contacts`);
    expect(contacts.body.items.find((contact) => contact.id === zora.id)).toMatchObject({
      name: pseudonym,
      erased: true,
      can: { erasePersonalData: false },
    });

    // The audit entry names the pseudonym, and who erased.
    const entry = await world.app.storage.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'personal-data.erased')
      .executeTakeFirstOrThrow();
    expect(entry.actor_user_id).toBe(world.admin.id);
    expect(entry.after_json).toContain(pseudonym);
    // Staff's addresses stay: the admin's own entries keep theirs.
    expect(entry.client_address).toBe('127.0.0.1');

    // Asking again is refused: there is nobody left to erase.
    expect(
      (await world.app.request(world.admin, 'POST', `/api/v1/contacts/${zora.id}/personal-data/erase`, { confirmName: pseudonym })).status,
    ).toBe(403);
    // Every text column of every table is read several times over: slow under load, not stuck.
  }, 180_000);
  it('erases a contact with a Chinese name however the texts write the name, address and number', async () => {
    const added = await addContact(world.app.context, system, world.organization.id, {
      name: CHINESE_NAME,
      email: CHINESE_EMAIL,
      phone: MOBILE,
      language: 'zh-CN',
    });
    const logged = await logCase(world, {
      contactId: added.id,
      title: '张 伟反映核心交换机丢包',
      description: `客户张伟来电：请回电 138-0013-8000 或 +8613800138000，邮件 zhangwei@HARBOUR.example。`,
    });
    const note = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${logged.id}/notes`, {
      visibility: 'internal',
      body: '已联系张 伟（0086 138 0013 8000，138 0013 8000），明早上门。',
    });
    expect(note.status).toBe(204);
    await indexCaseSearch(world.app.context);
    expect((await whereTextsOccur(world.app.storage, CHINESE_TRACES)).length).toBeGreaterThan(0);

    const erased = await world.app.request<{ pseudonym: string; cases: number }>(
      world.admin,
      'POST',
      `/api/v1/contacts/${added.id}/personal-data/erase`,
      { confirmName: CHINESE_NAME },
    );
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const { pseudonym } = erased.body;
    expect(erased.body.cases).toBe(1);
    await indexCaseSearch(world.app.context);

    expect(await whereTextsOccur(world.app.storage, CHINESE_TRACES)).toEqual([]);
    // The case and its timeline are still there, naming the pseudonym.
    const caseView = await world.app.request<{ title: string; description: string }>(world.secretary, 'GET', `/api/v1/cases/${logged.id}`);
    expect(caseView.status).toBe(200);
    expect(caseView.body.title).toBe(`${pseudonym}反映核心交换机丢包`);
    expect(caseView.body.description).toBe(`客户${pseudonym}来电：请回电 [—] 或 [—]，邮件 [${pseudonym}]。`);
    const timeline = await world.app.request<unknown>(world.secretary, 'GET', `/api/v1/cases/${logged.id}/timeline`);
    expect(JSON.stringify(timeline.body)).toContain(`已联系${pseudonym}（[—]，[—]），明早上门。`);
  });

  it('erases a Chinese name amid other words, but not inside the longer name of another contact', async () => {
    const wang = await addContact(world.app.context, system, world.organization.id, { name: '王芳', language: 'zh-CN' });
    const other = await addContact(world.app.context, system, world.organization.id, { name: '王芳华', language: 'zh-CN' });
    const logged = await logCase(world, {
      contactId: wang.id,
      title: '王芳反映打印机卡纸',
      description: '联系人王芳，电话见联系人记录；王芳华也在现场，请找王芳确认。',
    });
    const erased = await world.app.request<{ pseudonym: string }>(world.admin, 'POST', `/api/v1/contacts/${wang.id}/personal-data/erase`, {
      confirmName: '王芳',
    });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const { pseudonym } = erased.body;
    const caseView = await world.app.request<{ title: string; description: string }>(world.secretary, 'GET', `/api/v1/cases/${logged.id}`);
    expect(caseView.body.title).toBe(`${pseudonym}反映打印机卡纸`);
    expect(caseView.body.description).toBe(`联系人${pseudonym}，电话见联系人记录；王芳华也在现场，请找${pseudonym}确认。`);
    const contacts = await world.app.storage.db
      .selectFrom('contacts')
      .select(['id', 'name'])
      .where('id', 'in', [wang.id, other.id])
      .execute();
    expect(Object.fromEntries(contacts.map((row) => [row.id, row.name]))).toEqual({ [wang.id]: pseudonym, [other.id]: '王芳华' });
  });

  it('erases a person from the stored mail they sent and mail about them, encoded as mail is (RFC 2047, base64, QP)', async () => {
    const added = await addContact(world.app.context, system, world.organization.id, {
      name: MAIL_NAME,
      email: MAIL_EMAIL,
      phone: MAIL_PHONE,
      language: 'zh-CN',
    });
    const receive = async (raw: string) =>
      receiveInboundMail(
        world.app.context,
        await parseInboundMail(Buffer.from(raw, 'utf8')),
        raw,
        { to: 'support@casedesk.example' },
        {
          ownAddresses: ['support@casedesk.example'],
        },
      );
    const opened = await receive(mailFromHer());
    expect(opened).toMatchObject({ status: 'case-opened', duplicate: false });
    const caseId = opened.caseId!;
    const about = await receive(mailAboutHer());
    expect(about).toMatchObject({ status: 'unmatched', caseId: null });
    await indexCaseSearch(world.app.context);

    // Before: she is in the decoded columns, and in the stored sources only encoded, where a plain scan cannot see her.
    const before = await world.app.storage.db
      .selectFrom('inbound_mail')
      .select(['id', 'raw', 'from_name', 'text_body'])
      .where('id', 'in', [opened.inboundMailId, about.inboundMailId])
      .orderBy('received_at')
      .execute();
    expect(before.map((row) => row.raw.includes(MAIL_NAME))).toEqual([false, false]);
    for (const row of before) expect(tracesIn(await decodedMail(row.raw), [MAIL_NAME])).toEqual([MAIL_NAME]);
    expect(before.find((row) => row.id === opened.inboundMailId)!.from_name).toBe(MAIL_NAME);
    const foundBefore = await world.app.request<{ groups: { items: { id: string }[] }[] }>(
      world.admin,
      'GET',
      `/api/v1/search?q=${encodeURIComponent(MAIL_NAME)}`,
    );
    expect(foundBefore.body.groups.flatMap((group) => group.items.map((item) => item.id))).toContain(caseId);

    const erased = await world.app.request<{ pseudonym: string; cases: number; rebuiltMails: number }>(
      world.admin,
      'POST',
      `/api/v1/contacts/${added.id}/personal-data/erase`,
      { confirmName: MAIL_NAME },
    );
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const { pseudonym } = erased.body;
    expect(erased.body).toMatchObject({ cases: 1, rebuiltMails: 2 });
    await indexCaseSearch(world.app.context);

    // No column of any table holds her, as stored; and no stored mail names her once decoded.
    expect(await whereTextsOccur(world.app.storage, MAIL_TRACES)).toEqual([]);
    const after = await world.app.storage.db.selectFrom('inbound_mail').selectAll().execute();
    for (const row of after) {
      expect(tracesIn(await decodedMail(row.raw), MAIL_TRACES), row.message_id).toEqual([]);
      expect(tracesIn(JSON.stringify(row), MAIL_TRACES), row.message_id).toEqual([]);
    }
    const hers = after.find((row) => row.id === opened.inboundMailId)!;
    expect(hers).toMatchObject({ from_name: pseudonym, from_address: `[${pseudonym}]` });
    expect(hers.erased_at).not.toBeNull();
    // The rebuilt source keeps what is not hers: the Date as written, the thread, the file she sent (not rewritten).
    const rebuilt = await parseInboundMail(Buffer.from(hers.raw, 'utf8'));
    expect(rebuilt).toMatchObject({ messageId: '<zlh-1@harbour.example>', fromName: pseudonym, subject: `${pseudonym}：三楼打印机卡纸` });
    expect(rebuilt.text).toContain(`你好，我是${pseudonym}，三楼打印机卡纸了。请回电 [—]。`);
    expect(rebuilt.attachments.map((file) => [file.fileName, file.content.toString('utf8')])).toEqual([
      ['printer-log.txt', 'jam at tray 2, 14:02\n'],
    ]);
    expect(hers.raw).not.toContain('Received:');

    // The case page's original-mail view says the source was rebuilt, and shows the pseudonym.
    const original = await world.app.request<Record<string, unknown>>(world.secretary, 'GET', `/api/v1/cases/${caseId}/mails/${hers.id}`);
    expect(original.status, JSON.stringify(original.body)).toBe(200);
    expect(tracesIn(JSON.stringify(original.body), MAIL_TRACES)).toEqual([]);
    expect(original.body).toMatchObject({
      from: `[${pseudonym}]`,
      fromName: pseudonym,
      date: 'Thu, 26 Nov 2026 09:15:00 +0800',
      attachments: [{ fileName: 'printer-log.txt', sizeBytes: 21 }],
    });
    expect(original.body.erasedAt).toEqual(expect.any(String));
    expect(original.body.text).toContain(`你好，我是${pseudonym}`);
    // The unmatched mail about her, as the mail sorters see it with its source: rebuilt too, the sender kept.
    const unmatched = await world.app.request<{ raw: string; from: string; erasedAt: string | null; text: string }>(
      world.admin,
      'GET',
      `/api/v1/inbound-mail/${about.inboundMailId}`,
    );
    expect(unmatched.status).toBe(200);
    expect(unmatched.body.from).toBe('wang.lei@elsewhere.example');
    expect(unmatched.body.erasedAt).toEqual(expect.any(String));
    expect(unmatched.body.text).toBe(`${pseudonym}的打印机还是卡纸，她的电话是 [—]。`);
    expect(tracesIn(await decodedMail(unmatched.body.raw), MAIL_TRACES)).toEqual([]);
    expect(await decodedMail(unmatched.body.raw)).toContain('王磊');

    // Search finds nothing for her; the timeline keeps the mail, naming the pseudonym.
    for (const query of [MAIL_NAME, '13912345678']) {
      const found = await world.app.request<{ groups: { items: unknown[] }[] }>(
        world.admin,
        'GET',
        `/api/v1/search?q=${encodeURIComponent(query)}`,
      );
      expect(
        found.body.groups.flatMap((group) => group.items),
        query,
      ).toEqual([]);
    }
    const timeline = await world.app.request<unknown>(world.secretary, 'GET', `/api/v1/cases/${caseId}/timeline`);
    expect(tracesIn(JSON.stringify(timeline.body), MAIL_TRACES)).toEqual([]);
    expect(JSON.stringify(timeline.body)).toContain(pseudonym);
    // The audit entry counts the rebuilt mails, naming nobody.
    const entry = await world.app.storage.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'personal-data.erased')
      .where('entity_id', '=', added.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.after_json!)).toMatchObject({ pseudonym, rebuiltMails: 2 });
  }, 120_000);
});

describeOnEachDatabase('personal data: retention of closed cases', (database) => {
  let world: ServiceLoopWorld;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database, '2021-03-02T08:00:00.000Z');
  });
  afterAll(() => world.app.stop());

  async function contactWithCase(name: string, close: boolean): Promise<{ id: string; caseId: string }> {
    const contact = await addContact(world.app.context, system, world.organization.id, {
      name,
      email: `${name.toLowerCase().replace(/\s+/g, '.')}@harbour.example`,
      language: 'en',
    });
    const created = await logCase(world, { contactId: contact.id, description: `Reported by ${name}` });
    if (close) {
      await resolveCase(world, created.id);
      const closed = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${created.id}/transitions`, { to: 'closed' });
      expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    }
    return { id: contact.id, caseId: created.id };
  }

  it('is off by default; set to N years it pseudonymises only contacts of long-closed cases, once across two runs', async () => {
    const old = await contactWithCase('Olaf Oldcase', true);
    const oldButOpen = await contactWithCase('Otto Stillopen', true);
    world.app.clock.set('2025-06-01T08:00:00.000Z');
    // Otto called again: an open case keeps him.
    await logCase(world, { contactId: oldButOpen.id });
    const recent = await contactWithCase('Rita Recent', true);

    expect(
      (await world.app.request<{ closedCaseYears: number | null }>(world.admin, 'GET', '/api/v1/personal-data-retention')).body,
    ).toEqual({
      closedCaseYears: null,
    });
    expect(await applyPersonalDataRetentionOncePerDay(world.app.context)).toBe(0);
    const set = await world.app.request(world.admin, 'PUT', '/api/v1/personal-data-retention', { closedCaseYears: 3 });
    expect(set.status).toBe(200);
    const bad = await world.app.request<{ field?: string }>(world.admin, 'PUT', '/api/v1/personal-data-retention', { closedCaseYears: 0 });
    expect(bad.status).toBe(400);

    world.app.clock.advance(25 * 3_600_000);
    const [first, second] = await Promise.all([
      applyPersonalDataRetentionOncePerDay(world.app.context),
      applyPersonalDataRetentionOncePerDay(world.app.context),
    ]);
    expect([first, second].sort()).toEqual([1, null].sort());

    const names = await world.app.storage.db
      .selectFrom('contacts')
      .select(['id', 'name', 'erased_at'])
      .where('id', 'in', [old.id, oldButOpen.id, recent.id])
      .execute();
    const byId = new Map(names.map((row) => [row.id, row]));
    expect(byId.get(old.id)!.name).toMatch(/^Former contact #/);
    expect(byId.get(old.id)!.erased_at).not.toBeNull();
    expect(byId.get(oldButOpen.id)!.name).toBe('Otto Stillopen');
    expect(byId.get(recent.id)!.name).toBe('Rita Recent');
    expect(await whereTextsOccur(world.app.storage, ['Olaf Oldcase', 'olaf.oldcase@harbour.example'])).toEqual([]);
    const entry = await world.app.storage.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'personal-data.erased-by-retention')
      .execute();
    expect(entry.length).toBe(1);
    expect(entry[0]!.actor_user_id).toBeNull();
  });
});
