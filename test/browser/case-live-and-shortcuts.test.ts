import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, pick, type BrowserUser, chooseLanguage } from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

vi.setConfig({ testTimeout: 180_000 });

/** Page-side reads as strings: this file compiles for Node, where `document` is not a known name. */
const focusedLabel = (page: Page) => page.evaluate<string | null>('document.activeElement?.getAttribute("aria-label") ?? null');
const blur = (page: Page) => page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
const mainText = (page: Page) => page.locator('main').textContent();

describeBrowserSuite('web app: the case page live and by keyboard', null, (database) => {
  let web: BrowserApp;
  let manager: BrowserUser;
  let engineer: BrowserUser;
  const cases: Created[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    const department = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    manager = await web.user('manager', { name: 'Mia Manager', departmentId: department.id });
    engineer = await web.user('expert', { name: 'Erin Engineer', departmentId: department.id });
    const acme = await web.api<Created>(manager, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' });
    for (const title of ['Core switch reboots', 'Branch VPN drops', 'Printer offline']) {
      cases.push(
        await web.api<Created>(manager, 'POST', '/api/v1/cases', {
          organizationId: acme.id,
          channel: 'hotline',
          level: 3,
          title,
          description: 'Logged for the live and keyboard test.',
          departmentId: department.id,
        }),
      );
    }
  });
  afterEach(async (context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it("an engineer's half-typed note survives a manager assigning the case in another browser meanwhile, and the change shows without a reload", async () => {
    const watched = cases[0]!;
    const { page, context } = await web.newPage();
    await web.signIn(page, engineer);
    await page.goto(`/cases/${watched.id}`);
    const note = page.getByRole('textbox', { name: 'Internal note' });
    await note.fill('Switch logs show a power dip at 03:10, checking the');
    // The assignee, changed in place in the sidebar, reads the case too: it shows nobody yet.
    const assignee = page.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: 'Assignee' }) });
    await eventually(() => assignee.textContent()).toContain('Nobody');
    // A mark on the window: a reload would wipe it.
    await page.evaluate('window.__sameDocument = true');
    expect(await mainText(page)).not.toContain('Erin Engineer');

    // The manager, in a browser of their own (another context: their own session), assigns the case in its sidebar.
    const other = await web.newPage();
    await web.signIn(other.page, manager);
    await other.page.goto(`/cases/${watched.id}`);
    const properties = other.page.getByTestId('case-properties');
    await pick(other.page, properties.getByLabel('Assignee'), /Erin Engineer/);
    await eventually(
      async () => (await web.api<{ assigneeId: string | null }>(manager, 'GET', `/api/v1/cases/${watched.id}`)).assigneeId,
    ).toBe(engineer.id);
    expect(pageErrors(other.page)).toEqual([]);
    await other.context.close();

    await eventually(() => mainText(page)).toContain('Erin Engineer');
    await eventually(() => assignee.textContent()).toContain('Erin Engineer');
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    expect(await note.inputValue()).toBe('Switch logs show a power dip at 03:10, checking the');

    // The engineer finishes the sentence and sends it: nothing was lost on the way.
    await note.pressSequentially(' UPS next.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await eventually(() => page.getByText('Switch logs show a power dip at 03:10, checking the UPS next.').count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('walks a queue by keyboard: ? help, n note, r reply, a assign to me, s status, j/k next and previous', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, engineer);
    await page.goto('/cases?view=unassigned&sort=received&dir=asc');
    await eventually(() => page.locator('tr[data-case]').count()).toBe(2);
    const listed = await page.locator('tr[data-case]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case')));
    const order = listed.map((number) => cases.find((row) => row.number === number)!);

    // `?` on the queue lists the shortcuts; `j` opens the first case of the list.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.keyboard.press('j');
    await page.waitForURL(`**/cases/${order[0]!.id}`);
    // The address changes first; the queue stays on screen until the case page has loaded.
    await page.getByRole('heading', { name: order[0]!.number }).waitFor();

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Assign the case to me');
    // Keys do nothing behind the open dialog.
    await page.keyboard.press('j');
    expect(page.url()).toContain(order[0]!.id);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await page.keyboard.press('n');
    await eventually(() => focusedLabel(page)).toBe('Internal note');
    // Typed into the note, a shortcut key is just a letter.
    await page.keyboard.type('jars');
    expect(await page.getByRole('textbox', { name: 'Internal note' }).inputValue()).toBe('jars');
    expect(page.url()).toContain(order[0]!.id);
    await blur(page);

    await page.keyboard.press('r');
    await eventually(() => focusedLabel(page)).toBe('Public reply');
    await blur(page);

    // A key held with a modifier is the browser's, not the page's.
    await page.keyboard.press('Alt+a');
    await page.keyboard.press('a');
    await page.getByText('The case is assigned to you.').waitFor();
    const assigned = await web.api<{ assigneeId: string | null }>(engineer, 'GET', `/api/v1/cases/${order[0]!.id}`);
    expect(assigned.assigneeId).toBe(engineer.id);
    await eventually(() => mainText(page)).toContain('Erin Engineer');

    await page.keyboard.press('s');
    const statusButtonFocused =
      'document.activeElement?.tagName === "BUTTON" && !!document.activeElement.closest("[data-shortcut=status]")';
    await eventually(() => page.evaluate<boolean>(statusButtonFocused)).toBe(true);
    await blur(page);

    await page.keyboard.press('j');
    // The note typed above is not thrown away unasked: leaving for the next case asks first.
    const leave = page.getByRole('dialog').filter({ hasText: 'Leave this page?' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Leave' }).click();
    await page.waitForURL(`**/cases/${order[1]!.id}`);
    await page.getByRole('heading', { name: order[1]!.number }).waitFor();
    await page.keyboard.press(']');
    await page.getByText('No more cases in that direction of the queue.').waitFor();
    await page.keyboard.press('k');
    await page.waitForURL(`**/cases/${order[0]!.id}`);
    await page.getByRole('heading', { name: order[0]!.number }).waitFor();

    // The help in Chinese.
    await chooseLanguage(page, '中文');
    await page.keyboard.press('?');
    const zhHelp = page.getByRole('dialog', { name: '键盘快捷键' });
    await zhHelp.waitFor();
    expect(await zhHelp.textContent()).toContain('将工单分派给我');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
