import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { ManualClock } from '../../src/services/context.js';
import { deliverDueChatMessages } from '../../src/services/chat/deliver-chat-messages.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { notifyFirstResponseBreaches } from '../../src/services/cases/notify-first-response-breaches.js';
import { firstResponseBreachChatMessage } from '../../src/services/chat/queue-chat-reports.js';
import { WEBHOOK_RETRY_DELAYS_MS } from '../../src/domain/webhooks/webhook-events.js';
import type { EscalationPosition } from '../../src/domain/escalation/positions.js';
import {
  ladderOf,
  logCase,
  setUpEscalationWorld,
  stepFor,
  tick,
  type CaseBody,
  type EscalationWorld,
} from '../escalations/escalation-world.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import { ChatReceiver, type ReceivedChat } from './chat-receiver.js';

interface ChatTarget {
  id: string;
  position: string | null;
  ownerUserId: string | null;
  kind: string;
  url: string;
  label: string | null;
  hasSecret: boolean;
  enabled: boolean;
  lastAttempt: { at: string; delivered: boolean; statusCode: number | null; error: string | null } | null;
  can: { remove: boolean; test: boolean; change: boolean };
}

const DINGTALK_SECRET = 'SECd1f2e3a4b5c6+/=test-secret';
const FEISHU_SECRET = 'feishu-secret-8Xy/+=';

