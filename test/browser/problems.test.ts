import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

describeBrowserSuite('web app: problem records from a case', null, (database) => {
  let web: BrowserApp;
  let expert: BrowserUser;
  let chineseExpert: BrowserUser;
  let caseId: string;
  let acmeId: string;
  let ciscoId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    expert = await web.user('expert', { name: 'Erin Expert' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: expert.id,
    });
    chineseExpert = await web.user('expert', { name: 'Li Hua', language: 'zh-CN' });
    const acme = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    acmeId = acme.id;
    await web.api(admin, 'POST', '/api/v1/organizations', { name: 'Beta Freight', code: 'BETA' });
    ciscoId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/vendors', { name: 'Cisco', supportCenter: { name: 'Cisco TAC' } })).id;
    await web.api(admin, 'POST', '/api/v1/vendors', { name: 'Huawei', supportCenter: { name: 'Huawei TAC' } });
    const opened = await web.api<{ id: string }>(expert, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      channel: 'hotline',
      level: 3,
      title: 'Core switch drops packets under load',
      description: 'Packet loss on the core switch every evening.',
      departmentId: department.id,
    });
    caseId = opened.id;
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('an expert opens a problem from a case, sets its workaround, and the case shows it one click away', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, expert);
    await page.goto(`/cases/${caseId}`);
    const card = page.getByTestId('case-problems');
    await eventually(() => card.getByText('This case is not linked to a problem.').count()).toBe(1);
    await card.getByRole('button', { name: 'Open a problem from this case' }).click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.getByLabel('Title').inputValue()).toBe('Core switch drops packets under load');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/problems\/[\w-]+$/);
    const problemId = new URL(page.url()).pathname.split('/').at(-1)!;
    await eventually(() => page.getByRole('heading', { name: /Core switch drops packets under load/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    await eventually(() => edit.getByLabel('Title').inputValue()).toBe('Core switch drops packets under load');
    await edit.getByLabel('Workaround').fill('Disable flow control on the uplink ports.');
    await edit.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByTestId('problem-workaround').innerText()).toBe('Disable flow control on the uplink ports.');
    await eventually(() => page.getByRole('link', { name: /^C-/ }).count()).toBe(1);

    await page.getByRole('link', { name: /^C-/ }).click();
    await page.waitForURL(`**/cases/${caseId}`);
    const caseCard = page.getByTestId('case-problems');
    await eventually(() => caseCard.getByRole('link', { name: 'Core switch drops packets under load' }).getAttribute('href')).toBe(
      `/problems/${problemId}`,
    );
    await caseCard.getByRole('button', { name: 'Show workaround' }).click();
    await eventually(() => caseCard.getByTestId('case-problem-workaround').innerText()).toBe('Disable flow control on the uplink ports.');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('an expert names the affected customers and vendor models, and on a phone in Chinese the dialog fits', async () => {
    const problem = await web.api<{ id: string }>(expert, 'POST', '/api/v1/problems', {
      title: 'Stack ports flap after upgrade',
      ownerId: expert.id,
      organizationIds: [acmeId],
      products: [{ vendorId: ciscoId, model: 'Catalyst 9300' }, { model: 'Old model' }],
    });
    const { page, context } = await web.newPage();
    await web.signIn(page, expert);
    await page.goto(`/problems/${problem.id}`);
    await eventually(() => page.getByTestId('problem-organizations').innerText()).toBe('Acme Logistics');
    await eventually(() => page.getByTestId('problem-products').innerText()).toBe('Cisco Catalyst 9300, Old model');

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    // What is on record is shown by name, the vendor chosen in its line.
    await eventually(() => dialog.locator('.ant-select-selection-item', { hasText: 'Acme Logistics' }).count()).toBe(1);
    const firstLine = dialog.getByTestId('problem-product').first();
    await eventually(() => firstLine.locator('.ant-select-content', { hasText: 'Cisco' }).count()).toBe(1);
    await eventually(() => firstLine.getByLabel('Model 1').inputValue()).toBe('Catalyst 9300');
    await pickOneMore(page, dialog.getByLabel('Customers'), 'Beta', 'Beta Freight');
    await dialog.getByRole('button', { name: 'Remove line 2' }).click();
    await dialog.getByRole('button', { name: 'Add a vendor or model' }).click();
    await pickOne(page, dialog.getByLabel('Vendor 2'), 'Huawei');
    await dialog.getByLabel('Model 2').fill('S5735');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByTestId('problem-organizations').innerText()).toBe('Acme Logistics, Beta Freight');
    await eventually(() => page.getByTestId('problem-products').innerText()).toBe('Cisco Catalyst 9300, Huawei S5735');
    const stored = await web.api<{ organizations: { name: string }[]; products: { vendorName: string | null; model: string | null }[] }>(
      expert,
      'GET',
      `/api/v1/problems/${problem.id}`,
    );
    expect(stored.organizations.map((organization) => organization.name).sort()).toEqual(['Acme Logistics', 'Beta Freight']);
    expect(stored.products).toEqual([
      { vendorId: ciscoId, vendorName: 'Cisco', model: 'Catalyst 9300' },
      expect.objectContaining({ vendorName: 'Huawei', model: 'S5735' }),
    ]);
    expect(pageErrors(page)).toEqual([]);
    await context.close();

    const phone = await web.newPage({ locale: 'zh-CN', width: 390, height: 844 });
    await web.signIn(phone.page, chineseExpert, { email: '邮箱', password: '密码', submit: '登录' });
    await phone.page.goto(`/problems/${problem.id}`);
    await eventually(() => phone.page.getByTestId('problem-products').innerText()).toBe('Cisco Catalyst 9300, Huawei S5735');
    await phone.page.getByRole('button', { name: '编辑' }).click();
    const chineseDialog = phone.page.getByRole('dialog');
    await eventually(() => chineseDialog.getByLabel('厂商 2').count()).toBe(1);
    await expect(chineseDialog.getByRole('button', { name: '添加厂商或型号' }).isVisible()).resolves.toBe(true);
    await expect(chineseDialog.getByRole('button', { name: '移除第 2 行' }).isVisible()).resolves.toBe(true);
    // The vendor, its model and Remove fit the phone's width.
    const line = await chineseDialog.getByTestId('problem-product').nth(1).boundingBox();
    expect(line!.x + line!.width).toBeLessThanOrEqual(390);
    expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(pageErrors(phone.page)).toEqual([]);
    await phone.context.close();
  });
});

/** Picks an option of a single-choice antd Select. */
async function pickOne(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  const popup = page.locator(`.ant-select-dropdown:has([id="${await select.getAttribute('aria-controls')}"])`);
  await popup.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  await popup.waitFor({ state: 'hidden' });
}

/** Adds an option to a multiple-choice antd Select that searches as one types; its pop-up closes by a click elsewhere. */
async function pickOneMore(page: Page, select: Locator, typed: string, option: string): Promise<void> {
  await select.click();
  await select.fill(typed);
  const popup = page.locator(`.ant-select-dropdown:has([id="${await select.getAttribute('aria-controls')}"])`);
  await popup.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  await page.getByRole('dialog').locator('.ant-modal-title').click();
  await popup.waitFor({ state: 'hidden' });
}
