import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, screenshot, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('hotline intake: the contact whose phone found the customer is the case’s contact', null, (database) => {
  let web: BrowserApp;
  let secretary: BrowserUser;
  let organizationId: string;
  let wangFang: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    secretary = await web.user('secretary', { name: 'Sue Secretary' });
    // The company's first department is the one the intake proposes for every case.
    await web.api(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Shanghai Harbour Logistics' })).id;
    await web.api(admin, 'POST', `/api/v1/organizations/${organizationId}/contacts`, { name: 'Zhou Min', phone: '021 6888 9999' });
    wangFang = (
      await web.api<{ id: string }>(admin, 'POST', `/api/v1/organizations/${organizationId}/contacts`, {
        name: 'Wang Fang',
        phone: '021 6888 1234',
        email: 'wang.fang@shl.example',
        language: 'zh-CN',
      })
    ).id;
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('a call found by the caller’s number is logged with that caller as contact, so the mails reach them', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/intake');
    await page.locator('#intake-lookup').fill('+86 21 6888-1234');
    await page.locator('#intake-lookup').press('Enter');
    await eventually(() =>
      page.locator('#intake_contactId').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText(),
    ).toContain('Wang Fang');
    await page.getByLabel('Title').fill('Core switch down at Pudong warehouse');
    await page.getByRole('button', { name: 'Log case' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const created = await web.api<{ contactId: string | null }>(secretary, 'GET', `/api/v1/cases/${page.url().split('/').at(-1)}`);
    expect(created.contactId).toBe(wangFang);

    // The case page names the caller with phone and e-mail a tap away, and the secretary can name another contact.
    const caseId = page.url().split('/').at(-1)!;
    const shown = page.getByTestId('case-contact');
    await eventually(() => shown.innerText()).toContain('Wang Fang');
    expect(await shown.locator('a[href^="mailto:"]').innerText()).toBe('wang.fang@shl.example');
    expect(await shown.locator('a[href^="tel:"]').count()).toBe(1);
    await shown.getByRole('button', { name: 'Change the contact of this case' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Contact').click();
    await page.locator('.ant-select-item-option', { hasText: 'Zhou Min' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    await eventually(() => shown.innerText()).toContain('Zhou Min');
    const changed = await web.api<{ contactId: string | null }>(secretary, 'GET', `/api/v1/cases/${caseId}`);
    expect(changed.contactId).not.toBe(wangFang);
    expect(changed.contactId).not.toBeNull();
    if (database === 'sqlite') await screenshot(page, 'case-contact-en');

    // A part of a number both contacts share names nobody: the secretary chooses.
    await page.goto('/intake');
    await page.locator('#intake-lookup').fill('021 6888');
    await page.locator('#intake-lookup').press('Enter');
    await eventually(() => page.locator('.ant-card-head-title').filter({ hasText: 'Shanghai Harbour Logistics' }).count()).toBe(1);
    expect(
      await page.locator('#intake_contactId').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText(),
    ).not.toMatch(/Wang Fang|Zhou Min/);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
