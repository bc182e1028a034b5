import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  chooseLanguage,
  eventually,
  pageErrors,
  pick,
  screenshot,
  type BrowserUser,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

const HOUR = 3_600_000;

describeBrowserSuite('web app: the operations reports', 'report date arithmetic is written per dialect', (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let manager: BrowserUser;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    manager = await web.user('manager', { name: 'Mei Manager' });
    const engineer = await web.user('executive', { name: 'Eli Engineer' });
    const network = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    const storage = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Storage Services' });
    const harbour = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: '海港电网' });
    // Two open cases in Network Services (received 2 h and 30 h ago), one in Storage Services (received 4 days ago).
    for (const [departmentId, hoursAgo] of [
      [network.id, 2],
      [network.id, 30],
      [storage.id, 96],
    ] as const) {
      await web.api(admin, 'POST', '/api/v1/cases', {
        organizationId: harbour.id,
        departmentId,
        assigneeId: engineer.id,
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

  it('a manager opens each report, filters the backlog by department, downloads its CSV, and reads it in Chinese', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, manager);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    for (const [tab, heading] of [
      ['Escalations', 'Escalations'],
      ['Workload', 'Workload'],
      ['Vendor cases', 'Vendor cases'],
      ['Backlog', 'Backlog'],
    ] as const) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await eventually(() => page.getByRole('heading', { name: heading, level: 2 }).count()).toBe(1);
      await eventually(() => page.getByTestId('report-chart').first().locator('canvas').count()).toBe(1);
    }
    await eventually(() => page.getByText('3 cases open at the end of the period.').count()).toBe(1);
    const rowOf = (level: string) => page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: level });
    const cells = async (level: string) => (await rowOf(level).innerText()).split('\t').map((cell) => cell.trim());
    await eventually(() => cells('Level 4')).toEqual(['Level 4', '1', '1', '1', '0']);

    await pick(page, page.getByRole('combobox', { name: 'Department' }), 'Network Services');
    await eventually(() => page.getByText('2 cases open at the end of the period.').count()).toBe(1);
    await eventually(() => cells('Level 4')).toEqual(['Level 4', '1', '1', '0', '0']);
    if (shots) await screenshot(page, 'reports-backlog-en');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^casedesk-backlog-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = fs.readFileSync((await download.path())!, 'utf8').split('\n');
    expect(lines[0]).toBe('\uFEFFRow,Level,Age,Day,Open cases,Opened,Resolved');
    expect(lines.filter((line) => line.startsWith('Open cases,4,'))).toEqual([
      'Open cases,4,under 1 day,,1,,',
      'Open cases,4,1–3 days,,1,,',
      'Open cases,4,3–7 days,,0,,',
      'Open cases,4,over 7 days,,0,,',
    ]);

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('heading', { name: '积压案件', level: 2 }).count()).toBe(1);
    await eventually(() => page.getByRole('button', { name: '下载 CSV' }).count()).toBe(1);
    await eventually(() => page.getByRole('img', { name: '按级别和时长的未结案件' }).count()).toBe(1);
    if (shots) await screenshot(page, 'reports-backlog-zh-CN');
    await chooseLanguage(page, 'English');
    expect(pageErrors(page)).toEqual([]);
  });
});
