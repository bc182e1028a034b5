import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { startInboundSmtp, type InboundSmtpListener } from '../../src/jobs/inbound-smtp-listener.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  pick,
  screenshot,
  type BrowserUser,
  picture,
  screenshotFile,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

const SUPPORT = 'support@casedesk.test';
const quiet = { info: () => {}, error: () => {}, debug: () => {} };

describeBrowserSuite('web app: unmatched mail — staff make a case of mail from an unknown sender', null, (database) => {
  let web: BrowserApp;
  let secretary: BrowserUser;
  let listener: InboundSmtpListener;
  let organizationId: string;
  let admin: BrowserUser;

  const mailIn = async (from: string, subject: string, text: string) => {
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    try {
      await mailer.sendMail({ from, to: SUPPORT, subject, text });
    } finally {
      mailer.close();
    }
  };

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    secretary = await web.user('secretary', { name: 'Sara Secretary' });
    admin = await web.user('admin');
    await web.api(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Logistics' })).id;
    listener = await startInboundSmtp(web.context, {
      port: 0,
      host: '127.0.0.1',
      addresses: [SUPPORT],
      maxBytes: 1_000_000,
      ownAddresses: [SUPPORT],
      log: quiet,
    });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(async () => {
    await listener?.stop();
    await web?.stop();
  });

  it('a secretary reads a mail from an unknown sender, makes it a case of the customer with a new contact, and the case appears', async () => {
    await mailIn(
      'Chen Jun <chen.jun@harbour.test>',
      'Scanner at gate 3 offline',
      'The barcode scanner at gate 3 has been offline since 7:00.\nPlease send someone.',
    );
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.getByRole('navigation').getByRole('link', { name: 'Unmatched mail' }).first().click();
    await page.waitForURL('**/unmatched-mail');
    await page.getByRole('button', { name: 'Scanner at gate 3 offline' }).click();
    await eventually(() => page.getByText('The barcode scanner at gate 3 has been offline').count()).toBe(1);
    await expect(page.getByText('The sender is not a contact of any customer').count()).resolves.toBe(1);
    await screenshot(page, 'unmatched-mail-en');

    await page.getByRole('button', { name: 'Make it a case' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Customer').fill('Harbour');
    await pick(page, dialog.getByLabel('Customer'), 'Harbour Logistics');
    await dialog.getByText('A new contact').click();
    await expect(dialog.getByLabel('Name of the new contact').inputValue()).resolves.toBe('Chen Jun');
    await expect(dialog.getByLabel('E-mail of the new contact').inputValue()).resolves.toBe('chen.jun@harbour.test');
    await picture(page, screenshotFile('unmatched-mail-assign-en'), { settleMs: 300 });
    await dialog.getByRole('button', { name: 'Make it a case' }).click();
    await eventually(() => page.getByText('No unmatched mail.').count()).toBe(1);
    await page.getByRole('link', { name: 'Open the new case' }).click();
    await page.waitForURL('**/cases/**');
    await eventually(() => page.getByText('Scanner at gate 3 offline').count()).toBeGreaterThan(0);
    const cases = await web.storage.db.selectFrom('cases').selectAll().where('organization_id', '=', organizationId).execute();
    expect(cases.map((row) => [row.title, row.channel])).toEqual([['Scanner at gate 3 offline', 'email']]);

    // The new contact's answer threads onto the case by its number, shown as a public reply from them.
    await mailIn(
      'Chen Jun <chen.jun@harbour.test>',
      `Re: [${cases[0]!.number}] Scanner at gate 3 offline`,
      'The technician fixed it, thank you.\n\nOn Monday, Support wrote:\n> We are on our way.',
    );
    await page.reload();
    await eventually(() => page.getByText('The technician fixed it, thank you.').count()).toBe(1);
    await expect(page.getByText('We are on our way.').count()).resolves.toBe(0);
    await expect(page.getByText('Chen Jun').count()).resolves.toBeGreaterThan(0);
    await screenshot(page, 'case-mailed-reply-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('shows the list in Chinese, with nothing left in English, and discards a mail', async () => {
    await mailIn('Someone <spam@nowhere.test>', 'Cheap printer toner', 'Buy now.');
    const chinese = await web.user('secretary', { name: '王秘书', language: 'zh-CN' });
    const { page, context } = await web.newPage({ locale: 'zh-CN' });
    await web.signIn(page, chinese, { email: '邮箱', password: '密码', submit: '登录' });
    await page.getByRole('navigation').getByRole('link', { name: '未匹配邮件' }).first().click();
    await page.waitForURL('**/unmatched-mail');
    await eventually(() => page.getByText('发件人不是任何客户的联系人').count()).toBe(1);
    const body = await page.locator('body').innerText();
    for (const english of ['Unmatched mail', 'Make it a case', 'Discard', 'Received', 'The sender is not'])
      expect(body).not.toContain(english);
    await screenshot(page, 'unmatched-mail-zh-CN');
    // On a phone the list still fits the screen and its actions can be reached.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Cheap printer toner' }).click();
    await eventually(() => page.getByText('Buy now.').count()).toBe(1);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'unmatched-mail-390-zh-CN');
    await page.getByRole('button', { name: '丢弃' }).click();
    await eventually(() => page.getByText('没有未匹配的邮件。').count()).toBe(1);
    // Discarded mail can still be looked at, with the reason it waited, and nothing left to do with it.
    await page.getByText('已丢弃', { exact: true }).click();
    await page.waitForURL('**/unmatched-mail?status=discarded');
    await eventually(() => page.getByRole('button', { name: 'Cheap printer toner' }).count()).toBe(1);
    expect(await page.getByText('发件人不是任何客户的联系人').count()).toBe(1);
    expect(await page.getByRole('button', { name: '丢弃' }).count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a filter shows ignored and refused mail with the reason; a customer’s mail over the hourly limit is made a case', async () => {
    await web.api(admin, 'POST', `/api/v1/organizations/${organizationId}/contacts`, { name: 'Liu Yang', email: 'liu.yang@harbour.test' });
    // A desk that takes one mail an hour from a sender: the second is kept as ignored (rate-limited).
    const strict = await startInboundSmtp(web.context, {
      port: 0,
      host: '127.0.0.1',
      addresses: [SUPPORT],
      maxBytes: 1_000_000,
      ownAddresses: [SUPPORT],
      ratePerHour: 1,
      log: quiet,
    });
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: strict.port, secure: false, ignoreTLS: true });
    try {
      await mailer.sendMail({
        from: 'Liu Yang <liu.yang@harbour.test>',
        to: SUPPORT,
        subject: 'Conveyor belt stopped',
        text: 'Belt 2 stopped.',
      });
      await mailer.sendMail({
        from: 'Liu Yang <liu.yang@harbour.test>',
        to: SUPPORT,
        subject: 'Forklift charger dead',
        text: 'The charger in hall B shows no light.',
      });
      // A mail no reader can read (more MIME parts than any takes) is refused, and recorded for staff.
      const parts = Array.from({ length: 1_100 }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index}`).join('\r\n');
      const raw = [
        'From: Liu Yang <liu.yang@harbour.test>',
        `To: ${SUPPORT}`,
        'Subject: Thousand camera logs',
        'Message-ID: <thousand-logs@harbour.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=b',
        '',
        `${parts}\r\n--b--`,
        '',
      ].join('\r\n');
      await expect(mailer.sendMail({ envelope: { from: 'liu.yang@harbour.test', to: [SUPPORT] }, raw })).rejects.toThrow(/554/);
    } finally {
      mailer.close();
      await strict.stop();
    }

    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto(`${web.baseUrl}/unmatched-mail`);
    await page.getByText('Ignored', { exact: true }).click();
    await page.waitForURL('**/unmatched-mail?status=ignored');
    await eventually(() => page.getByRole('button', { name: 'Forklift charger dead' }).count()).toBe(1);
    await expect(page.getByText('The sender wrote more than the hourly limit').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Forklift charger dead' }).click();
    await eventually(() => page.getByText('The charger in hall B shows no light.').count()).toBe(1);
    await page.getByRole('button', { name: 'Make it a case' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Customer').fill('Harbour');
    await pick(page, dialog.getByLabel('Customer'), 'Harbour Logistics');
    await pick(page, dialog.getByRole('combobox', { name: 'Contact' }), 'Liu Yang');
    await dialog.getByRole('button', { name: 'Make it a case' }).click();
    await eventually(() => page.getByText('No ignored mail.').count()).toBe(1);
    const made = await web.storage.db.selectFrom('cases').selectAll().where('title', '=', 'Forklift charger dead').execute();
    expect(made.map((row) => [row.organization_id, row.channel])).toEqual([[organizationId, 'email']]);

    await page.getByText('Refused', { exact: true }).click();
    await page.waitForURL('**/unmatched-mail?status=refused');
    await eventually(() => page.getByRole('button', { name: 'Thousand camera logs' }).count()).toBe(1);
    await expect(page.getByText('Could not be read as a mail', { exact: true }).count()).resolves.toBe(1);
    // It has no text to make a case of; it can be discarded.
    await expect(page.getByRole('button', { name: 'Make it a case' }).count()).resolves.toBe(0);
    await screenshot(page, 'unmatched-mail-refused-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();

    // The same list in Chinese, straight from its address.
    const chinese = await web.user('secretary', { name: '李秘书', language: 'zh-CN' });
    const zh = await web.newPage({ locale: 'zh-CN' });
    await web.signIn(zh.page, chinese, { email: '邮箱', password: '密码', submit: '登录' });
    await zh.page.goto(`${web.baseUrl}/unmatched-mail?status=refused`);
    await eventually(() => zh.page.getByText('无法作为邮件读取', { exact: true }).count()).toBe(1);
    const body = await zh.page.locator('body').innerText();
    for (const english of ['Refused', 'Ignored', 'Could not be read', 'Discard']) expect(body).not.toContain(english);
    await zh.page.getByText('已忽略', { exact: true }).click();
    await eventually(() => zh.page.getByText('没有已忽略的邮件。').count()).toBe(1);
    expect(pageErrors(zh.page)).toEqual([]);
    await zh.context.close();
  });

  it('a mail about a closed case opens a follow-up whose timeline links to the closed case', async () => {
    const closed = await web.storage.db
      .selectFrom('cases')
      .selectAll()
      .where('title', '=', 'Scanner at gate 3 offline')
      .executeTakeFirstOrThrow();
    await web.storage.db
      .updateTable('cases')
      .set({ status: 'closed', closed_at: new Date().toISOString() })
      .where('id', '=', closed.id)
      .execute();
    await mailIn('Chen Jun <chen.jun@harbour.test>', `Re: [${closed.number}] Scanner at gate 3 offline`, 'It is offline again.');
    const followUp = await web.storage.db
      .selectFrom('inbound_mail')
      .select('case_id')
      .where('subject', '=', `Re: [${closed.number}] Scanner at gate 3 offline`)
      .where('status', '=', 'case-opened')
      .executeTakeFirstOrThrow();
    expect(followUp.case_id).not.toBe(closed.id);
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto(`${web.baseUrl}/cases/${followUp.case_id}`);
    const link = page.locator('li[data-kind="case.follow-up-of"]').getByRole('link', { name: closed.number, exact: true });
    await eventually(() => link.count()).toBe(1);
    await link.click();
    await page.waitForURL(`**/cases/${closed.id}`);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
