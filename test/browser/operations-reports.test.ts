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

describeBrowserSuite('web app: the operations reports', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let manager: BrowserUser;
  let admin: BrowserUser;
  let engineerId: string;
  let harbourId: string;
  let networkId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin', { name: 'Ada Admin' });
    manager = await web.user('manager', { name: 'Mei Manager' });
    const engineer = await web.user('executive', { name: 'Eli Engineer' });
    const network = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    const storage = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Storage Services' });
    const harbour = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: '海港电网' });
    [engineerId, harbourId, networkId] = [engineer.id, harbour.id, network.id];
    // Two open cases in Network Services (received 2 h and 30 h ago), one in Storage Services (received 4 days ago).
    // Level 4 promises a first response within 8 hours (the seed's 480 minutes, always open): nobody has answered, so
    // the newest is pending and the other two are breached.
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
    await eventually(() => page.getByRole('heading', { name: '积压工单', level: 2 }).count()).toBe(1);
    await eventually(() => page.getByRole('button', { name: '下载 CSV' }).count()).toBe(1);
    await eventually(() => page.getByRole('img', { name: '按级别和时长的未结工单' }).count()).toBe(1);
    if (shots) await screenshot(page, 'reports-backlog-zh-CN');
    await chooseLanguage(page, 'English');
    expect(pageErrors(page)).toEqual([]);
  });

  it('a manager opens the first-response and resolution reports, in English and in Chinese', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto('/reports/escalations');
    const rowOf = (level: string) => page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: level });
    const cells = async (level: string) => (await rowOf(level).innerText()).split('\t').map((cell) => cell.trim());

    await page.getByRole('link', { name: 'First response', exact: true }).click();
    await eventually(() => page.getByRole('heading', { name: 'First response', level: 2 }).count()).toBe(1);
    await eventually(() =>
      page.getByRole('img', { name: 'First-response targets met, breached and pending' }).locator('canvas').count(),
    ).toBe(1);
    await eventually(() => cells('Level 4')).toEqual(['Level 4', '3', '0', '2', '1', '0', '—', '—']);

    await page.getByRole('link', { name: 'Resolution', exact: true }).click();
    await eventually(() => page.getByRole('heading', { name: 'Resolution', level: 2 }).count()).toBe(1);
    await eventually(() =>
      page.getByRole('img', { name: 'Business hours to resolve and the first upgrading report' }).locator('canvas').count(),
    ).toBe(1);
    // Nothing resolved yet; the seed policy's first upgrading reports come after 1, 4, 72 and 96 hours.
    await eventually(() => cells('Level 1')).toEqual(['Level 1', '0', '—', '—', '—', '1', '0', '—']);
    await eventually(() => cells('Level 4')).toEqual(['Level 4', '0', '—', '—', '—', '96', '0', '—']);

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('heading', { name: '解决用时', level: 2 }).count()).toBe(1);
    await eventually(() => page.getByRole('img', { name: '解决用时（工作小时）与首次升级报告时限' }).count()).toBe(1);
    await page.getByRole('link', { name: '首次响应', exact: true }).click();
    await eventually(() => page.getByRole('heading', { name: '首次响应', level: 2 }).count()).toBe(1);
    await eventually(() => cells('4级')).toEqual(['4级', '3', '0', '2', '1', '0', '—', '—']);
    await chooseLanguage(page, 'English');
    expect(pageErrors(page)).toEqual([]);
  });

  it('the admin lets customers read their own operations reports on the mail page, and stops it again', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/admin/mail');
    const card = page.locator('.ant-card', { hasText: 'Operations reports for customers' });
    const toggle = card.getByRole('switch', { name: "Customers may read their own organisation's operations reports" });
    await eventually(() => toggle.getAttribute('aria-checked')).toBe('false');
    await eventually(() => toggle.isEnabled()).toBe(true);
    const saved = (allowed: boolean) =>
      page
        .waitForResponse(
          (response) =>
            response.url().endsWith('/api/v1/report-settings') && response.request().method() === 'PUT' && response.status() === 200,
        )
        .then(async (response) => expect(await response.json()).toEqual({ customersMayRead: allowed }));
    await Promise.all([saved(true), toggle.click()]);
    await eventually(() => toggle.getAttribute('aria-checked')).toBe('true');
    expect((await web.api<{ customersMayRead: boolean }>(admin, 'GET', '/api/v1/report-settings')).customersMayRead).toBe(true);

    await chooseLanguage(page, '中文');
    await eventually(() =>
      page.locator('.ant-card', { hasText: '客户的运营报表' }).getByRole('switch', { name: '客户可以查看本单位的运营报表' }).count(),
    ).toBe(1);
    await chooseLanguage(page, 'English');

    await Promise.all([saved(false), toggle.click()]);
    await eventually(() => toggle.getAttribute('aria-checked')).toBe('false');
    expect((await web.api<{ customersMayRead: boolean }>(admin, 'GET', '/api/v1/report-settings')).customersMayRead).toBe(false);
    expect(pageErrors(page)).toEqual([]);
  });
  it('a manager reads the satisfaction analysis among the reports: the same tabs and filters, by level, and its CSV', async () => {
    // Two resolved cases of Eli's, level 1 and level 3, whose follow-up surveys the admin enters as taken by phone.
    for (const [level, score] of [
      [1, 5],
      [3, 3],
    ] as const) {
      const created = await web.api<{ id: string }>(admin, 'POST', '/api/v1/cases', {
        organizationId: harbourId,
        departmentId: networkId,
        assigneeId: engineerId,
        channel: 'hotline',
        level,
        title: `Surveyed case, level ${level}`,
        description: 'Resolved and surveyed.',
      });
      await web.api(admin, 'POST', `/api/v1/cases/${created.id}/transitions`, { to: 'resolved' });
      const survey = await web.storage.db.selectFrom('surveys').select('id').where('case_id', '=', created.id).executeTakeFirstOrThrow();
      await web.api(admin, 'POST', `/api/v1/surveys/${survey.id}/answers`, {
        channel: 'phone',
        scores: { personnel: score, organization: score, system: score },
      });
    }
    const { page } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto('/reports/first-response');
    await page.getByRole('link', { name: 'Satisfaction analysis', exact: true }).click();
    await page.waitForURL('**/reports/satisfaction');
    await eventually(() => page.getByRole('heading', { name: 'Satisfaction analysis', level: 2 }).count()).toBe(1);
    // The reports' own tabs and filter bar, level included.
    for (const tab of ['Escalations', 'First response', 'Resolution'])
      expect(await page.getByRole('link', { name: tab, exact: true }).count(), tab).toBe(1);
    const filters = page.getByRole('search', { name: 'Report filter' });
    await eventually(() => filters.getByRole('combobox', { name: 'Level' }).count()).toBe(1);
    const eli = page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: 'Eli Engineer' });
    const cells = async () => (await eli.innerText()).split('\t').map((cell) => cell.trim());
    await eventually(async () => (await cells()).slice(0, 5)).toEqual(['Eli Engineer', '2', '2', '100 %', '4']);
    await eventually(() => page.getByRole('img', { name: 'Average score by group' }).locator('canvas').count()).toBe(1);

    await pick(page, filters.getByRole('combobox', { name: 'Level' }), 'Level 3');
    await eventually(async () => (await cells()).slice(0, 5)).toEqual(['Eli Engineer', '1', '1', '100 %', '3']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^casedesk-satisfaction-person-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = fs.readFileSync((await download.path())!, 'utf8').split('\n');
    expect(lines[0]!.startsWith('\uFEFFPerson,Surveys,Responses,Response rate (%),Overall (1–5),Service personnel,')).toBe(true);
    expect(lines[1]!.startsWith('Eli Engineer,1,1,100,3,3,3,3,')).toBe(true);
    if (shots) await screenshot(page, 'reports-satisfaction-en');

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('heading', { name: '满意度分析', level: 2 }).count()).toBe(1);
    await eventually(() => page.getByRole('button', { name: '下载 CSV' }).count()).toBe(1);
    await eventually(() => page.getByRole('link', { name: '首次响应', exact: true }).count()).toBe(1);
    await chooseLanguage(page, 'English');
    expect(pageErrors(page)).toEqual([]);
  });
});
