import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  htmlLang,
  pageErrors,
  pick,
  screenshot,
  chooseLanguage,
} from './support/browser-app.js';

// A browser scenario on a busy two-core machine can outlast the suite's 60 s default.
vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: first-admin setup, sign-in, language, administration', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('creates the first admin on an empty system, then the setup page locks itself', async () => {
    const { page, context } = await web.newPage();
    await page.goto('/');
    // Signed out on an empty system: the sign-in page sends the visitor on to set-up.
    await page.waitForURL('**/setup');
    await eventually(() => htmlLang(page)).toBe('en');
    if (shots) await screenshot(page, 'setup-en');

    await page.getByLabel('Name').fill('Ada Admin');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    // The API's problem+json names the field; the message appears next to it.
    await eventually(() => page.locator('#password_help').textContent()).toContain('at least');

    await page.getByLabel('Password', { exact: true }).fill('a-long-enough-password');
    await page.getByLabel('Repeat the password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.waitForURL('**/admin/users');
    await eventually(() => page.getByRole('cell', { name: 'ada@example.com' }).first().isVisible()).toBe(true);

    // Once anyone exists the set-up is refused for good.
    const again = await fetch(`${web.baseUrl}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'eve@example.com', name: 'Eve', password: 'another-long-password' }),
    });
    expect(again.status).toBe(409);
    await page.goto('/setup');
    await eventually(() => page.getByText('CaseDesk is set up already').count()).toBe(1);

    // Sign out, then a wrong password shows the API's message, and the right one gets back in.
    await page.goto('/account');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('wrong');
    if (shots) await screenshot(page, 'sign-in-en');
    await page.getByLabel('Password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));

    // Change password: a wrong current password is reported next to that field; the right one changes it.
    await page.goto('/account');
    await page.getByLabel('Current password').fill('not-the-password');
    await page.getByLabel('New password', { exact: true }).fill('an-even-longer-password');
    await page.getByLabel('Repeat the new password').fill('an-even-longer-password');
    await page.getByRole('button', { name: 'Change password' }).last().click();
    await eventually(() => page.locator('#currentPassword_help').textContent()).toBeTruthy();
    await page.getByLabel('Current password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Change password' }).last().click();
    await eventually(() => page.getByText('Your password was changed').count()).toBe(1);
    const signInWithNew = await fetch(`${web.baseUrl}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'an-even-longer-password' }),
    });
    expect(signInWithNew.status).toBe(201);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('switches to Chinese, keeps the choice for the user and sets <html lang>', async () => {
    const admin = await web.user('admin', { name: 'Lin Admin' });
    const { page, context } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/account');
    await chooseLanguage(page, '中文');
    await eventually(() => htmlLang(page)).toBe('zh-CN');
    await eventually(() => page.getByRole('heading', { name: '我的账户' }).count()).toBe(1);
    await eventually(() => page.getByRole('button', { name: '退出登录' }).count()).toBe(1);
    // Kept per user on the server.
    const me = await web.api<{ user: { language: string } }>(admin, 'GET', '/api/v1/sessions/current');
    expect(me.user.language).toBe('zh-CN');
    if (shots) await screenshot(page, 'account-zh-CN');

    // A new browser (English by preference) signs in and gets Chinese, sign-in form labelled in Chinese after sign-out.
    const second = await web.newPage();
    await web.signIn(second.page, admin);
    await eventually(() => htmlLang(second.page)).toBe('zh-CN');
    await second.page.getByRole('button', { name: '退出登录' }).click();
    await second.page.waitForURL('**/sign-in');
    await eventually(() => second.page.getByLabel('邮箱').count()).toBe(1);
    await eventually(() => second.page.getByLabel('密码').count()).toBe(1);
    await eventually(() => second.page.getByRole('button', { name: '登录' }).count()).toBe(1);
    if (shots) await screenshot(second.page, 'sign-in-zh-CN');

    await chooseLanguage(page, 'English');
    await eventually(() => htmlLang(page)).toBe('en');
    await second.context.close();
    await context.close();
  });

  it('lets an admin create users and departments, fill positions, and shows unfilled positions until then', async () => {
    const admin = await web.user('admin', { name: 'Grace Admin' });
    const { page, context } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/admin/users');

    for (const [name, role] of [
      ['Mei Manager', 'Department head (service manager)'],
      ['Victor VP', 'System setup (administrator)'],
    ] as const) {
      await page.getByRole('button', { name: 'Add user' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByLabel('Email').fill(`${name.split(' ')[0]!.toLowerCase()}-${database}@example.com`);
      await pick(page, dialog.getByLabel('Role'), new RegExp(`^${role.replace(/[()]/g, '\\$&')}$`));
      await dialog.getByLabel('Initial password').fill('a-long-enough-password');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => page.getByRole('cell', { name, exact: true }).first().isVisible()).toBe(true);
    }

    // An e-mail that is taken comes back from the API as a problem on the email field.
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Duplicate');
    await dialog.getByLabel('Email').fill(`mei-${database}@example.com`);
    await pick(page, dialog.getByLabel('Role'), 'Engineer (service executive)');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await eventually(() => dialog.locator('#email_help').textContent()).toBeTruthy();
    // Typed changes are not lost by a misclick: Cancel asks first.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const discard = page.getByRole('button', { name: 'Discard' });
    await discard.click();
    // On a loaded machine the click can land while the question still zooms in and do nothing: a person clicks again.
    await eventually(async () => {
      if (await discard.isVisible()) await discard.click({ timeout: 2_000 }).catch(() => undefined);
      return dialog.count();
    }).toBe(0);

    await page.getByRole('tab', { name: 'Departments' }).click();
    await page.waitForURL('**/admin/departments');
    await page.getByRole('button', { name: 'Add department' }).click();
    const departmentDialog = page.getByRole('dialog');
    await departmentDialog.getByLabel('Name').fill('Network Services');
    await pick(page, departmentDialog.getByLabel('Manager'), /Mei Manager/);
    await departmentDialog.getByRole('button', { name: 'Create' }).click();
    await eventually(() => page.getByRole('cell', { name: 'Network Services' }).first().isVisible()).toBe(true);

    const alert = page.getByTestId('unfilled-positions');
    await eventually(() => alert.textContent()).toContain('Network Services has no VP in charge');
    await eventually(() => alert.textContent()).toContain('Operation Center GM is empty');

    await page.getByRole('tab', { name: 'Positions' }).click();
    await page.waitForURL('**/admin/positions');
    if (shots) await screenshot(page, 'admin-positions-en');
    await pick(page, page.getByLabel('Operation Center GM'), /Victor VP/);
    await eventually(() => alert.textContent()).not.toContain('Operation Center GM is empty');
    await pick(page, page.getByLabel('President', { exact: true }), /Victor VP/);

    await page.getByRole('tab', { name: 'Departments' }).click();
    await page.getByRole('button', { name: 'Edit Network Services' }).click();
    await pick(page, page.getByRole('dialog').getByLabel('VP in charge'), /Victor VP/);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    // Every position held (other departments may exist from other tests in this database: none do here).
    await eventually(() => alert.count()).toBe(0);
    if (shots) await screenshot(page, 'admin-departments-en');

    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('tab', { name: '部门' }).count()).toBe(1);
    if (shots) await screenshot(page, 'admin-departments-zh-CN');
    await chooseLanguage(page, 'English');

    // The escalation policy as a grid (levels × hours), the seed matrix by default; a change saves a new version.
    await page.getByRole('tab', { name: 'Escalation policy' }).click();
    await page.waitForURL('**/admin/policies');
    const cell = page.getByLabel('Level 1, 1 hour');
    await eventually(() => page.locator('.cd-policy-grid tbody tr').count()).toBe(6);
    await eventually(() => page.locator('.cd-policy-grid tbody tr').first().textContent()).toContain('Department manager');
    if (shots) await screenshot(page, 'admin-policy-en');
    await pick(page, page.getByLabel('Level 4, 4 hours'), 'Operation Center GM');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await eventually(() => page.getByText('Saved as version 2').count()).toBe(1);
    const policies = await web.api<{
      items: { version: number; policy: { matrix: { level: number; afterHours: number; position: string }[] } }[];
    }>(admin, 'GET', '/api/v1/escalation-policies');
    expect(policies.items[0]!.version).toBe(2);
    expect(policies.items[0]!.policy.matrix).toContainEqual(
      expect.objectContaining({ level: 4, afterHours: 4, position: 'operation-center-gm' }),
    );
    expect(await cell.count()).toBe(1);
    // The business calendar is editable; a calendar the API refuses shows its problem next to the field.
    const zone = await page.locator('#calendar-time-zone').inputValue();
    expect(zone).not.toBe('');
    await eventually(() => page.getByLabel('Monday Opens').count()).toBe(1);
    await page.locator('#calendar-time-zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await eventually(() => page.locator('#calendar-time-zone-error').textContent()).toContain('Mars/Olympus');
    await page.locator('#calendar-time-zone').fill(zone);
    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('tab', { name: '升级报告策略' }).count()).toBe(1);
    if (shots) await screenshot(page, 'admin-policy-zh-CN');
    await chooseLanguage(page, 'English');

    await page.getByRole('tab', { name: 'Outbox' }).click();
    await page.waitForURL('**/admin/outbox');
    if (shots) await screenshot(page, 'admin-outbox-en');
    await page.getByRole('tab', { name: 'Mail' }).click();
    await page.waitForURL('**/admin/mail');
    await eventually(() => page.getByText('Not configured: mail stays in the outbox').count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
