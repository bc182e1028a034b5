import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseInboundMail } from '../../src/mail/inbound-message.js';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { refuseInboundMail } from '../../src/services/inbound-mail/refuse-inbound-mail.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { logCase, resolveCase, startServiceLoopWorld, type ServiceLoopWorld } from './service-loop-world.js';

const INBOUND = 'support@casedesk.test';

/**
 * Every mail to a customer mentions the customer portal only to a contact with an active portal account (as case
 * mail does, `mailsPortalTo`): anyone else would meet a sign-in they cannot pass.
 */
describeOnEachDatabase('mail to customers mentions the portal only to contacts who can sign in to it', (database) => {
  let world: ServiceLoopWorld;
  let sink: SmtpSink;
  let transport: MailTransport;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
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
  const mailsTo = (address: string, text: string): ReceivedMail[] =>
    sink.received.filter((mail) => mail.to.includes(address) && mail.subject.includes(text));
  /** A mail over the limit from this sender, refused as the mailbox watcher refuses it. */
  const tooLargeFrom = async (from: string, subject: string): Promise<ReceivedMail> => {
    const raw = Buffer.from(
      [
        `From: ${from}`,
        `To: ${INBOUND}`,
        `Subject: ${subject}`,
        `Message-ID: <${subject.replace(/\W/g, '')}-${database}@harbour.example>`,
        '',
        '',
      ].join('\r\n'),
    );
    await refuseInboundMail(
      world.app.context,
      await parseInboundMail(raw),
      raw.toString(),
      { to: INBOUND },
      { ownAddresses: [INBOUND, 'casedesk@example.com'] },
      { reason: 'too-large', sizeBytes: 31_000_000, maxBytes: 25_000_000 },
    );
    await deliver();
    const [answer, ...more] = mailsTo(from.replace(/.*<|>/g, ''), subject);
    expect(more).toHaveLength(0);
    return answer!;
  };
  const portalWords = { en: /portal/i, zh: /门户/ };
  /** The page behind a confirmation mail's link, after confirming there (POST) or, the link expired, on opening it. */
  const confirmationPage = async (mail: ReceivedMail, how: 'confirm' | 'expire') => {
    const link = new URL(/http:\/\/casedesk\.test\/public\/service-record-confirmations\/\S+/.exec(mail.text)![0]);
    const path = link.pathname + link.search;
    if (how === 'expire') world.app.clock.advance(15 * 24 * 3_600_000);
    const page =
      how === 'confirm'
        ? await world.app.app.inject({
            method: 'POST',
            url: path,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: 'note=',
          })
        : await world.app.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(how === 'confirm' ? 200 : 410);
    return page.body;
  };

  it('a contact without an account: the confirmation, the survey and the too-large answer say nothing of the portal (English and Chinese)', async () => {
    const english = await logCase(world, { title: 'Core switch drops packets' });
    const chinese = await logCase(world, { contactId: world.chineseContact.id, title: '核心交换机丢包' });
    await resolveCase(world, english.id);
    await resolveCase(world, chinese.id);
    await deliver();

    const toCarla = mailsTo(world.contact.email, english.number);
    const confirmation = toCarla.find((mail) => mail.subject.includes('Please confirm the service record'));
    expect(confirmation!.text).toContain('The link works once and until');
    const survey = mailsTo(world.contact.email, 'How did we do?').find((mail) => mail.text.includes(english.number));
    expect(survey).toBeDefined();
    for (const mail of [confirmation!, survey!]) {
      expect(mail.text).not.toMatch(portalWords.en);
      expect(mail.text).not.toContain('/portal');
    }

    const toLi = mailsTo(world.chineseContact.email, chinese.number);
    const chineseConfirmation = toLi.find((mail) => mail.subject.includes('请确认服务记录'));
    expect(chineseConfirmation!.text).toContain('该链接仅可使用一次');
    const chineseSurvey = mailsTo(world.chineseContact.email, '满意度回访调查').find((mail) => mail.text.includes(chinese.number));
    expect(chineseSurvey).toBeDefined();
    for (const mail of [chineseConfirmation!, chineseSurvey!]) {
      expect(mail.text).not.toMatch(portalWords.zh);
      expect(mail.text).not.toContain('/portal');
    }

    // The pages behind the link follow the mails: confirmed, and expired.
    const confirmed = await confirmationPage(confirmation!, 'confirm');
    expect(confirmed).toContain('you can answer it from that e-mail.');
    expect(confirmed).not.toMatch(portalWords.en);
    const expired = await confirmationPage(chineseConfirmation!, 'expire');
    expect(expired).toContain('请向服务台申请新链接');
    expect(expired).not.toMatch(portalWords.zh);

    const tooLarge = await tooLargeFrom(`Carla Contact <${world.contact.email}>`, 'Rack photos');
    expect(tooLarge.text).toContain('Please send it again under');
    expect(tooLarge.text).not.toMatch(portalWords.en);
    expect(tooLarge.text).not.toContain('/portal');
    const chineseTooLarge = await tooLargeFrom(`李华 <${world.chineseContact.email}>`, 'Cabinet photos');
    expect(chineseTooLarge.text).not.toMatch(portalWords.zh);
    expect(chineseTooLarge.text).not.toContain('/portal');
  });

  it('once the contact has an active portal account, the confirmation and the too-large answer offer the portal', async () => {
    for (const [contact, name, language] of [
      [world.contact, 'Carla Contact', 'en'],
      [world.chineseContact, '李华', 'zh-CN'],
    ] as const) {
      await world.app.user('customer', { organizationId: world.organization.id, name, email: contact.email, language });
    }
    const english = await logCase(world, { title: 'Access point reboots' });
    const chinese = await logCase(world, { contactId: world.chineseContact.id, title: '无线接入点重启' });
    await resolveCase(world, english.id);
    await resolveCase(world, chinese.id);
    await deliver();
    const confirmation = mailsTo(world.contact.email, english.number).find((mail) => mail.subject.includes('Please confirm'));
    expect(confirmation!.text).toContain('You can also confirm in the customer portal.');
    const chineseConfirmation = mailsTo(world.chineseContact.email, chinese.number).find((mail) => mail.subject.includes('请确认'));
    expect(chineseConfirmation!.text).toContain('您也可以在客户门户中确认。');
    expect(await confirmationPage(confirmation!, 'confirm')).toContain('you can answer it from that e-mail or in the customer portal.');
    expect(await confirmationPage(chineseConfirmation!, 'expire')).toContain('您可以在客户门户中确认，或申请新链接');

    const tooLarge = await tooLargeFrom(`Carla Contact <${world.contact.email}>`, 'More rack photos');
    expect(tooLarge.text).toContain('You can also log your request, with its files, in the customer portal: http://casedesk.test/portal');
    const chineseTooLarge = await tooLargeFrom(`李华 <${world.chineseContact.email}>`, 'More cabinet photos');
    expect(chineseTooLarge.text).toContain('您也可以在客户门户中提交请求并上传文件：http://casedesk.test/portal');
  });
});
