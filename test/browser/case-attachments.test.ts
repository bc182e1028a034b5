import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { InboundSmtpListener } from '../../src/jobs/inbound-smtp-listener.js';
import { describeBrowserSuite } from '../support/databases.js';
import { listenForMail, mailerInto, startMailOut, SUPPORT, type MailOut } from '../support/mail-ports.js';
import { PDF, solidPng } from '../support/sample-files.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser, picture } from './support/browser-app.js';
import { dropFiles, pasteImage } from './support/file-transfer.js';

vi.setConfig({ testTimeout: 240_000 });

const CONTACT = 'carla@harbour.example';
const evidenceDir = path.resolve(import.meta.dirname, '../../test-output/browser');
const PHOTO = solidPng(160, 120, [220, 60, 40]);
const SCREENSHOT = solidPng(200, 100, [40, 120, 220]);

describeBrowserSuite(
  'web app: files on a case — an agent answers a mailed-in case with a file, and the customer’s mail carries it',
  null,
  (database) => {
    let web: BrowserApp;
    let engineer: BrowserUser;
    let customer: BrowserUser;
    let listener: InboundSmtpListener;
    let mailOut: MailOut;
    let filesDir: string;
    let caseId: string;
    const shots = database === 'sqlite';

    beforeAll(async () => {
      if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
      web = await BrowserApp.start(database);
      // Where a real install keeps uploaded files on SQLite (the data folder); PostgreSQL keeps them in the database.
      filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-files-'));
      web.context.filesDir = filesDir;
      const admin = await web.user('admin');
      engineer = await web.user('executive', { name: 'Eli Engineer' });
      await web.api(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
      const organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Power Grid' })).id;
      await web.api(admin, 'POST', `/api/v1/organizations/${organizationId}/contacts`, { name: 'Carla Contact', email: CONTACT });
      customer = await web.user('customer', { organizationId, name: 'Carla Contact' });
      [listener, mailOut] = await Promise.all([listenForMail(web.context), startMailOut()]);
      const mailer = mailerInto(listener);
      try {
        await mailer.sendMail({
          from: `Carla Contact <${CONTACT}>`,
          to: SUPPORT,
          subject: 'Core switch fan alarm',
          text: 'The fan LED is red, photo attached.',
          attachments: [{ filename: 'fan-led.png', content: PHOTO }],
        });
      } finally {
        mailer.close();
      }
      caseId = (
        await web.storage.db.selectFrom('cases').select('id').where('title', '=', 'Core switch fan alarm').executeTakeFirstOrThrow()
      ).id;
    });
    afterEach(async (context) => web?.keepEvidence(context.task));
    afterAll(async () => {
      await mailOut?.close();
      await listener?.stop();
      await web?.stop();
      fs.rmSync(filesDir, { recursive: true, force: true });
    });

    it('the agent sees the mailed photo, drops a PDF on the reply, is told when a file is too big, sends, and the mail carries the PDF', async () => {
      const { page, context } = await web.newPage();
      await web.signIn(page, engineer);
      await page.goto(`/cases/${caseId}`);
      const timeline = page.getByRole('list', { name: 'Timeline' });
      // The mailed-in image is shown on the entry of the case it opened.
      const photo = timeline.getByRole('img', { name: 'fan-led.png' });
      await eventually(() => photo.count()).toBe(1);
      // Loaded, not a broken image: the download route serves it inline to the page.
      await eventually(() => photo.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBe(160);

      await page.getByRole('tab', { name: 'Public reply' }).click();
      await page.getByRole('textbox', { name: 'Public reply' }).fill('Please replace the fan tray as described in the attached guide.');
      await dropFiles(page, '.cd-drop-zone', [{ name: 'fan-tray-guide.pdf', type: 'application/pdf', content: PDF }]);
      const pending = page.getByLabel('Files to send');
      await eventually(() => pending.innerText()).toContain('fan-tray-guide.pdf');

      // Too big: said next to the button, nothing added.
      web.context.attachmentMaxBytes = 1024;
      await page
        .getByLabel('Choose files to attach')
        .setInputFiles({ name: 'full-log.txt', mimeType: 'text/plain', buffer: Buffer.alloc(4096, 0x61) });
      await eventually(() => page.locator('.cd-field-error').innerText()).toContain('larger than the limit of 1 KB');
      delete web.context.attachmentMaxBytes;
      await expect(pending.innerText()).resolves.not.toContain('full-log.txt');
      if (shots) await picture(page, path.join(evidenceDir, 'case-attachments-composer.png'), { fullPage: true });

      await page.getByRole('button', { name: 'Send reply' }).click();
      const reply = timeline.locator('li[data-kind="case.note"]');
      await eventually(() => reply.getByRole('link', { name: 'fan-tray-guide.pdf' }).count()).toBe(1);
      await eventually(() => page.locator('.cd-files-pending').count()).toBe(0);
      expect(await reply.getByRole('link', { name: 'fan-tray-guide.pdf' }).getAttribute('download')).toBe('fan-tray-guide.pdf');
      if (shots) await picture(page, path.join(evidenceDir, 'case-attachments-timeline.png'), { fullPage: true });
      expect(pageErrors(page)).toEqual([]);
      await context.close();

      expect((await mailOut.deliver(web.context)).failed).toBe(0);
      const mail = mailOut.sink.received.find(
        (received) => received.to.includes(CONTACT) && received.text.includes('replace the fan tray'),
      );
      expect(mail, 'the public reply reached the contact').toBeDefined();
      expect(mail!.attachments!.map((file) => [file.fileName, file.contentType])).toEqual([['fan-tray-guide.pdf', 'application/pdf']]);
      expect(mail!.attachments![0]!.content.equals(PDF)).toBe(true);
    });

    it('the customer, on a phone 390 px wide, pastes a screenshot into a portal message and sees the files in the timeline', async () => {
      const { page, context } = await web.newPage({ width: 390, height: 844 });
      await web.signIn(page, customer);
      await page.goto(`/cases/${caseId}`);
      const field = page.getByLabel('Your reply', { exact: true });
      await field.fill('Here is the screen after the swap.');
      await field.focus();
      await pasteImage(page, 'textarea[aria-label="Your reply"]', SCREENSHOT);
      await eventually(() => page.getByLabel('Files to send').innerText()).toContain('image.png');
      await page.getByRole('button', { name: 'Send reply' }).click();
      const timeline = page.getByRole('list', { name: 'Timeline' });
      await eventually(() => timeline.getByRole('img', { name: 'image.png' }).count()).toBe(1);
      // What the agent sent and what came by mail are both there; nothing is wider than the phone.
      await eventually(() => timeline.getByRole('link', { name: 'fan-tray-guide.pdf' }).count()).toBe(1);
      expect(await timeline.getByRole('img', { name: 'fan-led.png' }).count()).toBe(1);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      if (shots) await picture(page, path.join(evidenceDir, 'case-attachments-phone.png'), { fullPage: true });
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });

    it('a file too big for a mailed reply is named on the timeline; a note of a file only is sent with the button enabled by the file', async () => {
      const number = (await web.storage.db.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow()).number;
      web.context.attachmentMaxBytes = 1024;
      const mailer = mailerInto(listener);
      try {
        await mailer.sendMail({
          from: `Carla Contact <${CONTACT}>`,
          to: SUPPORT,
          subject: `Re: [${number}] Core switch fan alarm`,
          text: 'The full log is attached.',
          attachments: [{ filename: 'full-switch.log', content: Buffer.alloc(4096, 0x61) }],
        });
      } finally {
        mailer.close();
        delete web.context.attachmentMaxBytes;
      }
      const { page, context } = await web.newPage();
      await web.signIn(page, engineer);
      await page.goto(`/cases/${caseId}`);
      const timeline = page.getByRole('list', { name: 'Timeline' });
      const leftOut = timeline.locator('li[data-kind="case.mail-file-too-large"]');
      await eventually(() => leftOut.innerText()).toContain(
        'File full-switch.log (4 KB) came by mail but was not kept: larger than the limit of 1 KB',
      );
      expect(await leftOut.getAttribute('data-visibility')).toBe('internal');

      const send = page.getByRole('button', { name: 'Add note' });
      expect(await send.isDisabled()).toBe(true);
      await page
        .getByLabel('Choose files to attach')
        .setInputFiles({ name: 'trace.log', mimeType: 'text/plain', buffer: Buffer.from('fan tray 2: speed 0 rpm\n') });
      await eventually(() => page.getByLabel('Files to send').innerText()).toContain('trace.log');
      await eventually(() => send.isDisabled()).toBe(false);
      await send.click();
      await eventually(() => timeline.locator('li[data-kind="case.note"]').getByRole('link', { name: 'trace.log' }).count()).toBe(1);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });
  },
);
