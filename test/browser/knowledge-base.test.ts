import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, pick, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

interface Created {
  id: string;
}

/** Markdown that would set `window.__xss` if anything of it ran: a script, an event handler, a javascript: link. */
const HOSTILE = [
  'Restart the router.',
  '',
  '<script>window.__xss = "script"</script>',
  '',
  '<img src="x" onerror="window.__xss = \'onerror\'">',
  '',
  '[Open the fix](javascript:window.__xss="link")',
  '',
  '<a href="javascript:window.__xss=\'raw-link\'">raw link</a>',
].join('\n');

// SQLite only: Markdown is rendered on the server by the same renderer whatever the database (an article's text is
// stored and read back as it is), and the article API, its language fallback and visibility run on both databases
// in test/knowledge-base. What this suite adds is what the browser makes of the rendered page.
describeBrowserSuite('web app: knowledge base', null, (database) => {
  let web: BrowserApp;
  let expert: BrowserUser;
  let customer: BrowserUser;
  let hostile: Created;
  let englishOnly: Created;
  let chineseOnly: Created;
  let internal: Created;
  let caseId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    expert = await web.user('expert', { name: 'Erin Expert' });
    const organization = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Bank' });
    customer = await web.user('customer', { organizationId: organization.id, language: 'zh-CN' });
    hostile = await web.api<Created>(expert, 'POST', '/api/v1/articles', {
      visibility: 'customer',
      texts: { en: { title: 'Router restarts', body: HOSTILE }, 'zh-CN': { title: '路由器重启', body: HOSTILE } },
    });
    englishOnly = await web.api<Created>(expert, 'POST', '/api/v1/articles', {
      visibility: 'customer',
      texts: { en: { title: 'Printer jams', body: 'Open **tray 2**.' } },
    });
    chineseOnly = await web.api<Created>(expert, 'POST', '/api/v1/articles', {
      visibility: 'internal',
      texts: { 'zh-CN': { title: '机房巡检', body: '检查**空调**。' } },
    });
    internal = await web.api<Created>(expert, 'POST', '/api/v1/articles', {
      visibility: 'internal',
      texts: { en: { title: 'Internal escalation keys', body: 'secret' } },
    });
    for (const article of [hostile, englishOnly, chineseOnly, internal])
      await web.api(expert, 'POST', `/api/v1/articles/${article.id}/publish`, {});
    caseId = (
      await web.api<Created>(customer, 'POST', '/api/v1/cases', {
        organizationId: organization.id,
        channel: 'portal',
        level: 2,
        title: 'Printer stops',
        description: 'Paper stuck',
      })
    ).id;
  });
  afterEach((context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('shows a customer customer-visible articles on a phone, with nothing of an article able to run', async () => {
    const { page } = await web.newPage({ locale: 'zh-CN', width: 390, height: 844 });
    await web.signIn(page, customer, { email: '邮箱', password: '密码', submit: '登录' });
    await page.goto('/portal/help');
    await page.getByRole('link', { name: '路由器重启' }).waitFor();
    expect(await page.getByText('Internal escalation keys').count()).toBe(0);

    await page.getByRole('link', { name: '路由器重启' }).click();
    const body = page.locator('.cd-article-body');
    await body.getByText('Restart the router.').waitFor();
    // The hostile parts are shown as text, or dropped; none became a script, a handler or a javascript: address.
    expect(await body.locator('script, img, [onerror]').count()).toBe(0);
    expect(await body.locator('a[href^="javascript"]').count()).toBe(0);
    await body.getByText('Open the fix').click();
    await body.getByText('raw link').first().click();
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(pageErrors(page)).toEqual([]);
    // Fits the phone: nothing wider than the screen.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    await page.getByRole('button', { name: '有帮助', exact: true }).click();
    await page.getByText('感谢您的反馈。').waitFor();

    // An article written in English only is shown in English, with a note naming the language in Chinese.
    await page.goto(`/portal/help/${englishOnly.id}`);
    await page.getByText('本文没有您所用语言的版本，现以英文显示。').waitFor();
    await page.locator('.cd-article-body strong', { hasText: 'tray 2' }).waitFor();
    // An internal article does not exist for the customer.
    await page.goto(`/portal/help/${internal.id}`);
    await page.getByRole('alert').first().waitFor();
    expect(await page.getByText('secret').count()).toBe(0);
  });

  it('lets an expert write, preview and publish an article, and insert its link into a reply', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, expert);
    // An article written in Chinese only is shown in Chinese, with a note naming the language in English.
    await page.goto(`/knowledge-base/${chineseOnly.id}`);
    await page.getByText('This article is not written in your language; it is shown in Chinese.').waitFor();
    await page.locator('.cd-article-body strong', { hasText: '空调' }).first().waitFor();
    await page.goto('/knowledge-base');
    await page.getByRole('button', { name: 'New article' }).click();
    await page.getByLabel('Title (en)').fill('Paper path cleaning');
    await page.getByLabel('Text (Markdown) (en)').fill('Clean the **rollers**.\n\n<script>window.__xss = 1</script>');
    await page.locator('.cd-preview strong', { hasText: 'rollers' }).waitFor();
    await page.getByRole('tab', { name: 'Chinese' }).click();
    await page.getByLabel('Title (zh-CN)').fill('清洁纸路');
    await page.getByLabel('Text (Markdown) (zh-CN)').fill('清洁**滚轮**。');
    await pick(page, page.getByLabel('Visibility').last(), 'Customer-visible');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/knowledge-base\/[\w-]+$/);
    await page.locator('.cd-article-body strong', { hasText: 'rollers' }).first().waitFor();
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Back to draft' }).waitFor();
    await page.getByText('Versions').waitFor();

    await page.goto(`/cases/${caseId}`);
    await page.getByRole('tab', { name: 'Public reply' }).click();
    const picker = page.getByLabel('Insert article link');
    await picker.click();
    await picker.fill('Paper');
    await page.locator('.ant-select-item-option', { hasText: 'Paper path cleaning' }).click();
    const reply = page.locator('textarea[aria-label="Public reply"]');
    await eventually(() => reply.inputValue()).toMatch(/^Paper path cleaning: http:\/\/127\.0\.0\.1:\d+\/portal\/help\/[\w-]+$/);
    // Inserting the link also linked the article to the case.
    await eventually(async () =>
      (await web.api<{ title: string }[]>(expert, 'GET', `/api/v1/cases/${caseId}/articles`)).map((article) => article.title),
    ).toEqual(['Paper path cleaning']);
    // The case shows the article among its linked articles.
    await page.locator('.cd-card', { hasText: 'Linked articles' }).getByRole('link', { name: 'Paper path cleaning' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});
