import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { parseInboundMail } from '../../src/mail/inbound-message.js';
import { receiveInboundMail } from '../../src/services/inbound-mail/receive-inbound-mail.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chooseLanguage,
  chromiumAvailable,
  eventually,
  pageErrors,
  type BrowserUser,
  picture,
  screenshotFile,
} from './support/browser-app.js';

// A browser scenario on a busy two-core machine can outlast the suite's 60 s default.
vi.setConfig({ testTimeout: 180_000 });

const NAME = 'Zhao Quillmin';
const EMAIL = 'zhao.quillmin@acme.example';

function contactsCard(page: Page): Locator {
  return page.getByTestId('customer-contacts');
}

/** Opens a contact's personal data menu and clicks one of its items. */
async function chooseFromMenu(page: Page, name: string, item: string): Promise<void> {
  await contactsCard(page)
    .getByRole('button', { name: new RegExp(`^(Personal data of ${name}|${name}的个人数据)$`) })
    .click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** A screenshot of an open dialog for the README, once the menu has closed and the dialog has finished zooming in. */
async function settledScreenshot(page: Page, name: string): Promise<void> {
  await eventually(() => page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').count()).toBe(0);
  await eventually(() => page.locator('.ant-modal[class*="ant-zoom-"]').count()).toBe(0);
  await picture(page, screenshotFile(name));
}

describeBrowserSuite('web app: export and erase a contact’s personal data from the customer page', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let admin: BrowserUser;
  let acme: { id: string };

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin', { name: 'Ada Admin' });
    acme = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    const contact = await web.api<{ id: string }>(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: NAME,
      phone: '+86 10 5555 0177',
      email: EMAIL,
    });
    await web.api(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, { name: 'Li Lei', email: 'li.lei@acme.example' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Field Services' });
    await web.api(admin, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      departmentId: department.id,
      contactId: contact.id,
      channel: 'hotline',
      level: 3,
      title: 'Scanner offline',
      description: `${NAME} says the scanner at gate 2 is offline.`,
    });
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('an admin downloads the JSON and the PDF, then erases the contact after typing the name', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto(`/organizations/${acme.id}`);
    await eventually(() => contactsCard(page).locator(`tr[data-contact="${NAME}"]`).count()).toBe(1);

    const jsonDownload = page.waitForEvent('download');
    await chooseFromMenu(page, NAME, 'Export personal data (JSON)');
    const json = JSON.parse(fs.readFileSync((await (await jsonDownload).path())!, 'utf8')) as {
      contacts: { name: string; email: string }[];
      cases: { title: string }[];
    };
    expect(json.contacts).toMatchObject([{ name: NAME, email: EMAIL }]);
    expect(json.cases.map((row) => row.title)).toEqual(['Scanner offline']);

    const pdfDownload = page.waitForEvent('download');
    await chooseFromMenu(page, NAME, 'Export personal data (PDF)');
    expect(
      fs
        .readFileSync((await (await pdfDownload).path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // A mail from the contact, the name RFC 2047-encoded and the text in base64, as mail programs send them.
    const encoded = (text: string) => Buffer.from(text, 'utf8').toString('base64');
    const raw = [
      `From: =?UTF-8?B?${encoded(NAME)}?= <${EMAIL}>`,
      'To: support@casedesk.test',
      'Subject: Printer at gate 4',
      'Date: Thu, 26 Nov 2026 09:15:00 +0800',
      'Message-ID: <zq-1@acme.example>',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      encoded(`The printer at gate 4 jams. ${NAME}`),
      '',
    ].join('\r\n');
    const mailed = await receiveInboundMail(
      web.context,
      await parseInboundMail(Buffer.from(raw)),
      raw,
      { to: 'support@casedesk.test' },
      {
        ownAddresses: ['support@casedesk.test'],
      },
    );
    expect(mailed.caseId).not.toBeNull();

    await chooseFromMenu(page, NAME, 'Erase personal data');
    const dialog = page.getByRole('dialog', { name: `Erase the personal data of ${NAME}?` });
    await dialog.waitFor();
    await expect(dialog.getByText(/^Kept: the cases/).count()).resolves.toBe(1);
    const erase = dialog.getByRole('button', { name: 'Erase' });
    await expect(erase.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Name to confirm').fill('Zhao');
    await expect(erase.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Name to confirm').fill(NAME);
    await eventually(() => erase.isEnabled()).toBe(true);
    if (shots) await settledScreenshot(page, 'personal-data-erase-en');
    await erase.click();
    await dialog.waitFor({ state: 'hidden' });

    await eventually(() => contactsCard(page).locator(`tr[data-contact="${NAME}"]`).count()).toBe(0);
    const erasedRow = contactsCard(page).locator('tr[data-contact^="Former contact #"]');
    await eventually(() => erasedRow.count()).toBe(1);
    await expect(erasedRow.getByText('Erased', { exact: true }).count()).resolves.toBe(1);
    await expect(erasedRow.textContent()).resolves.not.toContain(EMAIL);

    // The mail's original says it was rebuilt, and no longer names them.
    await page.goto(`/cases/${mailed.caseId}`);
    await page.locator('.cd-timeline > li[data-kind="case.description"]').getByRole('button', { name: 'Show original mail' }).click();
    const original = page.getByRole('dialog', { name: 'Original mail' });
    await eventually(() => original.getByTestId('original-mail-erased').textContent()).toMatch(/^Rebuilt on .+ personal data was erased/);
    expect(await original.textContent()).not.toContain('Quillmin');
    await original.getByRole('button', { name: 'Close' }).first().click();
    await page.goto(`/organizations/${acme.id}`);

    // In Chinese: the menu of the other contact and the dialog, for the README.
    await chooseLanguage(page, '中文');
    await page.reload();
    await eventually(() => contactsCard(page).locator('tr[data-contact="Li Lei"]').count()).toBe(1);
    await chooseFromMenu(page, 'Li Lei', '删除个人数据');
    const chinese = page.getByRole('dialog', { name: '删除Li Lei的个人数据？' });
    await chinese.waitFor();
    if (shots) await settledScreenshot(page, 'personal-data-erase-zh-CN');
    await chinese.getByRole('button', { name: /取\s*消/ }).click();
    await chinese.waitFor({ state: 'hidden' });
    expect(pageErrors(page)).toEqual([]);
  });
});
