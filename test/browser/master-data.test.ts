import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { en } from '../../web/i18n/en.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, screenshot, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

/** Every English text of these parts of the catalogue: none may show on a Chinese screen. */
function englishTexts(...parts: Record<string, unknown>[]): string[] {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') texts.push(value.replace(/\{\{\w+\}\}.*$/, '').trim());
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  parts.forEach(walk);
  // Short words (a dash, "Vendor") could be part of data; the longer texts are what an untranslated screen shows.
  return texts.filter((text) => text.length > 8);
}

/** What a screen says that is not Chinese: a catalogue key shown as such, or an English text of these screens. */
async function untranslated(page: Page, english: string[]): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const keys = text.match(new RegExp(`\\b(${Object.keys(en).join('|')})\\.[a-z][\\w.]*`, 'g')) ?? [];
  return [...keys, ...english.filter((phrase) => text.includes(phrase))];
}

/** A picture of the page with its dialog open (the shared `screenshot` closes pop-ups first), for the README. */
async function dialogScreenshot(page: Page, name: string): Promise<void> {
  await page.addStyleTag({ content: '.ant-message { display: none !important; }' });
  await page.waitForTimeout(350);
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../../docs/screenshots', `${name}.png`) });
}

describeOnEachDatabase('web app: master data — vendors, sites and contracts kept in the web app alone', (database) => {
  let web: BrowserApp;
  let manager: BrowserUser;
  let organizationId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    manager = await web.user('manager', { name: 'Mia Manager' });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('a manager creates a vendor with its support center from the navigation; a phone the server cannot read is shown at its field', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.getByRole('navigation').getByRole('link', { name: 'Vendors' }).first().click();
    await page.waitForURL('**/vendors');
    await eventually(() => page.getByText('No vendors yet.').count()).toBe(1);

    await page.getByRole('button', { name: 'New vendor' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Vendor', { exact: true }).fill('Northwind Networks');
    await dialog.getByLabel('Support center').fill('Northwind TAC');
    await dialog.getByLabel('Support phone').fill('12');
    await dialog.getByLabel('Support e-mail').fill('tac@northwind.example');
    await dialog.getByLabel('Support portal').fill('https://support.northwind.example');
    await dialog.getByLabel('Our contract number with the vendor').fill('NW-2026-0042');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([
      expect.stringContaining('"12" is not a phone number'),
    ]);
    expect(await dialog.locator('.ant-form-item-has-error input').getAttribute('id')).toBe('phone');

    // A misclick beside the dialog does not throw away what was typed.
    await page.keyboard.press('Escape');
    const confirm = page.getByRole('dialog').filter({ hasText: 'Discard your changes?' });
    await eventually(() => confirm.count()).toBe(1);
    await confirm.getByRole('button', { name: 'Keep editing' }).click();
    expect(await dialog.getByLabel('Support center').inputValue()).toBe('Northwind TAC');

    await dialog.getByLabel('Support phone').fill('+1 800 553 2447');
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([]);
    await dialog.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('tr', { hasText: 'Northwind Networks' });
    await eventually(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('+1 800');
    expect(await row.innerText()).toContain('NW-2026-0042');

    // Edited: the contract number with the vendor changes.
    await page.getByRole('button', { name: 'Edit Northwind Networks' }).click();
    const edit = page.getByRole('dialog');
    expect(await edit.getByLabel('Support center').inputValue()).toBe('Northwind TAC');
    await edit.getByLabel('Our contract number with the vendor').fill('NW-2027-0001');
    await edit.getByRole('button', { name: 'Save' }).click();
    await eventually(() => row.innerText()).toContain('NW-2027-0001');
    const [stored] = (
      await web.api<{ items: { supportCenter: { contractNumber: string; phone: string } }[] }>(manager, 'GET', '/api/v1/vendors')
    ).items;
    expect(stored?.supportCenter).toMatchObject({ contractNumber: 'NW-2027-0001', phone: expect.stringMatching(/^\+1 800/) });
    await screenshot(page, 'vendors-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a manager adds a site with its access notes and hours at phone width, and changes its hours', async () => {
    const { page, context } = await web.newPage({ width: 390, height: 844 });
    await web.signIn(page, manager);
    await page.goto('/organizations');
    await page.getByRole('button', { name: 'New customer' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Harbour Bank');
    await page.getByRole('dialog').getByLabel('Country').fill('CN');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.waitForURL('**/organizations/*');
    organizationId = page.url().split('/').at(-1)!;
    await eventually(() => page.getByText('No sites on record.').count()).toBe(1);

    await page.getByRole('button', { name: 'Add site' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Site name').fill('Data center Pudong');
    // Cancel with something typed asks first; discarding closes the form with nothing saved.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: 'Discard your changes?' });
    await confirm.getByRole('button', { name: 'Discard' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByText('No sites on record.').count()).toBe(1);

    await page.getByRole('button', { name: 'Add site' }).click();
    await dialog.getByLabel('Site name').fill('Data center Pudong');
    await dialog.getByLabel('Address').fill('88 Century Avenue, Shanghai');
    await dialog.getByLabel('Opening hours').fill('Mon–Fri 08:30–17:30');
    await dialog.getByLabel('Access notes').fill('Badge at gate 3; ask for Mr Li');
    await dialogScreenshot(page, 'customer-site-390-en');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const site = page.locator('.cd-site', { hasText: 'Data center Pudong' });
    await eventually(() => site.innerText()).toContain('Badge at gate 3; ask for Mr Li');

    await page.getByRole('button', { name: 'Edit site Data center Pudong' }).click();
    expect(await dialog.getByLabel('Access notes').inputValue()).toBe('Badge at gate 3; ask for Mr Li');
    await dialog.getByLabel('Opening hours').fill('24/7');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => site.innerText()).toContain('24/7');
    const [stored] = (
      await web.api<{ items: { hours: string; address: string }[] }>(manager, 'GET', `/api/v1/organizations/${organizationId}/sites`)
    ).items;
    expect(stored).toMatchObject({ hours: '24/7', address: '88 Century Avenue, Shanghai' });
    // Nothing is wider than the phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await site.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.resolve(import.meta.dirname, '../../docs/screenshots', 'customer-sites-390-en.png') });
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('shows the vendors page and its form in Chinese, with no English left', async () => {
    const chinese = await web.user('manager', { name: '马经理', language: 'zh-CN' });
    const { page, context } = await web.newPage({ locale: 'zh-CN' });
    await web.signIn(page, chinese, { email: '邮箱', password: '密码', submit: '登录' });
    await page.goto('/vendors');
    await eventually(() => page.getByRole('heading', { name: '厂商' }).count()).toBe(1);
    const english = englishTexts(en.vendors, en.form, en.common);
    expect(await untranslated(page, english)).toEqual([]);
    await page.getByRole('button', { name: '新建厂商' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('厂商', { exact: true }).fill('华东网络');
    await dialog.getByLabel('支持中心').fill('华东技术支持');
    await dialog.getByLabel('支持电话').fill('12');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([
      expect.stringContaining('"12" 不是'),
    ]);
    expect(await untranslated(page, english)).toEqual([]);
    await dialogScreenshot(page, 'vendor-phone-zh-CN');

    // The customer page's sites, and the site form.
    await page.goto(`/organizations/${organizationId}`);
    const sites = page.locator('.cd-site', { hasText: 'Data center Pudong' });
    await eventually(() => sites.innerText()).toContain('工作时间');
    const siteEnglish = englishTexts(en.sites, en.organizations, en.customer, en.form, en.common);
    expect(await untranslated(page, siteEnglish)).toEqual([]);
    await page.getByRole('button', { name: '编辑地点 Data center Pudong' }).click();
    await page.getByRole('dialog').getByLabel('工作时间').fill('周一至周日 全天');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await eventually(() => page.getByRole('dialog').filter({ hasText: '放弃所做的更改？' }).count()).toBe(1);
    expect(await untranslated(page, siteEnglish)).toEqual([]);
    await dialogScreenshot(page, 'customer-site-unsaved-zh-CN');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
