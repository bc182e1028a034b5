import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  pick,
  screenshot,
  type BrowserUser,
  chooseLanguage,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('hotline intake: similar cases before saving, and the call as a note on an open one', null, (database) => {
  let web: BrowserApp;
  let secretary: BrowserUser;
  let organizationId: string;
  let openCaseId: string;
  let openCaseNumber: string;
  const shots = database === 'sqlite';

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    const expert = await web.user('expert', { name: 'Eve Expert' });
    secretary = await web.user('secretary', { name: 'Sue Secretary' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Pudong Port Authority' })).id;
    const vendor = await web.api<{ id: string }>(admin, 'POST', '/api/v1/vendors', {
      name: 'Cisco',
      supportCenter: { name: 'Cisco TAC' },
    });
    await web.api(admin, 'POST', '/api/v1/assets', {
      organizationId,
      vendorId: vendor.id,
      model: 'C9300-48P',
      serialNumber: 'FOC-7788',
      site: 'Terminal 2',
    });
    const open = async (title: string, minutesAgo: number) =>
      web.api<{ id: string; number: string }>(secretary, 'POST', '/api/v1/cases', {
        organizationId,
        channel: 'hotline',
        level: 3,
        title,
        description: 'Reported by phone.',
        departmentId: department.id,
        serialNumbers: ['FOC-7788'],
        receivedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      });
    // An earlier fault of the same switch, resolved, closed and linked to a problem; and one still open.
    const closed = await open('Core switch fan failure', 120);
    await web.api(secretary, 'POST', `/api/v1/cases/${closed.id}/transitions`, {
      to: 'resolved',
      note: 'Fan tray replaced under guarantee',
    });
    await web.api(secretary, 'POST', `/api/v1/cases/${closed.id}/transitions`, { to: 'closed' });
    const problem = await web.api<{ id: string }>(expert, 'POST', '/api/v1/problems', {
      title: 'C9300 fan trays fail early',
      description: 'One batch of fan trays.',
      ownerId: expert.id,
    });
    await web.api(expert, 'POST', `/api/v1/problems/${problem.id}/cases`, { caseId: closed.id });
    const stillOpen = await open('核心交换机端口故障', 30);
    openCaseId = stillOpen.id;
    openCaseNumber = stillOpen.number;
    await indexCaseSearchNow(web.context);
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('shows the open case of the same switch first while the secretary types, and turns the call into a note on it', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/intake');
    await page.locator('#intake-lookup').fill('Pudong Port');
    await page.getByRole('button', { name: /Pudong Port Authority/ }).click();
    await eventually(() => page.getByLabel('Title').isEnabled()).toBe(true);
    await page.getByLabel('Title').fill('交换机端口故障');
    // The switch is chosen from the customer's product list.
    await pick(page, page.getByLabel('Products (serial numbers)'), /FOC-7788/);

    const panel = page.getByTestId('intake-similar');
    const found = panel.getByTestId('similar-case');
    await eventually(() => found.count()).toBe(2);
    // Open first, with why it was found; the closed one tells how it was resolved and which problem it belongs to.
    expect(await found.nth(0).getAttribute('data-number')).toBe(openCaseNumber);
    expect(await found.nth(0).getAttribute('data-open')).toBe('true');
    expect(
      await found
        .nth(0)
        .locator('[data-reason]')
        .evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-reason'))),
    ).toEqual(['serial', 'text']);
    expect(await found.nth(0).getByTestId('similar-reasons').innerText()).toContain('Same serial number');
    const closedOutcome = await found.nth(1).getByTestId('similar-outcome').innerText();
    expect(closedOutcome).toContain('Fan tray replaced under guarantee');
    expect(closedOutcome).toContain('C9300 fan trays fail early');
    expect(await found.nth(1).getByRole('button', { name: 'Add this call as a note to this case' }).count()).toBe(0);
    if (shots) {
      await screenshot(page, 'intake-similar-en');
      await chooseLanguage(page, '中文');
      await eventually(() => page.getByTestId('intake-similar').getByText('序列号相同').count()).toBe(2);
      await screenshot(page, 'intake-similar-zh-CN');
      await chooseLanguage(page, 'English');
      await eventually(() => page.getByRole('button', { name: 'Add this call as a note to this case' }).count()).toBe(1);
    }

    await found.nth(0).getByRole('button', { name: 'Add this call as a note to this case' }).click();
    await page.waitForURL(`**/cases/${openCaseId}`);
    await eventually(() => page.getByText('Hotline call: 交换机端口故障').count()).toBeGreaterThan(0);
    const timeline = await web.api<{ items: { kind: string; visibility: string; data: { body?: string } }[] }>(
      secretary,
      'GET',
      `/api/v1/cases/${openCaseId}/timeline`,
    );
    const note = timeline.items.find((entry) => entry.kind === 'case.note');
    expect(note?.data.body).toContain('Hotline call: 交换机端口故障');
    expect(note?.visibility).toBe('internal');
    // No duplicate was opened.
    const cases = await web.api<{ items: unknown[] }>(secretary, 'GET', `/api/v1/cases?organizationId=${organizationId}`);
    expect(cases.items).toHaveLength(2);
    // The case page has its own card of similar cases: the closed one of the same switch.
    await eventually(() => page.getByTestId('case-similar').getByTestId('similar-case').count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
