import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

// A browser scenario on a busy two-core machine can outlast the suite's 60 s default.
vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: the search box in the header', null, (database) => {
  let web: BrowserApp;
  let secretary: BrowserUser;
  let caseId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    secretary = await web.user('secretary', { name: 'Sally Secretary' });
    const manager = await web.user('manager', { name: 'Mei Manager' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
      vpInChargeUserId: manager.id,
    });
    const organization = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Power' });
    const opened = await web.api<{ id: string }>(secretary, 'POST', '/api/v1/cases', {
      organizationId: organization.id,
      channel: 'hotline',
      level: 3,
      title: '核心交换机端口故障',
      description: 'Port 24 of the core switch is down.',
      departmentId: department.id,
    });
    caseId = opened.id;
    await web.api(secretary, 'POST', `/api/v1/cases/${caseId}/notes`, {
      body: 'Replaced the SFP transceiver on port 24.',
      visibility: 'public',
    });
    await indexCaseSearchNow(web.context);
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('/ focuses the box; a search shows the case with the match highlighted, and opens it, also at 390 px', async () => {
    for (const width of [1280, 390]) {
      const { page, context } = await web.newPage({ width });
      await web.signIn(page, secretary);
      const box = page.getByRole('searchbox', { name: 'Search', exact: true });
      await box.waitFor();
      await page.locator('body').click({ position: { x: 5, y: 300 } });
      await page.keyboard.press('/');
      await eventually(() => page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null")).toBe('Search');
      await page.keyboard.type('端口');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      const result = page.locator('.cd-search-result');
      await eventually(() => result.count()).toBe(1);
      await eventually(() => result.locator('mark').allTextContents()).toEqual(['端口']);
      // A word of a reply: the snippet says where it was found.
      await box.fill('transceiver');
      await box.press('Enter');
      await eventually(() => result.locator('mark').allTextContents()).toContain('transceiver');
      await eventually(() => result.textContent()).toContain('Reply');
      if (width === 390) {
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
        expect(overflow).toBeLessThanOrEqual(0);
      }
      await result.getByRole('link', { name: /核心交换机端口故障/ }).click();
      await page.waitForURL(`**/cases/${caseId}`);
      await eventually(() => page.getByRole('heading', { name: /核心交换机端口故障/ }).count()).toBeGreaterThan(0);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    }
  });
});
