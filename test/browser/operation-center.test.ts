import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chooseLanguage, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

vi.setConfig({ testTimeout: 180_000 });

const tile = (page: Page, id: string) => page.getByTestId(`tile-${id}-value`).textContent();
const fontSizeOf = (page: Page, testId: string) =>
  page.evaluate<number>(`parseFloat(getComputedStyle(document.querySelector('[data-testid="${testId}"]')).fontSize)`);

describeBrowserSuite('web app: the Operation Center and the wallboard', null, (database) => {
  let web: BrowserApp;
  let admin: BrowserUser;
  let manager: BrowserUser;
  let department: Created;
  let acme: Created;
  let logged = 0;

  const logCase = (level: 1 | 2 | 3 | 4) =>
    web.api<Created>(manager, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      channel: 'hotline',
      level,
      title: `Operation Center case ${++logged}`,
      description: 'Logged in the background while the dashboard is open.',
      departmentId: department.id,
    });

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin');
    department = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    manager = await web.user('manager', { name: 'Mia Manager', departmentId: department.id });
    acme = await web.api<Created>(manager, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' });
    await logCase(3);
    await logCase(2);
  });
  afterEach(async (context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('shows the figures and follows a case logged meanwhile, with the report due counting down', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.getByRole('navigation').getByRole('link', { name: 'Operation Center' }).click();
    await page.waitForURL('**/operation-center');
    await eventually(() => tile(page, 'open')).toBe('2');
    expect(await tile(page, 'level-1')).toBe('0');
    expect(await tile(page, 'unassigned')).toBe('2');
    await expect.poll(() => page.getByTestId('live-state').getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    await page.evaluate('window.__sameDocument = true');

    // A level-1 case: its department manager's report falls due an hour after it was logged, inside the window.
    const urgent = await logCase(1);
    await eventually(() => tile(page, 'open')).toBe('3');
    expect(await tile(page, 'level-1')).toBe('1');
    expect(await tile(page, 'unassigned')).toBe('3');
    expect(await tile(page, 'due-steps')).toBe('1');
    const row = page.getByTestId(`due-step-${urgent.number}`);
    await expect.poll(() => row.textContent()).toContain('Acme Logistics');
    expect(await row.textContent()).toContain('Department manager');
    const countdown = row.getByTestId('countdown');
    const first = await countdown.textContent();
    expect(first).toMatch(/^(5\d|60):\d\d$/);
    await expect.poll(() => countdown.textContent(), { timeout: 5_000, interval: 200 }).not.toBe(first);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);

    // The department filter narrows it; another department has none of these cases.
    const other = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Storage Service' });
    await page.goto(`/operation-center?department=${other.id}`);
    await eventually(() => tile(page, 'open')).toBe('0');

    // A phone: the tiles stack, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/operation-center');
    await eventually(() => tile(page, 'open')).toBe('3');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

    await chooseLanguage(page, '中文', { signedIn: true });
    await eventually(() => page.locator('h2').first().textContent()).toBe('运营中心');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('an admin makes a wallboard link; the wall shows large tiles without navigation, live, until the token is revoked', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/admin/wallboards');
    await page.getByRole('button', { name: 'New wallboard' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Hotline wall');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const link = await page.getByTestId('wallboard-link').textContent();
    expect(link).toMatch(/\/wallboard\?token=cdw_/);
    await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await eventually(() => page.getByRole('row', { name: /Hotline wall/ }).count()).toBe(1);

    // The wall: a browser nobody signed in to.
    const wall = await web.newPage({ width: 1920, height: 1080 });
    await wall.page.goto(new URL(link!).pathname + new URL(link!).search);
    await eventually(() => tile(wall.page, 'open')).toBe('3');
    expect(new URL(wall.page.url()).search).not.toContain('token');
    expect(await wall.page.getByRole('navigation').count()).toBe(0);
    expect(await fontSizeOf(wall.page, 'tile-open-value')).toBeGreaterThanOrEqual(64);
    await expect.poll(() => wall.page.getByTestId('live-state').getAttribute('data-connected'), { timeout: 15_000 }).toBe('true');
    await logCase(4);
    await eventually(() => tile(wall.page, 'open')).toBe('4');
    expect(await tile(wall.page, 'level-4')).toBe('1');

    // Reloaded, it stays signed in by its cookie.
    await wall.page.reload();
    await eventually(() => tile(wall.page, 'open')).toBe('4');

    await page
      .getByRole('row', { name: /Hotline wall/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    const revoked = page.waitForResponse(
      (response) => response.request().method() === 'DELETE' && response.url().includes('/wallboard-tokens/'),
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    expect((await revoked).status()).toBe(204);
    await wall.page.reload();
    await eventually(() => wall.page.getByText('This wallboard is not signed in').count()).toBe(1);
    expect(pageErrors(wall.page)).toEqual([]);
    await wall.context.close();
    await context.close();
  });
});
