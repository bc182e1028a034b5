import path from 'node:path';
import os from 'node:os';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { en } from '../../web/i18n/en.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  pick,
  screenshot,
  type BrowserUser,
  picture,
  screenshotFile,
  readmePicture,
} from './support/browser-app.js';

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

/** Adds an option to a multiple-choice antd Select; its pop-up stays open after a pick until one clicks elsewhere in the dialog. */
async function pickOneMore(page: Page, select: Locator, option: string): Promise<void> {
  const root = select.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const chosen = root.locator('.ant-select-selection-item').filter({ hasText: option });
  // On a loaded machine a click can land while the pop-up still moves and choose nothing: a person would click again.
  for (let attempt = 1; attempt <= 3 && (await chosen.count()) === 0; attempt++) {
    await select.click();
    const popup = page.locator(`.ant-select-dropdown:has([id="${await select.getAttribute('aria-controls')}"])`);
    await popup
      .locator('.ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await page.getByRole('dialog').locator('.ant-modal-title').click();
    await popup.waitFor({ state: 'hidden' });
  }
  await chosen.first().waitFor();
}

/** Answers the small confirmation (a Popconfirm) that asks `question` with its `button`. */
async function answerConfirmation(page: Page, question: string, button: string): Promise<void> {
  await page.locator('.ant-popconfirm').filter({ hasText: question }).getByRole('button', { name: button }).click();
}

/** A day relative to today in the browser's zone (the tests' browsers are in Asia/Shanghai), written YYYY-MM-DD. */
function day(offset: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

describeBrowserSuite('web app: master data — vendors, sites and contracts kept in the web app alone', null, (database) => {
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
    await readmePicture(page, 'customer-site-390-en');
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

    // A contact who left the customer is retired (after a confirmation), keeps a tag in the list, and is reactivated.
    await page.getByRole('button', { name: 'Add contact' }).click();
    await dialog.getByLabel('Name').fill('Li Ming');
    await dialog.getByLabel('Role at the customer').fill('Network administrator');
    await dialog.getByLabel('Phone', { exact: true }).fill('021 5555 0188');
    await dialog.getByLabel('Second phone').fill('139 0013 9000');
    await dialog.getByLabel('E-mail').fill('li.ming@harbour-bank.example');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const contact = page.getByTestId('customer-contacts').locator('tr', { hasText: 'Li Ming' });
    await eventually(() => contact.count()).toBe(1);
    // On the phone the row is a card of "label: value" lines; the role and both numbers are on it.
    expect(await contact.locator('td[data-label="Role at the customer"]').innerText()).toBe('Network administrator');
    expect(await contact.innerText()).toContain('+86 139 0013 9000');
    await contact.getByRole('button', { name: 'Retire Li Ming' }).click();
    const question = page.locator('.ant-popconfirm').filter({ hasText: 'Retire contact Li Ming?' });
    await question.getByRole('button', { name: 'Retire' }).click();
    await eventually(() => contact.locator('.ant-tag', { hasText: 'Retired' }).count()).toBe(1);
    const contactsOf = async () =>
      (
        await web.api<{
          items: { name: string; retired: boolean; phoneE164: string | null; email: string | null; language: string }[];
        }>(manager, 'GET', `/api/v1/organizations/${organizationId}/contacts`)
      ).items;
    expect(await contactsOf()).toMatchObject([{ name: 'Li Ming', retired: true }]);
    await contact.scrollIntoViewIfNeeded();
    await picture(page, path.join(os.tmpdir(), 'customer-contact-retired-390-en.png'), { fullPage: true });
    await contact.getByRole('button', { name: 'Reactivate Li Ming' }).click();
    await answerConfirmation(page, 'Reactivate contact Li Ming?', 'Reactivate');
    await eventually(() => contact.locator('.ant-tag', { hasText: 'Retired' }).count()).toBe(0);
    expect(await contactsOf()).toMatchObject([{ name: 'Li Ming', retired: false }]);

    // Editing a contact: the dialog comes prefilled; leaving with changes asks first; a bad phone is shown at its field.
    await contact.getByRole('button', { name: 'Edit contact Li Ming' }).click();
    expect(await dialog.locator('.ant-modal-title').innerText()).toBe('Edit contact');
    expect(await dialog.getByLabel('Phone', { exact: true }).inputValue()).toBe('+86 21 5555 0188');
    expect(await dialog.getByLabel('E-mail').inputValue()).toBe('li.ming@harbour-bank.example');
    expect(await dialog.getByLabel('Role at the customer').inputValue()).toBe('Network administrator');
    expect(await dialog.getByLabel('Second phone').inputValue()).toBe('+86 139 0013 9000');
    await dialog.getByLabel('Name').fill('Li Ming (IT)');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').filter({ hasText: 'Discard your changes?' }).getByRole('button', { name: 'Keep editing' }).click();
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Li Ming (IT)');
    await dialog.getByLabel('Phone', { exact: true }).fill('12');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => dialog.locator('.ant-form-item-has-error input').getAttribute('id')).toBe('phone');
    await dialog.getByLabel('Phone', { exact: true }).fill('138 0013 8000');
    await dialog.getByLabel('Language of mails').click();
    await page.locator('.ant-select-item-option', { hasText: 'English' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    const edited = page.getByTestId('customer-contacts').locator('tr', { hasText: 'Li Ming (IT)' });
    await eventually(() => edited.innerText()).toContain('+86 138 0013 8000');
    expect(await contactsOf()).toMatchObject([
      {
        name: 'Li Ming (IT)',
        roleAtCustomer: 'Network administrator',
        phoneE164: '+8613800138000',
        secondPhoneE164: '+8613900139000',
        email: 'li.ming@harbour-bank.example',
        language: 'en',
        retired: false,
      },
    ]);

    // A retired customer's page offers nothing the server would refuse: no adding of contacts, sites, projects,
    // products or contracts, and says why next to Reactivate; once reactivated, they are offered again.
    const adding = ['Add contact', 'Add site', 'New project', 'Add product', 'New contract'];
    const offered = async () => {
      const shown: string[] = [];
      for (const name of adding) if ((await page.getByRole('button', { name, exact: true }).count()) > 0) shown.push(name);
      return shown;
    };
    await eventually(offered).toEqual(adding);
    const note = page.getByTestId('retired-customer-note');
    expect(await note.count()).toBe(0);
    await page.getByRole('button', { name: 'Retire Harbour Bank' }).click();
    await answerConfirmation(page, 'Retire customer Harbour Bank?', 'Retire');
    await eventually(() => note.count()).toBe(1);
    expect(await note.innerText()).toBe('This customer is retired; reactivate it to add records');
    expect(await page.getByRole('button', { name: 'Reactivate Harbour Bank' }).count()).toBe(1);
    expect(await offered()).toEqual([]);
    // Its records are still there to read and edit.
    expect(await page.getByRole('button', { name: 'Edit contact Li Ming (IT)' }).count()).toBe(1);
    await picture(page, path.join(os.tmpdir(), 'customer-retired-390-en.png'), { fullPage: true });
    await page.getByRole('button', { name: 'Reactivate Harbour Bank' }).click();
    await answerConfirmation(page, 'Reactivate customer Harbour Bank?', 'Reactivate');
    await eventually(offered).toEqual(adding);
    expect(await note.count()).toBe(0);

    // Nothing is wider than the phone (once the confirmation that reactivated the customer has closed).
    await eventually(() => page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await site.scrollIntoViewIfNeeded();
    await picture(page, screenshotFile('customer-sites-390-en'));
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a manager records a contract covering a product, corrects its period at the field, edits it and renews it from the list of contracts ending soon, and adds a product at a site', async () => {
    // Set-up outside the scenario: a department, and a product delivered to the customer by the vendor made above.
    await web.api(await web.user('admin'), 'POST', '/api/v1/departments', { name: 'Network Service' });
    const vendors = await web.api<{ items: { id: string; name: string }[] }>(manager, 'GET', '/api/v1/vendors');
    const vendorId = vendors.items.find((vendor) => vendor.name === 'Northwind Networks')!.id;
    await web.api(manager, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Core network',
      deliveredAt: day(-400),
      guaranteeEndsAt: day(-35),
      items: [
        { vendorId, model: 'NW-9300', serialNumber: 'NWX0001', site: 'Data center Pudong' },
        { vendorId, model: 'NW-9300', serialNumber: 'NWX0002', site: 'Data center Pudong' },
      ],
    });

    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto(`/organizations/${organizationId}`);
    await page.getByRole('button', { name: 'New contract' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Contract number').fill('HB-2026-01');
    await dialog.getByLabel('First day').fill(day(-300));
    // The last day before the first: the server's word on it is shown at the last day.
    await dialog.getByLabel('Last day').fill(day(-301));
    await dialog.getByLabel('Hotline').check();
    await dialog.getByLabel('On-site service').check();
    await dialog.getByLabel('Selected products and projects').check();
    await pickOneMore(page, dialog.getByLabel('Products', { exact: true }), 'NWX0001');
    await pick(page, dialog.getByLabel('Servicing department'), 'Network Service');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await eventually(() => dialog.locator('.ant-form-item-has-error input').getAttribute('id')).toBe('endsAt');
    await readmePicture(page, 'contract-period-en');
    await dialog.getByLabel('Last day').fill(day(20));
    await eventually(() => dialog.locator('.ant-form-item-explain-error').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('tr', { hasText: 'HB-2026-01' });
    await eventually(() => row.innerText()).toContain('NWX0001');
    expect(await row.innerText()).toContain('Hotline, On-site service');
    expect(await row.innerText()).toContain('Ends soon');

    // Edited: the contract now covers the second product too.
    await page.getByRole('button', { name: 'Edit contract HB-2026-01' }).click();
    await pickOneMore(page, dialog.getByLabel('Products', { exact: true }), 'NWX0002');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => row.innerText()).toContain('NWX0001, NWX0002');
    const entitlement = await web.api<{ billing: string }>(manager, 'GET', '/api/v1/entitlements?serial=NWX0002');
    expect(entitlement.billing).toBe('contract');

    // From the customers list: contracts ending in the next 60 days, renewed from there.
    await page.goto('/organizations');
    const expiring = page.locator('.cd-card', { hasText: 'Contracts ending in the next 60 days' });
    await eventually(() => expiring.locator('tr', { hasText: 'HB-2026-01' }).count()).toBe(1);
    expect(await expiring.innerText()).toContain('Harbour Bank');
    await screenshot(page, 'contracts-expiring-en');
    // A retired customer's contract is not offered for renewal from the list (the customer takes no new contract).
    await web.api(manager, 'POST', `/api/v1/organizations/${organizationId}/retire`, {});
    await page.reload();
    await eventually(() => expiring.locator('tr', { hasText: 'HB-2026-01' }).count()).toBe(1);
    expect(await expiring.getByRole('button', { name: 'Renew contract HB-2026-01' }).count()).toBe(0);
    await web.api(manager, 'POST', `/api/v1/organizations/${organizationId}/reactivate`, {});
    await page.reload();
    await eventually(() => expiring.getByRole('button', { name: 'Renew contract HB-2026-01' }).count()).toBe(1);
    await expiring.getByRole('button', { name: 'Renew contract HB-2026-01' }).click();
    expect(await dialog.getByLabel('First day').inputValue()).toBe(day(21));
    expect(await dialog.getByLabel('Last day').inputValue()).toBe(day(21 + 320));
    expect(await dialog.getByLabel('Hotline').isChecked()).toBe(true);
    await dialog.getByLabel('Contract number').fill('HB-2027-01');
    await readmePicture(page, 'contract-renew-en');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    const contracts = await web.api<{
      items: { number: string; startsAt: string; assetSerials: string[]; defaultDepartmentId: string | null }[];
    }>(manager, 'GET', `/api/v1/contracts?organizationId=${organizationId}`);
    const renewed = contracts.items.find((contract) => contract.number === 'HB-2027-01');
    expect(renewed).toMatchObject({ startsAt: day(21), assetSerials: ['NWX0001', 'NWX0002'], defaultDepartmentId: expect.any(String) });

    // A product delivered later, added on the customer page at one of its sites; a serial already on record is refused at its field.
    await page.goto(`/organizations/${organizationId}`);
    await page.getByRole('button', { name: 'Add product' }).click();
    await pick(page, dialog.getByLabel('Vendor'), 'Northwind Networks');
    await dialog.getByLabel('Model').fill('NW-4400');
    await dialog.getByLabel('Serial number').fill('nwx0001');
    await dialog.getByLabel('Software version').fill('2.1.7');
    await pick(page, dialog.getByLabel('Site'), 'Data center Pudong');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await eventually(() => dialog.locator('.ant-form-item-has-error input').getAttribute('id')).toBe('serialNumber');
    await readmePicture(page, 'customer-product-serial-en');
    await dialog.getByLabel('Serial number').fill('NWX0003');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const product = page.locator('tr', { hasText: 'NWX0003' });
    await eventually(() => product.innerText()).toContain('Data center Pudong');
    expect(await product.innerText()).toContain('2.1.7');
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
    await readmePicture(page, 'vendor-phone-zh-CN');

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
    await readmePicture(page, 'customer-site-unsaved-zh-CN');
    await page.getByRole('button', { name: '放弃' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);

    // The product form.
    await page.getByRole('button', { name: '添加产品' }).click();
    await eventually(() => page.getByRole('dialog').getByLabel('序列号').count()).toBe(1);
    expect(await untranslated(page, englishTexts(en.productForm, en.products, en.form, en.common))).toEqual([]);
    await page.keyboard.press('Escape');
    await eventually(() => page.getByRole('dialog').count()).toBe(0);

    // Contracts: the customer page's list and form, and the list of contracts ending soon.
    const contractEnglish = englishTexts(en.contracts, en.customer, en.products.service, en.servicing, en.form, en.common);
    await page.getByRole('button', { name: '编辑合同 HB-2026-01' }).click();
    await eventually(() => page.getByRole('dialog').getByLabel('合同编号').inputValue()).toBe('HB-2026-01');
    expect(await untranslated(page, contractEnglish)).toEqual([]);
    await readmePicture(page, 'contract-edit-zh-CN');
    await page.keyboard.press('Escape');
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    await page.goto('/organizations');
    await eventually(() => page.getByText('未来 60 天内到期的合同').count()).toBe(1);
    await eventually(() => page.locator('tr', { hasText: 'HB-2026-01' }).count()).toBe(1);
    expect(await untranslated(page, contractEnglish)).toEqual([]);
    await screenshot(page, 'contracts-expiring-zh-CN');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
