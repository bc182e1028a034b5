import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  chooseLanguage,
  eventually,
  pageErrors,
  screenshot,
  type BrowserUser,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

const HOUR = 3_600_000;

describeBrowserSuite('web app: a customer reads their own organisation’s reports in the portal', null, (database) => {
  let web: BrowserApp;
  let admin: BrowserUser;
  let customer: BrowserUser;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin', { name: 'Ada Admin' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Services' });
    const harbour = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: '海港电网' });
    const other = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Northwind Bank' });
    customer = await web.user('customer', { name: 'Hai Customer', organizationId: harbour.id });
    // Harbour: two open level-4 cases (2 h and 30 h old: the first response is pending, then breached).
    // Northwind: three more, which the customer must never see counted.
    for (const [organizationId, hoursAgo] of [
      [harbour.id, 2],
      [harbour.id, 30],
      [other.id, 5],
      [other.id, 50],
      [other.id, 100],
    ] as const) {
      await web.api(admin, 'POST', '/api/v1/cases', {
        organizationId,
        departmentId: department.id,
        channel: 'hotline',
        level: 4,
        kind: 'request',
        title: 'Question about licences',
        description: 'How many licences are left?',
        receivedAt: new Date(Date.now() - hoursAgo * HOUR).toISOString(),
      });
    }
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  /** The admin flips the switch on Administration → Mail and waits for the server's answer. */
  async function allowCustomers(page: Page, allowed: boolean): Promise<void> {
    await page.goto('/admin/mail');
    const toggle = page
      .locator('.ant-card', { hasText: 'Operations reports for customers' })
      .getByRole('switch', { name: "Customers may read their own organisation's operations reports" });
    await eventually(() => toggle.getAttribute('aria-checked')).toBe(String(!allowed));
    await eventually(() => toggle.isEnabled()).toBe(true);
    await Promise.all([
      page.waitForResponse(
        (response) =>
          response.url().endsWith('/api/v1/report-settings') && response.request().method() === 'PUT' && response.status() === 200,
      ),
      toggle.click(),
    ]);
    await eventually(() => toggle.getAttribute('aria-checked')).toBe(String(allowed));
  }

  it('off: no link and the API refuses; on: the page shows their own figures only, at 390 px, in English and Chinese; off again', async () => {
    const adminPage = (await web.newPage()).page;
    await web.signIn(adminPage, admin);
    const { page } = await web.newPage({ width: 390, height: 844 });
    await web.signIn(page, customer);
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });
    const reportsLink = navigation.getByRole('link', { name: 'Reports', exact: true });
    const backlogStatus = async () => (await page.request.get('/api/v1/reports/backlog')).status();

    await eventually(() => navigation.getByRole('link', { name: 'My cases' }).count()).toBe(1);
    expect(await reportsLink.count()).toBe(0);
    expect(await backlogStatus()).toBe(403);

    await allowCustomers(adminPage, true);
    await page.reload();
    await eventually(() => reportsLink.count()).toBe(1);
    expect(await backlogStatus()).toBe(200);
    await reportsLink.click();
    await eventually(() => page.getByRole('heading', { name: 'Service reports', level: 2 }).count()).toBe(1);
    // Harbour's two open cases, not Northwind's three; no filters for department, customer or engineer.
    await eventually(() => page.getByText('2 cases open at the end of the period.').count()).toBe(1);
    for (const filter of ['Department', 'Customer', 'Engineer']) expect(await page.getByRole('combobox', { name: filter }).count()).toBe(0);
    await eventually(() => page.getByTestId('report-chart').first().locator('canvas').count()).toBe(1);
    // Nothing wider than the phone: tables scroll inside their own box.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    if (database === 'sqlite') await screenshot(page, 'portal-reports-390');

    const rowOf = (level: string) => page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: level });
    const cells = async (level: string) => (await rowOf(level).innerText()).split('\t').map((cell) => cell.trim());
    await page.getByRole('tab', { name: 'First response' }).click();
    await eventually(() => cells('Level 4')).toEqual(['Level 4', '2', '0', '1', '1', '0', '—', '—']);
    await page.getByRole('tab', { name: 'Resolution' }).click();
    await eventually(() => cells('Level 4')).toEqual(['Level 4', '0', '—', '—', '—', '96', '0', '—']);

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('heading', { name: '服务报表', level: 2 }).count()).toBe(1);
    await page.getByRole('tab', { name: '积压工单' }).click();
    await eventually(() => page.getByRole('img', { name: '按级别和时长的未结工单' }).count()).toBe(1);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    if (database === 'sqlite') await screenshot(page, 'portal-reports-390-zh-CN');
    await chooseLanguage(page, 'English');

    await allowCustomers(adminPage, false);
    await page.goto('/portal');
    await eventually(() => navigation.getByRole('link', { name: 'My cases' }).count()).toBe(1);
    expect(await reportsLink.count()).toBe(0);
    expect(await backlogStatus()).toBe(403);
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(adminPage)).toEqual([]);
  });
});
