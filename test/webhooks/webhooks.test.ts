import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { WEBHOOK_RETRY_DELAYS_MS } from '../../src/domain/webhooks/webhook-events.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { createProblem } from '../../src/services/problems/create-problem.js';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver-webhooks.js';
import { logCase, setUpEscalationWorld, tick, type EscalationWorld } from '../escalations/escalation-world.js';
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
    for (const type of [
      'case.created',
      'case.status_changed',
      'case.reply_added',
      'escalation.fired',
      'problem.created',
      'survey.answered',
    ]) {
      expect(text).toContain(`\`${type}\``);
    }
    expect(text).toContain('/api/v1/webhooks/{id}/deliveries');
  });
});
