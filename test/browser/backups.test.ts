import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { runDueBackup, type BackupSchedule } from '../../src/operations/backup/scheduled-backups.js';
import { ManualClock } from '../../src/services/context.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chooseLanguage,
  chromiumAvailable,
  eventually,
  pageErrors,
  screenshot,
  type BrowserUser,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

const shots = (database: string) => database === 'sqlite';

describeBrowserSuite('web app: an admin reads how the scheduled backups went', null, (database) => {
  let web: BrowserApp;
  let admin: BrowserUser;
  let schedule: BackupSchedule;
  let filesDir: string;
  const clock = new ManualClock('2026-11-20T02:00:00.000Z');

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    schedule = { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-backups-page-')), keep: 3, everyHours: 24 };
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-backups-files-'));
    web = await BrowserApp.start(database, { backup: schedule });
    admin = await web.user('admin', { name: 'Ada Admin' });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(async () => {
    await web?.stop();
    for (const dir of [schedule?.dir, filesDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the schedule, the backups kept and a failed last run, in English and Chinese', async () => {
    const place = { target: web.database.target, filesDir };
    const context = { ...web.context, clock };
    // Two real backups a day apart, as the scheduled job takes them.
    expect((await runDueBackup(context, place, schedule))?.ok).toBe(true);
    clock.advanceHours(24);
    expect((await runDueBackup(context, place, schedule))?.ok).toBe(true);

    const { page } = await web.newPage();
    await web.signIn(page, admin);
    await page.getByRole('navigation').getByRole('link', { name: 'Administration' }).first().click();
    await page.getByRole('tab', { name: 'Backups' }).click();
    await page.waitForURL('**/admin/backups');
    const scheduleCard = page.getByTestId('backup-schedule');
    await eventually(() => scheduleCard.innerText()).toContain(schedule.dir);
    expect(await scheduleCard.innerText()).toContain('Every 24 hours');
    expect(await scheduleCard.innerText()).toContain('The newest 3 backups');
    await eventually(() => page.getByTestId('backup-last-run').innerText()).toContain('Succeeded');
    const kept = page.getByTestId('backups-kept').locator('tbody tr');
    await eventually(() => kept.count()).toBe(2);
    expect(await kept.first().innerText()).toContain('casedesk-2026-11-21T020000Z');
    expect(await kept.nth(1).innerText()).toContain('casedesk-2026-11-20T020000Z');
    expect(await kept.first().innerText()).toContain(database === 'sqlite' ? 'SQLite' : 'PostgreSQL');
    if (shots(database)) await screenshot(page, 'admin-backups-en');

    // The next run cannot write its folder: the page says it failed and why; the backups kept stay listed.
    clock.advanceHours(24);
    const blocked = path.join(schedule.dir, 'not-a-folder');
    fs.writeFileSync(blocked, '');
    const failed = await runDueBackup(context, place, { ...schedule, dir: blocked });
    fs.rmSync(blocked);
    expect(failed?.ok).toBe(false);
    await page.reload();
    const lastRun = page.getByTestId('backup-last-run');
    await eventually(() => lastRun.innerText()).toContain('Failed');
    expect(await lastRun.innerText()).toContain(failed!.error!.slice(0, 40));
    await eventually(() => kept.count()).toBe(2);

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('tab', { name: '备份' }).count()).toBe(1);
    await eventually(() => lastRun.innerText()).toContain('失败');
    expect(await scheduleCard.innerText()).toContain('每 24 小时一次');
    if (shots(database)) await screenshot(page, 'admin-backups-zh-CN');
    await chooseLanguage(page, 'English');
    expect(pageErrors(page)).toEqual([]);
  });

  it('a manager has no Backups tab and is refused the page', async () => {
    const manager = await web.user('manager');
    const { page } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto('/admin/backups');
    await eventually(() => page.getByText('You may not open this page.').count()).toBe(1);
    expect(await page.getByRole('tab', { name: 'Backups' }).count()).toBe(0);
  });
});
