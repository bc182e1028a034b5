import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface ProblemBody {
  id: string;
  status: string;
  articles: { id: string; title: string; status: string; visibility: string }[];
  timeline: { kind: string; data: Record<string, unknown> }[];
  can: { change: boolean; linkArticles: boolean; writeArticle: boolean };
}
interface ArticleBody {
  id: string;
  status: string;
  visibility: string;
  language: string | null;
  title: string;
  body: string;
  linkedProblems?: { id: string; title: string; status: string }[];
}
interface Problem {
  status: number;
  errors?: { field: string }[];
}

describeOnEachDatabase('articles and problems linked, and a known error written up as an article', (database) => {
  let app: TestApp;
  let expert: TestUser;
  let chineseExpert: TestUser;
  let secretary: TestUser;
  let customer: TestUser;
  let problemId: string;
  let articleId: string;

  const problem = (as: TestUser = expert) => app.request<ProblemBody & Problem>(as, 'GET', `/api/v1/problems/${problemId}`);
  const article = (id: string, as: TestUser = expert) => app.request<ArticleBody & Problem>(as, 'GET', `/api/v1/articles/${id}`);
  const move = (to: string) => app.request(expert, 'POST', `/api/v1/problems/${problemId}/transitions`, { to });

  beforeAll(async () => {
    app = await TestApp.start(database);
    expert = await app.user('expert');
    chineseExpert = await app.user('expert', { language: 'zh-CN' });
    secretary = await app.user('secretary');
    customer = await app.user('customer', { organizationId: (await app.organization('Harbour Bank')).id });
    const created = await app.request<ProblemBody>(expert, 'POST', '/api/v1/problems', {
      title: 'Core switch ports flap',
      description: 'Ports go down and up every night.',
      ownerId: expert.id,
      rootCause: 'LACP timer bug in firmware 9.1',
      workaround: 'Set the LACP rate to slow.',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    problemId = created.body.id;
    const written = await app.request<ArticleBody>(expert, 'POST', '/api/v1/articles', {
      visibility: 'customer',
      texts: { en: { title: 'Port flapping explained', body: 'x' }, 'zh-CN': { title: '端口抖动说明', body: 'x' } },
    });
    articleId = written.body.id;
  });
  afterAll(() => app.stop());

  it('links and unlinks from either side, shown on both', async () => {
    const linked = await app.request<ProblemBody>(expert, 'PUT', `/api/v1/problems/${problemId}/articles/${articleId}`);
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.articles).toEqual([{ id: articleId, title: 'Port flapping explained', status: 'draft', visibility: 'customer' }]);
    expect(linked.body.timeline.at(-1)).toMatchObject({ kind: 'problem.article-linked', data: { articleId } });
    // Linking again from the article's side changes nothing.
    const again = await app.request<ArticleBody>(expert, 'PUT', `/api/v1/articles/${articleId}/problems/${problemId}`);
    expect(again.body.linkedProblems).toEqual([{ id: problemId, title: 'Core switch ports flap', status: 'open' }]);
    expect((await problem()).body.timeline.filter((event) => event.kind === 'problem.article-linked')).toHaveLength(1);
    // A Chinese reader sees the Chinese title on the problem.
    expect((await problem(chineseExpert)).body.articles[0]!.title).toBe('端口抖动说明');

    const unlinked = await app.request<ArticleBody>(expert, 'DELETE', `/api/v1/articles/${articleId}/problems/${problemId}`);
    expect(unlinked.body.linkedProblems).toEqual([]);
    expect((await problem()).body.articles).toEqual([]);
    await app.request(expert, 'PUT', `/api/v1/articles/${articleId}/problems/${problemId}`);
    const fromProblem = await app.request<ProblemBody>(expert, 'DELETE', `/api/v1/problems/${problemId}/articles/${articleId}`);
    expect(fromProblem.body.articles).toEqual([]);
    expect(fromProblem.body.timeline.at(-1)).toMatchObject({ kind: 'problem.article-unlinked' });
  });

  it('lets only who may change problems and write articles link; a customer sees no problem links', async () => {
    expect((await app.request(secretary, 'PUT', `/api/v1/problems/${problemId}/articles/${articleId}`)).status).toBe(403);
    expect((await app.request(secretary, 'PUT', `/api/v1/articles/${articleId}/problems/${problemId}`)).status).toBe(403);
    expect((await app.request(customer, 'PUT', `/api/v1/articles/${articleId}/problems/${problemId}`)).status).toBe(403);
    expect((await app.request(expert, 'PUT', `/api/v1/problems/${problemId}/articles/no-such-article`)).status).toBe(404);
    expect((await app.request(expert, 'PUT', `/api/v1/articles/${articleId}/problems/no-such-problem`)).status).toBe(404);
    await app.request(expert, 'PUT', `/api/v1/articles/${articleId}/problems/${problemId}`);
    await app.request(expert, 'POST', `/api/v1/articles/${articleId}/publish`);
    const read = await article(articleId, customer);
    expect(read.status).toBe(200);
    expect(read.body.linkedProblems).toBeUndefined();
    expect((await article(articleId, secretary)).body.linkedProblems).toHaveLength(1);
  });

  it('writes a known error up as a draft article in the writer’s language, linked to the problem', async () => {
    const early = await app.request<Problem>(expert, 'POST', `/api/v1/problems/${problemId}/article`);
    expect(early.status).toBe(409);
    expect(early.body.errors?.[0]?.field).toBe('status');
    expect((await problem()).body.can.writeArticle).toBe(false);
    await move('analysing');
    await move('known_error');
    expect((await problem()).body.can).toEqual({ change: true, linkArticles: true, writeArticle: true });
    expect((await problem(secretary)).body.can).toEqual({ change: false, linkArticles: false, writeArticle: false });
    expect((await app.request(secretary, 'POST', `/api/v1/problems/${problemId}/article`)).status).toBe(403);
    expect((await app.request(customer, 'POST', `/api/v1/problems/${problemId}/article`)).status).toBe(403);

    const written = await app.request<ArticleBody>(chineseExpert, 'POST', `/api/v1/problems/${problemId}/article`);
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    expect(written.body).toMatchObject({
      status: 'draft',
      visibility: 'internal',
      language: 'zh-CN',
      title: 'Core switch ports flap',
      body: '## 症状\n\nPorts go down and up every night.\n\n## 根本原因\n\nLACP timer bug in firmware 9.1\n\n## 临时解决办法\n\nSet the LACP rate to slow.',
      linkedProblems: [{ id: problemId, title: 'Core switch ports flap', status: 'known_error' }],
    });
    const after = await problem();
    expect(after.body.articles.map((linked) => linked.id)).toContain(written.body.id);
    expect(after.body.timeline.at(-1)).toMatchObject({ kind: 'problem.article-written', data: { articleId: written.body.id } });
    // An English writer gets English headings.
    const english = await app.request<ArticleBody>(expert, 'POST', `/api/v1/problems/${problemId}/article`);
    expect(english.body).toMatchObject({ language: 'en' });
    expect(english.body.body).toContain('## Workaround\n\nSet the LACP rate to slow.');
    expect((await app.request(expert, 'POST', '/api/v1/problems/no-such-problem/article')).status).toBe(404);
  });
});
