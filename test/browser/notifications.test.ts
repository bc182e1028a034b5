import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, screenshot, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite(
  'web app: notifications reach the engineer, the tab title counts them, admins acknowledge with a reason',
  null,
  (database) => {
    let web: BrowserApp;
    let sink: SmtpSink;
    let transport: MailTransport;
    let admin: BrowserUser;
    let manager: BrowserUser;
    let department: { id: string; name: string };
    let organization: { id: string };
    const shots = database === 'sqlite';

    beforeAll(async () => {
      if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
      web = await BrowserApp.start(database);
      sink = await startSmtpSink();
      transport = smtpTransport(sink.url);
      admin = await web.user('admin', { name: 'Ada Admin' });
      manager = await web.user('manager', { name: 'Mia Manager' });
      department = await web.api(admin, 'POST', '/api/v1/departments', { name: 'Network Services', managerUserId: manager.id });
      organization = await web.api(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Power Grid' });
    });
    afterEach(async (context) => {
      await web?.keepEvidence(context.task);
    });
    afterAll(async () => {
      transport?.close();
      await sink?.close();
      await web?.stop();
    });

    const assign = (assignee: BrowserUser, title: string, extra: Record<string, unknown> = {}) =>
      web.api<{ id: string; number: string }>(manager, 'POST', '/api/v1/cases', {
        organizationId: organization.id,
        departmentId: department.id,
        assigneeId: assignee.id,
        channel: 'hotline',
        level: 3,
        title,
        description: 'Logged for the notifications test.',
        ...extra,
      });

    for (const language of ['en', 'zh-CN'] as const) {
      it(`assignment: the engineer's unread count shows in the tab title, and the notification opens the case (${language})`, async () => {
        const words =
          language === 'en'
            ? {
                notifications: 'Notifications',
                assigned: 'assigned to you',
                preferences: 'Notifications',
                email: 'By e-mail',
                markAll: 'Mark all read',
              }
            : { notifications: '通知', assigned: '已分派给您', preferences: '通知', email: '通过邮件', markAll: '全部标为已读' };
        const engineer = await web.user('executive', {
          name: language === 'en' ? 'Eli Engineer' : '王工',
          language,
          departmentId: department.id,
        });
        const { page } = await web.newPage(language === 'zh-CN' ? { locale: 'zh-CN' } : {});
        await web.signIn(page, engineer, language === 'en' ? undefined : { email: '邮箱', password: '密码', submit: '登录' });
        await eventually(() => page.title()).toBe('CaseDesk');

        const opened = await assign(engineer, language === 'en' ? 'Core switch drops packets' : '核心交换机丢包');
        // No reload: the change feed (or the polling behind it) brings the count.
        await eventually(() => page.title()).toBe('(1) CaseDesk');
        await eventually(() => page.getByTestId('unread-count').textContent()).toBe('1');

        await page.getByRole('link', { name: new RegExp(`^${words.notifications}`) }).click();
        const item = page.getByRole('link', { name: new RegExp(`${opened.number}.*${words.assigned}`) });
        await item.waitFor();
        if (shots) await screenshot(page, `notifications-${language}`);
        await item.click();
        await page.waitForURL(`**/cases/${opened.id}`);
        await eventually(() => page.title()).toBe('CaseDesk');

        // The same notice by mail, in the engineer's language, in the case's thread.
        expect(await deliverDueMail(web.context, { transport, from: 'CaseDesk <casedesk@example.com>' })).toMatchObject({ failed: 0 });
        const mail = sink.received.find((received) => received.to.includes(engineer.email) && received.subject.includes(opened.number));
        expect(mail?.subject).toContain(`[${opened.number}]`);
        expect(mail?.subject.toLowerCase()).toContain(words.assigned);

        // The engineer turns assignment mail off on the account page; the next assignment arrives in the app only.
        await page.goto('/account');
        const card = page.getByTestId('notification-preferences');
        const assignedByMail = card.getByRole('checkbox').nth(1);
        await eventually(() => assignedByMail.isChecked()).toBe(true);
        if (shots) await screenshot(page, `notification-preferences-${language}`);
        await assignedByMail.click();
        await eventually(() => assignedByMail.isChecked()).toBe(false);
        const saved = await web.api<{ preferences: Record<string, { inApp: boolean; email: boolean }> }>(
          engineer,
          'GET',
          '/api/v1/me/notification-preferences',
        );
        expect(saved.preferences['case-assigned']).toEqual({ inApp: true, email: false });
        expect(pageErrors(page)).toEqual([]);
      });
    }

    it("a customer's reply reaches the assigned engineer in the app and by mail; a secretary may not acknowledge the manager's report", async () => {
      const engineer = await web.user('executive', { name: 'Eva Engineer', departmentId: department.id });
      const secretary = await web.user('secretary', { name: 'Sam Secretary' });
      const customer = await web.user('customer', { name: 'Chris Customer', organizationId: organization.id });
      // Level 1, received two hours ago: the department manager's report fires at once and tells the manager only.
      const opened = await assign(engineer, 'Firewall cluster failed over', {
        level: 1,
        receivedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      });
      const { page } = await web.newPage();
      await web.signIn(page, engineer);
      await eventually(() => page.getByTestId('unread-count').textContent()).toBe('1');

      await web.api(customer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
        visibility: 'public',
        body: 'The standby unit is active now; the primary shows a red alarm LED.',
      });
      // No reload: the reply arrives as the second unread notice and links to the case.
      await eventually(() => page.getByTestId('unread-count').textContent()).toBe('2');
      await page.getByRole('link', { name: /^Notifications/ }).click();
      const replied = page.getByRole('link', { name: new RegExp(`${opened.number}.*Chris Customer`) });
      await replied.waitFor();
      await replied.click();
      await page.waitForURL(`**/cases/${opened.id}`);
      await eventually(() => page.locator('body').textContent()).toContain('the primary shows a red alarm LED');

      expect(await deliverDueMail(web.context, { transport, from: 'CaseDesk <casedesk@example.com>' })).toMatchObject({ failed: 0 });
      const mails = sink.received.filter(
        (received) => received.to.includes(engineer.email) && received.subject.includes(`[${opened.number}]`),
      );
      // The assignment and the reply, each in the case's thread.
      expect(mails).toHaveLength(2);
      expect(mails.some((mail) => mail.text.includes('the primary shows a red alarm LED'))).toBe(true);

      // The secretary was not told of the manager's report: no acknowledge button on the ladder, and the API refuses.
      const ladder = await web.api<{ steps: { id: string; position: string; status: string }[] }>(
        secretary,
        'GET',
        `/api/v1/cases/${opened.id}/escalations`,
      );
      const fired = ladder.steps.find((step) => step.position === 'department-manager');
      expect(fired?.status).toBe('fired');
      await expect(web.api(secretary, 'POST', `/api/v1/cases/${opened.id}/escalations/${fired!.id}/acknowledgement`, {})).rejects.toThrow(
        /→ 403/,
      );
      const secretaryPage = (await web.newPage()).page;
      await web.signIn(secretaryPage, secretary);
      await secretaryPage.goto(`/cases/${opened.id}`);
      const step = secretaryPage.locator('li[data-position="department-manager"]');
      await step.waitFor();
      await eventually(() => step.textContent()).toContain('Mia Manager');
      expect(await step.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
      expect(pageErrors(page)).toEqual([]);
      expect(pageErrors(secretaryPage)).toEqual([]);
    });

    it('an admin acknowledges an upgrading report for the manager only with a reason; the ladder shows who, when and why', async () => {
      const engineer = await web.user('executive', { departmentId: department.id });
      // Level 1, received two hours ago: the department manager's report fires at once.
      const opened = await assign(engineer, 'Data centre power loss', {
        level: 1,
        receivedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      });
      const { page } = await web.newPage();
      await web.signIn(page, admin);
      await page.goto(`/cases/${opened.id}`);
      const step = page.locator('li[data-position="department-manager"]');
      await step.getByRole('button', { name: 'Acknowledge for them' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Acknowledge' }).click();
      await eventually(() => dialog.textContent()).toContain('Enter Why you acknowledge it for them');
      await dialog.getByLabel('Why you acknowledge it for them').fill('On leave; told by phone.');
      await dialog.getByRole('button', { name: 'Acknowledge' }).click();
      await eventually(() => step.getByTestId('step-acknowledged').textContent()).toContain('Acknowledged by Ada Admin');
      await eventually(() => step.getByTestId('step-acknowledged').textContent()).toContain('On leave; told by phone.');
      if (shots) await screenshot(page, 'ladder-acknowledged-on-behalf-en');
      expect(pageErrors(page)).toEqual([]);
    });
  },
);
