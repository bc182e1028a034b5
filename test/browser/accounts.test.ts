import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, pick, screenshot } from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: forgotten passwords and deactivated users', null, (database) => {
  let web: BrowserApp;
  let sink: SmtpSink;
  let transport: MailTransport;
  const shots = database === 'sqlite';

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    transport?.close();
    await sink?.close();
    await web?.stop();
  });

  /** The link of the latest reset mail to `email`, on the server under test (the mail names the public address). */
  async function mailedLink(email: string): Promise<string> {
    expect(await deliverDueMail(web.context, { transport, from: 'CaseDesk <casedesk@example.com>' })).toMatchObject({ failed: 0 });
    const mail = sink.received.filter((received) => received.to.includes(email)).at(-1);
    expect(mail).toBeDefined();
    const link = /http:\/\/casedesk\.test(\/reset-password#token=[A-Za-z0-9_-]+)/.exec(mail!.text);
    expect(link, mail!.text).not.toBeNull();
    return `${web.baseUrl}${link![1]!}`;
  }

  it('resets a forgotten password through the mailed link, once', async () => {
    const user = await web.user('executive', { name: 'Fran Forgetful' });
    const { page, context } = await web.newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL('**/forgot-password');
    // The page loads on demand: wait for it, not the sign-in form it replaces.
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Mail me a link' }).click();
    await eventually(() => page.getByRole('status').textContent()).toContain('is on its way');
    if (shots) await screenshot(page, 'forgot-password-en');

    const link = await mailedLink(user.email);
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the new password').fill('short');
    await page.getByRole('button', { name: 'Set password' }).click();
    await eventually(() => page.locator('#newPassword_help').textContent()).toContain('at least 10');
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
    await page.getByLabel('Repeat the new password').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await eventually(() => page.getByRole('status').textContent()).toContain('Your password is set');

    await web.signIn(page, { email: user.email, password: 'a-brand-new-password' });
    const old = await fetch(`${web.baseUrl}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(old.status).toBe(401);

    // The link is spent: opened again, it says so and offers a new one.
    const second = await web.newPage({ locale: 'zh-CN' });
    await second.page.goto(link);
    await second.page.getByLabel('新密码', { exact: true }).fill('yet-another-password');
    await second.page.getByLabel('再次输入新密码').fill('yet-another-password');
    await second.page.getByRole('button', { name: '设置密码' }).click();
    await eventually(() => second.page.getByRole('alert').textContent()).toContain('链接无效');
    await eventually(() => second.page.getByRole('link', { name: '重新申请链接' }).count()).toBe(1);
    if (shots) await screenshot(second.page, 'reset-password-used-zh-CN');
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(second.page)).toEqual([]);
    await second.context.close();
    await context.close();
  });

  it('refuses a deactivated user at once, lets them back in when reactivated, and names roles by what they do', async () => {
    const admin = await web.user('admin', { name: 'Ada Admin' });
    const engineer = await web.user('executive', { name: 'Eli Engineer' });
    const engineerPage = await web.newPage();
    await web.signIn(engineerPage.page, engineer);
    await engineerPage.page.goto('/account');
    await eventually(() => engineerPage.page.getByText('Engineer (service executive)').count()).toBe(1);

    const { page, context } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/admin/users');
    await eventually(() => page.getByRole('row', { name: /Eli Engineer/ }).textContent()).toContain('Engineer (service executive)');

    // A new user gets no role by default: the admin must choose one.
    await page.getByRole('button', { name: 'Add user' }).click();
    const addDialog = page.getByRole('dialog');
    await eventually(() => addDialog.getByText('Choose what this person does').count()).toBe(1);
    await addDialog.getByLabel('Name').fill('Nina New');
    await addDialog.getByLabel('Email').fill(`nina-${database}@example.com`);
    await addDialog.getByRole('button', { name: 'Create' }).click();
    await eventually(() => addDialog.locator('#role_help').textContent()).toBe('Enter Role');
    await pick(page, addDialog.getByLabel('Role'), 'Case intake (service secretary)');
    await addDialog.getByRole('button', { name: 'Create' }).click();
    await eventually(() => page.getByRole('row', { name: /Nina New/ }).textContent()).toContain('Case intake (service secretary)');

    // The admin mails Nina a link to set her password.
    await page.getByRole('button', { name: 'Edit Nina New' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Mail a password reset link' }).click();
    await eventually(() => page.getByRole('dialog').getByRole('status').textContent()).toContain(
      `was mailed to nina-${database}@example.com`,
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await mailedLink(`nina-${database}@example.com`)).toContain('/reset-password#token=');

    await page.getByRole('button', { name: 'Edit Eli Engineer' }).click();
    const dialog = page.getByRole('dialog');
    // As below: the form fills after the dialog opens, so the switch is read before and after it is turned on.
    await eventually(() => dialog.getByRole('switch').getAttribute('aria-checked')).toBe('false');
    await dialog.getByRole('switch').click();
    await eventually(() => dialog.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByRole('row', { name: /Eli Engineer/ }).textContent()).toContain('Deactivated');
    if (shots) await screenshot(page, 'admin-users-deactivated-en');

    // The engineer's open page loses its session at the next request and cannot sign in again.
    await engineerPage.page.goto('/cases');
    await engineerPage.page.waitForURL('**/sign-in**');
    await engineerPage.page.getByLabel('Email').fill(engineer.email);
    await engineerPage.page.getByLabel('Password', { exact: true }).fill(engineer.password);
    await engineerPage.page.getByRole('button', { name: 'Sign in' }).click();
    await eventually(() => engineerPage.page.getByRole('alert').textContent()).toContain('wrong');
    const byToken = await fetch(`${web.baseUrl}/api/v1/sessions/current`, { headers: engineer.headers });
    expect(byToken.status).toBe(401);

    await page.getByRole('button', { name: 'Edit Eli Engineer' }).click();
    const activeSwitch = page.getByRole('dialog').getByRole('switch');
    // The dialog fills its form after it opens: the "deactivated" switch is turned off once it shows the account's state.
    await eventually(() => activeSwitch.getAttribute('aria-checked')).toBe('true');
    await activeSwitch.click();
    await eventually(() => activeSwitch.getAttribute('aria-checked')).toBe('false');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByRole('row', { name: /Eli Engineer/ }).textContent()).toContain('Active');
    await web.signIn(engineerPage.page, engineer);
    expect(pageErrors(page)).toEqual([]);
    await engineerPage.context.close();
    await context.close();
  });
});
