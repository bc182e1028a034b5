import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Snippet {
  field: string;
  language?: string | null;
  text: string;
  highlights: { start: number; end: number }[];
}
interface Found {
  id: string;
  title: string;
  snippets: Snippet[];
}
interface SearchBody {
  terms: string[];
  groups: { kind: string; items: Found[]; hasMore: boolean }[];
}
interface Problem {
  status: number;
  detail?: string;
  errors?: { field: string }[];
}

describeOnEachDatabase('search over problems and knowledge articles', (database) => {
  let app: TestApp;
  let expert: TestUser;
  let secretary: TestUser;
  let customer: TestUser;
  let chineseCustomer: TestUser;
  const ids: Record<string, string> = {};

  const search = (as: TestUser, q: string, extra = '') =>
    app.request<SearchBody & Problem>(as, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
  const group = async (as: TestUser, q: string, kind: string) => {
    const response = await search(as, q);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.groups.find((entry) => entry.kind === kind)?.items ?? null;
  };
  const idsIn = async (as: TestUser, q: string, kind: string) => (await group(as, q, kind))?.map((item) => item.id) ?? null;
  const marked = (snippet: Snippet) => snippet.highlights.map((mark) => snippet.text.slice(mark.start, mark.end));

  async function article(key: string, body: Record<string, unknown>, publish: boolean) {
    const created = await app.request<{ id: string }>(expert, 'POST', '/api/v1/articles', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ids[key] = created.body.id;
    if (publish) expect((await app.request(expert, 'POST', `/api/v1/articles/${created.body.id}/publish`)).status).toBe(200);
  }

  beforeAll(async () => {
    app = await TestApp.start(database);
    expert = await app.user('expert');
    secretary = await app.user('secretary');
    const organization = await app.organization('Harbour Bank');
    customer = await app.user('customer', { organizationId: organization.id });
    chineseCustomer = await app.user('customer', { organizationId: organization.id, language: 'zh-CN' });

    const problem = await app.request<{ id: string }>(expert, 'POST', '/api/v1/problems', {
      title: '核心交换机端口故障',
      description: 'Port flaps on the core switch every night.',
      ownerId: expert.id,
      rootCause: 'A firmware bug in the LACP timer.',
      workaround: '关闭端口节能模式',
    });
    expect(problem.status, JSON.stringify(problem.body)).toBe(201);
    ids.problem = problem.body.id;

    await article(
      'public',
      {
        visibility: 'customer',
        tags: ['Wireless'],
        texts: {
          en: {
            title: 'Reconnect the wireless controller',
            body: 'Restart the controller, then the *access points*. Run `show ap summary`.',
          },
          'zh-CN': { title: '重新连接无线控制器', body: '先重启控制器，再重启接入点。端口指示灯应为绿色。' },
        },
      },
      true,
    );
    await article(
      'internal',
      { visibility: 'internal', texts: { en: { title: 'Internal controller keys', body: 'Keys of the wireless controller.' } } },
      true,
    );
    await article('draft', { visibility: 'customer', texts: { en: { title: 'Draft controller notes', body: 'Not out yet.' } } }, false);
  });
  afterAll(() => app.stop());

  it('gives staff three groups and a customer no problems', async () => {
    expect((await search(secretary, 'controller')).body.groups.map((entry) => entry.kind)).toEqual(['cases', 'problems', 'articles']);
    expect((await search(customer, 'controller')).body.groups.map((entry) => entry.kind)).toEqual(['cases', 'articles']);
    const one = await search(secretary, 'controller', '&kind=articles');
    expect(one.body.groups.map((entry) => entry.kind)).toEqual(['articles']);
  });

  it('finds a problem by any of its texts, Chinese and English, a two-character term too, with the words marked', async () => {
    expect(await idsIn(secretary, '交换机', 'problems')).toEqual([ids.problem]);
    expect(await idsIn(secretary, '端口', 'problems')).toEqual([ids.problem]);
    expect(await idsIn(secretary, 'LACP firmware', 'problems')).toEqual([ids.problem]);
    expect(await idsIn(secretary, '节能', 'problems')).toEqual([ids.problem]);
    expect(await idsIn(secretary, 'flaps 节能', 'problems')).toEqual([ids.problem]);
    expect(await idsIn(secretary, 'flaps nothing-like-this', 'problems')).toEqual([]);
    const [found] = (await group(secretary, 'lacp', 'problems'))!;
    expect(found!.snippets[0]).toMatchObject({ field: 'rootCause' });
    expect(marked(found!.snippets[0]!)).toEqual(['LACP']);
    const [chinese] = (await group(secretary, '端口', 'problems'))!;
    expect(chinese!.snippets.map((snippet) => snippet.field)).toEqual(['title', 'workaround']);
    expect(marked(chinese!.snippets[0]!)).toEqual(['端口']);
  });

  it('finds articles by title, body of either language and tag; a customer only published customer-visible ones', async () => {
    expect((await idsIn(secretary, 'controller', 'articles'))!.sort()).toEqual([ids.public, ids.internal, ids.draft].sort());
    expect(await idsIn(customer, 'controller', 'articles')).toEqual([ids.public]);
    expect(await idsIn(customer, '控制器', 'articles')).toEqual([ids.public]);
    expect(await idsIn(customer, '端口', 'articles')).toEqual([ids.public]);
    expect(await idsIn(customer, 'wireless', 'articles')).toEqual([ids.public]);
    expect(await idsIn(customer, 'keys', 'articles')).toEqual([]);
    expect(await idsIn(customer, 'draft', 'articles')).toEqual([]);
    // The title comes in the reader's language; the snippet says which language version it was found in.
    const [chinese] = (await group(chineseCustomer, '端口', 'articles'))!;
    expect(chinese).toMatchObject({ title: '重新连接无线控制器' });
    expect(chinese!.snippets[0]).toMatchObject({ field: 'body', language: 'zh-CN' });
    expect(marked(chinese!.snippets[0]!)).toEqual(['端口']);
    // A title match outranks a body match.
    const ranked = await idsIn(secretary, 'controller', 'articles');
    expect(ranked!.indexOf(ids.internal!)).toBeGreaterThan(-1);
    // The body is Markdown: its snippet reads as text, without the marks.
    const [plain] = (await group(customer, 'summary', 'articles'))!;
    expect(plain!.snippets[0]!.text).toContain('access points. Run show ap summary.');
    expect(plain!.snippets[0]!.text).not.toMatch(/[*`]/);
    expect(marked(plain!.snippets[0]!)).toEqual(['summary']);
    const [tagged] = (await group(customer, 'wireless', 'articles'))!;
    expect(tagged!.snippets.map((snippet) => snippet.field)).toContain('tag');
  });

  it('keeps the index up to date when a problem or an article changes', async () => {
    const edited = await app.request(expert, 'PATCH', `/api/v1/problems/${ids.problem}`, {
      workaround: 'Pin the LACP rate to slow.',
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(await idsIn(secretary, '节能', 'problems')).toEqual([]);
    expect(await idsIn(secretary, 'rate slow', 'problems')).toEqual([ids.problem]);

    const saved = await app.request(expert, 'PATCH', `/api/v1/articles/${ids.public}`, {
      tags: ['wifi'],
      texts: { en: { title: 'Reconnect the WLAN controller', body: 'Power-cycle it.' } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(await idsIn(customer, 'power-cycle', 'articles')).toEqual([ids.public]);
    expect(await idsIn(customer, 'access points', 'articles')).toEqual([]);
    expect(await idsIn(customer, 'wireless', 'articles')).toEqual([]);
    expect(await idsIn(customer, 'wifi', 'articles')).toEqual([ids.public]);
    // The Chinese version was not saved again: it is still found.
    expect(await idsIn(customer, '控制器', 'articles')).toEqual([ids.public]);
    // Unpublished, a customer no longer finds it.
    await app.request(expert, 'POST', `/api/v1/articles/${ids.public}/unpublish`);
    expect(await idsIn(customer, '控制器', 'articles')).toEqual([]);
    await app.request(expert, 'POST', `/api/v1/articles/${ids.public}/publish`);
  });

  it('suggests published customer-visible articles for a case being written, any word being enough', async () => {
    const suggest = (as: TestUser, text: string) =>
      app.request<Found[] & Problem>(as, 'GET', `/api/v1/articles/suggestions?text=${encodeURIComponent(text)}`);
    const chinese = await suggest(chineseCustomer, '我们的无线控制器掉线了，所有接入点都连不上');
    expect(chinese.status, JSON.stringify(chinese.body)).toBe(200);
    expect(chinese.body.map((item) => item.id)).toEqual([ids.public]);
    expect(chinese.body[0]).toMatchObject({ title: '重新连接无线控制器' });
    const english = await suggest(customer, 'Our WLAN controller keeps dropping');
    expect(english.body.map((item) => item.id)).toEqual([ids.public]);
    // Staff are suggested what a customer could be sent, not internal notes.
    expect((await suggest(secretary, 'controller keys')).body.map((item) => item.id)).toEqual([ids.public]);
    expect((await suggest(customer, 'printer toner')).body).toEqual([]);
    const empty = await suggest(customer, '   ');
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.[0]?.field).toBe('text');
  });

  it('refuses bad input with 400 naming the field', async () => {
    const bad = await search(secretary, 'controller', '&kind=contracts');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.field).toBe('kind');
  });
});
