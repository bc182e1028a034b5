import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, screenshot, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

interface Created {
  id: string;
}

describeBrowserSuite('web app: search over problems and articles, article suggestions, known error to article', null, (database) => {
  let web: BrowserApp;
  let expert: BrowserUser;
  let chineseExpert: BrowserUser;
  let customer: BrowserUser;
  let chineseCustomer: BrowserUser;
  let problemId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    expert = await web.user('expert', { name: 'Erin Expert' });
    chineseExpert = await web.user('expert', { name: '张专家', language: 'zh-CN' });
    const organization = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Bank' });
    customer = await web.user('customer', { organizationId: organization.id, name: 'Chris Customer' });
    chineseCustomer = await web.user('customer', { organizationId: organization.id, name: '陈客户', language: 'zh-CN' });
    await web.api(customer, 'POST', '/api/v1/cases', {
      organizationId: organization.id,
      channel: 'portal',
      level: 3,
      title: '核心交换机端口故障',
      description: 'Port 24 of the core switch is down.',
    });
    problemId = (
      await web.api<Created>(expert, 'POST', '/api/v1/problems', {
        title: '交换机端口夜间抖动',
        description: 'Switch ports flap every night.',
        ownerId: expert.id,
        rootCause: 'LACP timer bug in firmware 9.1',
        workaround: 'Set the LACP rate to slow.',
      })
    ).id;
    const article = await web.api<Created>(expert, 'POST', '/api/v1/articles', {
      visibility: 'customer',
      tags: ['network'],
      texts: {
        en: { title: 'Troubleshooting switch ports', body: 'Check the cable, then the port light.' },
        'zh-CN': { title: '交换机端口故障排查', body: '先检查网线，再看端口指示灯。' },
      },
    });
    await web.api(expert, 'POST', `/api/v1/articles/${article.id}/publish`, {});
    // On PostgreSQL the indexer waits for transactions older than the case anywhere on the server (other databases'
    // too): a shared test server may need longer than the default.
    await indexCaseSearchNow(web.context, 100_000);
  });
  afterEach((context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('suggests a help article while a customer types a new case, in both languages', async () => {
    for (const [who, locale, labels, typed, suggested] of [
      [chineseCustomer, 'zh-CN', { email: '邮箱', password: '密码', submit: '登录' }, '交换机端口不通了', '交换机端口故障排查'],
      [customer, 'en', undefined, 'Switch port is down', 'Troubleshooting switch ports'],
    ] as const) {
      const { page, context } = await web.newPage({ locale });
      await web.signIn(page, who, labels);
      await page.goto('/portal/new');
      await page.locator('#title').pressSequentially(typed, { delay: 20 });
      const suggestions = page.getByTestId('article-suggestions');
      await eventually(() => suggestions.getByRole('link').allTextContents()).toEqual([suggested]);
      expect(await suggestions.getByRole('link').getAttribute('target')).toBe('_blank');
      await screenshot(page, `portal-article-suggestions-${locale}`);
      // The portal's help pages are searched in full: a word of the text finds the article.
      await page.goto('/portal/help');
      const box = page.getByRole('searchbox', { name: locale === 'en' ? 'Search the help articles' : '搜索帮助文章' });
      await box.fill(locale === 'en' ? 'cable' : '网线');
      await box.press('Enter');
      await eventually(() => page.getByTestId('help-search-results').locator('mark').allTextContents()).toEqual([
        locale === 'en' ? 'cable' : '网线',
      ]);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    }
  });

  it('shows staff cases, problems and articles as three groups with counts, from the header search box', async () => {
    for (const [who, locale, labels, name] of [
      [expert, 'en', undefined, 'Search'],
      [chineseExpert, 'zh-CN', { email: '邮箱', password: '密码', submit: '登录' }, '搜索'],
    ] as const) {
      const { page, context } = await web.newPage({ locale });
      await web.signIn(page, who, labels);
      const box = page.getByRole('searchbox', { name, exact: true });
      await box.fill('交换机');
      await box.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      for (const kind of ['cases', 'problems', 'articles'])
        await eventually(() => page.getByTestId(`search-count-${kind}`).textContent()).toBe('(1)');
      await eventually(() => page.locator('.cd-search-group').count()).toBe(3);
      const problem = page.locator('.cd-search-group').nth(1);
      expect(await problem.getByRole('link').textContent()).toBe('交换机端口夜间抖动');
      expect(await problem.locator('mark').first().textContent()).toBe('交换机');
      await screenshot(page, `search-groups-${locale}`);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    }
  });

  it('writes a known error up as an article in one click and opens it for editing', async () => {
    for (const to of ['analysing', 'known_error']) await web.api(expert, 'POST', `/api/v1/problems/${problemId}/transitions`, { to });
    const { page, context } = await web.newPage();
    await web.signIn(page, expert);
    await page.goto(`/problems/${problemId}`);
    await page.getByRole('button', { name: 'Write up as an article' }).click();
    await page.waitForURL(/\/knowledge-base\/[^/?]+\?edit=1/);
    await eventually(() => page.getByLabel('Title (en)').inputValue()).toBe('交换机端口夜间抖动');
    expect(await page.getByLabel('Text (Markdown) (en)').inputValue()).toContain('## Workaround\n\nSet the LACP rate to slow.');
    // The article page names the problem; the problem page lists the article.
    await eventually(() => page.getByTestId('article-problems').getByRole('link').allTextContents()).toEqual(['交换机端口夜间抖动']);
    await page.getByTestId('article-problems').getByRole('link').click();
    await eventually(() => page.getByTestId('problem-articles').getByRole('link').allTextContents()).toEqual(['交换机端口夜间抖动']);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
