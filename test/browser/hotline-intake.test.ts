import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  pick,
  screenshot,
  type BrowserUser,
  chooseLanguage,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

/** Issue #16: the caller found by phone, the customer's entitlement at once, a product chosen from its list. */
describeBrowserSuite('hotline intake: caller by phone, entitlement, product list, department', null, (database) => {
  let web: BrowserApp;
  let secretary: BrowserUser;
  let organizationId: string;
  let wangFang: string;
  let systemsId: string;
  const shots = database === 'sqlite';

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    secretary = await web.user('secretary', { name: 'Sue Secretary' });
    const department = async (name: string) => (await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name })).id;
    await department('Network Service');
    systemsId = await department('Systems Service');
    const securityId = await department('Security Service');
    organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Northwind Harbour' })).id;
    await web.api(admin, 'PATCH', `/api/v1/organizations/${organizationId}`, { defaultDepartmentId: systemsId });
    wangFang = (
      await web.api<{ id: string }>(admin, 'POST', `/api/v1/organizations/${organizationId}/contacts`, {
        name: 'Wang Fang',
        phone: '021 6888 1234',
      })
    ).id;
    const vendor = await web.api<{ id: string }>(admin, 'POST', '/api/v1/vendors', { name: 'Sophos', supportCenter: { name: 'Sophos' } });
    const nextYear = `${new Date().getUTCFullYear() + 1}-12-31`;
    await web.api(admin, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Perimeter 2025',
      deliveredAt: '2025-06-01',
      guaranteeEndsAt: nextYear,
      items: [{ vendorId: vendor.id, model: 'XGS 2100', serialNumber: 'NWH-USG-0003', site: 'Harbour office' }],
    });
    await web.api(admin, 'POST', '/api/v1/assets', {
      organizationId,
      vendorId: vendor.id,
      model: 'C9300',
      serialNumber: 'NWH-SW-0002',
      site: 'Dock 4',
    });
    const thisYear = new Date().getUTCFullYear();
    await web.api(admin, 'POST', '/api/v1/contracts', {
      organizationId,
      number: 'NWH-SC-1',
      startsAt: `${thisYear - 1}-01-01`,
      endsAt: `${thisYear + 1}-12-31`,
      services: ['hotline', 'remote'],
      assetSerials: ['NWH-SW-0002'],
      defaultDepartmentId: securityId,
    });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('a caller found by phone: contact picked, entitlement shown, a product picked from the list, department pre-filled', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/intake');
    await page.locator('#intake-lookup').fill('021-6888-1234');
    await page.locator('#intake-lookup').press('Enter');
    // The caller is the contact; the customer's contracts and guarantees show at once.
    const contact = page.locator('#intake_contactId').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]');
    await eventually(() => contact.innerText()).toContain('Wang Fang');
    const entitlement = page.getByTestId('customer-entitlement');
    await eventually(() => entitlement.innerText()).toContain('NWH-SC-1');
    expect(await entitlement.innerText()).toContain('Perimeter 2025');
    // The customer's own department is proposed before any product is chosen.
    const departmentItem = page.locator('.ant-form-item').filter({ has: page.getByLabel('Department') });
    await eventually(() => departmentItem.textContent()).toContain('Systems Service');

    // The products are a list with site and entitlement; typed in lower case, the serial still finds its product.
    const products = page.getByLabel('Products (serial numbers)');
    await products.click();
    await products.fill('nwh-usg');
    const option = page.locator('.ant-select-item-option').filter({ hasText: 'NWH-USG-0003' });
    await eventually(() => option.innerText()).toContain('Harbour office');
    expect(await option.innerText()).toContain('In guarantee until');
    await option.click();
    await page.keyboard.press('Escape');
    const chosen = page.getByTestId('chosen-products');
    await eventually(() => chosen.innerText()).toContain('NWH-USG-0003');
    expect(await chosen.innerText()).toMatch(/Harbour office[\s\S]*In guarantee/);
    await page.getByLabel('Title').fill('Firewall reboots every night');
    await eventually(() => departmentItem.textContent()).toContain('Systems Service');
    if (shots) {
      await screenshot(page, 'intake-products-en');
      await chooseLanguage(page, '中文');
      await eventually(() => page.getByTestId('chosen-products').innerText()).toContain('保修期至');
      await screenshot(page, 'intake-products-zh-CN');
      await chooseLanguage(page, 'English');
      await eventually(() => page.getByRole('button', { name: 'Log case' }).count()).toBe(1);
    }

    // Without a department the case is not saved: the field says why.
    await departmentItem.locator('.ant-select').hover();
    await departmentItem.locator('.ant-select-clear').click();
    await page.getByRole('button', { name: 'Log case' }).click();
    await eventually(() => departmentItem.textContent()).toContain('Choose the service department');
    expect(page.url()).toMatch(/\/intake$/);
    await pick(page, page.getByLabel('Department'), 'Systems Service');
    await page.getByRole('button', { name: 'Log case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const created = await web.api<{ contactId: string; departmentId: string; serialNumbers: string[]; billing: string }>(
      secretary,
      'GET',
      `/api/v1/cases/${page.url().split('/').at(-1)}`,
    );
    expect(created).toMatchObject({ contactId: wangFang, departmentId: systemsId, serialNumbers: ['NWH-USG-0003'], billing: 'guarantee' });
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the contract of the product chosen proposes its department; a serial not on record can be typed', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/intake');
    await page.locator('#intake-lookup').fill('Northwind');
    await page.locator('#intake-lookup').press('Enter');
    const departmentItem = page.locator('.ant-form-item').filter({ has: page.getByLabel('Department') });
    await eventually(() => departmentItem.textContent()).toContain('Systems Service');
    const products = page.getByLabel('Products (serial numbers)');
    await pick(page, products, /NWH-SW-0002/);
    await eventually(() => departmentItem.textContent()).toContain('Security Service');
    await products.fill('NEW-UNIT-77');
    await products.press('Enter');
    await page.keyboard.press('Escape');
    const chosen = page.getByTestId('chosen-products');
    await eventually(() => chosen.innerText()).toContain('NEW-UNIT-77 — not in this customer’s product list');
    expect(await chosen.innerText()).toMatch(/Dock 4[\s\S]*Covered by contract NWH-SC-1/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a serial number read out before the customer is chosen is not called unlisted; once chosen it shows its site and cover', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/intake');
    await page.locator('#intake-lookup').fill('NWH-SW-0002');
    const chosen = page.getByTestId('chosen-products');
    await eventually(() => chosen.innerText()).toContain('NWH-SW-0002');
    // Nothing is known of the customer's list yet: the lookup above says what the product is and who pays.
    expect(await chosen.innerText()).not.toContain('not in this customer’s product list');
    // The form beside says what to do, not the search box's own hint a second time.
    expect(await page.getByRole('alert').filter({ hasText: 'Find the customer with the search box first' }).count()).toBe(1);
    await page.locator('#intake-lookup').press('Enter');
    await eventually(() => chosen.innerText()).toMatch(/Dock 4[\s\S]*Covered by contract NWH-SC-1/);
    expect(await chosen.innerText()).not.toContain('not in this customer’s product list');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
