import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, pick, screenshot, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

const CHINESE_SIGN_IN = { email: '邮箱', password: '密码', submit: '登录' };

describeBrowserSuite('web app: the hotline number customers see, and who else gets a case’s replies', null, (database) => {
  let web: BrowserApp;
  let admin: BrowserUser;
  let secretary: BrowserUser;
  let organizationId: string;
  let caseId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin', { name: 'Ada Admin' });
    secretary = await web.user('secretary', { name: 'Sue Secretary' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Shanghai Harbour Logistics' })).id;
    const contact = await web.api<{ id: string }>(admin, 'POST', `/api/v1/organizations/${organizationId}/contacts`, {
      name: 'Wang Fang',
      email: 'wang.fang@shl.example',
      language: 'zh-CN',
    });
    caseId = (
      await web.api<{ id: string }>(secretary, 'POST', '/api/v1/cases', {
        organizationId,
        contactId: contact.id,
        departmentId: department.id,
        channel: 'hotline',
        level: 2,
        title: 'Core switch down at Pudong warehouse',
        description: 'No network in the warehouse since 09:00.',
      })
    ).id;
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('the admin sets the hotline number on the mail page; customers see it in the portal, in English and in Chinese', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/admin/mail');
    await eventually(() => page.getByTestId('hotline-setting').innerText()).toBe('Not set');
    // The service desk's card (the mail page has other settings cards with their own Edit).
    await page
      .locator('.ant-card', { has: page.getByTestId('hotline-setting') })
      .getByRole('button', { name: 'Edit' })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Hotline number').fill('call Carla');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([
      expect.stringContaining('must be a phone number'),
    ]);
    await dialog.getByLabel('Hotline number').fill('+86 21 5555 0100');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    await eventually(() => page.getByTestId('hotline-setting').innerText()).toBe('+86 21 5555 0100');
    if (database === 'sqlite') await screenshot(page, 'admin-hotline-en');

    // Beside it, the level a mailed-in case starts at: 3 until changed.
    await eventually(() => page.getByTestId('mail-case-level-setting').innerText()).toBe('Level 3');
    await page.getByRole('button', { name: 'Change the level of mailed-in cases' }).click();
    const levelDialog = page.getByRole('dialog');
    await pick(page, levelDialog.getByLabel('Level of a mailed-in case'), /^Level 2/);
    await levelDialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    await eventually(() => page.getByTestId('mail-case-level-setting').innerText()).toBe('Level 2');
    const saved = await web.api<{ mailCaseLevel: number; hotlineNumber: string }>(admin, 'GET', '/api/v1/service-desk-settings');
    expect(saved).toEqual({ mailCaseLevel: 2, hotlineNumber: '+86 21 5555 0100' });
    expect(pageErrors(page)).toEqual([]);
    await context.close();

    const chineseAdmin = await web.user('admin', { name: '管理员', language: 'zh-CN' });
    const chinese = await web.newPage({ locale: 'zh-CN' });
    await web.signIn(chinese.page, chineseAdmin, CHINESE_SIGN_IN);
    await chinese.page.goto('/admin/mail');
    await eventually(() => chinese.page.getByTestId('hotline-setting').innerText()).toBe('+86 21 5555 0100');
    expect(await chinese.page.locator('.ant-descriptions-item-label', { hasText: '服务热线号码' }).count()).toBe(1);
    expect(await chinese.page.getByTestId('mail-case-level-setting').innerText()).toBe('2 级');
    if (database === 'sqlite') await screenshot(chinese.page, 'admin-hotline-zh-CN');
    await chinese.context.close();

    for (const [language, locale] of [
      ['en', 'en-GB'],
      ['zh-CN', 'zh-CN'],
    ] as const) {
      const customer = await web.user('customer', { organizationId, name: 'Li Hua', language });
      const phone = await web.newPage({ locale, width: 390, height: 844 });
      await web.signIn(phone.page, customer, language === 'en' ? undefined : CHINESE_SIGN_IN);
      await phone.page.goto('/portal');
      const hotline = phone.page.getByTestId('hotline');
      await eventually(() => hotline.innerText()).toContain('+86 21 5555 0100');
      expect(await hotline.innerText()).toContain(language === 'en' ? 'Hotline:' : '服务热线：');
      expect(await hotline.locator('a').getAttribute('href')).toBe('tel:+862155550100');
      if (database === 'sqlite') await screenshot(phone.page, `portal-hotline-${language}`);
      await phone.page.goto('/portal/new');
      await eventually(() => phone.page.getByTestId('hotline').innerText()).toContain(
        language === 'en' ? 'Urgent? Call our hotline: +86 21 5555 0100' : '紧急情况？请拨打服务热线：+86 21 5555 0100',
      );
      if (database === 'sqlite') await screenshot(phone.page, `portal-new-case-hotline-${language}`);
      expect(pageErrors(phone.page)).toEqual([]);
      await phone.context.close();
    }
  });

  it('staff add a CC address on the case page; a typo is named before saving; the case keeps the address', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto(`/cases/${caseId}`);
    const cc = page.getByTestId('case-cc');
    await eventually(() => cc.innerText()).toContain('—');
    await cc.getByRole('button', { name: 'Change who else gets the replies of this case' }).click();
    const dialog = page.getByRole('dialog');
    const input = dialog.getByLabel('CC');
    await input.fill('it-lead@shl.example');
    await input.press('Enter');
    await input.fill('ops-desk@shl');
    await input.press('Enter');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([
      '“ops-desk@shl” is not an e-mail address',
    ]);
    await dialog.locator('.ant-select-selection-item', { hasText: 'ops-desk@shl' }).locator('.ant-select-selection-item-remove').click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByRole('dialog').count()).toBe(0);
    await eventually(() => cc.innerText()).toContain('it-lead@shl.example');
    expect(await cc.locator('a[href="mailto:it-lead@shl.example"]').count()).toBe(1);
    const stored = await web.api<{ ccAddresses: string[] }>(secretary, 'GET', `/api/v1/cases/${caseId}`);
    expect(stored.ccAddresses).toEqual(['it-lead@shl.example']);
    if (database === 'sqlite') await screenshot(page, 'case-cc-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();

    // An engineer on the road reads it in Chinese on a phone; a customer sees the list but cannot change it.
    const engineer = await web.user('executive', { name: '赵工', language: 'zh-CN' });
    const phone = await web.newPage({ locale: 'zh-CN', width: 390, height: 844 });
    await web.signIn(phone.page, engineer, CHINESE_SIGN_IN);
    await phone.page.goto(`/cases/${caseId}`);
    await eventually(() => phone.page.getByTestId('case-cc').innerText()).toContain('it-lead@shl.example');
    // The staff case page lists its properties as name and value.
    expect(await phone.page.locator('.cd-props dt', { hasText: '抄送' }).count()).toBe(1);
    if (database === 'sqlite') await screenshot(phone.page, 'case-cc-zh-CN');
    await phone.context.close();

    const customer = await web.user('customer', { organizationId, name: 'Li Hua' });
    const portal = await web.newPage();
    await web.signIn(portal.page, customer);
    await portal.page.goto(`/cases/${caseId}`);
    await eventually(() => portal.page.getByTestId('case-cc').innerText()).toContain('it-lead@shl.example');
    expect(await portal.page.getByTestId('case-cc').getByRole('button').count()).toBe(0);
    await portal.context.close();
  });
});
