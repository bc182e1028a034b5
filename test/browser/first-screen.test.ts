import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 120_000 });

describeBrowserSuite('web app: the first screen asks for its data while the scripts load', null, (database) => {
  let web: BrowserApp;
  let agent: BrowserUser;
  let organizationId: string;
  let caseId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    agent = await web.user('expert', { name: 'Eve Expert' });
    const secretary = await web.user('secretary');
    // Cases need a servicing department; the company's first one is its default.
    await web.api(await web.user('admin'), 'POST', '/api/v1/departments', { name: 'Network Service' });
    organizationId = (await web.api<{ id: string }>(secretary, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' })).id;
    for (const title of ['Core switch down', 'VPN tunnel flapping'])
      ({ id: caseId } = await web.api<{ id: string }>(secretary, 'POST', '/api/v1/cases', {
        organizationId,
        channel: 'hotline',
        level: 2,
        title,
        description: 'Logged for the first-screen test.',
        assigneeId: agent.id,
      }));
  });
  afterEach(async (context) => web.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('opens a queue link with one request for the queue and one for the session, each answered before the app asked', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, agent);
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) requests.push(`${url.pathname}${url.search}`);
    });
    await page.goto('/cases');
    await page.getByRole('cell', { name: 'Core switch down' }).waitFor();
    await page.getByRole('cell', { name: 'VPN tunnel flapping' }).waitFor();
    // The boot script's requests are the only ones: the app took their answers instead of asking again.
    expect(requests.filter((url) => url === '/api/v1/sessions/current')).toHaveLength(1);
    // The server resolves the landing view (an engineer's: their own cases); the view counts travel beside it.
    expect(requests.filter((url) => url.startsWith('/api/v1/cases?'))).toEqual(['/api/v1/cases?view=landing&limit=50']);
    expect(requests.filter((url) => url === '/api/v1/queues')).toHaveLength(1);
    // The queue page's own scripts were named to the browser by the boot script, not found later by the app.
    const queueScripts = await preloadedScripts(page);
    expect(queueScripts).toContainEqual(expect.stringMatching(/^\/assets\/queues-[\w-]+\.js$/));
    expect(queueScripts.filter((script) => !/^\/assets\/[\w-]+\.js$/.test(script))).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it("opens a case link with the case and its cards' calls asked by the boot script beside the case page's scripts, each once", async () => {
    const { page } = await web.newPage();
    await web.signIn(page, agent);
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) requests.push(`${url.pathname}${url.search}`);
    });
    // The application's scripts are held back: what is asked meanwhile is the boot script's alone.
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      await released;
      await route.continue();
    });
    const timeline = `/api/v1/cases/${caseId}/timeline?limit=500`;
    const cardsAsked = page.waitForRequest((request) => request.url().endsWith(timeline));
    await page.goto(`/cases/${caseId}`, { waitUntil: 'commit' });
    await cardsAsked;
    expect(requests).toContain(`/api/v1/cases/${caseId}`);
    // The staff page's cards, for an engineer (who reads visits, but manages no problems and reads no follow-ups).
    for (const path of [
      `/api/v1/cases/${caseId}/escalations`,
      `/api/v1/cases/${caseId}/similar`,
      `/api/v1/cases/${caseId}/articles`,
      `/api/v1/cases/${caseId}/exchanges`,
      `/api/v1/cases/${caseId}/service-record?language=en`,
      `/api/v1/organizations/${organizationId}/contacts`,
    ])
      await expect.poll(() => requests).toContain(path);
    release();
    await page.getByText('VPN tunnel flapping').first().waitFor();
    await page.getByTestId('service-record-panel').waitFor();
    await page.getByTestId('case-contact').waitFor();
    await page.getByText('Logged for the first-screen test.').first().waitFor();
    // The cards took the early answers instead of asking again: every call was made once. (Not counted: the live
    // stream, and what polls every 10 s — the case, its ladder and timeline, the unread count — which a slow
    // machine can reach before this point.)
    const polled = [`/api/v1/cases/${caseId}`, `/api/v1/cases/${caseId}/escalations`, `/api/v1/cases/${caseId}/timeline?limit=500`];
    const asked = requests.filter(
      (url) => !url.startsWith('/api/v1/case-changes') && !url.startsWith('/api/v1/notifications') && !polled.includes(url),
    );
    expect(asked).toContain(`/api/v1/cases/${caseId}/similar`);
    expect(asked.filter((url, index) => asked.indexOf(url) !== index)).toEqual([]);
    const caseScripts = await preloadedScripts(page);
    expect(caseScripts).toContainEqual(expect.stringMatching(/^\/assets\/case-view-[\w-]+\.js$/));
    expect(caseScripts.filter((script) => !/^\/assets\/[\w-]+\.js$/.test(script))).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });

  it("draws a queue's rows as plain text before the application has loaded, in the reader's language and columns, then gives way to it", async () => {
    const reader = await web.user('expert', { name: 'Zhou Expert', language: 'zh-CN' });
    // A title made to look like markup: the first paint must show it as text and run nothing.
    const title = '<img src=x onerror="window.__xss=1">Fan <b>alarm</b> & "quotes"';
    const { id } = await web.api<{ id: string }>(reader, 'POST', '/api/v1/cases', {
      organizationId,
      channel: 'hotline',
      level: 1,
      title,
      description: 'Logged for the first paint.',
      assigneeId: reader.id,
    });
    await web.api(reader, 'PUT', '/api/v1/queues/columns', { columns: ['number', 'title', 'status'] });
    const { page } = await web.newPage();
    await web.signIn(page, reader);
    // The application's scripts are held back: what shows meanwhile is the boot script's alone.
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/assets/*.js', async (route) => {
      await released;
      await route.continue();
    });
    await page.goto('/cases?view=mine', { waitUntil: 'commit' });
    const preview = page.locator('#cd-first-paint');
    await preview.getByRole('cell', { name: title }).waitFor();
    expect(await preview.getAttribute('lang')).toBe('zh-CN');
    expect(await preview.getByRole('columnheader').allInnerTexts()).toEqual(['', '编号', '标题', '状态']);
    const row = preview.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.getByRole('link').getAttribute('href')).toBe(`/cases/${id}`);
    expect(await row.getByRole('checkbox').isDisabled()).toBe(true);
    expect(await preview.locator('img, b').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.evaluate("document.getElementById('root').inert")).toBe(true);
    const drawnAt = await row.getByRole('link').boundingBox();

    release();
    await preview.waitFor({ state: 'detached' });
    const real = page.locator('table.cd-queue-table tbody tr');
    await real.getByRole('cell', { name: title }).waitFor();
    expect(await page.locator('table.cd-queue-table').count()).toBe(1);
    expect(await page.evaluate("document.getElementById('root').inert")).toBe(false);
    // The application's row is where the first paint's was: nothing jumps as it takes over.
    const realAt = await real.first().getByRole('link').boundingBox();
    expect(Math.abs((realAt?.y ?? 0) - (drawnAt?.y ?? 1000))).toBeLessThan(6);
    expect(Math.abs((realAt?.x ?? 0) - (drawnAt?.x ?? 1000))).toBeLessThan(6);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(pageErrors(page)).toEqual([]);
  });

  it('does not serve an answer fetched before sign-in to the signed-in user', async () => {
    const { page } = await web.newPage();
    // Signed out, the queue link leads to the sign-in page; the early requests were answered 401.
    await page.goto('/cases?view=all');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.getByLabel('Email').fill(agent.email);
    await page.getByLabel('Password', { exact: true }).fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Within seconds of those 401s, the queue must come from a fresh request, not the stale answer.
    await page.waitForURL((url) => url.pathname === '/cases');
    await page.getByRole('cell', { name: 'Core switch down' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/cases');
    expect(pageErrors(page)).toEqual([]);
  });
});

/** The scripts `<link rel=modulepreload>` names in the document, as paths. */
async function preloadedScripts(page: Page): Promise<string[]> {
  const hrefs = await page.$$eval('link[rel=modulepreload]', (links) => links.map((link) => link.getAttribute('href') ?? ''));
  return hrefs.map((href) => new URL(href, 'http://casedesk.test').pathname);
}
