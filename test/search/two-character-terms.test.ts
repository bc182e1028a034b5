import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CJK_RANGES, cjkBigrams } from '../../src/domain/search/cjk-bigrams.js';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { cjkBigramSearch } from '../../src/storage/migrations/0064-cjk-bigram-search.js';
import { rankCases } from '../../src/storage/repositories/case-search.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import { setUpEscalationWorld, type EscalationWorld, type Problem } from '../escalations/escalation-world.js';
import type { SearchBody } from './search-answer.js';

/**
 * Two-character CJK terms (`耗尽`, `风扇`), answered from the bigram index of migration 0064: found among many texts
 * that do not hold them, never across two runs of CJK characters, only in a customer's own cases, and kept current
 * when a text is added, changed or rewritten.
 */
describeOnEachDatabase('two-character CJK terms are answered from the bigram index', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let customer: TestUser;
  let otherCustomer: TestUser;
  let otherOrganization: { id: string; name: string };
  const cases: Record<string, string> = {};

  async function open(key: string, title: string, organizationId = world.organization.id, description = '机房值班人员电话报修。') {
    const response = await app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/cases', {
      organizationId,
      channel: 'hotline',
      level: 3,
      title,
      description,
      departmentId: world.department.id,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    cases[key] = response.body.id;
  }

  async function note(key: string, body: string, visibility: 'public' | 'internal') {
    const response = await app.request(world.secretary, 'POST', `/api/v1/cases/${cases[key]}/notes`, { body, visibility });
    expect(response.status, JSON.stringify(response.body)).toBe(204);
  }

  const foundIds = async (as: TestUser, q: string, extra = '') => {
    await indexCaseSearchNow(app.context);
    const response = await app.request<SearchBody & Problem>(as, 'GET', `/api/v1/search?kind=cases&q=${encodeURIComponent(q)}${extra}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.groups[0]!.items.map((item) => item.id);
  };
  const listedIds = async (as: TestUser, text: string) => {
    await indexCaseSearchNow(app.context);
    const response = await app.request<{ items: { id: string }[] }>(as, 'GET', `/api/v1/cases?text=${encodeURIComponent(text)}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items.map((item) => item.id);
  };
  const keys = (ids: string[]) => ids.map((id) => Object.keys(cases).find((key) => cases[key] === id) ?? id).sort();

  beforeAll(async () => {
    app = await TestApp.start(database);
    world = await setUpEscalationWorld(app);
    customer = await app.user('customer', { organizationId: world.organization.id });
    otherOrganization = await app.organization('Lighthouse Shipping');
    otherCustomer = await app.user('customer', { organizationId: otherOrganization.id });
    // The rare term's case is the oldest; many newer texts hold other Chinese, none `耗尽`.
    await open('exhausted', 'UPS 电池电量耗尽', world.organization.id, '断电后电池很快耗尽，机柜告警。');
    await open('other-exhausted', '磁盘空间耗尽', otherOrganization.id);
    for (let index = 0; index < 12; index += 1) await open(`switch-${index}`, `核心交换机${index}号端口故障`);
    await open('fan', '风扇 异响');
    await indexCaseSearchNow(app.context);
  });
  afterAll(() => app.stop());

  it('reads the newest texts of a common term from the index, stopping at the cap (3 here)', async () => {
    const ranked = await rankCases(app.storage.db, { terms: ['端口'], includeInternal: true, status: 'all', limit: 20, offset: 0 }, 3);
    expect(keys(ranked.map((entry) => entry.id))).toEqual(['switch-10', 'switch-11', 'switch-9']);
    const rare = await rankCases(
      app.storage.db,
      { terms: ['端口', '耗尽'], includeInternal: true, status: 'all', limit: 20, offset: 0 },
      3,
    );
    expect(rare).toEqual([]);
  });

  it('finds a rare two-character term among many texts that do not hold it', async () => {
    expect(keys(await foundIds(world.secretary, '耗尽'))).toEqual(['exhausted', 'other-exhausted']);
    expect(keys(await foundIds(world.secretary, '耗尽 电池'))).toEqual(['exhausted']);
    expect(keys(await foundIds(world.secretary, '机柜'))).toEqual(['exhausted']);
    expect(await foundIds(world.secretary, '耗尽', '&status=closed')).toEqual([]);
    expect(keys(await foundIds(world.secretary, '耗尽', '&status=open'))).toEqual(['exhausted', 'other-exhausted']);
    // A common one: every case that holds it.
    expect(await foundIds(world.secretary, '端口')).toHaveLength(12);
  });

  it('never finds a term across two runs of CJK characters', async () => {
    expect(keys(await foundIds(world.secretary, '风扇'))).toEqual(['fan']);
    expect(keys(await foundIds(world.secretary, '异响'))).toEqual(['fan']);
    // `风扇 异响`: a space ends the run, so `扇异` is in no text; nor is `量耗` across a digit or Latin letter.
    expect(await foundIds(world.secretary, '扇异')).toEqual([]);
    expect(keys(await foundIds(world.secretary, '量耗'))).toEqual(['exhausted']);
    expect(await foundIds(world.secretary, '机0')).toHaveLength(1);
  });

  it("a customer finds only their own organisation's cases, and nothing by an internal note", async () => {
    expect(keys(await foundIds(customer, '耗尽'))).toEqual(['exhausted']);
    expect(keys(await foundIds(otherCustomer, '耗尽'))).toEqual(['other-exhausted']);
    expect(keys(await foundIds(otherCustomer, '耗尽', '&status=open'))).toEqual(['other-exhausted']);
    await note('switch-3', '厂商暗示这批光模块将召回。', 'internal');
    expect(keys(await foundIds(world.secretary, '召回'))).toEqual(['switch-3']);
    expect(await foundIds(customer, '召回')).toEqual([]);
    expect(await listedIds(customer, '召回')).toEqual([]);
  });

  it('the queue list narrows by a two-character term', async () => {
    expect(keys(await listedIds(world.secretary, '耗尽'))).toEqual(['exhausted', 'other-exhausted']);
    expect(keys(await listedIds(customer, '耗尽'))).toEqual(['exhausted']);
    expect(keys(await listedIds(world.secretary, '耗尽 电池'))).toEqual(['exhausted']);
    expect(await listedIds(world.secretary, '扇异')).toEqual([]);
  });

  it('follows the texts: a reply added, a title changed, a customer renamed, work done recorded', async () => {
    expect(await foundIds(world.secretary, '蜂鸣')).toEqual([]);
    await note('switch-5', '现场听到蜂鸣声。', 'public');
    expect(keys(await foundIds(world.secretary, '蜂鸣'))).toEqual(['switch-5']);

    // The indexer rewrites the case's texts: the old title's bigrams go, the new one's come.
    const patched = await app.request(world.secretary, 'PATCH', `/api/v1/cases/${cases.fan}`, { title: '电源模块过热' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(await foundIds(world.secretary, '风扇')).toEqual([]);
    expect(keys(await foundIds(world.secretary, '过热'))).toEqual(['fan']);

    // A renamed customer: the copies on its cases are updated in place (an UPDATE of the texts).
    const renamed = await app.request(world.admin, 'PATCH', `/api/v1/organizations/${otherOrganization.id}`, { name: '海鸥航运' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(keys(await foundIds(world.secretary, '海鸥'))).toEqual(['other-exhausted']);
    const again = await app.request(world.admin, 'PATCH', `/api/v1/organizations/${otherOrganization.id}`, { name: '信天翁物流' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(await foundIds(world.secretary, '海鸥')).toEqual([]);
    expect(keys(await foundIds(world.secretary, '物流'))).toEqual(['other-exhausted']);

    // Written by a trigger of migration 0028 rather than the indexer.
    const action = await app.request(world.secretary, 'POST', `/api/v1/cases/${cases['switch-7']}/actions`, {
      type: 'phone',
      summary: '远程重启',
      outcome: '更换了光模块',
    });
    expect(action.status, JSON.stringify(action.body)).toBe(201);
    expect(keys(await foundIds(world.secretary, '更换'))).toEqual(['switch-7']);
  });

  it('migration 0064 indexes the texts that were there before it', async () => {
    const migration = cjkBigramSearch(app.storage.dialect);
    await migration.down(app.storage.db as never);
    await open('before-bigrams', '打印机卡纸');
    await indexCaseSearchNow(app.context);
    await migration.up(app.storage.db as never);
    expect(keys(await foundIds(world.secretary, '卡纸'))).toEqual(['before-bigrams']);
    expect(keys(await foundIds(world.secretary, '耗尽'))).toEqual(['exhausted', 'other-exhausted']);
  });

  if (database === 'sqlite') {
    it('answers from the index: a text the index does not list is not found', async () => {
      await open('unlisted', '网关掉线');
      expect(keys(await foundIds(world.secretary, '网关'))).toEqual(['unlisted']);
      const { rows } = await sql<{
        id: number;
      }>`SELECT id FROM case_search_texts WHERE case_id = ${cases.unlisted} AND source = 'title'`.execute(app.storage.db);
      await sql`DELETE FROM case_search_bigrams WHERE rowid = ${rows[0]!.id}`.execute(app.storage.db);
      expect(await foundIds(world.secretary, '网关')).toEqual([]);
      // The text itself is still there: the trigram index finds it by three characters.
      expect(keys(await foundIds(world.secretary, '网关掉'))).toEqual(['unlisted']);
    });

    it("each bigram of the ranges is one token to the index's tokenizer, as it is", async () => {
      const doubled: string[] = [];
      for (const [from, to] of CJK_RANGES) for (let code = from; code <= to; code += 1) doubled.push(String.fromCharCode(code).repeat(2));
      await sql
        .raw(
          `CREATE VIRTUAL TABLE temp.bigram_tokens USING fts5(bigrams, content='', detail=none, tokenize='unicode61 remove_diacritics 0')`,
        )
        .execute(app.storage.db);
      await sql.raw(`CREATE VIRTUAL TABLE temp.bigram_tokens_vocab USING fts5vocab(temp, bigram_tokens, 'row')`).execute(app.storage.db);
      await sql`INSERT INTO temp.bigram_tokens(bigrams) SELECT value FROM json_each(${JSON.stringify(doubled)})`.execute(app.storage.db);
      const { rows } = await sql<{ term: string }>`SELECT term FROM temp.bigram_tokens_vocab`.execute(app.storage.db);
      expect(rows.map((row) => row.term).sort()).toEqual([...doubled].sort());
    });
  } else {
    it('the SQL function finds the same bigrams as the domain function', async () => {
      const samples = [
        '',
        'printer jams on tray 2',
        '耗',
        '端口',
        '端口 故障',
        '机房二楼，核心交换机的 24 号端口不通。',
        'UPS 电池耗尽😀风扇故障故障',
        'ファン・モーター、ひらがな',
        '전원 장애 人々 〇〇',
        '𠀀𠀁 ⼀⼁ ＡＢ 豈更',
      ];
      for (const text of samples) {
        const { rows } = await sql<{ bigrams: string[] }>`SELECT casedesk_cjk_bigrams(${text}) AS bigrams`.execute(app.storage.db);
        expect([...rows[0]!.bigrams].sort(), text).toEqual(cjkBigrams(text).sort());
      }
    });
  }
});
