import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
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

interface Created {
  id: string;
}

/** The English texts of the new screens (longer than a word): none may show on a Chinese screen. */
function englishTexts(...parts: Record<string, unknown>[]): string[] {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') texts.push(value.replace(/\{\{\w+\}\}.*$/, '').trim());
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  parts.forEach(walk);
  return texts.filter((text) => text.length > 8);
}

async function untranslated(page: Page, english: string[]): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const keys = text.match(new RegExp(`\\b(${Object.keys(en).join('|')})\\.[a-z][\\w.]*`, 'g')) ?? [];
  return [...keys, ...english.filter((phrase) => text.includes(phrase))];
}

/** The customer page's contracts card: the card holding the button named. */
function contractsCard(page: Page, button: string) {
  return page.locator('.cd-card', { has: page.getByRole('button', { name: button }) });
}

/** This month in the browser's zone (Asia/Shanghai), `YYYY-MM`, and a day in it a year back. */
function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).slice(0, 7);
}

const NEW_SCREENS = englishTexts(en.trainingPlan, en.trainingChange, en.retire, en.exchanges, en.yearlyChecks, en.auditLog);

describeBrowserSuite('web app: planning trainings, exchanges and compensations, yearly checks, the audit log', null, (database) => {
  let web: BrowserApp;
  let manager: BrowserUser;
  let engineer: BrowserUser;
  let chinese: BrowserUser;
  let caseId: string;
  let caseNumber: string;
  let acmeId: string;
  let drillsId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    manager = await web.user('manager', { name: 'Mia Manager' });
    engineer = await web.user('executive', { name: 'Eli Engineer' });
    chinese = await web.user('manager', { name: '马经理', language: 'zh-CN' });
    const department = await web.api<Created>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    const acme = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    await web.api(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: 'Carla Contact',
      email: 'carla@acme.example',
      language: 'en',
    });
    await web.api(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: '李华',
      email: 'li.hua@acme.example',
      language: 'zh-CN',
    });
    const vendor = await web.api<Created>(admin, 'POST', '/api/v1/vendors', { name: 'Cisco', supportCenter: { name: 'Cisco TAC' } });
    const month = thisMonth();
    const year = Number(month.slice(0, 4));
    await web.api(admin, 'POST', '/api/v1/projects', {
      organizationId: acme.id,
      name: 'Warehouse network',
      deliveredAt: `${year - 1}-${month.slice(5)}-20`,
      guaranteeEndsAt: `${year + 1}-12-31`,
      items: [{ vendorId: vendor.id, model: 'Catalyst 9300', serialNumber: 'FOC2231X0AB' }],
    });
    const opened = await web.api<{ id: string; number: string }>(engineer, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      channel: 'hotline',
      level: 3,
      title: 'Stack member fails after a week',
      description: 'The switch fails again; the customer asks for a replacement.',
      departmentId: department.id,
      assigneeId: engineer.id,
      serialNumbers: ['FOC2231X0AB'],
    });
    caseId = opened.id;
    caseNumber = opened.number;
    acmeId = acme.id;
    await web.api(admin, 'POST', '/api/v1/contracts', {
      organizationId: acme.id,
      number: 'ACME-SLA-1',
      startsAt: `${year - 1}-01-01`,
      endsAt: `${year + 1}-12-31`,
      services: ['hotline', 'onsite'],
    });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('a manager plans a training with invited contacts; each invited contact is mailed', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.getByRole('navigation').getByRole('link', { name: 'Trainings' }).first().click();
    await page.waitForURL('**/trainings');
    await page.getByRole('button', { name: 'Plan training' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Customer').fill('Acme');
    await pick(page, dialog.getByLabel('Customer'), 'Acme Logistics');
    await dialog.getByLabel('Topic').fill('Operating the new core switches');
    await pick(page, dialog.getByLabel('Trainer'), 'Eli Engineer');
    await dialog.getByLabel('Date').fill(`${thisMonth()}-28`);
    await dialog.getByLabel('Starts').fill('09:30');
    await dialog.getByLabel('Ends').fill('12:00');
    await dialog.getByLabel('Place').fill('Acme HQ, room 4');
    await pick(page, dialog.getByLabel('Invited contacts'), 'Carla Contact');
    await dialog.locator('.ant-modal-title').click();
    await pick(page, dialog.getByLabel('Invited contacts'), '李华');
    await dialog.locator('.ant-modal-title').click();
    await readmePicture(page, 'training-plan-en');
    await dialog.getByRole('button', { name: 'Plan' }).click();
    await page.waitForURL(/\/trainings\/[\w-]+$/);
    await eventually(() => page.getByRole('heading', { name: /Operating the new core switches/ }).count()).toBe(1);
    await eventually(() => page.getByText('Carla Contact').count()).toBeGreaterThan(0);

    const invitations = await web.storage.db
      .selectFrom('outbox_messages')
      .select(['to_address', 'language'])
      .where('kind', '=', 'training-invitation')
      .orderBy('to_address')
      .execute();
    expect(invitations).toEqual([
      { to_address: 'carla@acme.example', language: 'en' },
      { to_address: 'li.hua@acme.example', language: 'zh-CN' },
    ]);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a manager changes a planned training and cancels it; the invitees are mailed each time', async () => {
    const contacts = await web.api<{ items: { id: string; name: string }[] }>(manager, 'GET', `/api/v1/organizations/${acmeId}/contacts`);
    const carla = contacts.items.find((contact) => contact.name === 'Carla Contact')!;
    drillsId = (
      await web.api<Created>(manager, 'POST', '/api/v1/trainings', {
        organizationId: acmeId,
        kind: 'class',
        topic: 'Backup drills',
        trainerUserId: engineer.id,
        date: `${thisMonth()}-27`,
        place: 'Acme HQ, room 2',
        attendees: [{ name: carla.name, contactId: carla.id }],
        contactId: carla.id,
      })
    ).id;
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto(`/trainings/${drillsId}`);
    await page.getByRole('button', { name: 'Edit training' }).click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.getByLabel('Place').inputValue()).toBe('Acme HQ, room 2');
    await dialog.getByLabel('Place').fill('Acme HQ, room 5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByText('Acme HQ, room 5').count()).toBe(1);
    const mails = (kind: string) =>
      web.storage.db.selectFrom('outbox_messages').select(['to_address', 'subject']).where('kind', '=', kind).orderBy('id').execute();
    await eventually(async () => (await mails('training-update')).map((mail) => mail.to_address)).toEqual(['carla@acme.example']);

    await page.getByRole('button', { name: 'Cancel training' }).click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByLabel('Reason (optional, told to the invitees)').fill('Trainer ill');
    await readmePicture(page, 'training-cancel-en');
    await confirm.getByRole('button', { name: 'Cancel training' }).click();
    await eventually(() => page.getByText('Reason: Trainer ill').count()).toBe(1);
    await eventually(() => page.getByRole('button', { name: 'Edit training' }).count()).toBe(0);
    const cancelled = await mails('training-cancellation');
    expect(cancelled.map((mail) => [mail.to_address, mail.subject])).toEqual([
      ['carla@acme.example', `Cancelled: training class “Backup drills” on ${thisMonth()}-27`],
    ]);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a manager ends a contract early with a reason; the list shows it only when asked, tagged', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto(`/organizations/${acmeId}`);
    // The contract number shows in the products' rows too: the contract's own row is the one with its buttons.
    await eventually(() => page.getByRole('button', { name: 'End contract ACME-SLA-1 early' }).count()).toBe(1);
    await page.getByRole('button', { name: 'End contract ACME-SLA-1 early' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Customer moved to another provider');
    await readmePicture(page, 'contract-end-en');
    await dialog.getByRole('button', { name: 'End contract' }).click();
    await eventually(() => page.getByRole('button', { name: 'Edit contract ACME-SLA-1' }).count()).toBe(0);
    await page.getByText('Show ended and cancelled contracts').click();
    await eventually(() => page.getByRole('button', { name: 'Edit contract ACME-SLA-1' }).count()).toBe(1);
    await eventually(() => page.getByText('Reason: Customer moved to another provider').count()).toBe(1);
    await eventually(() => page.getByRole('button', { name: 'Reactivate contract ACME-SLA-1' }).count()).toBe(1);
    const [contract] = (
      await web.api<{ items: { cancelledOn: string | null }[] }>(
        manager,
        'GET',
        `/api/v1/contracts?organizationId=${acmeId}&includeRetired=true`,
      )
    ).items;
    expect(contract!.cancelledOn).not.toBeNull();
    await picture(contractsCard(page, 'Reactivate contract ACME-SLA-1'), screenshotFile('contract-ended-en'));
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('on the case page a manager records an exchange and a compensation, each with the approver chosen among those allowed', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto(`/cases/${caseId}`);
    const panel = page.getByTestId('exchanges-panel');
    await eventually(() => panel.getByText('No exchange or compensation recorded on this case.').count()).toBe(1);

    await panel.getByRole('button', { name: 'Record exchange (RMA)' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Serial number put in').fill('FOC2231X9ZZ');
    await dialog.getByLabel('Reason').fill('Fails every week: a hardware fault under guarantee.');
    // The engineer may record but not approve: only managers and admins are offered.
    await dialog.getByLabel('Approved by').click();
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await eventually(() => options.count()).toBe(3);
    expect(await options.allInnerTexts()).not.toContain('Eli Engineer');
    await options.filter({ hasText: 'Mia Manager' }).click();
    await readmePicture(page, 'case-exchange-en');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await eventually(() => panel.getByText('FOC2231X9ZZ').count()).toBe(1);
    await eventually(() => panel.getByText('Approved by Mia Manager').count()).toBe(1);

    await panel.getByRole('button', { name: 'Record compensation' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('What is compensated').fill('One month of service fee');
    await dialog.getByLabel('Amount').fill('1500');
    await pick(page, dialog.getByLabel('Approved by'), 'Ada Admin');
    await dialog.getByRole('button', { name: 'Record' }).click();
    await eventually(() => panel.getByText('One month of service fee').count()).toBe(1);
    await eventually(() => panel.getByText('Approved by Ada Admin').count()).toBe(1);
    await eventually(() => panel.getByText(/CN¥1,500\.00|CNY\s?1,500\.00/).count()).toBe(1);
    await panel.scrollIntoViewIfNeeded();
    await page.addStyleTag({ content: '.ant-message { display: none !important; }' });
    await picture(panel, screenshotFile('case-exchanges-en'));
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('on the product page the exchange history shows the approver, and an exchange and a compensation are recorded choosing the case', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    const [asset] = (await web.api<{ items: { id: string }[] }>(manager, 'GET', '/api/v1/assets?serial=FOC2231X9ZZ')).items;
    await page.goto(`/products/${asset!.id}`);
    await eventually(() => page.getByRole('cell', { name: 'Mia Manager' }).count()).toBe(1);
    // The compensation recorded on the product's case is in its history too, with its approver.
    await eventually(() => page.getByRole('cell', { name: 'One month of service fee' }).count()).toBe(1);
    await eventually(() => page.getByRole('cell', { name: 'Ada Admin' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Record exchange (RMA)' }).click();
    const dialog = page.getByRole('dialog');
    await pick(page, dialog.getByLabel('Case'), caseNumber);
    await dialog.getByLabel('Serial number put in').fill('FOC2231X9ZY');
    await dialog.getByLabel('Reason').fill('The replacement failed too.');
    await pick(page, dialog.getByLabel('Approved by'), 'Mia Manager');
    await dialog.getByRole('button', { name: 'Record' }).click();
    // Both exchanges are in the history, each with its approver.
    await eventually(() => page.getByRole('cell', { name: 'Mia Manager' }).count()).toBe(2);
    await eventually(() => page.getByRole('link', { name: 'FOC2231X9ZY' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'product-exchanges-en');

    // A compensation is recorded from the product page as well, choosing the case among those that named it.
    const compensations = page.locator('.cd-card', { hasText: 'Compensations on its cases' });
    await compensations.getByRole('button', { name: 'Record compensation' }).click();
    const compensation = page.getByRole('dialog');
    await pick(page, compensation.getByLabel('Case'), caseNumber);
    await compensation.getByLabel('What is compensated').fill('Engineer travel for the second swap');
    await compensation.getByLabel('Amount').fill('300');
    await pick(page, compensation.getByLabel('Approved by'), 'Mia Manager');
    await compensation.getByRole('button', { name: 'Record' }).click();
    await eventually(() => page.getByRole('cell', { name: 'Engineer travel for the second swap' }).count()).toBe(1);
    const recorded = await web.api<{ items: { description: string }[] }>(manager, 'GET', `/api/v1/cases/${caseId}/compensations`);
    expect(recorded.items.map((item) => item.description)).toContain('Engineer travel for the second swap');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the yearly checks of a month show what is due and what is under way, per customer, linked to the case', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.getByRole('navigation').getByRole('link', { name: 'Yearly checks' }).first().click();
    await page.waitForURL('**/yearly-checks');
    await eventually(() => page.getByRole('cell', { name: 'Warehouse network' }).count()).toBe(1);
    await eventually(() => page.getByTestId('yearly-check-counts').innerText()).toMatch(/1 due|1 under way/);
    await screenshot(page, 'yearly-checks-en');
    // Another month has nothing of this project.
    const [yearText, monthText] = thisMonth().split('-');
    const other = `${yearText}-${String((Number(monthText) % 12) + 1).padStart(2, '0')}`;
    await page.goto(`/yearly-checks?month=${Number(monthText) === 12 ? `${Number(yearText) + 1}-01` : other}`);
    await eventually(() => page.getByText('No yearly checks in this month.').count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the audit log shows who changed what, before and after, and filters by user and text', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto('/admin/audit');
    await eventually(() => page.getByRole('cell', { name: /Training planned/ }).count()).toBe(2);
    await page.getByLabel('Text').fill('FOC2231X9ZZ');
    await page.getByLabel('Text').press('Enter');
    await eventually(() => page.getByRole('cell', { name: /Training planned/ }).count()).toBe(0);
    await eventually(() => page.getByRole('cell', { name: /Product exchanged/ }).count()).toBeGreaterThan(0);
    await eventually(() => page.locator('.cd-diff ins').count()).toBeGreaterThan(0);
    await screenshot(page, 'audit-log-en');
    // The export holds what the filters on screen find: every entry naming the serial number, headed in English.
    const shown = await page.locator('.cd-audit-table tr.ant-table-row').count();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV of the audit log' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('casedesk-audit-log.csv');
    const file = await download.path();
    if (!file) throw new Error(`the download failed: ${await download.failure()}`);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toEqual(['When', 'Who', 'Action', 'Record type', 'Record', 'Before', 'After']);
    expect(rows.length - 1).toBe(shown);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((row) => row.join(' ').toLowerCase().includes('foc2231x9zz'))).toBe(true);
    expect(rows.slice(1).map((row) => row[2])).not.toContain('training.plan');
    await pick(page, page.getByLabel('User'), 'Eli Engineer');
    await eventually(() => page.getByText('No changes match these filters.').count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('in Chinese every new screen is translated; at 390 px the yearly checks and the case panel fit', async () => {
    const { page, context } = await web.newPage({ locale: 'zh-CN' });
    await web.signIn(page, chinese, { email: '邮箱', password: '密码', submit: '登录' });
    await page.goto('/trainings');
    await page.getByRole('button', { name: '计划培训' }).click();
    await eventually(() => page.getByRole('dialog').getByText('邀请的联系人').count()).toBe(1);
    expect(await untranslated(page, NEW_SCREENS)).toEqual([]);
    await readmePicture(page, 'training-plan-zh-CN');
    await page.keyboard.press('Escape');

    await page.goto(`/cases/${caseId}`);
    await eventually(() => page.getByTestId('exchanges-panel').getByText('审批人：Mia Manager').count()).toBeGreaterThan(0);
    expect(await untranslated(page, NEW_SCREENS)).toEqual([]);
    await picture(page.getByTestId('exchanges-panel'), screenshotFile('case-exchanges-zh-CN'));

    await page.goto('/yearly-checks');
    await eventually(() => page.getByRole('cell', { name: 'Warehouse network' }).count()).toBe(1);
    expect(await untranslated(page, NEW_SCREENS)).toEqual([]);
    await screenshot(page, 'yearly-checks-zh-CN');

    await page.goto(`/trainings/${drillsId}`);
    await eventually(() => page.getByText('原因：Trainer ill').count()).toBe(1);
    expect(await untranslated(page, NEW_SCREENS)).toEqual([]);
    await screenshot(page, 'training-cancelled-zh-CN');

    await page.goto(`/organizations/${acmeId}`);
    await page.getByText('显示已终止和已取消的合同').click();
    await eventually(() => page.getByRole('button', { name: '恢复合同 ACME-SLA-1' }).count()).toBe(1);
    await eventually(() => page.getByText('原因：Customer moved to another provider').count()).toBe(1);
    expect(await untranslated(page, NEW_SCREENS)).toEqual([]);
    await picture(contractsCard(page, '恢复合同 ACME-SLA-1'), screenshotFile('contract-ended-zh-CN'));

    await page.goto('/admin/audit');
    await eventually(() => page.getByRole('cell', { name: /计划培训/ }).count()).toBeGreaterThan(0);
    expect(await untranslated(page, NEW_SCREENS)).toEqual([]);
    await screenshot(page, 'audit-log-zh-CN');
    expect(pageErrors(page)).toEqual([]);
    await context.close();

    const narrow = await web.newPage({ locale: 'zh-CN', width: 390, height: 844 });
    await web.signIn(narrow.page, chinese, { email: '邮箱', password: '密码', submit: '登录' });
    await narrow.page.goto('/yearly-checks');
    await eventually(() => narrow.page.getByRole('cell', { name: 'Warehouse network' }).count()).toBe(1);
    expect(await narrow.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(narrow.page, 'yearly-checks-390-zh-CN');
    await narrow.page.goto(`/cases/${caseId}`);
    await eventually(() => narrow.page.getByTestId('exchanges-panel').count()).toBe(1);
    expect(await narrow.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await narrow.page.getByTestId('exchanges-panel').scrollIntoViewIfNeeded();
    await picture(narrow.page.getByTestId('exchanges-panel'), screenshotFile('case-exchanges-390-zh-CN'));
    await narrow.context.close();
  });
});
