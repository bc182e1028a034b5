import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Article {
  id: string;
  status: string;
  visibility: string;
  language: string | null;
  shownInOtherLanguage: boolean;
  title: string;
  html: string;
  version: number | null;
  tags: string[];
  feedback: { helpful: number; notHelpful: number; mine: boolean | null };
  linkedCaseIds?: string[];
}
interface Version {
  language: string;
  version: number;
  title: string;
}
interface Problem {
  status: number;
  errors?: { field: string }[];
  detail: string;
}

describeOnEachDatabase('knowledge base articles', (database) => {
  let app: TestApp;
  let expert: TestUser;
  let secretary: TestUser;
  let customer: TestUser;
  let otherCustomer: TestUser;
  let chineseCustomer: TestUser;
  let organizationId: string;

  const write = (body: unknown) => app.request<Article>(expert, 'POST', '/api/v1/articles', body);

  beforeAll(async () => {
    app = await TestApp.start(database);
    expert = await app.user('expert');
    secretary = await app.user('secretary');
    organizationId = (await app.organization('Harbour Bank')).id;
    customer = await app.user('customer', { organizationId });
    otherCustomer = await app.user('customer', { organizationId });
    chineseCustomer = await app.user('customer', { organizationId, language: 'zh-CN' });
  });
  afterAll(() => app.stop());

  it('gives the reader their language, else the other one', async () => {
    const both = await write({
      visibility: 'customer',
      texts: { en: { title: 'Reset the VPN', body: 'Press **Reset**.' }, 'zh-CN': { title: '重置 VPN', body: '按 **重置**。' } },
    });
    expect(both.status).toBe(201);
    const englishOnly = await write({ visibility: 'customer', texts: { en: { title: 'Printer jams', body: 'Open the tray.' } } });
    for (const id of [both.body.id, englishOnly.body.id]) await app.request(expert, 'POST', `/api/v1/articles/${id}/publish`);

    const chinese = await app.request<Article>(chineseCustomer, 'GET', `/api/v1/articles/${both.body.id}`);
    expect(chinese.body).toMatchObject({ language: 'zh-CN', shownInOtherLanguage: false, title: '重置 VPN' });
    expect(chinese.body.html).toContain('<strong>重置</strong>');
    const fallback = await app.request<Article>(chineseCustomer, 'GET', `/api/v1/articles/${englishOnly.body.id}`);
    expect(fallback.body).toMatchObject({ language: 'en', shownInOtherLanguage: true, title: 'Printer jams' });
    const english = await app.request<Article>(customer, 'GET', `/api/v1/articles/${both.body.id}`);
    expect(english.body).toMatchObject({ language: 'en', title: 'Reset the VPN' });
    const asked = await app.request<Article>(customer, 'GET', `/api/v1/articles/${both.body.id}?lang=zh-CN`);
    expect(asked.body.title).toBe('重置 VPN');
  });

  it('never shows a customer an internal or draft article: not in lists, 404 when asked', async () => {
    const internal = await write({
      visibility: 'internal',
      category: 'Network',
      tags: ['VPN'],
      texts: { en: { title: 'Internal VPN keys', body: 'x' } },
    });
    await app.request(expert, 'POST', `/api/v1/articles/${internal.body.id}/publish`);
    const draft = await write({
      visibility: 'customer',
      category: 'Network',
      tags: ['vpn'],
      texts: { en: { title: 'Draft VPN tips', body: 'x' } },
    });
    const published = await write({
      visibility: 'customer',
      category: 'Network',
      tags: ['vpn'],
      texts: { en: { title: 'Public VPN tips', body: 'x' } },
    });
    await app.request(expert, 'POST', `/api/v1/articles/${published.body.id}/publish`);

    for (const url of [
      '/api/v1/articles?tag=vpn',
      '/api/v1/articles?tag=vpn&visibility=internal',
      '/api/v1/articles?tag=vpn&status=draft',
      '/api/v1/articles?category=Network',
    ]) {
      const list = await app.request<{ items: Article[] }>(customer, 'GET', url);
      expect(list.status).toBe(200);
      for (const item of list.body.items) expect(item).toMatchObject({ visibility: 'customer', status: 'published' });
      expect(list.body.items.map((item) => item.id)).not.toContain(internal.body.id);
      expect(list.body.items.map((item) => item.id)).not.toContain(draft.body.id);
    }
    const customerList = await app.request<{ items: Article[] }>(customer, 'GET', '/api/v1/articles?tag=vpn');
    expect(customerList.body.items.map((item) => item.id)).toEqual([published.body.id]);
    for (const id of [internal.body.id, draft.body.id]) {
      expect((await app.request(customer, 'GET', `/api/v1/articles/${id}`)).status).toBe(404);
      expect((await app.request(customer, 'GET', `/api/v1/articles/${id}/versions`)).status).toBe(404);
      expect((await app.request(customer, 'PUT', `/api/v1/articles/${id}/feedback`, { helpful: true })).status).toBe(404);
    }
    // Staff read all of them, and filter by title, visibility and status.
    const staffList = await app.request<{ items: Article[] }>(secretary, 'GET', '/api/v1/articles?tag=VPN&title=vpn');
    expect(staffList.body.items.map((item) => item.id).sort()).toEqual([internal.body.id, draft.body.id, published.body.id].sort());
    const drafts = await app.request<{ items: Article[] }>(secretary, 'GET', '/api/v1/articles?tag=vpn&status=draft');
    expect(drafts.body.items.map((item) => item.id)).toEqual([draft.body.id]);
    // Unpublishing hides it from customers again.
    await app.request(expert, 'POST', `/api/v1/articles/${published.body.id}/unpublish`);
    expect((await app.request(customer, 'GET', `/api/v1/articles/${published.body.id}`)).status).toBe(404);
  });

  it('lets experts write but not secretaries or customers; bad input is a 400 naming the field', async () => {
    const body = { texts: { en: { title: 'x', body: 'y' } } };
    expect((await app.request(secretary, 'POST', '/api/v1/articles', body)).status).toBe(403);
    expect((await app.request(customer, 'POST', '/api/v1/articles', body)).status).toBe(403);
    const noTitle = await app.request<Problem>(expert, 'POST', '/api/v1/articles', { texts: { en: { title: ' ', body: 'y' } } });
    expect(noTitle.status).toBe(400);
    expect(JSON.stringify(noTitle.body)).toContain('texts.en.title');
    const noText = await app.request<Problem>(expert, 'POST', '/api/v1/articles', { texts: {} });
    expect(noText.status).toBe(400);
    expect(JSON.stringify(noText.body)).toContain('texts');
    const badVisibility = await app.request<Problem>(expert, 'POST', '/api/v1/articles', { ...body, visibility: 'public' });
    expect(badVisibility.status).toBe(400);
    expect(JSON.stringify(badVisibility.body)).toContain('visibility');
  });

  it('keeps every version of each language', async () => {
    const created = await write({ texts: { en: { title: 'Backup v1', body: 'one' } } });
    await app.request(expert, 'PATCH', `/api/v1/articles/${created.body.id}`, { texts: { en: { title: 'Backup v2', body: 'two' } } });
    const saved = await app.request<Article>(expert, 'PATCH', `/api/v1/articles/${created.body.id}`, {
      texts: { en: { title: 'Backup v3', body: 'three' }, 'zh-CN': { title: '备份', body: '一' } },
    });
    expect(saved.body).toMatchObject({ title: 'Backup v3', version: 3 });
    const versions = await app.request<Version[]>(secretary, 'GET', `/api/v1/articles/${created.body.id}/versions`);
    expect(versions.body.map((version) => [version.language, version.version, version.title])).toEqual([
      ['en', 3, 'Backup v3'],
      ['en', 2, 'Backup v2'],
      ['en', 1, 'Backup v1'],
      ['zh-CN', 1, '备份'],
    ]);
  });

  it('takes one "was this helpful" answer per user, changeable', async () => {
    const created = await write({ visibility: 'customer', texts: { en: { title: 'Helpful?', body: 'x' } } });
    await app.request(expert, 'POST', `/api/v1/articles/${created.body.id}/publish`);
    const url = `/api/v1/articles/${created.body.id}/feedback`;
    await app.request(customer, 'PUT', url, { helpful: true });
    await app.request(customer, 'PUT', url, { helpful: true });
    let answer = await app.request<Article>(otherCustomer, 'PUT', url, { helpful: false });
    expect(answer.body.feedback).toEqual({ helpful: 1, notHelpful: 1, mine: false });
    answer = await app.request<Article>(customer, 'PUT', url, { helpful: false });
    expect(answer.body.feedback).toEqual({ helpful: 0, notHelpful: 2, mine: false });
    const bad = await app.request<Problem>(customer, 'PUT', url, { helpful: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('helpful');
  });

  it('links an article to a case and lists it on the case', async () => {
    const opened = await app.request<{ id: string }>(customer, 'POST', '/api/v1/cases', {
      organizationId,
      channel: 'portal',
      level: 2,
      title: 'VPN drops',
      description: 'Since Monday',
    });
    expect(opened.status).toBe(201);
    const caseId = opened.body.id;
    const shared = await write({ visibility: 'customer', texts: { en: { title: 'Linked public', body: 'x' } } });
    await app.request(expert, 'POST', `/api/v1/articles/${shared.body.id}/publish`);
    const internal = await write({ visibility: 'internal', texts: { en: { title: 'Linked internal', body: 'x' } } });
    for (const id of [shared.body.id, internal.body.id]) {
      const linked = await app.request<Article>(expert, 'PUT', `/api/v1/articles/${id}/cases/${caseId}`);
      expect(linked.status).toBe(200);
      expect(linked.body.linkedCaseIds).toEqual([caseId]);
    }
    expect((await app.request(expert, 'PUT', `/api/v1/articles/${shared.body.id}/cases/${caseId}`)).status).toBe(200);
    const staffView = await app.request<Article[]>(secretary, 'GET', `/api/v1/cases/${caseId}/articles`);
    expect(staffView.body.map((article) => article.title).sort()).toEqual(['Linked internal', 'Linked public']);
    const customerView = await app.request<Article[]>(customer, 'GET', `/api/v1/cases/${caseId}/articles`);
    expect(customerView.body.map((article) => article.title)).toEqual(['Linked public']);
    expect(customerView.body[0]!.linkedCaseIds).toBeUndefined();
    expect((await app.request(secretary, 'PUT', `/api/v1/articles/${shared.body.id}/cases/${caseId}`)).status).toBe(403);

    await app.request(expert, 'DELETE', `/api/v1/articles/${internal.body.id}/cases/${caseId}`);
    const after = await app.request<Article[]>(secretary, 'GET', `/api/v1/cases/${caseId}/articles`);
    expect(after.body.map((article) => article.title)).toEqual(['Linked public']);
    const unknownCase = await app.request(expert, 'PUT', `/api/v1/articles/${shared.body.id}/cases/01900000-0000-7000-8000-000000000000`);
    expect(unknownCase.status).toBe(404);
  });
});
