import fs from 'node:fs';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { en } from '../../web/i18n/en.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  screenshot,
  type BrowserUser,
  chooseLanguage,
  picture,
  screenshotFile,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

const ROWS = 10_000;
/** The two bad rows of the big file, by the line an editor shows them on (the header is line 1). */
const MISSING_MODEL_LINE = 2501;
const UNKNOWN_CUSTOMER_LINE = 7777;

/** A products file of 10 000 rows for customer HB's project "Core network"; `bad` spoils two of them. */
function productsFile(bad: boolean): Buffer {
  const lines = ['organization,project,vendor,model,serial_number,software_version,site,notes'];
  for (let index = 0; index < ROWS; index += 1) {
    const line = index + 2;
    const organization = bad && line === UNKNOWN_CUSTOMER_LINE ? 'Nobody Ltd' : 'HB';
    const model = bad && line === MISSING_MODEL_LINE ? '' : 'C9300-48P';
    lines.push(`${organization},Core network,Cisco,${model},FOC${String(index).padStart(7, '0')},17.9.4,Head office,Rack ${index % 40}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function downloaded(page: Page, link: Locator): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return { name: download.suggestedFilename(), text: fs.readFileSync(await pathOf(download), 'utf8') };
}

async function pathOf(download: Download): Promise<string> {
  const file = await download.path();
  if (!file) throw new Error(`the download of ${download.url()} failed: ${await download.failure()}`);
  return file;
}

/** The import page's rows to fix, as the user reads them: line, column, reason. */
async function problemRows(page: Page): Promise<string[][]> {
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  const result: string[][] = [];
  for (const row of await rows.all()) result.push((await row.locator('td').allInnerTexts()).map((cell) => cell.trim()));
  return result;
}

/** Remembers every value the upload's progress bar shows (it moves faster than a poll can see). */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.progressSeen = [];
    const note = () => {
      const bar = document.querySelector('[role="progressbar"]');
      if (bar) window.progressSeen.push(Number(bar.getAttribute('aria-valuenow')));
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  })()`);
}

/** Every English text of these parts of the catalogue: none may show on a Chinese screen. */
function englishTexts(...parts: Record<string, unknown>[]): string[] {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') texts.push(value.replace(/\{\{\w+\}\}.*$/, '').trim());
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  parts.forEach(walk);
  return texts.filter((text) => text.length > 8);
}

/** `data`: what the user typed or chose (a file name), which is not text of the app. */
async function untranslated(page: Page, english: string[], data: string[] = []): Promise<string[]> {
  const text = data.reduce((rest, value) => rest.split(value).join(' '), await page.locator('body').innerText());
  const keys = text.match(new RegExp(`\\b(${Object.keys(en).join('|')})\\.[a-z][\\w.]*`, 'g')) ?? [];
  return [...keys, ...english.filter((phrase) => text.includes(phrase))];
}

describeBrowserSuite('web app: CSV import and export', null, (database) => {
  let web: BrowserApp;
  let manager: BrowserUser;
  let organizationId: string;

  const productCount = async () => {
    const row = await web.storage.db
      .selectFrom('assets')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    manager = await web.user('manager', { name: 'Mia Manager' });
    const organization = await web.api<{ id: string }>(manager, 'POST', '/api/v1/organizations', {
      name: 'Harbour Bank',
      code: 'HB',
      country: 'CN',
    });
    organizationId = organization.id;
    await web.api(manager, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Core network',
      deliveredAt: '2025-04-01',
      guaranteeEndsAt: '2028-03-31',
    });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('a manager imports 10 000 products: the upload shows its progress, two bad rows are listed with line, column and reason and nothing is stored; fixed, all 10 000 are imported and exported again', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto('/organizations');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.waitForURL('**/organizations/import');
    await eventually(() => page.getByRole('heading', { name: 'Import and export' }).count()).toBe(1);

    // The template: the columns the import reads and one example row.
    // Products is the kind chosen first.
    expect(await page.getByRole('radio', { name: 'Products' }).isChecked()).toBe(true);
    const template = await downloaded(page, page.getByRole('link', { name: 'Download template' }));
    expect(template.name).toBe('casedesk-products-template.csv');
    expect(
      template.text
        .replace(/^\uFEFF/, '')
        .split('\n')
        .slice(0, 2),
    ).toEqual([
      'organization,project,vendor,model,serial_number,software_version,site,notes',
      'HB,Core network,Cisco,C9300-48P,FOC0000X001,17.9.4,Head office,"Core switch, rack A3"',
    ]);

    // A slow line, so the upload takes a few seconds and its progress can be seen.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    await page.getByLabel('CSV file').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: productsFile(true) });
    await eventually(() => page.getByText(/^products\.csv \(/).count()).toBe(1);
    await recordProgress(page);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await eventually(() => page.getByRole('progressbar').count()).toBe(1);
    // Part-way up: the bar and its words say how far.
    await eventually(() => page.getByText(/^Uploading the file… [1-9]\d?%$/).count()).toBe(1);
    await picture(page, screenshotFile('csv-import-uploading-en'));
    await eventually(() => page.getByText('Nothing was imported').count()).toBe(1);
    const seen = await page.evaluate<number[]>('window.progressSeen');
    // Part-way values while the file went up, then the full bar while the server checked the rows.
    expect(seen.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(seen.at(-1)).toBe(100);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    expect(await page.getByRole('alert').filter({ hasText: 'Nothing was imported' }).innerText()).toContain(
      '2 problems in a file of 10,000 rows',
    );
    expect(await problemRows(page)).toEqual([
      [String(MISSING_MODEL_LINE), 'model', 'is required'],
      [String(UNKNOWN_CUSTOMER_LINE), 'organization', 'no organisation has the code or name "Nobody Ltd"'],
    ]);
    // All or nothing: not one of the 9 998 good rows is stored.
    expect(await productCount()).toBe(0);
    await screenshot(page, 'csv-import-rejected-en');

    // The file fixed: all 10 000 rows are imported.
    await page.getByLabel('CSV file').setInputFiles({ name: 'products-fixed.csv', mimeType: 'text/csv', buffer: productsFile(false) });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await eventually(() => page.getByText('Imported 10,000 rows. 1 vendor not on record was added.').count()).toBe(1);
    expect(await productCount()).toBe(ROWS);
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(0);
    await screenshot(page, 'csv-import-done-en');

    // The customer's products, exported as CSV from the customer's page, are the 10 000 just imported.
    await page.goto(`/organizations/${organizationId}`);
    await eventually(() => page.getByRole('link', { name: 'Export CSV of the contacts' }).count()).toBe(1);
    await screenshot(page, 'customer-export-en');
    const exported = await downloaded(page, page.getByRole('link', { name: 'Export CSV of the products' }));
    expect(exported.name).toBe('casedesk-products.csv');
    const lines = exported.text.trim().split('\n');
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines).toContain('HB,Core network,Cisco,C9300-48P,FOC0007775,17.9.4,Head office,Rack 15');
    // And the customers list, from the list page.
    await page.goto('/organizations');
    const customers = await downloaded(page, page.getByRole('link', { name: 'Export CSV of the customers' }));
    expect(customers.text.split('\n')[1]).toBe('Harbour Bank,HB,,,,,,');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('offers import and export only to those who may run them: an expert sees neither and may not open the import page', async () => {
    const expert = await web.user('expert');
    const { page, context } = await web.newPage();
    await web.signIn(page, expert);
    await page.goto(`/organizations/${organizationId}`);
    await eventually(() => page.getByRole('heading', { name: 'Harbour Bank' }).count()).toBe(1);
    await eventually(() => page.getByText('Core network').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: /^Export CSV/ }).count()).toBe(0);
    await page.goto('/organizations');
    await eventually(() => page.getByRole('link', { name: 'Harbour Bank' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Import CSV' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /^Export CSV/ }).count()).toBe(0);
    await page.goto('/organizations/import');
    await eventually(() => page.getByRole('alert').first().textContent()).toBe('You may not open this page.');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('shows the import page and a refused file in Chinese at phone width, with no English left', async () => {
    const chinese = await web.user('manager', { name: '马经理', language: 'zh-CN' });
    const { page, context } = await web.newPage({ locale: 'zh-CN', width: 390, height: 844 });
    await web.signIn(page, chinese, { email: '邮箱', password: '密码', submit: '登录' });
    await page.goto('/organizations/import');
    await eventually(() => page.getByRole('heading', { name: '导入与导出' }).count()).toBe(1);
    await page.locator('.ant-radio-button-wrapper', { hasText: '项目' }).click();
    expect(await page.getByRole('radio', { name: '项目' }).isChecked()).toBe(true);
    await eventually(() => page.getByText('交付日期，格式 YYYY-MM-DD').count()).toBe(1);
    const english = englishTexts(en.imports, en.common);
    expect(await untranslated(page, english)).toEqual([]);

    const template = await downloaded(page, page.getByRole('link', { name: '下载模板' }));
    expect(template.text).toContain('核心网络');

    await page.getByLabel('CSV 文件').setInputFiles({
      name: 'projects.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'organization,name,delivered_at,guarantee_ends_at\nHB,Branch network,2025-02-30,2027-01-01\nNobody Ltd,Wi-Fi,2025-01-01,2026-01-01\n',
      ),
    });
    await page
      .getByRole('button', { name: '导 入' })
      .or(page.getByRole('button', { name: '导入', exact: true }))
      .click();
    await eventually(() => page.getByText('未导入任何数据').count()).toBe(1);
    const rows = await problemRows(page);
    expect(rows.map(([line, column]) => [line, column])).toEqual([
      ['2', 'delivered_at'],
      ['3', 'organization'],
    ]);
    expect(rows[0]![2]).toContain('YYYY-MM-DD');
    expect(rows[1]![2]).toContain('Nobody Ltd');
    expect(await untranslated(page, english, ['projects.csv'])).toEqual([]);
    // Nothing is wider than the phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'csv-import-390-zh-CN');
    await page.locator('.ant-table').scrollIntoViewIfNeeded();
    await picture(page, screenshotFile('csv-import-rejected-390-zh-CN'));

    // The same page in English at phone width: the five kinds and the buttons still fit.
    await chooseLanguage(page, 'English');
    await eventually(() => page.getByRole('heading', { name: 'Import and export' }).count()).toBe(1);
    expect(await page.locator('.ant-radio-button-wrapper').allInnerTexts()).toEqual([
      'Customers',
      'Contacts',
      'Projects',
      'Products',
      'Contracts',
    ]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'csv-import-390-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
