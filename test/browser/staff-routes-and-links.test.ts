import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: staff pages refuse customers; stored addresses are links only when http(s)', null, (database) => {
  let web: BrowserApp;
  let manager: BrowserUser;
  let customer: BrowserUser;
  let organizationId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    manager = await web.user('manager', { name: 'Mei Manager' });
    organizationId = (await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' })).id;
    customer = await web.user('customer', { organizationId, name: 'Li Lei' });
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('shows a customer the not-allowed page on every staff address, and their portal still works', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, customer);
    await page.waitForURL('**/portal');
    const staffAddresses = [
      '/cases',
      '/intake',
      '/organizations',
      `/organizations/${organizationId}`,
      '/organizations/import',
      '/products/0190f0b0-0000-7000-8000-000000000000',
      '/visits',
      '/follow-ups',
      '/surveys',
      '/reports/satisfaction',
      '/trainings',
      '/admin',
      '/admin/users',
    ];
    for (const address of staffAddresses) {
      await page.goto(address);
      await eventually(async () => `${address}: ${await page.getByRole('alert').first().textContent()}`).toBe(
        `${address}: You may not open this page.`,
      );
    }
    await page.goto('/portal');
    await eventually(() => page.getByRole('link', { name: 'Submit a case' }).count()).toBeGreaterThan(0);
    expect(await page.getByText('You may not open this page.').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('links training material only when its address is http(s)', async () => {
    const training = await web.api<{ id: string }>(manager, 'POST', '/api/v1/trainings', {
      organizationId,
      topic: 'Firewall basics',
      trainerUserId: manager.id,
      date: new Date().toISOString().slice(0, 10),
      place: 'Head office',
      materials: [{ title: 'Slides', url: 'https://files.example.com/slides.pdf' }],
    });
    // A record from before addresses were checked, holding a script address.
    await web.storage.db
      .updateTable('trainings')
      .set({
        materials_json: JSON.stringify([
          { title: 'Slides', url: 'https://files.example.com/slides.pdf' },
          { title: 'Handout', url: 'javascript:alert(document.cookie)' },
        ]),
      })
      .where('id', '=', training.id)
      .execute();
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto(`/trainings/${training.id}`);
    await eventually(() => page.getByRole('link', { name: 'Slides' }).getAttribute('href')).toBe('https://files.example.com/slides.pdf');
    await eventually(() => page.getByText('Handout').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Handout' }).count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await context.close();
  });
});
