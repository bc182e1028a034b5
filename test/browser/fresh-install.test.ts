import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { companyTimeZone } from '../../src/services/delivered-systems/support/company-today.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  htmlLang,
  pageErrors,
  pick,
  screenshot,
  chooseLanguage,
  readmePicture,
} from './support/browser-app.js';

// A whole install from the set-up page to a logged case, on a busy two-core machine.
vi.setConfig({ testTimeout: 300_000 });

/** A day relative to today in the browser's zone (the tests' browsers are in Asia/Shanghai), written YYYY-MM-DD. */
function day(offset: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

/** Adds an option to a multiple-choice antd Select; its pop-up stays open after a pick until one clicks elsewhere in the dialog. */
async function pickOneMore(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  const popup = page.locator(`.ant-select-dropdown:has([id="${await select.getAttribute('aria-controls')}"])`);
  await popup.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  await page.getByRole('dialog').locator('.ant-modal-title').click();
  await popup.waitFor({ state: 'hidden' });
}

describeBrowserSuite(
  'web app: from a fresh install to a case billed under contract, in the web app alone',
  'the first run, setup to a billed case, on the production database',
  (database) => {
    let web: BrowserApp;
    const shots = database === 'sqlite';
    let organizationUrl: string;
    let projectUrl: string;
    let filesDir: string;

    beforeAll(async () => {
      if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
      web = await BrowserApp.start(database);
      // Where a real install keeps uploaded files (the data folder); attachments are stored there.
      filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-files-'));
      web.context.filesDir = filesDir;
    });
    afterEach(async (context) => web?.keepEvidence(context.task));
    afterAll(async () => {
      await web?.stop();
      fs.rmSync(filesDir, { recursive: true, force: true });
    });

    it('sets up, records a customer, a project with two products and a file, a contract for one, and logs a call billed under the contract', async () => {
      const { page, context } = await web.newPage();
      await page.goto('/');
      await page.waitForURL('**/setup');
      await page.getByLabel('Name').fill('Ada Admin');
      await page.getByLabel('Email').fill('ada@example.com');
      await page.getByLabel('Password', { exact: true }).fill('a-long-enough-password');
      await page.getByLabel('Repeat the password').fill('a-long-enough-password');
      // The service desk's time zone starts as the browser's, and becomes the company's with the first admin.
      expect(await page.getByLabel('Time zone of the service desk').inputValue()).toBe('Asia/Shanghai');
      await page.getByRole('button', { name: 'Create administrator' }).click();
      await page.waitForURL('**/admin/users');
      expect(await companyTimeZone(web.context.storage.db)).toBe('Asia/Shanghai');

      // A service department: cases go to one, and the project names the department that implemented it.
      await page.getByRole('tab', { name: 'Departments' }).click();
      await page.getByRole('button', { name: 'Add department' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('Network Services');
      await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
      await eventually(() => page.getByRole('cell', { name: 'Network Services' }).first().isVisible()).toBe(true);

      await page.getByRole('navigation').getByRole('link', { name: 'Vendors' }).first().click();
      await page.getByRole('button', { name: 'New vendor' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Vendor', { exact: true }).fill('Northwind Networks');
      await dialog.getByLabel('Support center').fill('Northwind TAC');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => page.locator('tr', { hasText: 'Northwind Networks' }).count()).toBe(1);

      // The customer with a contact and two sites.
      await page.goto('/organizations');
      await page.getByRole('button', { name: 'New customer' }).click();
      await dialog.getByLabel('Name').fill('Harbour Bank');
      await dialog.getByLabel('Country').fill('CN');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL('**/organizations/*');
      organizationUrl = new URL(page.url()).pathname;
      await page.getByRole('button', { name: 'Add contact' }).click();
      await dialog.getByLabel('Name').fill('Li Lei');
      await dialog.getByLabel('Phone', { exact: true }).fill('+86 21 5555 0101');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => page.getByText('Li Lei').count()).toBe(1);
      for (const site of ['Data center Pudong', 'Branch Minhang']) {
        await page.getByRole('button', { name: 'Add site' }).click();
        await dialog.getByLabel('Site name').fill(site);
        await dialog.getByRole('button', { name: 'Create' }).click();
        await eventually(() => page.locator('.cd-site', { hasText: site }).count()).toBe(1);
      }

      // The delivered project: a guarantee end before the delivery is the server's word at its field.
      await page.getByRole('button', { name: 'New project' }).click();
      await dialog.getByLabel('Project name').fill('Core network');
      await pick(page, dialog.getByLabel('Implementing department'), 'Network Services');
      await dialog.getByLabel('Delivery date').fill(day(-400));
      await dialog.getByLabel('Guarantee end').fill(day(-401));
      await dialog.getByLabel('Configuration notes').fill('Two core switches in a stack; OSPF area 0.');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => dialog.locator('.ant-form-item-has-error input').getAttribute('id')).toBe('guaranteeEndsAt');
      // A misclick beside the form asks before throwing the typing away. (On a busy machine a date picker's pop-up may
      // still be open and take the first Escape; the key is pressed again until the question shows.)
      const confirm = page.getByRole('dialog').filter({ hasText: 'Discard your changes?' });
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Escape');
        const shown = await confirm
          .waitFor({ timeout: 3_000 })
          .then(() => true)
          .catch(() => false);
        if (shown || attempt === 3) break;
      }
      await confirm.getByRole('button', { name: 'Keep editing' }).click();
      // Ended a few days ago (the server decides on its own calendar day, the browser is in Shanghai).
      await dialog.getByLabel('Guarantee end').fill(day(-3));
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL('**/projects/*');
      projectUrl = new URL(page.url()).pathname;
      const record = page.getByTestId('project-record');
      await eventually(() => record.innerText()).toContain('Network Services');
      expect(await record.innerText()).toContain('OSPF area 0');

      // Two products into the project, each at its site.
      for (const [serial, model] of [
        ['NWX0001', 'NW-9300'],
        ['NWX0002', 'NW-4400'],
      ] as const) {
        await page.getByRole('button', { name: 'Add product' }).click();
        await eventually(() => dialog.locator('.ant-modal-title').innerText()).toBe('Add product to Core network');
        await pick(page, dialog.getByLabel('Vendor'), 'Northwind Networks');
        await dialog.getByLabel('Model').fill(model);
        await dialog.getByLabel('Serial number').fill(serial);
        await dialog.getByLabel('Software version').fill('17.9.4');
        await pick(page, dialog.getByLabel('Site'), 'Data center Pudong');
        await dialog.getByRole('button', { name: 'Create' }).click();
        await eventually(() => page.locator('tr', { hasText: serial }).count()).toBe(1);
      }
      expect(await page.locator('tr', { hasText: 'NWX0002' }).innerText()).toContain('Northwind Networks');

      // A configuration dump attached; a file of a kind the server refuses is reported and not listed.
      const attachments = page.getByTestId('project-attachments');
      const fileInput = attachments.locator('input[type="file"]');
      await fileInput.setInputFiles({ name: 'setup.exe', mimeType: 'text/plain', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]) });
      await eventually(() => attachments.getByRole('alert').innerText()).toContain('Files of this kind are not accepted');
      await fileInput.setInputFiles({
        name: 'core-switch.cfg',
        mimeType: 'text/plain',
        buffer: Buffer.from('hostname core-1\ninterface Gi1/0/1\n description uplink\n'),
      });
      const link = attachments.getByRole('link', { name: 'core-switch.cfg' });
      await eventually(() => link.count()).toBe(1);
      expect(await attachments.getByRole('alert').count()).toBe(0);
      expect(await attachments.innerText()).not.toContain('setup.exe');
      const download = await page.request.get(`${web.baseUrl}${await link.getAttribute('href')}`);
      expect(download.status()).toBe(200);
      expect(await download.text()).toContain('hostname core-1');
      if (shots) await screenshot(page, 'project-en');

      // A contract covering the first product only.
      await record.getByRole('link', { name: 'Harbour Bank' }).click();
      await page.waitForURL(`**${organizationUrl}`);
      await page.getByRole('button', { name: 'New contract' }).click();
      await dialog.getByLabel('Contract number').fill('HB-2026-01');
      await dialog.getByLabel('First day').fill(day(-30));
      await dialog.getByLabel('Last day').fill(day(335));
      await dialog.getByLabel('Hotline').check();
      await dialog.getByLabel('Selected products and projects').check();
      await pickOneMore(page, dialog.getByLabel('Products', { exact: true }), 'NWX0001');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => page.locator('tr', { hasText: 'HB-2026-01' }).count()).toBe(1);
      expect(await page.locator('tr', { hasText: 'HB-2026-01' }).innerText()).not.toContain('NWX0002');

      // The hotline: the caller reads the serial number; the intake finds the product and its contract.
      await page.goto('/intake');
      await page.getByLabel('Phone number, customer name or serial number').fill('NWX0001');
      await eventually(() => page.getByTestId('product').textContent()).toContain('NW-9300');
      await eventually(() => page.getByTestId('entitlement').textContent()).toContain('Under contract');
      await page.getByLabel('Phone number, customer name or serial number').press('Enter');
      await eventually(() => page.locator('.ant-card-head-title').allTextContents()).toContain('Harbour Bank');
      await eventually(() => page.getByTestId('chosen-products').innerText()).toContain('NWX0001');
      await page.getByLabel('Title').fill('Core switch reboots every hour');
      await page.getByRole('button', { name: 'Log case' }).click();
      await page.waitForURL(/\/cases\/[\w-]+$/);
      await eventually(() => page.locator('.cd-page-title').locator('..').innerText()).toContain('Under contract — covered');
      if (shots) await screenshot(page, 'case-under-contract-en');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });

    it('a field engineer’s phone: the product is edited, moved to another site, retired and reactivated; project and product pages in both languages', async () => {
      const { page, context } = await web.newPage({ width: 390, height: 844 });
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill('ada@example.com');
      await page.getByLabel('Password', { exact: true }).fill('a-long-enough-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

      await page.goto(projectUrl);
      await page.getByRole('link', { name: 'NWX0002' }).click();
      await page.waitForURL('**/products/*');
      const dialog = page.getByRole('dialog');
      // The product page may still be settling after the client-side navigation; press Edit until its dialog is open.
      await eventually(async () => {
        if ((await dialog.count()) === 0) await page.getByRole('button', { name: 'Edit' }).click();
        return dialog.getByLabel('Model').isVisible();
      }).toBe(true);
      expect(await dialog.getByLabel('Model').inputValue()).toBe('NW-4400');
      await dialog.getByLabel('Software version').fill('17.12.1');
      await dialog.getByRole('button', { name: 'Save' }).click();
      const details = page.getByTestId('product-details');
      await eventually(() => details.innerText()).toContain('17.12.1');

      await page.getByRole('button', { name: 'Move to another site' }).click();
      await pick(page, dialog.getByLabel('New site'), 'Branch Minhang');
      await dialog.getByRole('button', { name: 'Move to another site' }).click();
      await eventually(() => details.innerText()).toContain('Branch Minhang');
      const history = page.locator('.cd-card', { hasText: 'Record history' });
      await eventually(() => history.locator('tr[data-change="moved"]').innerText()).toContain(
        'Moved from Data center Pudong to Branch Minhang',
      );
      expect(await history.locator('tr[data-change="moved"]').innerText()).toContain('Ada Admin');

      await page.getByRole('button', { name: 'Retire' }).click();
      await page.getByRole('dialog').filter({ hasText: 'Retire product NWX0002?' }).getByRole('button', { name: 'Retire' }).click();
      await eventually(() => page.getByTestId('product-entitlement').innerText()).toContain('Retired from service');
      expect(await page.getByTestId('product-entitlement').innerText()).toContain('Chargeable at cost');
      await eventually(() => page.getByRole('button', { name: 'Reactivate' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Move to another site' }).count()).toBe(0);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      if (shots) await readmePicture(page, 'product-390-en', { fullPage: true });
      // The hotline sees at once that the product is out of service and not covered.
      const productUrl = page.url();
      await page.goto('/intake');
      await page.getByLabel('Phone number, customer name or serial number').fill('NWX0002');
      await eventually(() => page.getByTestId('product').textContent()).toContain('Retired');
      await eventually(() => page.getByTestId('entitlement').textContent()).toContain('Retired from service');
      await page.goto(productUrl);
      await page.getByRole('button', { name: 'Reactivate' }).click();
      await eventually(() => page.getByTestId('product-entitlement').innerText()).toContain('Guarantee ended');
      // Recorded, edited, moved, retired, reactivated.
      await eventually(() => history.locator('tr[data-change]').count()).toBe(5);

      await page.goto(projectUrl);
      await eventually(() => page.getByRole('link', { name: 'core-switch.cfg' }).count()).toBe(1);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      if (shots) await readmePicture(page, 'project-390-en', { fullPage: true });

      // Removing the file asks first.
      await page.getByRole('button', { name: 'Remove core-switch.cfg' }).click();
      await page.getByRole('dialog').filter({ hasText: 'Remove core-switch.cfg?' }).getByRole('button', { name: 'Remove' }).click();
      await eventually(() => page.getByText('No file is attached.').count()).toBe(1);

      // The same pages in Chinese, at phone width.
      await page.goto('/account');
      await chooseLanguage(page, '中文');
      await eventually(() => htmlLang(page)).toBe('zh-CN');
      // The choice is kept on the server; the next page load asks for it.
      const language = async () =>
        ((await (await page.request.get(`${web.baseUrl}/api/v1/sessions/current`)).json()) as { user: { language: string } }).user.language;
      await eventually(language).toBe('zh-CN');
      await page.goto(projectUrl);
      await eventually(() => page.getByText('配置项').count()).toBeGreaterThan(0);
      expect(await page.locator('body').innerText()).not.toMatch(/Configuration items|Attachments|Upload a file|projects\./);
      if (shots) await readmePicture(page, 'project-390-zh-CN', { fullPage: true });
      await page.getByRole('link', { name: 'NWX0002' }).click();
      await eventually(() => page.getByText('记录历史').count()).toBe(1);
      await eventually(() => page.locator('tr[data-change="moved"]').innerText()).toContain('从 Data center Pudong 移至 Branch Minhang');
      expect(await page.locator('body').innerText()).not.toMatch(/Record history|Move to another site|Retire|productPage\./);
      if (shots) await readmePicture(page, 'product-390-zh-CN', { fullPage: true });
      await page.goto(organizationUrl);
      await eventually(() => page.locator('.cd-site').count()).toBe(2);
      if (shots) await readmePicture(page, 'customer-390-zh-CN', { fullPage: true });
      await chooseLanguage(page, 'English');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });
  },
);
