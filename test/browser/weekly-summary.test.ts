import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chooseLanguage, chromiumAvailable, eventually, pageErrors, pick, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: the admin sets when the weekly summary is mailed', null, (database) => {
  let web: BrowserApp;
  let admin: BrowserUser;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin', { name: 'Ada Admin' });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('switches it on for Fridays at 17:00; after a reload the card still says so, in English and in Chinese', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/admin/mail');
    const setting = page.getByTestId('weekly-summary-setting');
    await eventually(() => setting.innerText()).toBe('Off');
    await page.locator('.ant-card', { has: setting }).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('switch').click();
    await pick(page, dialog.getByLabel('Day'), 'Friday');
    await dialog.getByLabel('Hour').fill('17');
    const saved = page.waitForResponse(
      (response) => response.url().endsWith('/api/v1/weekly-summary-settings') && response.request().method() === 'PUT',
    );
    await dialog.getByRole('button', { name: 'Save' }).click();
    expect((await saved).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => setting.innerText()).toBe('Fridays at 17:00 (UTC)');

    await page.reload();
    await eventually(() => page.getByTestId('weekly-summary-setting').innerText()).toBe('Fridays at 17:00 (UTC)');
    expect(await web.api(admin, 'GET', '/api/v1/weekly-summary-settings')).toEqual({
      enabled: true,
      dayOfWeek: 5,
      hour: 17,
      timeZone: 'UTC',
    });

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByTestId('weekly-summary-setting').innerText()).toBe('每星期五 17:00（UTC）');
    await page
      .locator('.ant-card', { has: page.getByTestId('weekly-summary-setting') })
      .getByRole('button', { name: '编辑' })
      .click();
    const chineseDialog = page.getByRole('dialog');
    await eventually(() => chineseDialog.getByLabel('小时').inputValue()).toBe('17');
    await chineseDialog.getByRole('button', { name: /取\s*消/ }).click();
    await chineseDialog.waitFor({ state: 'hidden' });
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
