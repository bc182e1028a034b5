import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chooseLanguage,
  chromiumAvailable,
  eventually,
  fullyVisible,
  pageErrors,
  screenshot,
  type BrowserUser,
} from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

vi.setConfig({ testTimeout: 180_000 });

const PHONE = { width: 390, height: 844 };
const LONG_TITLE =
  'Since the firmware upgrade last Tuesday the warehouse core switch stack in building B drops every uplink for about forty seconds each night';
const CUSTOMER = 'Acme Logistics International Holdings';

describeBrowserSuite('web app: the staff queue on a phone, 390 px', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let secretary: BrowserUser;
  let longCase: Created;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    const department = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    secretary = await web.user('secretary', { name: 'Sam Secretary' });
    const acme = await web.api<Created>(secretary, 'POST', '/api/v1/organizations', { name: CUSTOMER });
    const logCase = (title: string, level: number) =>
      web.api<Created>(secretary, 'POST', '/api/v1/cases', {
        organizationId: acme.id,
        channel: 'hotline',
        level,
        title,
        description: 'Logged for the phone queue test.',
        departmentId: department.id,
      });
    longCase = await logCase(LONG_TITLE, 2);
    await logCase('Printer queue stuck', 3);
    await logCase('核心交换机每晚断开所有上行链路大约四十秒，自上周二固件升级以来一直如此，影响仓库全部业务', 1);
  });
  afterEach(async (context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  async function cardsFit(page: Page) {
    const card = page.locator(`li[data-case="${longCase.number}"]`);
    await card.waitFor();
    // Cards, not a table that would need scrolling sideways.
    expect(await page.locator('#main table').count()).toBe(0);
    for (const title of await page.getByTestId('queue-case-title').all()) await fullyVisible(title, PHONE.width);
    const title = card.getByTestId('queue-case-title');
    expect(await title.textContent()).toBe(LONG_TITLE);
    // Wrapped over several lines rather than cut to one.
    expect((await fullyVisible(title, PHONE.width)).height).toBeGreaterThan(40);
    await fullyVisible(card, PHONE.width);
    // Number, status, level, customer and the next deadline, each on the card.
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(longCase.number);
    expect(await card.locator('[data-level="2"]').count()).toBe(1);
    expect(text).toContain(CUSTOMER);
    await fullyVisible(card.getByTestId('queue-case-deadline'), PHONE.width);
    await eventually(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    return { card, text };
  }

  it('lists the cases as cards with the whole title, status, level, customer and next deadline, no sideways scrolling, in English and Chinese', async () => {
    const { page, context } = await web.newPage(PHONE);
    await web.signIn(page, secretary);
    await page.waitForURL('**/cases');
    const english = await cardsFit(page);
    expect(english.text).toContain('New');
    expect(english.text).toContain('Level 2');
    expect(english.text).toMatch(/(First response due|Next escalation): /);
    // The secretary can still pick cases for a bulk change, beside the card rather than inside its link.
    expect(await page.getByRole('checkbox', { name: `Select case ${longCase.number}` }).count()).toBe(1);
    if (shots) await screenshot(page, 'queues-390-en');

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('heading', { name: '工单队列' }).count()).toBe(1);
    const chinese = await cardsFit(page);
    expect(chinese.text).toContain('新建');
    expect(chinese.text).toContain('2 级');
    // The label's colon is the full-width one in Chinese.
    expect(chinese.text).toMatch(/(首次响应期限|下次升级)：/);
    if (shots) await screenshot(page, 'queues-390-zh-CN');

    // The card is the way into the case.
    await page.locator(`li[data-case="${longCase.number}"]`).getByRole('link').click();
    await page.waitForURL(`**/cases/${longCase.id}`);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it("draws no first paint on a phone: the boot script's table would give way to cards, so the app draws the cards itself", async () => {
    const { page, context } = await web.newPage(PHONE);
    await web.signIn(page, secretary);
    await page.waitForURL('**/cases');
    // A cold visit whose application scripts are held back until the queue's first page has been answered: whatever
    // the boot script draws meanwhile is noted.
    await page.addInitScript(`new MutationObserver(() => {
      if (document.getElementById('cd-first-paint')) window.__firstPaintSeen = true;
    }).observe(document, { childList: true, subtree: true });`);
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      await released;
      await route.continue();
    });
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/cases');
    await page.goto('/cases', { waitUntil: 'commit' });
    await (await answered).finished();
    release();
    await cardsFit(page);
    expect(await page.evaluate('window.__firstPaintSeen === true')).toBe(false);
    expect(await page.evaluate("document.getElementById('root').inert")).toBe(false);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
