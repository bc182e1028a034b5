import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

/** The options an antd Select of the open dialog offers (its pop-up is closed again afterwards). */
async function optionsOf(page: Page, select: Locator): Promise<string[]> {
  await select.click();
  const popup = page.locator(`.ant-select-dropdown:has([id="${await select.getAttribute('aria-controls')}"])`);
  // Options, or antd's "no data" when none is offered.
  await popup.locator('.ant-select-item-option, .ant-select-item-empty').first().waitFor();
  const options = await popup.locator('.ant-select-item-option').allInnerTexts();
  await page.getByRole('dialog').locator('.ant-modal-title').click();
  await popup.waitFor({ state: 'hidden' });
  return options.map((option) => option.trim()).sort();
}

/** Clicks a button of a record, then confirms its question with `confirm` (the buttons ask first). */
async function confirmed(page: Page, scope: Locator, button: string, question: string, confirm: string): Promise<void> {
  await scope.getByRole('button', { name: button }).click();
  await page.locator('.ant-popconfirm').filter({ hasText: question }).getByRole('button', { name: confirm }).click();
}

describeBrowserSuite('web app: retiring a vendor and closing a project, and bringing them back', null, (database) => {
  let web: BrowserApp;
  let manager: BrowserUser;
  let organizationId: string;
  let projectId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    manager = await web.user('manager', { name: 'Max Manager' });
    for (const name of ['Northwind Networks', 'Contoso Switching'])
      await web.api(manager, 'POST', '/api/v1/vendors', { name, supportCenter: { name: `${name} TAC` } });
    organizationId = (await web.api<{ id: string }>(manager, 'POST', '/api/v1/organizations', { name: 'Harbour Bank' })).id;
    projectId = (
      await web.api<{ id: string }>(manager, 'POST', '/api/v1/projects', {
        organizationId,
        name: 'Core network',
        deliveredAt: '2025-04-01',
        guaranteeEndsAt: '2027-03-31',
      })
    ).id;
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  /** The vendor and project pickers of the customer page's "Add product" dialog. */
  async function productPickers(page: Page): Promise<{ vendors: string[]; projects: string[] }> {
    await page.goto(`/organizations/${organizationId}`);
    await page.getByRole('button', { name: 'Add product' }).first().click();
    const dialog = page.getByRole('dialog');
    const pickers = {
      vendors: await optionsOf(page, dialog.getByLabel('Vendor')),
      projects: await optionsOf(page, dialog.getByLabel('Project')),
    };
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    return pickers;
  }

  it('a manager retires a vendor: it leaves the list, is tagged when shown, is not offered for a new product, and comes back', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    expect((await productPickers(page)).vendors).toEqual(['Contoso Switching', 'Northwind Networks']);

    await page.goto('/vendors');
    const contoso = page.locator('tr', { hasText: 'Contoso Switching' });
    await eventually(() => contoso.count()).toBe(1);
    await confirmed(page, contoso, 'Retire vendor Contoso Switching', 'Retire vendor Contoso Switching?', 'Retire');
    // Left out of the list, until retired vendors are shown: then with its tag and "Reactivate".
    await eventually(() => contoso.count()).toBe(0);
    expect(await page.locator('tr', { hasText: 'Northwind Networks' }).count()).toBe(1);
    await page.getByLabel('Show retired vendors').check();
    await eventually(() => contoso.locator('.ant-tag', { hasText: 'Retired' }).count()).toBe(1);
    expect(await contoso.getByRole('button', { name: 'Reactivate vendor Contoso Switching' }).count()).toBe(1);
    const vendors = await web.api<{ items: { name: string; status: string }[] }>(manager, 'GET', '/api/v1/vendors?includeRetired=true');
    expect(vendors.items.find((vendor) => vendor.name === 'Contoso Switching')?.status).toBe('retired');

    expect((await productPickers(page)).vendors).toEqual(['Northwind Networks']);

    await page.goto('/vendors');
    await page.getByLabel('Show retired vendors').check();
    await confirmed(page, contoso, 'Reactivate vendor Contoso Switching', 'Bring vendor Contoso Switching back into use?', 'Reactivate');
    await eventually(() => contoso.locator('.ant-tag', { hasText: 'Retired' }).count()).toBe(0);
    expect(await contoso.getByRole('button', { name: 'Retire vendor Contoso Switching' }).count()).toBe(1);
    expect((await productPickers(page)).vendors).toEqual(['Contoso Switching', 'Northwind Networks']);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a manager closes a project on its page: it is tagged, not offered for a new product, and reopened', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    expect((await productPickers(page)).projects).toEqual(['Core network']);

    await page.goto(`/projects/${projectId}`);
    const record = page.getByTestId('project-record');
    await confirmed(page, record, 'Close project', 'Close project Core network?', 'Close project');
    const closedTag = page.locator('.ant-tag', { hasText: 'Closed' });
    await eventually(() => closedTag.count()).toBe(1);
    expect(await record.getByRole('button', { name: 'Reopen project' }).count()).toBe(1);
    expect((await web.api<{ status: string }>(manager, 'GET', `/api/v1/projects/${projectId}`)).status).toBe('retired');

    // The customer page's projects leave it out unless closed ones are shown; the product form does not offer it.
    await page.goto(`/organizations/${organizationId}`);
    const projects = page.locator('.cd-card', { hasText: 'Show closed projects' });
    await eventually(() => projects.count()).toBe(1);
    expect(await projects.locator('tr', { hasText: 'Core network' }).count()).toBe(0);
    await projects.getByLabel('Show closed projects').check();
    await eventually(() => projects.locator('tr', { hasText: 'Core network' }).locator('.ant-tag', { hasText: 'Closed' }).count()).toBe(1);
    expect((await productPickers(page)).projects).toEqual([]);

    await page.goto(`/projects/${projectId}`);
    await confirmed(page, record, 'Reopen project', 'Reopen project Core network?', 'Reopen project');
    await eventually(() => closedTag.count()).toBe(0);
    expect(await record.getByRole('button', { name: 'Close project' }).count()).toBe(1);
    expect((await productPickers(page)).projects).toEqual(['Core network']);

    // An open project of a retired customer offers no new product on its page either; reactivated, it does again.
    const items = page.getByTestId('project-items');
    const addProduct = items.getByRole('button', { name: 'Add product' });
    await page.goto(`/projects/${projectId}`);
    await eventually(() => addProduct.count()).toBe(1);
    await web.api(manager, 'POST', `/api/v1/organizations/${organizationId}/retire`, {});
    await page.reload();
    // The customer's name shows once the customer (and what it may take) has been read.
    await eventually(() => page.getByTestId('project-record').getByRole('link', { name: 'Harbour Bank' }).count()).toBe(1);
    expect(await addProduct.count()).toBe(0);
    await web.api(manager, 'POST', `/api/v1/organizations/${organizationId}/reactivate`, {});
    await page.reload();
    await eventually(() => addProduct.count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