describeOnEachDatabase('chat notifications', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let admin: TestUser;
  let manager: TestUser & { name: string };
  let receiver: ChatReceiver;
  let sink: SmtpSink;
  let transport: MailTransport;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    app = await TestApp.start(database, { clock });
    world = await setUpEscalationWorld(app);
    admin = world.admin;
    manager = world.holders['department-manager'];
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
  });
  afterAll(async () => {
    transport?.close();
    await sink?.close();
    await app?.stop();
  });
  beforeEach(async () => {
    clock.set(new Date());
    receiver = new ChatReceiver();
    await receiver.start();
    await allowPrivate(true);
  });
  afterEach(async () => {
    await receiver.stop();
    // Each test starts without the targets of another.
    for (const user of Object.values(world.holders)) {
      const own = await app.request<ChatTarget[]>(user, 'GET', '/api/v1/me/chat-targets');
      for (const target of own.body) await app.request(user, 'DELETE', `/api/v1/chat-targets/${target.id}`);
    }
    const positions = await app.request<ChatTarget[]>(admin, 'GET', '/api/v1/position-chat-targets');
    for (const target of positions.body) await app.request(admin, 'DELETE', `/api/v1/chat-targets/${target.id}`);
  });

  async function allowPrivate(allow: boolean): Promise<void> {
    const put = await app.request(admin, 'PUT', '/api/v1/webhooks/settings', { allowPrivateTargets: allow });
    expect(put.status).toBe(200);
  }
  const addOwn = async (user: TestUser, body: Record<string, unknown>): Promise<ChatTarget> => {
    const created = await app.request<ChatTarget>(user, 'POST', '/api/v1/me/chat-targets', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const addForPosition = async (position: EscalationPosition, body: Record<string, unknown>): Promise<ChatTarget> => {
    const created = await app.request<ChatTarget>(admin, 'POST', '/api/v1/position-chat-targets', { position, ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const sendChats = () => deliverDueChatMessages(app.context, { timeoutMs: 5_000 });
  /** Logs a level 1 case and moves the clock to its department manager's step, which fires on this tick. */
  const escalatedCase = async (title: string): Promise<CaseBody> => {
    const created = await logCase(world, { level: 1, title });
    const step = stepFor(await ladderOf(world, created.id), 'department-manager');
    clock.set(new Date(step.dueAt!));
    expect(await tick(app)).toBeGreaterThan(0);
    return created;
  };
  const caseUrl = (created: CaseBody) => `${app.context.publicUrl}/cases/${created.id}`;
  const only = (path: string): ReceivedChat => {
    const got = receiver.on(path);
    expect(got, `${path}: ${JSON.stringify(receiver.received.map((entry) => entry.url))}`).toHaveLength(1);
    return got[0]!;
  };

  it('a user manages their own targets, an admin the positions’; nobody sees another user’s; the secret is never answered', async () => {
    const own = await addOwn(manager, {
      kind: 'dingtalk',
      url: receiver.url('/dingtalk?access_token=abc'),
      secret: DINGTALK_SECRET,
      label: 'Ops room',
    });
    expect(own).toMatchObject({
      kind: 'dingtalk',
      hasSecret: true,
      enabled: true,
      label: 'Ops room',
      position: null,
      ownerUserId: manager.id,
    });
    expect(own.can).toEqual({ remove: true, test: true, change: true });
    expect(JSON.stringify(own)).not.toContain(DINGTALK_SECRET);

    const other = world.holders['vp-in-charge'];
    expect((await app.request<ChatTarget[]>(other, 'GET', '/api/v1/me/chat-targets')).body).toEqual([]);
    expect((await app.request(other, 'DELETE', `/api/v1/chat-targets/${own.id}`)).status).toBe(404);
    expect((await app.request(other, 'POST', `/api/v1/chat-targets/${own.id}/test`)).status).toBe(404);
    expect((await app.request(admin, 'DELETE', `/api/v1/chat-targets/${own.id}`)).status).toBe(404);

    const position = await addForPosition('president', { kind: 'slack', url: receiver.url('/slack/services/T0/B0/x') });
    expect(position).toMatchObject({ position: 'president', ownerUserId: null, hasSecret: false });
    expect((await app.request(manager, 'GET', '/api/v1/position-chat-targets')).status).toBe(403);
    expect(
      (
        await app.request(manager, 'POST', '/api/v1/position-chat-targets', {
          position: 'president',
          kind: 'slack',
          url: receiver.url('/x'),
        })
      ).status,
    ).toBe(403);
    expect((await app.request(manager, 'DELETE', `/api/v1/chat-targets/${position.id}`)).status).toBe(403);
    expect((await app.request(world.secretary, 'DELETE', `/api/v1/chat-targets/${position.id}`)).status).toBe(403);

    const secretOnSlack = await app.request<{ errors?: { field: string }[]; field?: string }>(manager, 'POST', '/api/v1/me/chat-targets', {
      kind: 'slack',
      url: receiver.url('/slack'),
      secret: 'nothing to sign with',
    });
    expect(secretOnSlack.status).toBe(400);
    expect(JSON.stringify(secretOnSlack.body)).toContain('secret');
    const unknownKind = await app.request(manager, 'POST', '/api/v1/me/chat-targets', { kind: 'pager', url: receiver.url('/x') });
    expect(unknownKind.status).toBe(400);
    expect(JSON.stringify(unknownKind.body)).toContain('kind');

    const off = await app.request<ChatTarget>(manager, 'PATCH', `/api/v1/chat-targets/${own.id}`, { enabled: false });
    expect(off.body.enabled).toBe(false);
    expect((await app.request(manager, 'DELETE', `/api/v1/chat-targets/${own.id}`)).status).toBe(204);
    expect((await app.request<ChatTarget[]>(manager, 'GET', '/api/v1/me/chat-targets')).body).toEqual([]);
  });

  it('refuses loopback and private targets unless the admin allows private targets', async () => {
    await allowPrivate(false);
    for (const url of [receiver.url('/slack'), 'http://localhost:9/hook', 'http://10.0.0.8/hook', 'http://[::1]/hook']) {
      const refused = await app.request<{ detail: string }>(manager, 'POST', '/api/v1/me/chat-targets', { kind: 'slack', url });
      expect(refused.status, url).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('url');
    }
    await allowPrivate(true);
    const target = await addOwn(manager, { kind: 'slack', url: receiver.url('/slack') });
    // Switched off again afterwards: the sender checks each time, so nothing reaches the loopback receiver.
    await allowPrivate(false);
    const tested = await app.request<ChatTarget>(manager, 'POST', `/api/v1/chat-targets/${target.id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body.lastAttempt).toMatchObject({ delivered: false, statusCode: null, error: expect.stringMatching(/refused/) });
    expect(receiver.received).toHaveLength(0);
  });

  it('posts an upgrading report to each of the five chats in its own format, DingTalk and Feishu signed', async () => {
    await addOwn(manager, { kind: 'wecom', url: receiver.url('/wecom/cgi-bin/webhook/send?key=k1') });
    await addOwn(manager, { kind: 'dingtalk', url: receiver.url('/dingtalk/robot/send?access_token=t1'), secret: DINGTALK_SECRET });
    await addOwn(manager, { kind: 'feishu', url: receiver.url('/feishu/open-apis/bot/v2/hook/h1'), secret: FEISHU_SECRET });
    await addOwn(manager, { kind: 'slack', url: receiver.url('/slack/services/T0/B0/x') });
    await addOwn(manager, { kind: 'teams', url: receiver.url('/teams/webhookb2/abc') });

    const created = await escalatedCase('Core router down');
    const sentAt = clock.now().getTime();
    expect(await sendChats()).toEqual({ delivered: 5, failed: 0 });
    const url = caseUrl(created);
    const customer = world.organization.name;
    const title = `[${created.number}] Escalation: level 1 case unresolved for 1 h`;

    const wecom = only('/wecom');
    expect(wecom.url).toBe('/wecom/cgi-bin/webhook/send?key=k1');
    expect(wecom.headers['content-type']).toBe('application/json');
    expect(wecom.json).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: [
          `**${title.replace('[', '\\[').replace(']', '\\]')}**`,
          `> Case: ${created.number} Core router down`,
          '> Level: 1 — the current system is shut down, or vital impact on the business',
          `> Customer: ${customer}`,
          '> Unresolved for: 1 hour',
          '> Reported to: department manager',
          `[Open the case](${url})`,
        ].join('\n'),
      },
    });

    const dingtalk = only('/dingtalk');
    const query = new URL(dingtalk.url, 'http://receiver').searchParams;
    expect(query.get('access_token')).toBe('t1');
    const timestamp = query.get('timestamp')!;
    expect(Number(timestamp)).toBe(sentAt);
    const expectedSign = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
    expect(query.get('sign')).toBe(expectedSign);
    // URL-encoded in the request line: base64's + / = never arrive raw.
    expect(dingtalk.url).toContain(`sign=${encodeURIComponent(expectedSign)}`);
    expect(dingtalk.json).toMatchObject({ msgtype: 'markdown', markdown: { title } });
    const dingText = (dingtalk.json.markdown as { text: string }).text;
    expect(dingText).toContain(`- **Case**: ${created.number} Core router down`);
    expect(dingText).toContain('- **Level**: 1 — the current system is shut down');
    expect(dingText).toContain(`- **Customer**: ${customer}`);
    expect(dingText).toContain('- **Unresolved for**: 1 hour');
    expect(dingText).toContain(`[Open the case](${url})`);

    const feishu = only('/feishu');
    const feishuBody = feishu.json as {
      timestamp: string;
      sign: string;
      msg_type: string;
      card: {
        header: { title: { content: string } };
        elements: [{ fields: { text: { tag: string; content: string } }[] }, { actions: { url: string; text: { content: string } }[] }];
      };
    };
    expect(feishuBody.msg_type).toBe('interactive');
    expect(Number(feishuBody.timestamp)).toBe(Math.floor(sentAt / 1000));
    expect(feishuBody.sign).toBe(createHmac('sha256', `${feishuBody.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64'));
    expect(feishuBody.card.header.title.content).toBe(title);
    expect(feishuBody.card.elements[0].fields.map((field) => field.text.content)).toEqual([
      `**Case**\n${created.number} Core router down`,
      '**Level**\n1 — the current system is shut down, or vital impact on the business',
      `**Customer**\n${customer}`,
      '**Unresolved for**\n1 hour',
      '**Reported to**\ndepartment manager',
    ]);
    expect(feishuBody.card.elements[1].actions[0]).toMatchObject({ url, text: { content: 'Open the case' } });

    const slack = only('/slack');
    expect(slack.json).toEqual({
      text: `${title} ${url}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: `*Case*\n${created.number} Core router down` },
            { type: 'mrkdwn', text: '*Level*\n1 — the current system is shut down, or vital impact on the business' },
            { type: 'mrkdwn', text: `*Customer*\n${customer}` },
            { type: 'mrkdwn', text: '*Unresolved for*\n1 hour' },
            { type: 'mrkdwn', text: '*Reported to*\ndepartment manager' },
          ],
        },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the case' }, url }] },
      ],
    });

    const teams = only('/teams');
    expect(teams.headers['content-type']).toBe('application/json');
    expect(teams.json).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            msteams: { width: 'Full' },
            body: [
              { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', color: 'Attention', wrap: true },
              {
                type: 'FactSet',
                facts: [
                  { title: 'Case', value: `${created.number} Core router down` },
                  { title: 'Level', value: '1 — the current system is shut down, or vital impact on the business' },
                  { title: 'Customer', value: customer },
                  { title: 'Unresolved for', value: '1 hour' },
                  { title: 'Reported to', value: 'department manager' },
                ],
              },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open the case', url }],
          },
        },
      ],
    });

    // Each target shows its last delivery; a second run sends nothing again.
    const listed = await app.request<ChatTarget[]>(manager, 'GET', '/api/v1/me/chat-targets');
    expect(listed.body.map((target) => target.lastAttempt)).toEqual(
      Array(5).fill({ at: clock.now().toISOString(), delivered: true, statusCode: 200, error: null }),
    );
    expect(await sendChats()).toEqual({ delivered: 0, failed: 0 });
  });

  it('a position’s target gets its holder’s reports in the holder’s language (Chinese)', async () => {
    const gm = world.holders['operation-center-gm'];
    expect(gm.language).toBe('zh-CN');
    await addForPosition('operation-center-gm', { kind: 'wecom', url: receiver.url('/wecom/gm') });
    const created = await logCase(world, { level: 1, title: '核心交换机故障' });
    const step = stepFor(await ladderOf(world, created.id), 'operation-center-gm');
    clock.set(new Date(step.dueAt!));
    await tick(app);
    expect(await sendChats()).toMatchObject({ failed: 0 });
    const reports = receiver.on('/wecom/gm').filter((entry) => entry.body.includes(created.number));
    expect(reports).toHaveLength(1);
    const content = (reports[0]!.json.markdown as { content: string }).content;
    expect(content).toContain(`升级：1 级工单已`);
    expect(content).toContain(`> 工单: ${created.number} 核心交换机故障`);
    expect(content).toContain('> 报告对象: 运营中心总经理');
    expect(content).toContain(`[打开工单](${caseUrl(created)})`);
  });

  it('an upgrading report reaches the holder by e-mail and in the chat; a chat answering 500 or down never holds up the mail, and is retried', async () => {
    const slack = await addOwn(manager, { kind: 'slack', url: receiver.url('/slack/hook') });
    receiver.statuses.push(500);
    const created = await escalatedCase('Storage array degraded');

    // The chat answers 500: counted as failed, due again after the first back-off.
    expect(await sendChats()).toEqual({ delivered: 0, failed: 1 });
    const mail = await deliverDueMail(app.context, { transport, from: 'CaseDesk <casedesk@example.com>' });
    expect(mail.failed).toBe(0);
    const mails = sink.received.filter((entry) => entry.to.includes(manager.email) && entry.subject.includes(created.number));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('Escalation');
    let listed = (await app.request<ChatTarget[]>(manager, 'GET', '/api/v1/me/chat-targets')).body;
    expect(listed[0]).toMatchObject({ id: slack.id, lastAttempt: { delivered: false, statusCode: 500, error: 'HTTP 500' } });

    // Not yet due again: nothing is sent.
    expect(await sendChats()).toEqual({ delivered: 0, failed: 0 });
    // The receiver is down when the retry comes: failed again, due after the second back-off.
    const port = receiver.port;
    await receiver.stop();
    clock.advance(WEBHOOK_RETRY_DELAYS_MS[0]!);
    expect(await sendChats()).toEqual({ delivered: 0, failed: 1 });
    listed = (await app.request<ChatTarget[]>(manager, 'GET', '/api/v1/me/chat-targets')).body;
    expect(listed[0]!.lastAttempt).toMatchObject({ delivered: false, statusCode: null });

    // Back up on the same port: the next retry delivers the same report, once.
    await receiver.start(port);
    clock.advance(WEBHOOK_RETRY_DELAYS_MS[1]!);
    expect(await sendChats()).toEqual({ delivered: 1, failed: 0 });
    const delivered = receiver.on('/slack/hook');
    expect(delivered).toHaveLength(2);
    expect(delivered[0]!.body).toBe(delivered[1]!.body);
    expect((delivered[1]!.json.text as string).startsWith(`[${created.number}]`)).toBe(true);
    listed = (await app.request<ChatTarget[]>(manager, 'GET', '/api/v1/me/chat-targets')).body;
    expect(listed[0]!.lastAttempt).toMatchObject({ delivered: true, statusCode: 200 });
  });

  it('two senders sharing the database post each report once', async () => {
    await addOwn(manager, { kind: 'teams', url: receiver.url('/teams/one') });
    await escalatedCase('Two senders');
    const [first, second] = await Promise.all([sendChats(), sendChats()]);
    expect(first.delivered + second.delivered).toBe(1);
    expect(receiver.on('/teams/one')).toHaveLength(1);
  });

  it('sends a test message in the owner’s language and shows the result', async () => {
    const target = await addOwn(manager, { kind: 'feishu', url: receiver.url('/feishu/test'), secret: FEISHU_SECRET, label: 'On-call' });
    const tested = await app.request<ChatTarget>(manager, 'POST', `/api/v1/chat-targets/${target.id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body.lastAttempt).toMatchObject({ delivered: true, statusCode: 200, error: null });
    const body = only('/feishu/test').json as { sign: string; timestamp: string; card: { header: { title: { content: string } } } };
    expect(body.card.header.title.content).toBe('CaseDesk test message');
    expect(body.sign).toBe(createHmac('sha256', `${body.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64'));

    // A robot that answers 200 with an error code (a wrong signature) did not take the message.
    const wecom = await addOwn(manager, { kind: 'wecom', url: receiver.url('/refusing') });
    const refused = await app.request<ChatTarget>(manager, 'POST', `/api/v1/chat-targets/${wecom.id}/test`);
    expect(refused.body.lastAttempt).toMatchObject({ delivered: false, statusCode: 200, error: expect.stringContaining('code 310000') });
  });
  it('a missed first-response target reaches the department manager’s chats once, with two instances side by side', async () => {
    // The cases of the tests before breached long ago: reported now, before any chat is set up.
    clock.set(new Date(Date.now() + 24 * 3_600_000));
    await notifyFirstResponseBreaches(app.context);
    await addOwn(manager, { kind: 'slack', url: receiver.url('/slack/services/T0/B0/fr') });
    await addForPosition('department-manager', { kind: 'teams', url: receiver.url('/teams/webhookb2/fr') });
    await addForPosition('president', { kind: 'teams', url: receiver.url('/president') });
    const created = await logCase(world, { level: 1, title: 'Nobody answers the phone' });
    // Level 1 promises a first response within 15 minutes (the seed's policy, always open).
    const dueAt = (await app.request<{ firstResponseDueAt: string }>(manager, 'GET', `/api/v1/cases/${created.id}`)).body
      .firstResponseDueAt;
    clock.set(new Date(Date.parse(dueAt) + 60_000));
    // On PostgreSQL the second run is another instance: its own connections to the same database.
    const extra = database === 'postgres' ? await app.database.open() : null;
    try {
      const instances = [app.context, extra ? { ...app.context, storage: extra } : app.context];
      await Promise.all(instances.map((instance) => notifyFirstResponseBreaches(instance)));
      await Promise.all(instances.map((instance) => notifyFirstResponseBreaches(instance)));
    } finally {
      await extra?.close();
    }
    expect(await sendChats()).toEqual({ delivered: 2, failed: 0 });
    expect(await sendChats()).toEqual({ delivered: 0, failed: 0 });
    expect(receiver.on('/president')).toHaveLength(0);

    const url = caseUrl(created);
    const title = `[${created.number}] First-response target missed: level 1 case unanswered`;
    // The seed's policy is always open: unresolved for the wall-clock time since received-at, in tenths of an hour.
    const hours = Math.floor((clock.now().getTime() - Date.parse(created.receivedAt)) / 360_000) / 10;
    expect(hours).toBeGreaterThan(0);
    const facts = [
      { title: 'Case', value: `${created.number} Nobody answers the phone` },
      { title: 'Level', value: '1 — the current system is shut down, or vital impact on the business' },
      { title: 'Customer', value: world.organization.name },
      { title: 'Unresolved for', value: `${hours} hours` },
      { title: 'First response was due', value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/) as unknown as string },
    ];
    expect(only('/teams/webhookb2/fr').json).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            body: [
              { type: 'TextBlock', text: title },
              { type: 'FactSet', facts },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open the case', url }],
          },
        },
      ],
    });
    const slack = only('/slack/services/T0/B0/fr');
    expect(slack.json).toMatchObject({ text: `${title} ${url}` });
    expect(JSON.stringify(slack.json)).toContain('*First response was due*');
    expect(JSON.stringify(slack.json)).toContain(`*Unresolved for*\\n${hours} hours`);

    // The same message in Chinese, for a manager who reads Chinese.
    const chinese = firstResponseBreachChatMessage('zh-CN', {
      caseNumber: created.number,
      caseTitle: 'Nobody answers the phone',
      level: 1,
      customerName: world.organization.name,
      hoursUnresolved: 2.5,
      dueAt: '2026-11-27 09:15',
      caseUrl: url,
    });
    expect(chinese.facts.map((fact) => [fact.label, fact.value])).toEqual([
      ['工单', `${created.number} Nobody answers the phone`],
      ['级别', expect.stringMatching(/^1 — /)],
      ['客户', world.organization.name],
      ['未解决时长', '2.5 小时'],
      ['首次响应时限', '2026-11-27 09:15'],
    ]);
  });
});
