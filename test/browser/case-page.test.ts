import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  openCaseAction,
  pageErrors,
  pick,
  screenshot,
  type BrowserUser,
} from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

// A browser scenario on a busy two-core machine can outlast the suite's 60 s default.
vi.setConfig({ testTimeout: 240_000 });

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The composer lies wholly inside the window as the page opens: nobody scrolls past forms to answer. */
async function composerInFirstViewport(page: Page, viewport: { width: number; height: number }): Promise<void> {
  const composer = page.getByTestId('case-composer');
  await composer.waitFor();
  await page.evaluate('window.scrollTo(0, 0)');
  const box = await composer.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
}

describeBrowserSuite('web app: the case page is a conversation with the composer at hand', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let engineer: BrowserUser;
  let chineseEngineer: BrowserUser;
  let customer: BrowserUser;
  let portalCase: Created;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Services' });
    engineer = await web.user('executive', { name: 'Eli Engineer', departmentId: department.id });
    chineseEngineer = await web.user('executive', { name: '王工程师', departmentId: department.id, language: 'zh-CN' });
    const acme = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    await web.api(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: 'Li Lei',
      phone: '+86 10 5555 0101',
      email: 'li.lei@acme.example',
    });
    customer = await web.user('customer', { name: 'Li Lei', organizationId: acme.id });
    const contact = (await web.api<{ items: { id: string }[] }>(admin, 'GET', `/api/v1/organizations/${acme.id}/contacts`)).items[0]!;
    portalCase = await web.api<Created>(customer, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      channel: 'portal',
      level: 3,
      title: 'Label printer in hall 2 prints blank pages',
      description: 'Since this morning the Zebra printer in hall 2 feeds labels but prints nothing.',
    });
    // The customer's account is not linked to a contact here; the secretary names the caller.
    await web.api(admin, 'PATCH', `/api/v1/cases/${portalCase.id}`, { contactId: contact.id });
    await web.api(customer, 'POST', `/api/v1/cases/${portalCase.id}/notes`, {
      body: 'It is the printer next to dock 4.',
      visibility: 'public',
    });
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('an engineer replies, notes, assigns, records a service action and resolves without scrolling past forms', async () => {
    const { page, context } = await web.newPage(DESKTOP);
    await web.signIn(page, engineer);
    await page.goto(`/cases/${portalCase.id}`);
    await eventually(() => page.getByTestId('case-description').textContent()).toContain('Zebra printer');
    await composerInFirstViewport(page, DESKTOP);

    // The customer's message reads as the customer's, apart from staff's.
    const customerMessage = page.locator('.cd-timeline li.cd-msg[data-kind="case.note"][data-author="customer"]');
    await eventually(() => customerMessage.textContent()).toContain('next to dock 4');
    expect(await customerMessage.textContent()).toContain('Customer');

    // A public reply from the composer.
    await page.getByRole('tab', { name: 'Public reply' }).click();
    await page.getByRole('textbox', { name: 'Public reply' }).fill('We will call you within the hour.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const staffReply = page.locator('.cd-timeline li.cd-msg[data-author="staff"][data-visibility="public"]');
    await eventually(() => staffReply.textContent()).toContain('We will call you within the hour.');

    // An internal note looks different: tinted and tagged Internal.
    await page.getByRole('tab', { name: 'Internal note' }).click();
    await page.getByRole('textbox', { name: 'Internal note' }).fill('Print head probably worn; spare in the van.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.locator('.cd-timeline li.cd-msg[data-visibility="internal"]');
    await eventually(() => note.textContent()).toContain('Print head probably worn');
    expect(await note.locator('.ant-tag', { hasText: 'Internal' }).count()).toBe(1);
    // The tests have no DOM types: the computed colour is read as a string.
    const backgroundOf = (selector: string) =>
      page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).backgroundColor`);
    const [noteBackground, replyBackground] = await Promise.all([
      backgroundOf('.cd-timeline li.cd-msg[data-visibility="internal"]'),
      backgroundOf('.cd-timeline li.cd-msg[data-author="staff"][data-visibility="public"]'),
    ]);
    expect(noteBackground).not.toBe(replyBackground);
    // Newest first, right under the composer.
    expect(await page.locator('.cd-timeline li').first().textContent()).toContain('Print head probably worn');

    // Assigned in place, in the sidebar.
    const properties = page.getByTestId('case-properties');
    await pick(page, properties.getByLabel('Assignee'), /Eli Engineer/);
    await eventually(
      async () => (await web.api<{ assigneeId: string | null }>(engineer, 'GET', `/api/v1/cases/${portalCase.id}`)).assigneeId,
    ).toBe(engineer.id);
    // The contact is one tap from a call.
    expect(await properties.locator('a[href^="tel:"]').count()).toBe(1);

    // A service action through its dialog, closed once recorded.
    const serviceAction = await openCaseAction(page, 'Service action…');
    await pick(page, serviceAction.getByLabel('Action'), 'Phone support');
    await serviceAction.getByLabel('What was done').fill('Walked the customer through a print head clean; test label prints.');
    await serviceAction.getByRole('button', { name: 'Record a service action' }).click();
    await serviceAction.waitFor({ state: 'hidden' });
    await eventually(() => page.locator('.cd-timeline li[data-kind="case.action-recorded"]').count()).toBe(1);

    // Resolved with the status buttons, which offer only the moves the server allows.
    const resolve = properties.getByRole('button', { name: 'Resolve' });
    if ((await resolve.count()) === 0) {
      await properties.getByRole('button', { name: 'Start work' }).click();
      await resolve.waitFor();
    }
    await resolve.click();
    await eventually(async () => (await web.api<{ status: string }>(engineer, 'GET', `/api/v1/cases/${portalCase.id}`)).status).toBe(
      'resolved',
    );
    // The service record on the same page follows without a reload: it now waits for the customer's confirmation.
    await eventually(() => page.getByTestId('service-record-panel').textContent()).toContain("Awaiting the customer's confirmation");
    await composerInFirstViewport(page, DESKTOP);
    if (shots) await screenshot(page, 'case-page-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('at 390 px the sidebar follows the conversation, and the page reads in Chinese for a Chinese user', async () => {
    const phone = await web.newPage(PHONE);
    await web.signIn(phone.page, engineer);
    await phone.page.goto(`/cases/${portalCase.id}`);
    await composerInFirstViewport(phone.page, PHONE);
    const [composerBox, propertiesBox] = await Promise.all([
      phone.page.getByTestId('case-composer').boundingBox(),
      phone.page.getByTestId('case-properties').boundingBox(),
    ]);
    expect(propertiesBox!.y).toBeGreaterThan(composerBox!.y);
    const overflow = await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    if (shots) await screenshot(phone.page, 'case-page-390-en');
    expect(pageErrors(phone.page)).toEqual([]);
    await phone.context.close();

    for (const viewport of [DESKTOP, PHONE]) {
      const { page, context } = await web.newPage(viewport);
      await web.signIn(page, chineseEngineer);
      await page.goto(`/cases/${portalCase.id}`);
      await eventually(() => page.getByRole('tab', { name: '内部备注' }).count()).toBe(1);
      await eventually(() => page.getByText('沟通记录').count()).toBe(1);
      await composerInFirstViewport(page, viewport);
      if (shots) await screenshot(page, viewport === DESKTOP ? 'case-page-zh-CN' : 'case-page-390-zh-CN');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    }
  });
});
