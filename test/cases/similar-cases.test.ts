import { afterAll, beforeAll, expect, it } from 'vitest';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { sql } from 'kysely';
import { holdsTerm } from '../../src/domain/cases/similar-cases.js';
import { findSimilarCaseHits } from '../../src/storage/repositories/similar-cases.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import { setUpEscalationWorld, type EscalationWorld, type Problem } from '../escalations/escalation-world.js';

interface SimilarCaseBody {
  id: string;
  number: string;
  organizationId: string;
  title: string;
  status: string;
  reasons: string[];
  open: boolean;
  outcome: {
    resolvedAt: string | null;
    resolutionNote: string | null;
    lastAction: { type: string; summary: string; outcome: string | null } | null;
    actionCount: number;
    problems: { id: string; title: string; status: string }[];
  };
  can: { noteInternal: boolean; replyPublic: boolean };
}
interface SimilarBody {
  terms: string[];
  items: SimilarCaseBody[];
}

describeOnEachDatabase('similar cases', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let customer: TestUser;
  let otherCustomer: TestUser;
  let expert: TestUser;
  let other: { id: string; name: string };
  const products: Record<string, string> = {};
  const cases: Record<string, string> = {};
  let problemId: string;

  async function product(organizationId: string, vendorId: string, serialNumber: string, model: string, site: string) {
    const created = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/assets', {
      organizationId,
      vendorId,
      model,
      serialNumber,
      site,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    products[serialNumber] = created.body.id;
  }

  // Received a minute apart, in the order opened: the newest is the last.
  let opened = 0;
  async function open(key: string, title: string, serialNumbers: string[] = [], organizationId = world.organization.id) {
    opened += 1;
    const response = await app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/cases', {
      organizationId,
      channel: 'hotline',
      level: 3,
      title,
      description: 'Reported by phone.',
      departmentId: world.department.id,
      serialNumbers,
      receivedAt: new Date(Date.now() - (60 - opened) * 60_000).toISOString(),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    cases[key] = response.body.id;
  }

  async function ask(as: TestUser, query: Record<string, string>) {
    await indexCaseSearchNow(app.context);
    return app.request<SimilarBody & Problem>(as, 'GET', `/api/v1/cases/similar?${new URLSearchParams(query).toString()}`);
  }
  async function found(as: TestUser, query: Record<string, string>) {
    const response = await ask(as, query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items;
  }
  const keyOf = (id: string) => Object.entries(cases).find(([, caseId]) => caseId === id)?.[0] ?? id;
  const reasonsOf = (items: SimilarCaseBody[]) => Object.fromEntries(items.map((item) => [keyOf(item.id), item.reasons]));

  beforeAll(async () => {
    app = await TestApp.start(database);
    world = await setUpEscalationWorld(app);
    customer = await app.user('customer', { organizationId: world.organization.id });
    other = await app.organization('Lighthouse Shipping');
    otherCustomer = await app.user('customer', { organizationId: other.id });
    expert = await app.user('expert');
    const vendor = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/vendors', {
      name: 'Cisco',
      supportCenter: { name: 'Cisco TAC' },
    });
    expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
    await product(world.organization.id, vendor.body.id, 'SW-0001', 'C9300-48P', 'Head office');
    await product(world.organization.id, vendor.body.id, 'SW-0002', 'C9300-48P', 'Branch');
    await product(world.organization.id, vendor.body.id, 'FW-0001', 'ASA5516', 'Head office');
    await product(world.organization.id, vendor.body.id, 'PR-0001', 'LaserJet', 'Depot');
    await product(other.id, vendor.body.id, 'SW-0009', 'C9300-48P', 'Harbour');

    await open('serialClosed', 'Fan noise on the stack', ['SW-0001']);
    await open('serialOpen', 'Uplink port flapping', ['SW-0001']);
    await open('model', 'Stack cable loose', ['SW-0002']);
    await open('site', 'VPN tunnel drops', ['FW-0001']);
    await open('text', '核心交换机端口故障');
    await open('unrelated', 'Toner empty', ['PR-0001']);
    await open('otherSerial', 'Switch moved to us', ['sw-0001'], other.id);
    await open('otherText', '接入交换机端口故障 after a reboot', [], other.id);

    // How the closed one ended: a service action, a resolution note, and a problem it belongs to.
    const action = await app.request(world.secretary, 'POST', `/api/v1/cases/${cases.serialClosed}/actions`, {
      type: 'phone',
      summary: 'Walked the customer through reseating the fan tray',
      outcome: 'Fan quiet again',
    });
    expect(action.status, JSON.stringify(action.body)).toBe(201);
    for (const [to, note] of [
      ['resolved', 'Fan tray replaced under guarantee'],
      ['closed', undefined],
    ] as const) {
      const moved = await app.request(world.secretary, 'POST', `/api/v1/cases/${cases.serialClosed}/transitions`, {
        to,
        ...(note ? { note } : {}),
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    const problem = await app.request<{ id: string }>(expert, 'POST', '/api/v1/problems', {
      title: 'C9300 fan trays fail early',
      description: 'Several fan trays of one batch.',
      ownerId: expert.id,
    });
    expect(problem.status, JSON.stringify(problem.body)).toBe(201);
    problemId = problem.body.id;
    const linked = await app.request(expert, 'POST', `/api/v1/problems/${problemId}/cases`, { caseId: cases.serialClosed });
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    // An internal note holding the words is never compared: only titles and descriptions are.
    const note = await app.request(world.secretary, 'POST', `/api/v1/cases/${cases.unrelated}/notes`, {
      body: '客户说交换机也坏了 (核心交换机端口故障?)',
      visibility: 'internal',
    });
    expect(note.status, JSON.stringify(note.body)).toBe(204);
  });
  afterAll(() => app?.stop());

  it('finds by serial number (any customer for staff), by model and by site of the customer, each with its reasons, open first', async () => {
    const items = await found(world.secretary, { organizationId: world.organization.id, serial: 'sw-0001' });
    expect(reasonsOf(items)).toEqual({
      serialOpen: ['serial'],
      serialClosed: ['serial'],
      otherSerial: ['serial'],
      model: ['model'],
      site: ['site'],
    });
    // Open first, then the stronger reasons, then the newest.
    expect(items.map((item) => keyOf(item.id))).toEqual(['otherSerial', 'serialOpen', 'model', 'site', 'serialClosed']);
    expect(items.map((item) => item.open)).toEqual([true, true, true, true, false]);
    expect(items[0]!.can).toEqual({ noteInternal: true, replyPublic: true });
  });

  it('finds by product id and by a site named in the draft', async () => {
    const byProduct = await found(world.secretary, { organizationId: world.organization.id, productId: products['SW-0002']! });
    expect(reasonsOf(byProduct)).toEqual({ model: ['serial'], serialOpen: ['model'], serialClosed: ['model'] });
    const bySite = await found(world.secretary, { organizationId: world.organization.id, site: 'Depot' });
    expect(reasonsOf(bySite)).toEqual({ unrelated: ['site'] });
  });

  it('finds textually similar titles, a Chinese title by a part of it, and adds text to other reasons', async () => {
    const items = await found(world.secretary, { organizationId: world.organization.id, title: '交换机' });
    expect(reasonsOf(items)).toEqual({ text: ['text'], otherText: ['text'] });
    const typed = await ask(world.secretary, { organizationId: world.organization.id, title: '交换机端口坏了' });
    expect(typed.body.terms).toContain('交换机');
    expect(reasonsOf(typed.body.items)).toMatchObject({ text: ['text'] });
    const both = await found(world.secretary, { organizationId: world.organization.id, serial: 'SW-0001', title: 'Port flapping again' });
    expect(reasonsOf(both).serialOpen).toEqual(['serial', 'text']);
    expect(keyOf(both[0]!.id)).toBe('serialOpen');
  });

  it('tells how a closed case was resolved: the resolution note, the service action and its problem', async () => {
    const items = await found(world.secretary, { organizationId: world.organization.id, serial: 'SW-0001' });
    const closed = items.find((item) => item.id === cases.serialClosed)!;
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toMatchObject({
      resolutionNote: 'Fan tray replaced under guarantee',
      lastAction: { type: 'phone', summary: 'Walked the customer through reseating the fan tray', outcome: 'Fan quiet again' },
      actionCount: 1,
      problems: [{ id: problemId, title: 'C9300 fan trays fail early', status: 'open' }],
    });
    expect(closed.outcome.resolvedAt).not.toBeNull();
    const open = items.find((item) => item.id === cases.serialOpen)!;
    expect(open.outcome).toEqual({ resolvedAt: null, resolutionNote: null, lastAction: null, actionCount: 0, problems: [] });
  });

  it('answers for a case on record, never the case itself', async () => {
    await indexCaseSearchNow(app.context);
    const response = await app.request<SimilarBody>(world.secretary, 'GET', `/api/v1/cases/${cases.serialOpen}/similar`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(reasonsOf(response.body.items)).toEqual({
      serialClosed: ['serial'],
      otherSerial: ['serial'],
      model: ['model'],
      site: ['site'],
    });
    // 核心交换机端口故障 is compared in pieces (核心交, 交换机, 机端口, 口故障): three of them are in the other title; the
    // internal note holding the whole title on another case is not compared.
    const chinese = await app.request<SimilarBody>(world.secretary, 'GET', `/api/v1/cases/${cases.text}/similar`);
    expect(reasonsOf(chinese.body.items)).toEqual({ otherText: ['text'] });
  });

  it("shows a customer only their own organisation's cases, and no problem", async () => {
    const items = await found(customer, { serial: 'SW-0001', title: '交换机' });
    expect(reasonsOf(items)).toEqual({
      serialOpen: ['serial'],
      serialClosed: ['serial'],
      model: ['model'],
      site: ['site'],
      text: ['text'],
    });
    expect(items.every((item) => item.organizationId === world.organization.id)).toBe(true);
    expect(items.find((item) => item.id === cases.serialClosed)!.outcome.problems).toEqual([]);
    expect(items[0]!.can).toEqual({ noteInternal: false, replyPublic: true });
    const theirs = await found(otherCustomer, { serial: 'SW-0001', title: '交换机' });
    expect(reasonsOf(theirs)).toEqual({ otherSerial: ['serial'], otherText: ['text'] });
    const ofCase = await app.request<SimilarBody>(customer, 'GET', `/api/v1/cases/${cases.serialOpen}/similar`);
    expect(ofCase.body.items.map((item) => keyOf(item.id)).sort()).toEqual(['model', 'serialClosed', 'site']);
    expect((await app.request(otherCustomer, 'GET', `/api/v1/cases/${cases.serialOpen}/similar`)).status).toBe(404);
  });

  it("finds the same model and site cases whether it reads them through the products or walks the customer's cases", async () => {
    const search = {
      excludeCaseId: null,
      scopeOrganizationId: undefined,
      customerId: world.organization.id,
      serials: ['SW-0001'],
      models: [
        {
          vendorId: (await app.request<{ vendorId: string }>(world.admin, 'GET', `/api/v1/assets/${products['SW-0002']}`)).body.vendorId,
          model: 'C9300-48P',
        },
      ],
      sites: ['Head office'],
      terms: [],
      perReason: 30,
    };
    const byReason = (hits: Awaited<ReturnType<typeof findSimilarCaseHits>>) =>
      hits.map((hit) => `${hit.reason} ${keyOf(hit.caseId)}`).sort();
    const throughProducts = byReason(await findSimilarCaseHits(app.storage.db, search));
    // No case link allowed: the customer's newest cases are walked instead.
    const walked = byReason(await findSimilarCaseHits(app.storage.db, { ...search, rowsRead: { links: 0, walked: 100 } }));
    expect(throughProducts).toEqual(['model model', 'serial otherSerial', 'serial serialClosed', 'serial serialOpen', 'site site']);
    expect(walked).toEqual(throughProducts);
    // The walk goes back only as far as the bound: the newest case of the customer alone finds nothing of these.
    expect(
      byReason(await findSimilarCaseHits(app.storage.db, { ...search, rowsRead: { links: 0, walked: 1 } })).filter(
        (hit) => !hit.startsWith('serial'),
      ),
    ).toEqual([]);
  });

  it('finds the same text matches whether the newest titles answer them or the trigram index does', async () => {
    // A third title holding 交换机: one case per reason (three texts) can then be answered by the newest texts alone.
    await open('thirdText', '交换机风扇报警');
    await indexCaseSearchNow(app.context);
    const search = {
      excludeCaseId: null,
      scopeOrganizationId: undefined as string | undefined,
      customerId: world.organization.id,
      serials: [],
      models: [],
      sites: [],
      terms: ['交换机', 'switch', '口故障'],
      perReason: 30,
    };
    const byTerm = (hits: Awaited<ReturnType<typeof findSimilarCaseHits>>) => hits.map((hit) => `${hit.term} ${keyOf(hit.caseId)}`).sort();
    const texts = Number(
      (
        await app.storage.db
          .selectFrom('case_search_texts')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    // With one case per reason, the newest texts (all but the first) hold enough of the Chinese terms to answer them
    // by themselves, tested one by one, before the index is asked.
    for (const perReason of [30, 1])
      for (const scope of [undefined, world.organization.id]) {
        const probed = byTerm(await findSimilarCaseHits(app.storage.db, { ...search, perReason, scopeOrganizationId: scope }));
        // A probe of one text leaves the rest to the newest texts or to the index over all of them (PostgreSQL; SQLite
        // reads its index either way).
        for (const recentTexts of [1_000_000, 1, texts - 1]) {
          const indexed = byTerm(
            await findSimilarCaseHits(app.storage.db, { ...search, perReason, scopeOrganizationId: scope, probedTexts: 1, recentTexts }),
          );
          expect(indexed, `${perReason} per reason, scope ${scope ?? 'none'}, newest ${recentTexts}`).toEqual(probed);
        }
        expect(probed.length).toBeGreaterThan(0);
      }
  });

  it('finds the same words whether the word index answers them or the trigram index does, and follows changed texts', async () => {
    await open('coreSwitch', 'Core switch uplink flaps');
    await open('powerswitch', 'Powerswitch failed');
    await open('fullWidth', 'ＣＰＵ load high on the Switches');
    await open('harbour', 'Switch flaps at the harbour', [], other.id);
    await indexCaseSearchNow(app.context);
    const search = {
      excludeCaseId: null as string | null,
      scopeOrganizationId: undefined as string | undefined,
      customerId: world.organization.id,
      serials: [],
      models: [],
      sites: [],
      terms: ['switch', 'flaps', 'cpu', 'uplink', 'harbour', 'router'],
      perReason: 30,
    };
    // What the look-up keeps of the hits: a text holding the term as a word (`holdsTerm`).
    const words = async (options: Partial<typeof search> & { wordIndex: boolean }) =>
      (await findSimilarCaseHits(app.storage.db, { ...search, ...options }))
        .filter((hit) => holdsTerm(hit.text ?? '', search.terms[hit.term ?? 0]!))
        .map((hit) => `${search.terms[hit.term ?? 0]} ${keyOf(hit.caseId)}`)
        .sort();
    for (const scopeOrganizationId of [undefined, world.organization.id])
      for (const excludeCaseId of [null, cases.coreSwitch!]) {
        const byWords = await words({ scopeOrganizationId, excludeCaseId, wordIndex: true });
        expect(byWords, `scope ${scopeOrganizationId ?? 'none'}, without ${excludeCaseId ?? 'none'}`).toEqual(
          await words({ scopeOrganizationId, excludeCaseId, wordIndex: false }),
        );
        // Full-width letters are not folded by any of the indexes.
        expect(byWords).not.toContain('cpu fullWidth');
        expect(byWords).not.toContain('switch powerswitch');
        expect(byWords.includes('switch harbour')).toBe(scopeOrganizationId === undefined);
        expect(byWords.includes('uplink coreSwitch')).toBe(excludeCaseId === null);
      }

    // A changed title is compared as it is now: its old words no longer find it, its new ones do.
    const edited = await app.request(world.secretary, 'PATCH', `/api/v1/cases/${cases.coreSwitch}`, { title: 'Core router reload' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    await indexCaseSearchNow(app.context);
    for (const wordIndex of [true, false]) {
      const now = await words({ wordIndex });
      expect(now).toContain('router coreSwitch');
      expect(now).not.toContain('flaps coreSwitch');
    }
    if (database === 'postgres') {
      // A text rewritten in place (as an erasure does) takes its words along.
      const wordsOfTitle = async () =>
        (
          await sql<{ word: string }>`select w.word from case_similar_words w join case_search_texts t on t.id = w.text_id
            where t.case_id = ${cases.coreSwitch} and t.source = 'title' order by w.word`.execute(app.storage.db)
        ).rows.map((row) => row.word);
      expect(await wordsOfTitle()).toEqual(['core', 'reload', 'router']);
      await sql`update case_search_texts set text = 'Erased words' where case_id = ${cases.coreSwitch} and source = 'title'`.execute(
        app.storage.db,
      );
      expect(await wordsOfTitle()).toEqual(['erased', 'words']);
      const { rows } = await sql<{ n: string }>`select count(*) as n from case_similar_words w
        where not exists (select 1 from case_search_texts t where t.id = w.text_id)`.execute(app.storage.db);
      expect(Number(rows[0]!.n), 'words of texts no longer there').toBe(0);
    }
  });

  it('refuses bad input with a 4xx naming the field', async () => {
    const cellsOf = async (as: TestUser, query: Record<string, string>) => {
      const response = await ask(as, query);
      return [response.status, response.body.field ?? response.body.errors?.[0]?.field];
    };
    expect(await cellsOf(world.secretary, { title: 'fan' })).toEqual([400, 'organizationId']);
    expect(await cellsOf(customer, { organizationId: other.id, title: 'fan' })).toEqual([400, 'organizationId']);
    expect(await cellsOf(world.secretary, { organizationId: 'no-such-customer', title: 'fan' })).toEqual([400, 'organizationId']);
    expect(await cellsOf(world.secretary, { organizationId: world.organization.id, productId: products['SW-0009']! })).toEqual([
      400,
      'productIds',
    ]);
    expect(await cellsOf(world.secretary, { organizationId: world.organization.id, limit: '0' })).toEqual([400, 'limit']);
    expect(await cellsOf(world.secretary, { organizationId: world.organization.id, title: 'x'.repeat(301) })).toEqual([400, 'title']);
    expect(await cellsOf(world.secretary, { organizationId: 'bad id!' })).toEqual([400, 'organizationId']);
    const unknownCase = await app.request<Problem>(world.secretary, 'GET', '/api/v1/cases/no-such-case/similar');
    expect(unknownCase.status).toBe(404);
  });
});
