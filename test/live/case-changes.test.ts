import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { CaseChangeFeed, type CaseChange } from '../../src/services/cases/case-change-feed.js';
import { openCase } from '../../src/services/cases/open-case.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface FeedEvent {
  id: string;
  /** The event's `id:` line: its place in the feed's order. */
  position: string;
}

/** A feed read from a real socket as events arrive, until closed. */
interface OpenFeed {
  events: FeedEvent[];
  /** Waits until `count` events have arrived, or fails after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

async function openFeed(url: string, user: TestUser): Promise<OpenFeed> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: user.headers, signal: controller.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: FeedEvent[] = [];
  let buffer = '';
  let markConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const lines = buffer.slice(0, end).split('\n');
        buffer = buffer.slice(end + 2);
        if (lines.includes(': connected')) markConnected();
        const data = lines.find((line) => line.startsWith('data: '));
        const id = lines.find((line) => line.startsWith('id: '));
        if (lines.includes('event: case') && data && id)
          events.push({ id: (JSON.parse(data.slice(6)) as { id: string }).id, position: id.slice(4) });
      }
    }
  })();
  // The server says ": connected" once the listener is in place; everything after that must arrive.
  await connected;
  return {
    events,
    async waitFor(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(events.length, `events after ${timeoutMs} ms`).toBeGreaterThanOrEqual(count);
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

/** Positions are `tx.seq`; the feed's order is by transaction, then sequence. */
function comparePositions(a: string, b: string): number {
  const [aTx, aSeq] = a.split('.').map(BigInt) as [bigint, bigint];
  const [bTx, bSeq] = b.split('.').map(BigInt) as [bigint, bigint];
  return aTx === bTx ? Number(aSeq - bSeq) : Number(aTx - bTx);
}

/** Every event once, in strictly increasing order. */
function expectInOrderOnce(events: FeedEvent[]): void {
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  for (let index = 1; index < events.length; index++) {
    expect(comparePositions(events[index - 1]!.position, events[index]!.position), `event ${index}`).toBeLessThan(0);
  }
}

/** A server-sent event stream read from a real socket, once the server says its listener is in place; `events` grows as they arrive. */
async function openEventStream(url: string, user: TestUser): Promise<{ events: { id: string }[]; close: () => Promise<void> }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: user.headers, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const events: { id: string }[] = [];
  let buffer = '';
  let connected = false;
  const reading = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += new TextDecoder().decode(value);
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(': connected')) connected = true;
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (block.includes('event: case') && data) events.push(JSON.parse(data.slice(6)) as { id: string });
      }
    }
  })();
  await expect.poll(() => connected, { timeout: 30_000 }).toBe(true);
  return {
    events,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
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

    const staffStream = await openEventStream(`${base}/api/v1/case-changes`, secretary);
    const customerStream = await openEventStream(`${base}/api/v1/case-changes`, customer);
    const ownCase = (await open(own.id)).body.id;
    const otherCase = (await open(other.id)).body.id;
    // Waits for what must arrive instead of a fixed time, so a slow machine only makes the test slower.
    const ids = (stream: { events: { id: string }[] }) => stream.events.map((event) => event.id);
    await expect.poll(() => ids(staffStream), { timeout: 30_000 }).toEqual(expect.arrayContaining([ownCase, otherCase]));
    await expect.poll(() => ids(customerStream), { timeout: 30_000 }).toContain(ownCase);
    // The staff feed has already carried the other organisation's case, so the customer's feed has had its chance.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all([staffStream.close(), customerStream.close()]);
    expect(ids(customerStream)).not.toContain(otherCase);
  });

  it('delivers every change of a burst of 1 500 cases, once and in order, and a feed opened later hears what follows', async () => {
    const secretary = await app.user('secretary');
    const actor: Actor = { userId: secretary.id, role: 'secretary', organizationId: null };
    const organizationId = (await app.organization('Burst customer')).id;
    // Several instances on one PostgreSQL database write side by side, so their transactions commit in any order;
    // SQLite has one writer.
    const extraStorages: Storage[] = [];
    if (database === 'postgres') for (let index = 0; index < 2; index++) extraStorages.push(await app.database.open());
    const instances: ServiceContext[] = [app.context, ...extraStorages.map((storage) => ({ ...app.context, storage }))];
    const logWave = async (wave: number, count: number): Promise<string[]> => {
      const created = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          openCase(instances[index % instances.length]!, actor, {
            organizationId,
            channel: 'api',
            level: 4,
            title: `Imported ${wave}/${index}`,
            description: '',
          }),
        ),
      );
      return created.map((row) => row.id);
    };

    const feed = await openFeed(`${base}/api/v1/case-changes`, secretary);
    try {
      // Three waves of 520, each logged at once; a wave starts only when the one before has been stored, so all its
      // changes must come after all of that one's.
      const waves: string[][] = [];
      for (let wave = 0; wave < 3; wave++) waves.push(await logWave(wave, 520));
      const all = waves.flat();
      await feed.waitFor(all.length, 60_000);
      expect(new Set(feed.events.map((event) => event.id))).toEqual(new Set(all));
      expectInOrderOnce(feed.events);
      const waveOf = new Map(waves.flatMap((ids, wave) => ids.map((id) => [id, wave] as const)));
      const order = feed.events.map((event) => waveOf.get(event.id)!);
      expect(order).toEqual([...order].sort((a, b) => a - b));

      // The feed did not stall: a second one opened now, and the first, both hear the next cases.
      const later = await openFeed(`${base}/api/v1/case-changes`, secretary);
      try {
        const next = await logWave(3, 30);
        await later.waitFor(next.length, 30_000);
        await feed.waitFor(all.length + next.length, 30_000);
        expect(later.events.map((event) => event.id).sort()).toEqual([...next].sort());
        expect(
          feed.events
            .slice(all.length)
            .map((event) => event.id)
            .sort(),
        ).toEqual([...next].sort());
        expectInOrderOnce(later.events);
        expectInOrderOnce(feed.events);
      } finally {
        await later.close();
      }
    } finally {
      await feed.close();
      for (const storage of extraStorages) await storage.close();
    }
  });

  it.skipIf(database !== 'postgres')(
    'waits for a transaction that took its position earlier but commits later, instead of skipping it',
    async () => {
      const secretary = await app.user('secretary');
      const actor: Actor = { userId: secretary.id, role: 'secretary', organizationId: null };
      const organizationId = (await app.organization()).id;
      const open = (title: string) => openCase(app.context, actor, { organizationId, channel: 'api', level: 4, title, description: '' });
      const [slow, quick] = [await open('Slow'), await open('Quick')];
      const feed = new CaseChangeFeed(app.context, 3_600_000);
      const heard: CaseChange[] = [];
      const unsubscribe = await feed.subscribe(actor, (change) => heard.push(change));
      try {
        let finishSlow: () => void = () => undefined;
        const slowMayCommit = new Promise<void>((resolve) => (finishSlow = resolve));
        let slowWrote: () => void = () => undefined;
        const slowHasWritten = new Promise<void>((resolve) => (slowWrote = resolve));
        // The slow transaction changes its case first (so it holds the lower transaction id and sequence value)
        // and commits only after the quick one.
        const slowTransaction = app.storage.db.transaction().execute(async (trx) => {
          await trx.updateTable('cases').set({ title: 'Slow, changed' }).where('id', '=', slow.id).execute();
          slowWrote();
          await slowMayCommit;
        });
        await slowHasWritten;
        await app.storage.db.updateTable('cases').set({ title: 'Quick, changed' }).where('id', '=', quick.id).execute();
        await feed.poll();
        const heardBefore = heard.length;
        finishSlow();
        await slowTransaction;
        // Other sessions on the server may keep a transaction open for a moment; the feed waits for them too.
        const heardSince = () => heard.slice(heardBefore).map((change) => change.id);
        for (let deadline = Date.now() + 15_000; !heardSince().includes(slow.id) && Date.now() < deadline;) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          await feed.poll();
        }
        expect(heardSince()).toContain(slow.id);
        expect(heard.map((change) => change.id)).toContain(quick.id);
        expectInOrderOnce(heard.map((change) => ({ id: `${change.id}@${change.position}`, position: change.position })));
      } finally {
        unsubscribe();
        feed.close();
      }
    },
  );

  it('refuses an anonymous listener', async () => {
    expect((await fetch(`${base}/api/v1/case-changes`)).status).toBe(401);
  });
});
