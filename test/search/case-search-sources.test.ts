import { afterAll, beforeAll, expect, it } from 'vitest';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import { setUpEscalationWorld, HOUR, type EscalationWorld, type Problem } from '../escalations/escalation-world.js';
import type { FoundCase, SearchBody } from './search-answer.js';

/**
 * The searched texts of a case that test/search/case-search.test.ts does not reach: the work done (a service action's
 * summary and outcome, a visit's work done), the contact's name, the vendor's case number (staff only), and terms of
 * a single character. The customers here have fixed names, so a one-letter term can only be where a test put it.
 */
describeOnEachDatabase('search over the work done, the contact and the vendor case number', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let organization: { id: string; name: string };
  let customer: TestUser;
  let otherCustomer: TestUser;
  let engineer: TestUser;
  const cases: Record<string, string> = {};

  async function open(key: string, body: { title: string; contactId?: string; level?: number; receivedAt?: string }) {
    const response = await app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/cases', {
      organizationId: organization.id,
      channel: 'hotline',
      level: body.level ?? 3,
      title: body.title,
      description: 'Reported by phone.',
      departmentId: world.department.id,
      ...(body.contactId ? { contactId: body.contactId } : {}),
      ...(body.receivedAt ? { receivedAt: body.receivedAt } : {}),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    cases[key] = response.body.id;
  }

  async function contact(name: string): Promise<string> {
    const response = await app.request<{ id: string }>(world.admin, 'POST', `/api/v1/organizations/${organization.id}/contacts`, { name });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id;
  }

  // The index follows writes in the background; a test runs the indexer's pass itself before it searches.
  const found = async (as: TestUser, q: string) => {
    await indexCaseSearchNow(app.context);
    const response = await app.request<SearchBody & Problem>(as, 'GET', `/api/v1/search?kind=cases&q=${encodeURIComponent(q)}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.groups[0]!.items;
  };
  const foundIds = async (as: TestUser, q: string) => (await found(as, q)).map((item) => item.id);
  /** Staff find exactly the case `key` by `q`: that case's answer. */
  const foundOnly = async (q: string, key: string) => {
    const items = await found(world.secretary, q);
    expect(
      items.map((item) => item.id),
      q,
    ).toEqual([cases[key]]);
    return items[0]!;
  };
  const listed = async (as: TestUser, text: string) => {
    await indexCaseSearchNow(app.context);
    const response = await app.request<{ items: { id: string }[] }>(as, 'GET', `/api/v1/cases?text=${encodeURIComponent(text)}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items.map((item) => item.id);
  };
  const marked = (item: FoundCase, field: string) => {
    const snippet = item.snippets.find((entry) => entry.field === field);
    expect(snippet, `${field} in ${JSON.stringify(item.snippets)}`).toBeDefined();
    return snippet!.highlights.map((mark) => snippet!.text.slice(mark.start, mark.end));
  };

  beforeAll(async () => {
    app = await TestApp.start(database);
    world = await setUpEscalationWorld(app);
    organization = await app.organization('Harbour Pilots');
    customer = await app.user('customer', { organizationId: organization.id });
    otherCustomer = await app.user('customer', { organizationId: (await app.organization('Dune Rail')).id });
    engineer = await app.user('executive', { name: 'Eli Engineer' });

    await open('action', { title: 'Router reboots at night' });
    const action = await app.request(world.secretary, 'POST', `/api/v1/cases/${cases.action}/actions`, {
      type: 'phone',
      summary: 'Talked the customer through reflashing the bootloader',
      outcome: 'Stable since; 更换了电源模块',
    });
    expect(action.status, JSON.stringify(action.body)).toBe(201);

    await open('visit', { title: 'Wireless bridge drops' });
    const now = Date.now();
    const visit = await app.request<{ id: string }>(world.secretary, 'POST', `/api/v1/cases/${cases.visit}/visits`, {
      engineerUserId: engineer.id,
      startsAt: new Date(now - 2 * HOUR).toISOString(),
      endsAt: new Date(now + HOUR).toISOString(),
      site: 'Pier 4 tower',
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const arrived = await app.request(engineer, 'POST', `/api/v1/visits/${visit.body.id}/arrival`, {
      at: new Date(now - 2 * HOUR).toISOString(),
    });
    expect(arrived.status, JSON.stringify(arrived.body)).toBe(200);
    const departed = await app.request(engineer, 'POST', `/api/v1/visits/${visit.body.id}/departure`, {
      workDone: 'Realigned the dish antenna; 重新校准了天线',
    });
    expect(departed.status, JSON.stringify(departed.body)).toBe(200);

    await open('contact', { title: 'Badge printer offline', contactId: await contact('Wilhelmina Trask') });
    await open('chinese-contact', { title: 'Phone system fault', contactId: await contact('诸葛明亮') });

    // A level-1 case four hours old has been reported to the vendor: staff fill in the vendor's case number.
    await open('vendor', { title: 'Core router fault', level: 1, receivedAt: new Date(now - 4 * HOUR - 60_000).toISOString() });
    const tracked = await app.request(world.secretary, 'PATCH', `/api/v1/cases/${cases.vendor}/vendor-escalation`, {
      vendorCaseNumber: 'TAC-694201337',
    });
    expect(tracked.status, JSON.stringify(tracked.body)).toBe(200);

    await open('one-letter', { title: 'Xerox toner low' });
    await open('one-hanzi', { title: '鲸湾站点停电' });
  });
  afterAll(() => app.stop());

  it("finds a case by a service action's summary and outcome, marked in the work snippet", async () => {
    for (const q of ['bootloader', 'stable', '电源模块', '电源']) {
      const item = await foundOnly(q, 'action');
      expect(
        marked(item, 'work').map((word) => word.toLowerCase()),
        q,
      ).toEqual([q.toLowerCase()]);
    }
    // The work done is on the customer's service record: the customer finds it too, and so does the queue's search.
    expect(await foundIds(customer, 'bootloader')).toEqual([cases.action]);
    expect(await foundIds(otherCustomer, 'bootloader')).toEqual([]);
    expect(await listed(world.secretary, 'bootloader')).toEqual([cases.action]);
  });

  it("finds a case by a visit's work done, in English and in Chinese", async () => {
    for (const q of ['dish antenna', '天线', '重新校准']) {
      const item = await foundOnly(q, 'visit');
      expect(marked(item, 'work').length, q).toBeGreaterThan(0);
    }
    expect(await foundIds(customer, '天线')).toEqual([cases.visit]);
  });

  it("finds a case by its contact's name, also a two-character part of a Chinese name, and after a rename", async () => {
    expect(marked(await foundOnly('trask', 'contact'), 'contact')).toEqual(['Trask']);
    expect(await foundIds(world.secretary, '诸葛')).toEqual([cases['chinese-contact']]);
    expect(await foundIds(customer, 'wilhelmina')).toEqual([cases.contact]);
    expect(await foundIds(otherCustomer, 'wilhelmina')).toEqual([]);

    const contacts = await app.request<{ items: { id: string; name: string }[] }>(
      world.admin,
      'GET',
      `/api/v1/organizations/${organization.id}/contacts`,
    );
    const trask = contacts.body.items.find((entry) => entry.name === 'Wilhelmina Trask')!;
    const renamed = await app.request(world.admin, 'PATCH', `/api/v1/organizations/${organization.id}/contacts/${trask.id}`, {
      name: 'Wilhelmina Okonkwo',
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(await foundIds(world.secretary, 'okonkwo')).toEqual([cases.contact]);
    expect(await foundIds(world.secretary, 'trask')).toEqual([]);
  });

  it("staff find a case by the vendor's case number; a customer never does, not even their own case", async () => {
    for (const q of ['TAC-694201337', '694201337', 'tac-6942']) {
      const item = await foundOnly(q, 'vendor');
      expect(
        marked(item, 'vendorCase').map((word) => word.toUpperCase()),
        q,
      ).toEqual([q.toUpperCase()]);
    }
    expect(await listed(world.secretary, '694201337')).toEqual([cases.vendor]);
    // The case is the customer's own and they find it by its title, but its vendor case number is not theirs to search.
    expect(await foundIds(customer, 'core router')).toEqual([cases.vendor]);
    expect(await foundIds(customer, '694201337')).toEqual([]);
    expect(await foundIds(customer, 'core router 694201337')).toEqual([]);
    expect(await listed(customer, '694201337')).toEqual([]);
    expect(JSON.stringify(await found(customer, 'core router'))).not.toContain('694201337');
  });

  it('finds a term of one character, Latin (ignoring case) or Chinese, marked in the snippet', async () => {
    for (const q of ['x', 'X']) {
      const item = await foundOnly(q, 'one-letter');
      expect(marked(item, 'title'), q).toEqual(['X', 'x']);
    }
    expect(marked(await foundOnly('鲸', 'one-hanzi'), 'title')).toEqual(['鲸']);
    expect(await foundIds(customer, '鲸')).toEqual([cases['one-hanzi']]);
    expect(await foundIds(otherCustomer, '鲸')).toEqual([]);
    expect(await listed(world.secretary, '鲸')).toEqual([cases['one-hanzi']]);
    // With a second term, each must be found: 鲸 and the title's 停电, not 鲸 and a word of another case.
    expect(await foundIds(world.secretary, '鲸 停电')).toEqual([cases['one-hanzi']]);
    expect(await foundIds(world.secretary, '鲸 toner')).toEqual([]);
  });
});
