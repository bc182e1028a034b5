import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { detectRecurrences } from '../../src/services/problems/detect-recurrences.js';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

describeBrowserSuite('web app: problems proposed by the recurrence detection', null, (database) => {
  let web: BrowserApp;
  let expert: BrowserUser;
  const caseNumbers: string[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    expert = await web.user('expert', { name: 'Erin Expert' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Services' });
    const acme = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    const now = Date.now();
    for (const daysAgo of [40, 20, 2]) {
      const opened = await web.api<{ number: string }>(expert, 'POST', '/api/v1/cases', {
        organizationId: acme.id,
        channel: 'hotline',
        level: 2,
        title: `Firewall reboots (${daysAgo} days ago)`,
        description: 'The firewall rebooted on its own.',
        departmentId: department.id,
        serialNumbers: ['FW-RECUR-1'],
        receivedAt: new Date(now - daysAgo * 86_400_000).toISOString(),
      });
      caseNumbers.push(opened.number);
    }
    expect(await detectRecurrences(web.context)).toBe(1);
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('an expert sees the proposal on the Problems page and accepts it: the problem opens with the cases linked', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, expert);
    await page.goto('/problems');
    const proposal = page.getByTestId('problem-proposal');
    await eventually(() => proposal.getByText('Serial number FW-RECUR-1').count()).toBe(1);
    await eventually(() => proposal.getByText('3 or more fault cases on one serial number within 90 days', { exact: false }).count()).toBe(
      1,
    );
    for (const number of caseNumbers) await eventually(() => proposal.getByRole('link', { name: number }).count()).toBe(1);

    await proposal.getByRole('button', { name: 'Accept' }).click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.getByLabel('Title').inputValue()).toBe('Recurring faults: Serial number FW-RECUR-1');
    await dialog.getByLabel('Title').fill('Firewall reboots on its own');
    await dialog.getByRole('button', { name: 'Accept' }).click();
    await page.waitForURL(/\/problems\/[\w-]+$/);
    await eventually(() => page.getByRole('heading', { name: /Firewall reboots on its own/ }).count()).toBe(1);
    for (const number of caseNumbers) await eventually(() => page.getByRole('link', { name: number }).count()).toBe(1);
    await eventually(() => page.getByText('Problem opened from a recurrence proposal: Serial number FW-RECUR-1').count()).toBe(1);

    // The proposal is decided: the Problems page no longer offers it.
    await page.goto('/problems');
    await eventually(() => page.getByRole('link', { name: 'Firewall reboots on its own' }).count()).toBe(1);
    expect(await page.getByTestId('problem-proposals').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
