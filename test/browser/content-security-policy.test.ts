import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 120_000 });

/** Every Content-Security-Policy violation a page reports, from the console and from the DOM event. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) fromConsole.push(message.text());
  });
  await page.addInitScript(
    'globalThis.cspViolations = [];' +
      'document.addEventListener("securitypolicyviolation", (event) => ' +
      'globalThis.cspViolations.push(event.violatedDirective + " " + event.blockedURI));',
  );
  return async () => [...fromConsole, ...(await page.evaluate<string[]>('globalThis.cspViolations ?? []'))];
}

describeBrowserSuite('web app under a strict Content-Security-Policy', null, (database) => {
  let web: BrowserApp;
  let agent: BrowserUser;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    agent = await web.user('expert', { name: 'Eve Expert' });
    const secretary = await web.user('secretary');
    // The company's first department services every case that names none.
    await web.api(await web.user('admin'), 'POST', '/api/v1/departments', { name: 'Network Service' });
    const organization = await web.api<{ id: string }>(secretary, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' });
    await web.api(secretary, 'POST', '/api/v1/cases', {
      organizationId: organization.id,
      channel: 'hotline',
      level: 2,
      title: 'Core switch down',
      description: 'Logged for the CSP test.',
      assigneeId: agent.id,
    });
  });
  afterEach(async (context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('signs in and shows the queue with no CSP violation', async () => {
    const { page } = await web.newPage();
    const violations = await watchViolations(page);
    const response = await page.goto('/sign-in');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await web.signIn(page, agent);
    await page.goto('/cases');
    await page.getByRole('cell', { name: 'Core switch down' }).waitFor();
    // The inline boot script ran (it is allowed by its hash): it left the early answers for the app.
    expect(await page.evaluate<string>('typeof globalThis.casedeskPrefetched')).toBe('object');
    expect(await violations()).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows the API docs and a public page with no CSP violation', async () => {
    const { page } = await web.newPage();
    const violations = await watchViolations(page);
    await page.goto('/api/v1/docs');
    await page.locator('.swagger-ui .opblock').first().waitFor();
    await page.goto('/public/surveys/not-a-real-token');
    await page.locator('h1').waitFor();
    expect(await violations()).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });
});
