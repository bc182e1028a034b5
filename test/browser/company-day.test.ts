import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ManualClock } from '../../src/services/context.js';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

function card(page: Page, title: string): Locator {
  return page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: new RegExp(`^${title}$`) }) });
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The customer page shows whether a contract is in force, ends soon, and whether a guarantee holds as the server
 * decided them for the company's day, whatever day the browser's own clock and zone say. Here the company is two
 * days ahead of the browser: what ends "tomorrow" for the browser has already ended for the company.
 */
describeBrowserSuite('web app: coverage and guarantee on the company’s day, not the browser’s', null, (database) => {
  let web: BrowserApp;
  let manager: BrowserUser;
  let organizationId: string;
  const companyNow = Date.now() + 2 * DAY_MS;
  const yesterday = dayOf(companyNow - DAY_MS);

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database, { clock: new ManualClock(companyNow) });
    const admin = await web.user('admin');
    manager = await web.user('manager', { name: 'Mei Manager' });
    organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' })).id;
    await web.api(manager, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Warehouse network',
      deliveredAt: dayOf(companyNow - 400 * DAY_MS),
      guaranteeEndsAt: yesterday,
    });
    await web.api(manager, 'POST', '/api/v1/contracts', {
      organizationId,
      number: 'SC-ENDED',
      startsAt: dayOf(companyNow - 365 * DAY_MS),
      endsAt: yesterday,
      services: ['hotline'],
    });
    await web.api(manager, 'POST', '/api/v1/contracts', {
      organizationId,
      number: 'SC-ENDING',
      startsAt: dayOf(companyNow - 300 * DAY_MS),
      endsAt: dayOf(companyNow + 10 * DAY_MS),
      services: ['hotline'],
    });
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('shows the server’s facts for the company’s today on the customer page', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto(`/organizations/${organizationId}`);
    const projects = card(page, 'Projects');
    await eventually(() => projects.textContent()).toContain('Warehouse network');
    expect(await projects.textContent()).toContain('Guarantee ended');
    const contracts = card(page, 'Contracts');
    const ended = contracts.locator('tr', { hasText: 'SC-ENDED' });
    const ending = contracts.locator('tr', { hasText: 'SC-ENDING' });
    await eventually(() => ended.innerText()).toContain('Not in force');
    expect(await ended.innerText()).not.toContain('Ends soon');
    expect(await ending.innerText()).toContain('In force');
    expect(await ending.innerText()).toContain('Ends soon');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
