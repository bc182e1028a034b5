import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { PDF, solidPng } from '../support/sample-files.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser, picture } from './support/browser-app.js';
import { dropFiles, pasteImage } from './support/file-transfer.js';

vi.setConfig({ testTimeout: 180_000 });

const evidenceDir = path.resolve(import.meta.dirname, '../../test-output/browser');
const PHOTO = solidPng(160, 120, [220, 60, 40]);

describeBrowserSuite('web app: files with a new case — the portal on a phone, the hotline intake', null, (database) => {
  let web: BrowserApp;
  let customer: BrowserUser;
  let secretary: BrowserUser;
  let filesDir: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    // Where a real install keeps uploaded files on SQLite (the data folder); PostgreSQL keeps them in the database.
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-files-'));
    web.context.filesDir = filesDir;
    const admin = await web.user('admin');
    secretary = await web.user('secretary', { name: 'Sue Secretary' });
    const departmentId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).id;
    const organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Power Grid' })).id;
    await web.api(admin, 'PATCH', `/api/v1/organizations/${organizationId}`, { defaultDepartmentId: departmentId });
    customer = await web.user('customer', { organizationId, name: 'Carla Contact' });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(async () => {
    await web?.stop();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('a customer on a phone 390 px wide pastes a photo and chooses a PDF while logging a case; both are on the new case', async () => {
    const { page, context } = await web.newPage({ width: 390, height: 844 });
    await web.signIn(page, customer);
    await page.goto('/portal/new');
    await page.getByLabel('Title').fill('Display shows error E42');
    const description = page.getByLabel('Description');
    await description.fill('The photo shows the display; the service report is attached.');
    await description.focus();
    await pasteImage(page, '.cd-drop-zone textarea', PHOTO);
    await eventually(() => page.getByLabel('Files to send').innerText()).toContain('image.png');
    await page.getByLabel('Choose files to attach').setInputFiles({ name: 'service report.pdf', mimeType: 'application/pdf', buffer: PDF });
    await eventually(() => page.getByLabel('Files to send').innerText()).toContain('service report.pdf');
    // The pasted image is previewed from its upload, before the case exists.
    await eventually(() =>
      page.locator('.cd-files-pending img').evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(160);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    if (database === 'sqlite') await picture(page, path.join(evidenceDir, 'new-case-files-phone.png'), { fullPage: true });
    await page.getByRole('button', { name: 'Submit case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await eventually(() => timeline.getByRole('img', { name: 'image.png' }).count()).toBe(1);
    expect(await timeline.getByRole('link', { name: 'service report.pdf' }).count()).toBe(1);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the hotline logs a call with a file dropped on the description', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/intake');
    await page.locator('#intake-lookup').fill('Harbour');
    await page.locator('#intake-lookup').press('Enter');
    await eventually(() => page.locator('.ant-card-head-title').allInnerTexts()).toContain('Harbour Power Grid');
    await page.getByLabel('Title').fill('UPS alarm in the dock office');
    await page.getByLabel('Description').fill('The caller mailed the alarm log to the hotline.');
    await dropFiles(page, '.cd-drop-zone', [{ name: 'ups-alarm.pdf', type: 'application/pdf', content: PDF }]);
    await eventually(() => page.getByLabel('Files to send').innerText()).toContain('ups-alarm.pdf');
    const departmentItem = page.locator('.ant-form-item').filter({ has: page.getByLabel('Department') });
    await eventually(() => departmentItem.textContent()).toContain('Network Service');
    await page.getByRole('button', { name: 'Log case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await eventually(() => timeline.getByRole('link', { name: 'ups-alarm.pdf' }).count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
