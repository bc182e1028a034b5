import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { indexFaultOccurrencesNow } from '../../src/services/reports/index-fault-occurrences.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  screenshot,
  type BrowserUser,
  chooseLanguage,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

const DAY = 86_400_000;
const FORBIDDEN = 'You may not open this page.';

describeBrowserSuite('web app: the repeat-fault report', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let manager: BrowserUser;
  let customer: BrowserUser;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    manager = await web.user('manager', { name: 'Mei Manager' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    const harbour = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: '海港电网' });
    const acme = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' });
    customer = await web.user('customer', { organizationId: acme.id });
    const cisco = await web.api<{ id: string }>(admin, 'POST', '/api/v1/vendors', { name: 'Cisco', supportCenter: { name: 'Cisco TAC' } });
    const huawei = await web.api<{ id: string }>(admin, 'POST', '/api/v1/vendors', {
      name: '华为',
      supportCenter: { name: '华为技术支持' },
    });
    for (const [organizationId, vendorId, model, serialNumber] of [
      [harbour.id, huawei.id, 'S5735', 'HW-01'],
      [acme.id, cisco.id, 'C9300', 'FOC-01'],
    ] as const) {
      await web.api(admin, 'POST', '/api/v1/assets', { organizationId, vendorId, model, serialNumber });
    }
    // HW-01 fails three times, 48 h apart; FOC-01 once.
    const fault = (organizationId: string, serial: string, daysAgo: number) =>
      web.api(admin, 'POST', '/api/v1/cases', {
        organizationId,
        departmentId: department.id,
        channel: 'hotline',
        level: 3,
        kind: 'fault',
        title: 'Switch port flapping',
        description: 'Ports go up and down.',
        serialNumbers: [serial],
        receivedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
      });
    await fault(harbour.id, 'HW-01', 10);
    await fault(harbour.id, 'HW-01', 8);
    await fault(harbour.id, 'HW-01', 6);
    await fault(acme.id, 'FOC-01', 5);
    // The report reads fault occurrences, which a background job of the server keeps; the test runs it at once.
    await indexFaultOccurrencesNow(web.context);
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('a manager opens it from the header, sees the chart and the table per customer and per model, and downloads the CSV', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, manager);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await eventually(() => page.getByRole('heading', { name: 'Repeat faults' }).count()).toBe(1);
    // The reports row leads to the satisfaction analysis too, which managers also read.
    await expect(page.getByRole('link', { name: 'Satisfaction analysis' }).count()).resolves.toBe(1);
    const chart = page.getByRole('img', { name: 'Fault cases and repeats, most repeats first' });
    await eventually(() => chart.locator('canvas').count()).toBe(1);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await eventually(async () => (await rows.allInnerTexts()).map((text) => text.split('\t').map((cell) => cell.trim()))).toEqual([
      ['海港电网', '3', '2', '66.7 %', '2 d 0 h'],
      ['Acme Logistics', '1', '0', '0 %', '—'],
    ]);
    if (shots) await screenshot(page, 'repeat-faults-en');

    await page.getByRole('tab', { name: 'Per model' }).click();
    await eventually(async () => (await rows.allInnerTexts()).map((text) => text.split('\t').map((cell) => cell.trim()))).toEqual([
      ['华为', 'S5735', '3', '2', '66.7 %', '2 d 0 h'],
      ['Cisco', 'C9300', '1', '0', '0 %', '—'],
    ]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^casedesk-repeat-faults-model-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await download.path();
    expect(fs.readFileSync(file!, 'utf8').split('\n')).toEqual([
      '\uFEFFVendor,Model,Fault cases,Repeats,Recurrence rate (%),Mean time between faults (hours)',
      '华为,S5735,3,2,66.67,48',
      'Cisco,C9300,1,0,0,',
      '',
    ]);

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('heading', { name: '重复故障' }).count()).toBe(1);
    await eventually(() => page.getByRole('tab', { name: '按型号' }).count()).toBe(1);
    await eventually(() => page.getByRole('img', { name: '故障工单与重复故障（按重复故障数排序）' }).count()).toBe(1);
    if (shots) await screenshot(page, 'repeat-faults-zh-CN');
    await chooseLanguage(page, 'English');
    expect(pageErrors(page)).toEqual([]);
  });

  it('fits a 390 px phone: chart and table on the page, nothing wider than the screen', async () => {
    const { page } = await web.newPage({ width: 390, height: 844 });
    await web.signIn(page, manager);
    await page.goto('/reports/repeat-faults');
    await eventually(() => page.getByRole('img', { name: 'Fault cases and repeats, most repeats first' }).locator('canvas').count()).toBe(
      1,
    );
    await eventually(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(2);
    await expect(page.evaluate<number>('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(390);
    if (shots) await screenshot(page, 'repeat-faults-390-en');
  });

  it('a customer has no Reports item and the page is not theirs', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, customer);
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).count()).resolves.toBe(0);
    await page.goto('/reports/repeat-faults');
    await eventually(() => page.getByRole('alert').filter({ hasText: FORBIDDEN }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Repeat faults' }).count()).toBe(0);
  });
});
