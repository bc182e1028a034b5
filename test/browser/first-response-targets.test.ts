import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chooseLanguage,
  chromiumAvailable,
  eventually,
  pageErrors,
  screenshot,
  type BrowserUser,
} from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: first-response targets in the queue and on the case page', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let secretary: BrowserUser;
  let breached: Created;
  let met: Created;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    const department = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    secretary = await web.user('secretary', { name: 'Sam Secretary' });
    const acme = await web.api<Created>(secretary, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' });
    const logCase = (title: string, level: number, receivedAt?: string) =>
      web.api<Created>(secretary, 'POST', '/api/v1/cases', {
        organizationId: acme.id,
        channel: 'hotline',
        level,
        title,
        description: 'Logged for the first-response test.',
        departmentId: department.id,
        ...(receivedAt ? { receivedAt } : {}),
      });
    // Level 1 promises a response within 15 minutes (the default 7×24 policy); this call came in 40 minutes ago.
    breached = await logCase('Core router down', 1, new Date(Date.now() - 40 * 60_000).toISOString());
    // Level 4 has 8 hours; the secretary answers at once with a public reply.
    met = await logCase('Licence renewal question', 4);
    await web.api(secretary, 'POST', `/api/v1/cases/${met.id}/notes`, { body: 'We will send the renewal today.', visibility: 'public' });
  });
  afterEach(async (context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('the queue shows the breached and the met case; the case sidebar shows the target in English and Chinese', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.waitForURL('**/cases');
    await page.goto('/cases?view=open');
    const cell = (number: string) => page.locator(`tr[data-case="${number}"] td[data-first-response]`);
    await eventually(() => cell(breached.number).locator('[data-state]').getAttribute('data-state')).toBe('breached');
    expect(await cell(breached.number).textContent()).toMatch(/^Breached · overdue by /);
    await eventually(() => cell(met.number).locator('[data-state]').getAttribute('data-state')).toBe('met');
    expect(await cell(met.number).textContent()).toBe('Answered');
    if (shots) await screenshot(page, 'first-response-queue-en');

    await page.getByRole('link', { name: breached.number }).click();
    await page.waitForURL(`**/cases/${breached.id}`);
    const properties = page.getByTestId('case-properties');
    await eventually(() => properties.getByTestId('first-response-target').textContent()).toMatch(/^Breached · overdue by /);
    expect(await properties.getByText('Highest escalation').count()).toBe(1);
    expect(await properties.getByTestId('resolution-time').textContent()).toBe('—');
    // Unanswered: no time to first response yet.
    expect(await properties.getByTestId('first-response-time').count()).toBe(0);
    if (shots) await screenshot(page, 'first-response-case-en');

    await chooseLanguage(page, '中文');
    await eventually(() => properties.getByTestId('first-response-target').textContent()).toMatch(/^已超时 · /);
    expect(await properties.getByText('最高升级').count()).toBe(1);
    if (shots) await screenshot(page, 'first-response-case-zh-CN');
    await page.goto(`/cases/${met.id}`);
    await eventually(() => page.getByTestId('case-properties').getByTestId('first-response-target').textContent()).toBe('已响应');
    // Answered at once: no business time passed (the report's figure, on the policy's calendar).
    expect(await page.getByTestId('case-properties').getByTestId('first-response-time').textContent()).toBe(' · 工作时间 0 分钟');
    await chooseLanguage(page, 'English');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
