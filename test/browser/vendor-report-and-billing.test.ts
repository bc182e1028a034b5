import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chooseLanguage,
  chromiumAvailable,
  eventually,
  pageErrors,
  pick,
  screenshot,
  type BrowserUser,
  picture,
  screenshotFile,
} from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: the vendor report of an escalated case, and work outside the contract', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let executive: BrowserUser;
  let kase: Created;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    const manager = await web.user('manager', { name: 'Mei Manager' });
    const gm = await web.user('manager', { name: 'Gao GM' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    await web.api(admin, 'PUT', '/api/v1/positions/operation-center-gm', { userId: gm.id });
    const acme = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    const vendor = await web.api<{ id: string }>(admin, 'POST', '/api/v1/vendors', {
      name: 'Cisco',
      supportCenter: { name: 'Cisco TAC', phone: '+1 800 553 2447', email: 'tac@cisco.example', contractNumber: 'CON-SNT-4471093' },
    });
    const project = await web.api<{ id: string }>(admin, 'POST', '/api/v1/projects', {
      organizationId: acme.id,
      name: 'Warehouse network 2022',
      deliveredAt: '2022-01-15',
      guaranteeEndsAt: '2023-12-31',
      items: [{ vendorId: vendor.id, model: 'Catalyst 9500', serialNumber: 'FOC2231X9ZZ', softwareVersion: '17.9.4a' }],
    });
    await web.api(admin, 'POST', '/api/v1/contracts', {
      organizationId: acme.id,
      number: 'SC-HOTLINE-REMOTE',
      startsAt: '2024-01-01',
      endsAt: `${new Date().getUTCFullYear() + 1}-12-31`,
      services: ['hotline', 'remote'],
      projectIds: [project.id],
    });
    executive = await web.user('executive', { name: 'Eddie Executive', departmentId: department.id });
    kase = await web.api<Created>(admin, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      departmentId: department.id,
      channel: 'hotline',
      level: 1,
      title: 'Core switch reboots in a loop',
      description: 'Both supervisors reboot every few minutes; the warehouse is offline.',
      serialNumbers: ['FOC2231X9ZZ'],
      receivedAt: new Date(Date.now() - 5 * 3_600_000).toISOString(),
    });
    await web.api(executive, 'POST', `/api/v1/cases/${kase.id}/actions`, {
      type: 'phone',
      summary: 'Collected show tech-support from both supervisors',
    });
    const inTwoDays = Date.now() + 2 * 86_400_000;
    await web.api(executive, 'POST', `/api/v1/cases/${kase.id}/visits`, {
      engineerUserId: executive.id,
      site: 'Shanghai warehouse',
      startsAt: new Date(inTwoDays).toISOString(),
      endsAt: new Date(inTwoDays + 3 * 3_600_000).toISOString(),
    });
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('the panel names whom to call, previews and sends the vendor report, then takes the vendor case number', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, executive);
    await page.goto(`/cases/${kase.id}`);
    const panel = page.getByTestId('vendor-escalation');
    await eventually(() => panel.textContent()).toContain('Cisco TAC');
    for (const expected of ['+1 800 553 2447', 'tac@cisco.example', 'CON-SNT-4471093']) {
      expect(await panel.textContent()).toContain(expected);
    }

    await panel.getByRole('button', { name: 'Prepare vendor report' }).click();
    const preview = page.getByTestId('vendor-report-preview');
    await eventually(() => preview.textContent()).toContain('FOC2231X9ZZ');
    for (const expected of ['Catalyst 9500', '17.9.4a', 'Both supervisors reboot every few minutes', 'Collected show tech-support']) {
      expect(await preview.textContent()).toContain(expected);
    }
    if (shots) await picture(page.locator('.ant-modal'), screenshotFile('vendor-report-en'));
    await page.getByRole('button', { name: 'Send to tac@cisco.example' }).click();
    await eventually(() => panel.getByRole('status').textContent()).toContain('Enter the case number the vendor gives you');
    // The vendor's answer is recorded in a dialog; the panel then shows it.
    await panel.getByRole('button', { name: 'Record vendor case number' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vendor case at Cisco TAC' });
    await dialog.getByLabel('Vendor case number').fill('TAC-694201337');
    await pick(page, dialog.getByLabel('Status'), 'In progress');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => panel.getByTestId('vendor-case-number').textContent()).toBe('TAC-694201337');
    expect(await panel.getByTestId('vendor-status').textContent()).toBe('In progress');
    expect(await panel.getByRole('button', { name: 'Prepare vendor report' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Update vendor case' }).count()).toBe(1);
    await eventually(
      async () =>
        (await web.api<{ vendorCaseNumber: string | null; status: string }>(executive, 'GET', `/api/v1/cases/${kase.id}/vendor-escalation`))
          .vendorCaseNumber,
    ).toBe('TAC-694201337');
    await eventually(() => page.locator('.cd-timeline').textContent()).toContain('Vendor report sent to tac@cisco.example');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('flags the case for the on-site visit the contract does not cover, and shows each item’s billing', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, executive);
    await page.goto(`/cases/${kase.id}`);
    await eventually(() => page.getByTestId('outside-contract-flag').textContent()).toContain('Outside contract — chargeable (1)');
    const items = page.getByTestId('service-record-panel').getByTestId('item-billing');
    await eventually(() => items.allTextContents()).toEqual(['Covered by contract SC-HOTLINE-REMOTE', 'Outside contract — chargeable']);
    if (shots) {
      await screenshot(page, 'case-outside-contract-en');
      await picture(page.getByTestId('service-record-panel'), screenshotFile('service-record-billing-en'));
    }
    await chooseLanguage(page, '中文');
    await eventually(() => page.getByTestId('outside-contract-flag').textContent()).toContain('超出合同范围 — 收费');
    await eventually(() => items.allTextContents()).toEqual(['由合同 SC-HOTLINE-REMOTE 覆盖', '超出合同范围 — 收费']);
    await eventually(() => page.getByTestId('vendor-escalation').textContent()).toContain('我方支持合同');
    if (shots) await screenshot(page, 'case-outside-contract-zh-CN');
    await chooseLanguage(page, 'English');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
