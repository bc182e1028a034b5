import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/mail/inbound-message.js';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { receiveInboundMail } from '../../src/services/inbound-mail/receive-inbound-mail.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { logCase, resolveCase, startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';

type Channel = 'portal' | 'mail';

interface TimelineEntry {
  kind: string;
  actorName: string | null;
  author: string;
  data: { reopened?: boolean; body?: string; from?: string; to?: string };
}

/**
 * A customer's message on a resolved (or confirmed) case reopens it whichever way it comes, by mail or in the portal:
 * the timeline names the contact as who reopened it, and the staff are told ("case reopened", then the reply) alike.
 */
describeOnEachDatabase('a customer’s reply reopens a resolved case the same way by mail and in the portal', (database) => {
  let world: ServiceLoopWorld;
  let sink: SmtpSink;
  let transport: MailTransport;
  /** Carla's portal account: the contact who writes by both channels. */
  let carla: TestUser;
  /** An engineer of the department who reads Chinese. */
  let zhEngineer: TestUser;

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
    carla = await world.app.user('customer', { organizationId: world.organization.id, name: 'Carla Contact', email: world.contact.email });
    zhEngineer = await world.app.user('executive', { name: '王工', language: 'zh-CN' });
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
    await world.app.stop();
  });

  const deliver = async () => {
    const result = await deliverDueMail(world.app.context, { transport, from: 'CaseDesk <casedesk@example.com>', caseReplyTo: null });
    expect(result.failed).toBe(0);
  };
  const reply = async (channel: Channel, caseId: string, number: string, text: string) => {
    if (channel === 'portal') {
      const posted = await world.app.request(carla, 'POST', `/api/v1/cases/${caseId}/notes`, { body: text, visibility: 'public' });
      expect(posted.status, JSON.stringify(posted.body)).toBe(204);
      return;
    }
    const message: InboundMessage = {
      messageId: `<reply-${caseId}-${text.length}@harbour.example>`,
      fromAddress: world.contact.email,
      fromName: 'Carla Contact',
      subject: `Re: [${number}] Please confirm the service record`,
      inReplyTo: null,
      references: [],
      attachments: [],
      text,
      html: null,
      loop: { autoSubmitted: null, precedence: null, autoReplyHeader: false },
      isDeliveryReport: false,
      reportedMessageIds: [],
    };
    const outcome = await receiveInboundMail(world.app.context, message, 'raw', { to: 'support@casedesk.example' }, { ownAddresses: [] });
    expect(outcome).toMatchObject({ caseId });
  };
  const statusOf = async (caseId: string) =>
    (await world.app.storage.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirstOrThrow()).status;
  const timeline = async (caseId: string): Promise<TimelineEntry[]> => {
    const read = await world.app.request<{ items: TimelineEntry[] }>(world.secretary, 'GET', `/api/v1/cases/${caseId}/timeline`);
    expect(read.status).toBe(200);
    return read.body.items;
  };
  const told = async (user: TestUser, caseId: string) =>
    (
      await world.app.request<{ items: { kind: string; caseId: string | null; title: string }[] }>(
        user,
        'GET',
        '/api/v1/notifications?limit=50',
      )
    ).body.items
      .filter((item) => item.caseId === caseId)
      .map((item) => ({ kind: item.kind, title: item.title }))
      .reverse();

  const cases = [
    { channel: 'portal', language: 'en', from: 'resolved' },
    { channel: 'mail', language: 'en', from: 'resolved' },
    { channel: 'portal', language: 'zh-CN', from: 'confirmed' },
    { channel: 'mail', language: 'zh-CN', from: 'confirmed' },
  ] as const;
  for (const { channel, language, from } of cases) {
    it(`by ${channel}: a ${from} case reopens, the timeline names the contact, the assignee (${language}) is told it reopened and of the reply`, async () => {
      const assignee = language === 'en' ? world.engineer : zhEngineer;
      const title = `Core switch reboots (${channel}, ${language})`;
      const opened = await logCase(world, { title, assigneeId: assignee.id });
      await resolveCase(world, opened.id);
      if (from === 'confirmed') {
        const confirmed = await world.app.request(carla, 'POST', `/api/v1/cases/${opened.id}/service-record/confirmation`, {});
        expect(confirmed.status, JSON.stringify(confirmed.body)).toBeLessThan(300);
        expect(await statusOf(opened.id)).toBe('confirmed');
      }

      await reply(channel, opened.id, opened.number, 'It rebooted again at 14:20.');

      expect(await statusOf(opened.id)).toBe('in_progress');
      const entries = await timeline(opened.id);
      const reopened = entries.filter((entry) => entry.kind === 'case.transitioned' && entry.data.reopened);
      expect(
        reopened.map((entry) => ({ actorName: entry.actorName, author: entry.author, from: entry.data.from, to: entry.data.to })),
      ).toEqual([{ actorName: 'Carla Contact', author: 'customer', from, to: 'in_progress' }]);
      expect(entries.filter((entry) => entry.kind === 'case.note').map((entry) => entry.data.body)).toEqual([
        'It rebooted again at 14:20.',
      ]);

      const via = channel === 'portal' ? { en: 'portal', 'zh-CN': '门户' }[language] : { en: 'e-mail', 'zh-CN': '邮件' }[language];
      expect(await told(assignee, opened.id)).toEqual(
        language === 'en'
          ? [
              { kind: 'case-assigned', title: `${opened.number} assigned to you: ${title}` },
              { kind: 'case-reopened', title: `${opened.number} reopened: ${title}` },
              { kind: 'customer-replied', title: `${opened.number}: Carla Contact replied (${via})` },
            ]
          : [
              { kind: 'case-assigned', title: `${opened.number} 已分派给您：${title}` },
              { kind: 'case-reopened', title: `${opened.number} 已重新打开：${title}` },
              { kind: 'customer-replied', title: `${opened.number}：Carla Contact 已回复（${via}）` },
            ],
      );
      await deliver();
      const reopenedMail = sink.received.find(
        (mail) =>
          mail.to.includes(assignee.email) &&
          mail.subject.includes(opened.number) &&
          mail.subject.includes(language === 'en' ? 'Reopened' : '已重新打开'),
      );
      expect(reopenedMail!.text).toContain(
        language === 'en' ? `Carla Contact reopened case ${opened.number}.` : `Carla Contact 重新打开了工单 ${opened.number}。`,
      );
    });
  }
});
