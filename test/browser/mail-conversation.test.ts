import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { startInboundSmtp, type InboundSmtpListener } from '../../src/jobs/inbound-smtp-listener.js';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

const SUPPORT = 'support@casedesk.test';
const quiet = { info: () => {}, error: () => {}, debug: () => {} };

describeBrowserSuite('web app: a mailed-in case reads as a conversation, and each mail’s original is at hand', null, (database) => {
  let web: BrowserApp;
  let engineer: BrowserUser;
  let listener: InboundSmtpListener;
  let caseId: string;
  let filesDir: string;

  const mailIn = async (mail: nodemailer.SendMailOptions) => {
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    try {
      return await mailer.sendMail({ to: SUPPORT, ...mail });
    } finally {
      mailer.close();
    }
  };
  const caseOf = async (messageId: string) =>
    (await web.storage.db.selectFrom('inbound_mail').select('case_id').where('message_id', '=', messageId).executeTakeFirstOrThrow())
      .case_id!;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    // Where a real install keeps the mailed files on SQLite (the data folder).
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-files-'));
    web.context.filesDir = filesDir;
    const admin = await web.user('admin');
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    engineer = await web.user('expert', { name: 'Eli Engineer', departmentId: department.id });
    const organization = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Logistics' });
    await web.api(admin, 'POST', `/api/v1/organizations/${organization.id}/contacts`, { name: 'Chen Jun', email: 'chen.jun@harbour.test' });
    listener = await startInboundSmtp(web.context, {
      port: 0,
      host: '127.0.0.1',
      addresses: [SUPPORT],
      maxBytes: 1_000_000,
      ownAddresses: [SUPPORT],
      log: quiet,
    });
    const opened = await mailIn({
      from: 'Chen Jun <chen.jun@harbour.test>',
      subject: 'Scanner at gate 3 offline',
      text: 'The barcode scanner at gate 3 has been offline since 7:00.\nPlease send someone.',
      attachments: [{ filename: 'gate3.txt', content: Buffer.from('scanner log\n') }],
    });
    caseId = await caseOf(opened.messageId);
    const number = (await web.api<{ number: string }>(admin, 'GET', `/api/v1/cases/${caseId}`)).number;
    await mailIn({
      from: 'chen.jun@harbour.test',
      subject: `Re: [${number}] Scanner at gate 3 offline`,
      text: 'It is back since 9:30, thank you.\n\nOn Tue, Support <support@casedesk.test> wrote:\n> We restarted the scanner remotely.',
    });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(async () => {
    await listener?.stop();
    await web?.stop();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('an engineer sees the description as the first message and opens the original of the trimmed reply', async () => {
    const { page, context } = await web.newPage();
    const errors = pageErrors(page);
    await web.signIn(page, engineer);
    await page.goto(`/cases/${caseId}`);

    // Newest first: the conversation ends with the customer's description, from the contact, with the mail's file.
    const messages = page.locator('.cd-timeline > li');
    await eventually(() => messages.last().getAttribute('data-kind')).toBe('case.description');
    const description = messages.last();
    expect(await description.getAttribute('data-author')).toBe('customer');
    expect(await description.getAttribute('class')).toBe('cd-msg');
    const descriptionText = await description.textContent();
    expect(descriptionText).toContain('Chen Jun');
    expect(descriptionText).toContain('The barcode scanner at gate 3 has been offline since 7:00.');
    expect(descriptionText).toContain('gate3.txt');
    // The one before it is "Case logged"; the header keeps the title, not the description.
    expect(await messages.nth((await messages.count()) - 2).getAttribute('data-kind')).toBe('case.created');
    expect(await page.locator('.cd-case-header').textContent()).toContain('Scanner at gate 3 offline');
    expect(await page.locator('.cd-case-header').textContent()).not.toContain('has been offline since 7:00');

    // The reply is trimmed in the conversation; its original has the quoted history.
    const reply = page.locator('.cd-timeline > li[data-kind="case.note"][data-author="customer"]');
    await eventually(() => reply.textContent()).toContain('It is back since 9:30, thank you.');
    expect(await reply.textContent()).not.toContain('We restarted the scanner remotely.');
    await reply.getByRole('button', { name: 'Show original mail' }).click();
    const dialog = page.getByRole('dialog', { name: 'Original mail' });
    await eventually(() => dialog.getByTestId('original-mail-text').textContent()).toContain('> We restarted the scanner remotely.');
    const headers = await dialog.locator('.ant-descriptions').textContent();
    expect(headers).toContain('chen.jun@harbour.test');
    expect(headers).toContain(SUPPORT);
    expect(headers).toMatch(/Subject\s*Re: \[C-\d{4}-\d+\] Scanner at gate 3 offline/);
    expect(headers).toContain('Date');
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await eventually(() => page.getByRole('dialog', { name: 'Original mail' }).count()).toBe(0);

    // The description's own mail, with the file it carried.
    await description.getByRole('button', { name: 'Show original mail' }).click();
    const opening = page.getByRole('dialog', { name: 'Original mail' });
    await eventually(() => opening.getByTestId('original-mail-text').textContent()).toContain('Please send someone.');
    expect(await opening.getByTestId('original-mail-files').textContent()).toContain('gate3.txt');
    expect(errors).toEqual([]);
    await context.close();
  });
});
