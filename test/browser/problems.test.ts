import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

describeBrowserSuite('web app: problem records from a case', null, (database) => {
  let web: BrowserApp;
  let expert: BrowserUser;
  let caseId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    expert = await web.user('expert', { name: 'Erin Expert' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: expert.id,
    });
    const acme = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    const opened = await web.api<{ id: string }>(expert, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      channel: 'hotline',
      level: 3,
      title: 'Core switch drops packets under load',
      description: 'Packet loss on the core switch every evening.',
      departmentId: department.id,
    });
    caseId = opened.id;
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('an expert opens a problem from a case, sets its workaround, and the case shows it one click away', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, expert);
    await page.goto(`/cases/${caseId}`);
    const card = page.getByTestId('case-problems');
    await eventually(() => card.getByText('This case is not linked to a problem.').count()).toBe(1);
    await card.getByRole('button', { name: 'Open a problem from this case' }).click();
    const dialog = page.getByRole('dialog');
    await eventually(() => dialog.getByLabel('Title').inputValue()).toBe('Core switch drops packets under load');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/problems\/[\w-]+$/);
    const problemId = new URL(page.url()).pathname.split('/').at(-1)!;
    await eventually(() => page.getByRole('heading', { name: /Core switch drops packets under load/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    await eventually(() => edit.getByLabel('Title').inputValue()).toBe('Core switch drops packets under load');
    await edit.getByLabel('Workaround').fill('Disable flow control on the uplink ports.');
    await edit.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByTestId('problem-workaround').innerText()).toBe('Disable flow control on the uplink ports.');
    await eventually(() => page.getByRole('link', { name: /^C-/ }).count()).toBe(1);

    await page.getByRole('link', { name: /^C-/ }).click();
    await page.waitForURL(`**/cases/${caseId}`);
    const caseCard = page.getByTestId('case-problems');
    await eventually(() => caseCard.getByRole('link', { name: 'Core switch drops packets under load' }).getAttribute('href')).toBe(
      `/problems/${problemId}`,
    );
    await caseCard.getByRole('button', { name: 'Show workaround' }).click();
    await eventually(() => caseCard.getByTestId('case-problem-workaround').innerText()).toBe('Disable flow control on the uplink ports.');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
