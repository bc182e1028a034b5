import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_RETRY_DELAYS_MS } from '../../src/domain/webhooks/webhook-events.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { createProblem } from '../../src/services/problems/create-problem.js';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver-webhooks.js';
import {
  HOUR,
  logCase,
  setUpEscalationWorld,
  stepFor,
  tick,
  timelineOf,
  type CaseBody,
  type EscalationWorld,
  type LadderStep,
} from '../escalations/escalation-world.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on a free local port; answers with the statuses queued, then 200. */
class Receiver {
  readonly received: Received[] = [];
  readonly statuses: number[] = [];
  private server: http.Server | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.statuses.shift() ?? 200;
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status === 200 ? 'thanks' : `failed with ${status} ${'x'.repeat(3000)}`);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }
}

interface Subscription {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabledReason: string | null;
  secret: string;
}

interface Delivery {
  id: string;
  messageId: string;
  eventType: string;
  status: string;
  attempts: { statusCode: number | null; durationMs: number; responseExcerpt: string | null; error: string | null }[];
  payload: {
    type: string;
    data: { case?: { number: string; status: string }; problem?: { title: string }; details: Record<string, unknown> };
  };
}

describeOnEachDatabase('webhooks', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let admin: TestUser;
  let receiver: Receiver;
  const clock = new ManualClock(new Date());

  beforeAll(async () => {
    app = await TestApp.start(database, { clock });
    world = await setUpEscalationWorld(app);
    admin = world.admin;
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(async () => {
    clock.set(new Date());
    receiver = new Receiver();
    await receiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
    // Each test starts without subscriptions or deliveries of another.
    const list = await app.request<Subscription[]>(admin, 'GET', '/api/v1/webhooks');
    for (const subscription of list.body) await app.request(admin, 'DELETE', `/api/v1/webhooks/${subscription.id}`);
  });

  const allowPrivate = async (allow: boolean) => {
    const put = await app.request(admin, 'PUT', '/api/v1/webhooks/settings', { allowPrivateTargets: allow });
    expect(put.status).toBe(200);
  };
  const subscribe = async (events: string[], url = receiver.url): Promise<Subscription> => {
    const created = await app.request<Subscription>(admin, 'POST', '/api/v1/webhooks', { url, events, description: 'ERP bridge' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const deliveriesOf = async (subscription: Subscription): Promise<Delivery[]> => {
    const response = await app.request<Delivery[]>(admin, 'GET', `/api/v1/webhooks/${subscription.id}/deliveries`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const send = (context: ServiceContext = app.context) => deliverDueWebhooks(context, { timeoutMs: 5_000 });
  const verify = (subscription: Subscription, received: Received) =>
    new Webhook(subscription.secret).verify(received.body, {
      'webhook-id': String(received.headers['webhook-id']),
      'webhook-timestamp': String(received.headers['webhook-timestamp']),
      'webhook-signature': String(received.headers['webhook-signature']),
    });

  it('answers a Standard Webhooks secret once, lists, changes and removes subscriptions; only admins', async () => {
    await allowPrivate(true);
    const created = await subscribe(['case.created']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const keyLength = Buffer.from(created.secret.slice('whsec_'.length), 'base64').length;
    expect(keyLength).toBeGreaterThanOrEqual(24);
    expect(keyLength).toBeLessThanOrEqual(64);

    const one = await app.request<Subscription>(admin, 'GET', `/api/v1/webhooks/${created.id}`);
    expect(one.body).toMatchObject({ url: receiver.url, events: ['case.created'], enabled: true });
    expect(one.body).not.toHaveProperty('secret');
    const list = await app.request<Subscription[]>(admin, 'GET', '/api/v1/webhooks');
    expect(list.body.map((row) => row.id)).toEqual([created.id]);

    const patched = await app.request<Subscription>(admin, 'PATCH', `/api/v1/webhooks/${created.id}`, {
      events: ['case.created', 'case.status_changed'],
      enabled: false,
    });
    expect(patched.body).toMatchObject({ events: ['case.created', 'case.status_changed'], enabled: false, disabledReason: 'admin' });

    const manager = world.holders['department-manager'];
    expect((await app.request(manager, 'GET', '/api/v1/webhooks')).status).toBe(403);
    expect((await app.request(manager, 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['case.created'] })).status).toBe(403);

    const unknownEvent = await app.request<{ errors: { field: string }[] }>(admin, 'POST', '/api/v1/webhooks', {
      url: receiver.url,
      events: ['case.exploded'],
    });
    expect(unknownEvent.status).toBe(400);
    expect(JSON.stringify(unknownEvent.body)).toContain('events');

    expect((await app.request(admin, 'DELETE', `/api/v1/webhooks/${created.id}`)).status).toBe(204);
    expect((await app.request(admin, 'GET', `/api/v1/webhooks/${created.id}`)).status).toBe(404);
  });

  it('refuses loopback, link-local and private targets unless the admin allows them, at subscription and at delivery', async () => {
    await allowPrivate(false);
    for (const url of [
      receiver.url,
      'http://localhost:8080/hook',
      'http://10.1.2.3/hook',
      'http://172.16.0.1/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'ftp://example.com/hook',
    ]) {
      const refused = await app.request<{ field?: string; errors?: { field: string }[] }>(admin, 'POST', '/api/v1/webhooks', {
        url,
        events: ['case.created'],
      });
      expect(refused.status, url).toBe(400);
      expect(refused.body.field ?? refused.body.errors?.[0]?.field, url).toBe('url');
    }

    // Subscribed while allowed; once the admin takes the permission back, the delivery is refused after resolving.
    await allowPrivate(true);
    const subscription = await subscribe(['case.created']);
    await allowPrivate(false);
    await logCase(world, { level: 3 });
    expect(await send()).toEqual({ delivered: 0, failed: 1 });
    expect(receiver.received).toHaveLength(0);
    const [delivery] = await deliveriesOf(subscription);
    expect(delivery!.attempts[0]!.error).toMatch(/refused/);
    expect(delivery!.attempts[0]!.statusCode).toBeNull();
  });

  it('signs each event as Standard Webhooks says, verified by the standardwebhooks package, and shows each attempt', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['case.created', 'case.status_changed']);
    const other = await subscribe(['problem.created']);
    const created = await logCase(world, { level: 2, title: 'Firewall cluster failover' });
    expect(await send()).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const [received] = receiver.received;
    const payload = verify(subscription, received!) as Delivery['payload'];
    expect(payload.type).toBe('case.created');
    expect(payload.data.case).toMatchObject({ number: created.number, status: 'new' });
    expect(received!.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    // Another subscription's secret does not verify it.
    expect(() => verify(other, received!)).toThrow();

    const [delivery] = await deliveriesOf(subscription);
    expect(delivery).toMatchObject({ messageId: received!.headers['webhook-id'], eventType: 'case.created', status: 'delivered' });
    expect(delivery!.attempts).toEqual([
      { attemptedAt: expect.any(String), statusCode: 200, durationMs: expect.any(Number), responseExcerpt: 'thanks', error: null },
    ]);

    // A second instance running at the same moment sends nothing twice.
    const second = await app.database.open();
    try {
      await createProblem(
        app.context,
        { userId: admin.id, role: 'admin', organizationId: null },
        {
          title: 'Switch firmware leaks memory',
          description: 'Several units need a reboot weekly.',
          ownerId: world.holders['department-manager'].id,
        },
      );
      const secondContext: ServiceContext = { ...app.context, storage: second };
      await Promise.all([send(), send(secondContext), send()]);
    } finally {
      await second.close();
    }
    const problemMails = receiver.received.filter((entry) => entry.headers['webhook-id'] !== received!.headers['webhook-id']);
    expect(problemMails).toHaveLength(1);
    expect((verify(other, problemMails[0]!) as Delivery['payload']).data.problem).toMatchObject({ title: 'Switch firmware leaks memory' });
  });

  it('retries after a 500 with the same webhook-id, after the back-off; redelivers on request', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['case.created']);
    receiver.statuses.push(500);
    await logCase(world, { level: 3 });
    expect(await send()).toEqual({ delivered: 0, failed: 1 });
    // Not due before its back-off.
    expect(await send()).toEqual({ delivered: 0, failed: 0 });
    clock.advance(WEBHOOK_RETRY_DELAYS_MS[0]!);
    expect(await send()).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    const [first, second] = receiver.received;
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    verify(subscription, second!);

    const [delivery] = await deliveriesOf(subscription);
    expect(delivery!.status).toBe('delivered');
    expect(delivery!.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 200]);
    expect(delivery!.attempts[0]!.error).toBe('HTTP 500');
    expect(Buffer.byteLength(delivery!.attempts[0]!.responseExcerpt!)).toBeLessThanOrEqual(1024);

    const redelivered = await app.request<Delivery>(
      admin,
      'POST',
      `/api/v1/webhooks/${subscription.id}/deliveries/${delivery!.id}/redeliver`,
    );
    expect(redelivered.status).toBe(200);
    expect(redelivered.body.status).toBe('pending');
    expect(await send()).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received[2]!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
  });

  it('keeps an event through a receiver outage and delivers it, same id, once the receiver is back', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['case.status_changed', 'case.level_changed']);
    const created = await logCase(world, { level: 3 });
    const changed = await app.request(world.secretary, 'POST', `/api/v1/cases/${created.id}/level`, {
      level: 2,
      reason: 'Whole branch is down',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const port = receiver.port;
    await receiver.stop();
    expect(await send()).toEqual({ delivered: 0, failed: 1 });
    const [down] = await deliveriesOf(subscription);
    expect(down!.attempts[0]!.error).toMatch(/ECONNREFUSED/);
    await receiver.start(port);
    clock.advance(WEBHOOK_RETRY_DELAYS_MS[0]!);
    expect(await send()).toEqual({ delivered: 1, failed: 0 });
    expect(receiver.received[0]!.headers['webhook-id']).toBe(down!.messageId);
    const payload = verify(subscription, receiver.received[0]!) as Delivery['payload'];
    expect(payload).toMatchObject({ type: 'case.level_changed', data: { details: { from: 3, to: 2 } } });
  });

  it('switches a subscription off after failing for a day, and tells its owner in the app and by mail', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['case.created']);
    receiver.statuses.push(...Array<number>(20).fill(500));
    await logCase(world, { level: 3 });
    for (const delay of WEBHOOK_RETRY_DELAYS_MS) {
      expect((await send()).failed).toBe(1);
      const now = await app.request<Subscription>(admin, 'GET', `/api/v1/webhooks/${subscription.id}`);
      expect(now.body.enabled).toBe(true);
      clock.advance(delay);
    }
    // The eighth attempt, over 24 hours after the first failure.
    expect((await send()).failed).toBe(1);
    const off = await app.request<Subscription>(admin, 'GET', `/api/v1/webhooks/${subscription.id}`);
    expect(off.body).toMatchObject({ enabled: false, disabledReason: 'failing' });
    const notices = await app.request<{ items: { kind: string; title: string; link: string | null }[] }>(
      admin,
      'GET',
      '/api/v1/notifications',
    );
    expect(notices.body.items).toContainEqual(expect.objectContaining({ kind: 'webhook-disabled', link: '/admin/webhooks' }));
    const mails = await app.storage.db
      .selectFrom('outbox_messages')
      .select(['to_address', 'subject'])
      .where('kind', '=', 'webhook-disabled')
      .execute();
    expect(mails).toEqual([{ to_address: admin.email, subject: `Webhook switched off: ${receiver.url}` }]);
    // Off: nothing more is attempted, until switched on again.
    clock.advance(24 * 3_600_000);
    expect(await send()).toEqual({ delivered: 0, failed: 0 });
  });

  it('hears every path that changes a case, from its timeline: edits, assignment, status, replies (never internal notes)', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['case.created', 'case.updated', 'case.assigned', 'case.status_changed', 'case.reply_added']);
    const engineer = await app.user('expert', { name: 'Eli Engineer' });
    const created = await logCase(world, { level: 3 });
    const url = `/api/v1/cases/${created.id}`;
    expect((await app.request(world.secretary, 'PATCH', url, { title: 'Core switch drops packets at night' })).status).toBe(200);
    expect((await app.request(admin, 'PATCH', url, { assigneeId: engineer.id })).status).toBe(200);
    expect((await app.request(admin, 'POST', `${url}/notes`, { body: 'We are on it.', visibility: 'public' })).status).toBeLessThan(300);
    expect((await app.request(admin, 'POST', `${url}/notes`, { body: 'Customer is grumpy.', visibility: 'internal' })).status).toBeLessThan(
      300,
    );
    await send();
    const types = receiver.received.map((entry) => (verify(subscription, entry) as Delivery['payload']).type);
    expect(types).toEqual(
      expect.arrayContaining(['case.created', 'case.updated', 'case.assigned', 'case.status_changed', 'case.reply_added']),
    );
    expect(types.filter((type) => type === 'case.reply_added')).toHaveLength(1);
    const bodies = receiver.received.map((entry) => entry.body).join('\n');
    expect(bodies).toContain('We are on it.');
    expect(bodies).not.toContain('grumpy');
    // Every webhook-id is its own event's.
    expect(new Set(receiver.received.map((entry) => entry.headers['webhook-id'])).size).toBe(receiver.received.length);
  });

  it('tells of an upgrading report fired by the escalation tick, which no request made', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['escalation.fired']);
    const created = await logCase(world, { level: 1 });
    clock.advance(2 * 3_600_000);
    expect(await tick(app)).toBeGreaterThan(0);
    await send();
    expect(receiver.received.length).toBeGreaterThan(0);
    const first = receiver.received[0]!;
    const payload = JSON.parse(first.body) as Delivery['payload'];
    expect(payload).toMatchObject({ type: 'escalation.fired', data: { case: { number: created.number } } });
    // Sent on a clock two hours ahead, outside the package's five-minute window: compared with its own signing instead.
    const timestamp = new Date(Number(first.headers['webhook-timestamp']) * 1000);
    expect(first.headers['webhook-signature']).toBe(
      new Webhook(subscription.secret).sign(String(first.headers['webhook-id']), timestamp, first.body),
    );
  });

  /** The case as each payload must tell it, read back through the API at the moment it is checked. */
  const caseAsSent = async (caseId: string) => {
    const response = await app.request<CaseBody & { title: string; kind: string; assigneeId: string | null; updatedAt: string }>(
      admin,
      'GET',
      `/api/v1/cases/${caseId}`,
    );
    expect(response.status).toBe(200);
    const row = response.body;
    return {
      id: row.id,
      number: row.number,
      title: row.title,
      kind: row.kind,
      status: row.status,
      level: row.level,
      organizationId: world.organization.id,
      organizationName: world.organization.name,
      departmentId: world.department.id,
      assigneeUserId: row.assigneeId,
      receivedAt: row.receivedAt,
      updatedAt: row.updatedAt,
      url: `${app.context.publicUrl}/cases/${row.id}`,
    };
  };
  /** The one received body of `type`, verified with the subscription's secret. */
  const receivedOf = (subscription: Subscription, type: string) => {
    const matching = receiver.received.filter((entry) => (JSON.parse(entry.body) as { type: string }).type === type);
    expect(matching, type).toHaveLength(1);
    return { received: matching[0]!, payload: verify(subscription, matching[0]!) as Record<string, unknown> };
  };
  const timelineEntry = async (caseId: string, kind: string) => {
    const entries = (await timelineOf(world, caseId)).filter((item) => item.kind === kind);
    expect(entries, kind).toHaveLength(1);
    return entries[0]!;
  };

  it('tells of an acknowledged upgrading report: by its recipient, and by an admin on their behalf with a reason', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['escalation.acknowledged']);
    // Logged five hours late at level 1: the department manager's (1 h) and the Operation Center GM's (4 h) steps fire at once.
    const created = await logCase(world, { level: 1, receivedAt: new Date(clock.now().getTime() - 5 * HOUR).toISOString() });
    const ladder = await app.request<{ steps: LadderStep[] }>(admin, 'GET', `/api/v1/cases/${created.id}/escalations`);
    const managerStep = stepFor(ladder.body.steps, 'department-manager');
    const gmStep = stepFor(ladder.body.steps, 'operation-center-gm');
    expect([managerStep.status, gmStep.status]).toEqual(['fired', 'fired']);

    const gm = world.holders['operation-center-gm'];
    const byGm = await app.request(gm, 'POST', `/api/v1/cases/${created.id}/escalations/${gmStep.id}/acknowledgement`);
    expect(byGm.status, JSON.stringify(byGm.body)).toBe(204);
    clock.advance(60_000);
    const reason = 'On leave; I called him and he knows.';
    const byAdmin = await app.request(admin, 'POST', `/api/v1/cases/${created.id}/escalations/${managerStep.id}/acknowledgement`, {
      reason,
    });
    expect(byAdmin.status, JSON.stringify(byAdmin.body)).toBe(204);

    expect(await send()).toEqual({ delivered: 2, failed: 0 });
    const entries = (await timelineOf(world, created.id)).filter((item) => item.kind === 'escalation.acknowledged');
    expect(entries).toHaveLength(2);
    const expectedCase = await caseAsSent(created.id);
    const payloads = receiver.received.map((entry) => verify(subscription, entry) as Record<string, unknown>);
    const ofStep = (stepId: string) =>
      payloads.find((payload) => (payload.data as { details: { stepId: string } }).details.stepId === stepId);
    const gmEntry = entries.find((entry) => entry.actorUserId === gm.id)!;
    expect(ofStep(gmStep.id)).toEqual({
      type: 'escalation.acknowledged',
      timestamp: gmEntry.at,
      data: {
        eventId: gmEntry.id,
        actorUserId: gm.id,
        case: expectedCase,
        details: { stepId: gmStep.id, position: 'operation-center-gm' },
      },
    });
    const adminEntry = entries.find((entry) => entry.actorUserId === admin.id)!;
    expect(ofStep(managerStep.id)).toEqual({
      type: 'escalation.acknowledged',
      timestamp: adminEntry.at,
      data: {
        eventId: adminEntry.id,
        actorUserId: admin.id,
        case: expectedCase,
        details: { stepId: managerStep.id, position: 'department-manager', onBehalfOf: [world.holders['department-manager'].name], reason },
      },
    });
    // Each delivery carries its own event's id as webhook-id.
    for (const entry of receiver.received) {
      const payload = JSON.parse(entry.body) as { data: { eventId: string } };
      expect(entry.headers['webhook-id']).toBe(`msg_${payload.data.eventId.replace(/-/g, '')}`);
    }
  });

  it('tells of a service record confirmed in the portal and a survey answered by phone, each with what the customer gave', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['service_record.confirmed', 'survey.answered']);
    const customer = await app.user('customer', { organizationId: world.organization.id, name: 'Carla Customer' });
    const created = await logCase(world, { level: 3 });
    const resolved = await app.request(admin, 'POST', `/api/v1/cases/${created.id}/transitions`, { to: 'resolved' });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);

    const confirmed = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${created.id}/service-record/confirmation`,
      headers: { ...customer.headers, 'user-agent': 'PortalBrowser/2.0' },
      payload: { note: 'All fine again, thank you' },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    // The case had no contact, so its survey waits for staff to enter the answers taken by phone.
    const surveys = await app.request<{ items: { id: string; status: string }[] }>(
      world.secretary,
      'GET',
      `/api/v1/surveys?caseId=${created.id}`,
    );
    expect(surveys.body.items).toEqual([expect.objectContaining({ status: 'awaiting-entry' })]);
    const surveyId = surveys.body.items[0]!.id;
    clock.advance(60_000);
    const scores = { personnel: 5, organization: 4, system: 2 };
    const answered = await app.request(world.secretary, 'POST', `/api/v1/surveys/${surveyId}/answers`, {
      channel: 'phone',
      scores,
      comment: 'Quick on the phone, slow on site',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);

    expect(await send()).toEqual({ delivered: 2, failed: 0 });
    // The case as it stands when sent out: confirmed.
    const expectedCase = await caseAsSent(created.id);
    expect(expectedCase.status).toBe('confirmed');

    const confirmation = await timelineEntry(created.id, 'service-record.confirmed');
    const { received: confirmedMail, payload: confirmedPayload } = receivedOf(subscription, 'service_record.confirmed');
    expect(confirmedMail.headers['webhook-id']).toBe(`msg_${confirmation.id.replace(/-/g, '')}`);
    expect(confirmedPayload).toEqual({
      type: 'service_record.confirmed',
      timestamp: confirmation.at,
      data: {
        eventId: confirmation.id,
        actorUserId: customer.id,
        case: expectedCase,
        details: {
          confirmationId: expect.any(String),
          method: 'portal',
          name: 'Carla Customer',
          email: customer.email,
          ip: '127.0.0.1',
          userAgent: 'PortalBrowser/2.0',
          note: 'All fine again, thank you',
        },
      },
    });
    expect((confirmedPayload.data as { details: { confirmationId: string } }).details.confirmationId).toBe(
      confirmation.data.confirmationId,
    );

    const answer = await timelineEntry(created.id, 'survey.answered');
    const { received: surveyMail, payload: surveyPayload } = receivedOf(subscription, 'survey.answered');
    expect(surveyMail.headers['webhook-id']).toBe(`msg_${answer.id.replace(/-/g, '')}`);
    expect(surveyPayload).toEqual({
      type: 'survey.answered',
      timestamp: answer.at,
      data: {
        eventId: answer.id,
        actorUserId: world.secretary.id,
        case: expectedCase,
        details: { surveyId, channel: 'phone', scores, comment: 'Quick on the phone, slow on site' },
      },
    });
    expect(Date.parse(answer.at) - Date.parse(confirmation.at)).toBe(60_000);
  });

  it('follows no redirect: a 3xx answer is a failed attempt', async () => {
    await allowPrivate(true);
    const subscription = await subscribe(['case.created']);
    receiver.statuses.push(302);
    await logCase(world, { level: 3 });
    expect(await send()).toEqual({ delivered: 0, failed: 1 });
    expect(receiver.received).toHaveLength(1);
    const [delivery] = await deliveriesOf(subscription);
    expect(delivery!.attempts[0]).toMatchObject({ statusCode: 302, error: expect.stringMatching(/redirect not followed/) });
  });

  it('documents each event’s payload in the OpenAPI document', async () => {
    const response = await app.request<Record<string, unknown>>(null, 'GET', '/api/v1/openapi.json');
    const text = JSON.stringify(response.body);
    // Written out, so an event dropped from the list fails here rather than vanishing from the check.
    const events = [
      'case.created',
      'case.updated',
      'case.status_changed',
      'case.level_changed',
      'case.assigned',
      'case.reply_added',
      'escalation.fired',
      'escalation.acknowledged',
      'service_record.confirmed',
      'survey.answered',
      'problem.created',
    ];
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual([...events].sort());
    for (const type of events) {
      expect(text).toContain(`\`${type}\``);
    }
    // The details of the events received field by field above are named as sent.
    for (const field of ['`stepId`', '`onBehalfOf`', '`confirmationId`', '`userAgent`', '`surveyId`', '`scores`'])
      expect(text).toContain(field);
    expect(text).toContain('/api/v1/webhooks/{id}/deliveries');
  });
});
