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

interface Created {
  id: string;
  number: string;
}

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: queues — landing view, bulk assign, a closed case in "All"', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let secretary: BrowserUser;
  let engineer: BrowserUser;
  const opened: Created[] = [];
  let closed: Created;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    const department = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    secretary = await web.user('secretary', { name: 'Sam Secretary' });
    engineer = await web.user('expert', { name: 'Erin Engineer', departmentId: department.id });
    const acme = await web.api<Created>(secretary, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' });
    const logCase = (title: string) =>
      web.api<Created>(secretary, 'POST', '/api/v1/cases', {
        organizationId: acme.id,
        channel: 'hotline',
        level: 3,
        title,
        description: 'Logged for the queue test.',
        departmentId: department.id,
      });
    closed = await logCase('Printer queue stuck (fixed last month)');
    for (const to of ['resolved', 'closed']) await web.api(secretary, 'POST', `/api/v1/cases/${closed.id}/transitions`, { to });
    for (let index = 1; index <= 20; index += 1) opened.push(await logCase(`Branch ${index} link down`));
  });
  afterEach(async (context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('a secretary lands on "Unassigned", assigns 20 selected cases at once, and the engineer finds them in "My cases"', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.waitForURL('**/cases');
    // No view in the address: the secretary's landing view is the unassigned one.
    await eventually(() => page.locator('.ant-segmented-item-selected').textContent()).toBe('Unassigned · 20');
    for (const row of opened) await page.getByRole('checkbox', { name: `Select case ${row.number}` }).check();
    const bulk = page.getByRole('region', { name: 'Change the selected cases' });
    await eventually(() => bulk.getByText('20 selected').count()).toBe(1);
    await pick(page, bulk.getByLabel('Assignee'), /Erin Engineer/);
    if (shots) {
      await screenshot(page, 'queues-bulk-en');
      await chooseLanguage(page, '中文');
      await eventually(() => page.getByRole('heading', { name: '工单队列' }).count()).toBe(1);
      await screenshot(page, 'queues-bulk-zh-CN');
      await chooseLanguage(page, 'English');
      await eventually(() => page.getByRole('heading', { name: 'Queues' }).count()).toBe(1);
    }
    await bulk.getByRole('button', { name: 'Apply to selected' }).click();
    await eventually(() => bulk.getByRole('status').textContent()).toContain('20 changed, 0 refused');
    await eventually(() => page.locator('tr[data-case]').count()).toBe(0);
    for (const row of opened.slice(0, 3)) {
      const timeline = await web.api<{ items: { kind: string; data: { assigneeId?: { to: string } } }[] }>(
        secretary,
        'GET',
        `/api/v1/cases/${row.id}/timeline`,
      );
      expect(timeline.items.some((entry) => entry.kind === 'case.assigned' && entry.data.assigneeId?.to === engineer.id)).toBe(true);
    }
    expect(pageErrors(page)).toEqual([]);
    await context.close();

    const second = await web.newPage();
    await web.signIn(second.page, engineer);
    await second.page.waitForURL('**/cases');
    await eventually(() => second.page.locator('.ant-segmented-item-selected').textContent()).toBe('My cases · 20');
    await eventually(() => second.page.locator('tr[data-case]').count()).toBe(20);
    for (const row of opened) await second.page.locator(`tr[data-case="${row.number}"]`).waitFor();
    // The first-response target is shown beside the next escalation: nobody has answered these cases yet.
    expect(await second.page.locator(`tr[data-case="${opened[0]!.number}"] td[data-first-response]`).textContent()).toMatch(/^in /);
    expect(pageErrors(second.page)).toEqual([]);
    await second.context.close();
  });

  it('finds a closed case in "All", sorts by a column header, and keeps the view in the address', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.waitForURL('**/cases');
    await page.locator('.ant-segmented-item', { hasText: /^All · / }).click();
    await page.waitForURL(/view=all/);
    await page.locator(`tr[data-case="${closed.number}"]`).waitFor();
    await page.getByRole('button', { name: 'Title' }).click();
    await page.waitForURL(/sort=title&dir=asc/);
    await eventually(() => page.locator('tr[data-case] td.cd-cell-title').first().textContent()).toBe('Branch 1 link down');
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Title');
    if (shots) {
      await screenshot(page, 'queues-all-en');
      await chooseLanguage(page, '中文');
      await eventually(() => page.getByRole('heading', { name: '工单队列' }).count()).toBe(1);
      await screenshot(page, 'queues-all-zh-CN');
    }
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
