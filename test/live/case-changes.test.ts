import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/** Reads server-sent events from a real socket until `until` is satisfied or the time is up. */
async function collectEvents(url: string, user: TestUser, act: () => Promise<void>, waitMs: number): Promise<{ id: string }[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: user.headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const events: { id: string }[] = [];
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += new TextDecoder().decode(value);
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (block.includes('event: case') && data) events.push(JSON.parse(data.slice(6)) as { id: string });
      }
    }
  })();
  await act();
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  controller.abort();
  await reading;
  return events;
}

describeOnEachDatabase('live case changes (server-sent events)', (database) => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await TestApp.start(database);
    // Cases need a servicing department; the company's first one is its default.
    const admin = await app.user('admin');
    expect((await app.request(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => app.stop());

  it('tells staff about every changed case and a customer only about their own organisation', async () => {
    const secretary = await app.user('secretary');
    const own = await app.organization('Own customer');
    const other = await app.organization('Other customer');
    const customer = await app.user('customer', { organizationId: own.id });
    const open = (organizationId: string) =>
      app.request<{ id: string }>(secretary, 'POST', '/api/v1/cases', {
        organizationId,
        channel: 'hotline',
        level: 3,
        title: 'Printer VLAN down',
        description: '',
      });

    let ownCase = '';
    let otherCase = '';
    const [staffEvents, customerEvents] = await Promise.all([
      collectEvents(`${base}/api/v1/case-changes`, secretary, async () => undefined, 2_500),
      collectEvents(
        `${base}/api/v1/case-changes`,
        customer,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 200));
          ownCase = (await open(own.id)).body.id;
          otherCase = (await open(other.id)).body.id;
        },
        2_200,
      ),
    ]);
    expect(staffEvents.map((event) => event.id)).toEqual(expect.arrayContaining([ownCase, otherCase]));
    expect(customerEvents.map((event) => event.id)).toContain(ownCase);
    expect(customerEvents.map((event) => event.id)).not.toContain(otherCase);
  });

  it('refuses an anonymous listener', async () => {
    expect((await fetch(`${base}/api/v1/case-changes`)).status).toBe(401);
  });
});
