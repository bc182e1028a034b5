import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  screenshot,
  type BrowserUser,
  chooseLanguage,
  picture,
} from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

interface ProjectBody {
  id: string;
  items: { id: string; serialNumber: string }[];
}

// A browser scenario on a busy two-core machine can outlast the suite's 60 s default.
vi.setConfig({ testTimeout: 180_000 });

/** The card whose title is exactly this text (antd draws card titles as plain divs, not headings). */
function card(page: Page, title: string): Locator {
  return page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: new RegExp(`^${title}$`) }) });
}

describeBrowserSuite('web app: customer page, product page with its case history, follow-ups on the case', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let manager: BrowserUser;
  let secretary: BrowserUser;
  let customer: BrowserUser;
  let acme: Created;
  let stackCase: Created;
  let portCase: Created;
  const productIds = new Map<string, string>();
  const year = new Date().getFullYear();

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    manager = await web.user('manager', { name: 'Mei Manager' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    secretary = await web.user('secretary', { name: 'Sally Secretary' });
    const executive = await web.user('executive', { name: 'Eddie Executive', departmentId: department.id });

    acme = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    const globex = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Globex Bank', code: 'GLBX' });
    await web.api(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: 'Li Lei',
      phone: '+86 10 5555 0101',
      email: 'li.lei@acme.example',
    });
    const vendor = await web.api<{ id: string }>(admin, 'POST', '/api/v1/vendors', {
      name: 'Cisco',
      supportCenter: { name: 'Cisco TAC', phone: '+1 800 553 2447' },
    });
    const project = await web.api<ProjectBody>(admin, 'POST', '/api/v1/projects', {
      organizationId: acme.id,
      name: 'Warehouse network',
      deliveredAt: `${year - 1}-03-15`,
      guaranteeEndsAt: `${year + 1}-12-31`,
      sites: ['Shanghai warehouse'],
      items: [
        { vendorId: vendor.id, model: 'Catalyst 9300', serialNumber: 'FOC2231X0AB', site: 'Shanghai warehouse', softwareVersion: '17.9.4' },
        { vendorId: vendor.id, model: 'Catalyst 9200', serialNumber: 'FOC2231X0CD', site: 'Shanghai warehouse' },
      ],
    });
    for (const item of project.items) productIds.set(item.serialNumber, item.id);
    const foreign = await web.api<ProjectBody>(admin, 'POST', '/api/v1/projects', {
      organizationId: globex.id,
      name: 'Core banking LAN',
      deliveredAt: `${year - 1}-01-10`,
      guaranteeEndsAt: `${year + 1}-01-10`,
      items: [{ vendorId: vendor.id, model: 'Nexus 9300', serialNumber: 'GLX9000Z001' }],
    });
    productIds.set('GLX9000Z001', foreign.items[0]!.id);
    await web.api(admin, 'POST', '/api/v1/contracts', {
      organizationId: acme.id,
      number: 'SC-ACME-017',
      startsAt: `${year}-01-01`,
      endsAt: `${year + 1}-12-31`,
      services: ['hotline', 'onsite'],
      projectIds: [project.id],
    });

    const logCase = (title: string, level: number, serial: string) =>
      web.api<Created>(secretary, 'POST', '/api/v1/cases', {
        organizationId: acme.id,
        channel: 'hotline',
        level,
        title,
        description: `${title}: reported by phone.`,
        departmentId: department.id,
        assigneeId: executive.id,
        serialNumbers: [serial],
      });
    stackCase = await logCase('Stack member reboots every night', 2, 'FOC2231X0AB');
    portCase = await logCase('Access port flapping', 3, 'FOC2231X0CD');

    // Resolving sends the follow-up survey; the case has no contact, so the answers are taken by phone and entered.
    await web.api(executive, 'POST', `/api/v1/cases/${stackCase.id}/transitions`, { to: 'resolved' });
    const surveys = await web.api<{ items: { id: string }[] }>(secretary, 'GET', `/api/v1/surveys?caseId=${stackCase.id}`);
    expect(surveys.items).toHaveLength(1);
    await web.api(secretary, 'POST', `/api/v1/surveys/${surveys.items[0]!.id}/answers`, {
      channel: 'phone',
      scores: { personnel: 2, organization: 4, system: 5 },
      comment: 'Nobody called back for two days.',
    });

    await web.api(manager, 'POST', `/api/v1/cases/${portCase.id}/exchanges`, {
      oldSerialNumber: 'FOC2231X0CD',
      newSerialNumber: 'FOC2231X0EF',
      reason: 'Fan failure in the first week',
      approvedByUserId: manager.id,
    });
    customer = await web.user('customer', { name: 'Carla Customer', organizationId: acme.id });
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('the customer page shows contacts, projects, products, contracts, entitlement and case history; a product opens its page', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/organizations');
    await page.getByRole('link', { name: 'Acme Logistics' }).click();
    await page.waitForURL(`**/organizations/${acme.id}`);
    await eventually(() => page.getByRole('heading', { name: 'Acme Logistics' }).count()).toBe(1);

    const contact = card(page, 'Contacts').locator('tr', { hasText: 'Li Lei' });
    await eventually(() => contact.textContent()).toContain('+86 10 5555 0101');
    expect(await contact.textContent()).toContain('li.lei@acme.example');
    const projects = card(page, 'Projects');
    await eventually(() => projects.textContent()).toContain('Warehouse network');
    expect(await projects.textContent()).toContain('In guarantee');
    const products = card(page, 'Products');
    await eventually(() => products.locator('tbody tr').count()).toBe(3);
    const stackRow = products.locator('tr', { hasText: 'FOC2231X0AB' });
    await eventually(() => stackRow.textContent()).toContain('Cisco');
    expect(await stackRow.textContent()).toContain('Catalyst 9300');
    expect(await stackRow.textContent()).toContain('Warehouse network');
    expect(await stackRow.textContent()).toContain('17.9.4');
    await eventually(() => products.locator('tr', { hasText: 'FOC2231X0CD' }).textContent()).toContain('Exchanged');
    const contracts = card(page, 'Contracts');
    await eventually(() => contracts.textContent()).toContain('SC-ACME-017');
    expect(await contracts.textContent()).toContain('Hotline, On-site service');
    expect(await contracts.textContent()).toContain('In force');
    const entitlement = card(page, 'Entitlement');
    await eventually(() => entitlement.textContent()).toContain('Contract SC-ACME-017 in force until');
    expect(await entitlement.textContent()).toContain('Project Warehouse network in guarantee until');
    const cases = card(page, 'Case history');
    await eventually(() => cases.locator(`tr[data-case="${stackCase.number}"]`).textContent()).toContain(
      'Stack member reboots every night',
    );
    expect(await cases.locator(`tr[data-case="${portCase.number}"]`).textContent()).toContain('Access port flapping');
    // On a phone each case of the history is a small card: nothing is wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await eventually(() => page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await cases.scrollIntoViewIfNeeded();
    await picture(page, path.join(os.tmpdir(), 'customer-case-history-390-en.png'));
    await page.setViewportSize({ width: 1280, height: 860 });

    await stackRow.getByRole('link', { name: 'FOC2231X0AB' }).click();
    await page.waitForURL(`**/products/${productIds.get('FOC2231X0AB')}`);
    await eventually(() => page.getByRole('heading', { name: 'Product FOC2231X0AB' }).count()).toBe(1);
    const details = page.getByTestId('product-details');
    await eventually(() => details.textContent()).toContain('Cisco · Cisco TAC +1 800 553 2447');
    expect(await details.textContent()).toContain('Catalyst 9300');
    await eventually(() => details.textContent()).toContain('Warehouse network');
    expect(await details.getByRole('link', { name: 'Acme Logistics' }).getAttribute('href')).toBe(`/organizations/${acme.id}`);
    const productEntitlement = page.getByTestId('product-entitlement');
    await eventually(() => productEntitlement.textContent()).toContain('In guarantee — free');
    expect(await productEntitlement.textContent()).toContain(`31 Dec ${year + 1}`);
    await eventually(() => productEntitlement.textContent()).toContain('SC-ACME-017');
    const history = card(page, 'Case history');
    const historyRow = history.locator(`tr[data-case="${stackCase.number}"]`);
    await eventually(() => historyRow.textContent()).toContain('Stack member reboots every night');
    expect(await historyRow.textContent()).toContain('Resolved');
    expect(await historyRow.textContent()).toContain('Level 2');
    expect(await history.locator('tbody tr').count()).toBe(1);
    expect(await card(page, 'Exchanges').textContent()).toContain('No exchanges.');

    if (shots) await screenshot(page, 'product-en');
    await chooseLanguage(page, '中文');
    await eventually(() => page.getByRole('heading', { name: '产品 FOC2231X0AB' }).count()).toBe(1);
    await eventually(() => card(page, '工单历史').count()).toBe(1);
    expect(await card(page, '保修与服务权益').textContent()).toContain('保修期内 — 免费');
    if (shots) await screenshot(page, 'product-zh-CN');
    await chooseLanguage(page, 'English');
    await eventually(() => page.getByRole('heading', { name: 'Product FOC2231X0AB' }).count()).toBe(1);

    // From the history to the case, and from the case's serial number back to the product.
    await historyRow.getByRole('link', { name: stackCase.number }).click();
    await page.waitForURL(`**/cases/${stackCase.id}`);
    await page.getByTestId('case-serials').getByRole('link', { name: 'FOC2231X0AB' }).click();
    await page.waitForURL(`**/products/${productIds.get('FOC2231X0AB')}`);
    // The secretary may not read follow-ups: the case view shows no follow-up panel to her.
    await page.goBack();
    await page.waitForURL(`**/cases/${stackCase.id}`);
    await page.getByTestId('case-serials').waitFor();
    expect(await page.getByTestId('follow-up-panel').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('an exchanged product lists the exchange and links to the product that replaced it', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto(`/products/${productIds.get('FOC2231X0CD')}`);
    await eventually(() => page.getByRole('heading', { name: 'Product FOC2231X0CD' }).count()).toBe(1);
    expect(await page.locator('.ant-tag', { hasText: 'Exchanged' }).count()).toBeGreaterThan(0);
    const exchanges = card(page, 'Exchanges');
    const row = exchanges.locator('tbody tr');
    await eventually(() => row.textContent()).toContain('Fan failure in the first week');
    expect(await row.textContent()).toContain(portCase.number);
    await eventually(() => row.textContent()).toContain('Mei Manager');
    expect(await card(page, 'Case history').locator(`tr[data-case="${portCase.number}"]`).count()).toBe(1);
    await page.getByTestId('product-details').getByRole('link', { name: 'FOC2231X0EF' }).click();
    await eventually(() => page.getByRole('heading', { name: 'Product FOC2231X0EF' }).count()).toBe(1);
    await eventually(() => page.getByTestId('product-details').textContent()).toContain('Replaces');
    expect(await page.getByTestId('product-details').getByRole('link', { name: 'FOC2231X0CD' }).count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the manager sees the low-score follow-up on the case and closes it with a note', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.goto(`/cases/${stackCase.id}`);
    const panel = page.getByTestId('follow-up-panel');
    const item = panel.locator('li[data-follow-up]');
    await eventually(() => item.textContent()).toContain('Service personnel: 2');
    const text = await item.textContent();
    expect(text).toContain('Open');
    expect(text).toContain('Manager: Mei Manager (Network Services)');
    expect(text).toContain('Due ');
    await eventually(() => item.textContent()).toContain('Survey comment: “Nobody called back for two days.”');
    expect(text).not.toContain('Service organisation');

    await item.getByRole('button', { name: 'Close' }).click();
    const dialog = page.getByRole('dialog');
    // An empty note is refused in the form, before anything is sent.
    await dialog.getByRole('button', { name: 'Close the follow-up' }).click();
    await eventually(() => dialog.textContent()).toContain('Enter Resolution');
    await dialog.getByLabel('Resolution').fill('Called Li Lei; call-backs now within four hours.');
    await dialog.getByRole('button', { name: 'Close the follow-up' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => panel.locator('li[data-follow-up="closed"]').textContent()).toContain(
      'Called Li Lei; call-backs now within four hours.',
    );
    expect(await panel.getByRole('button', { name: 'Close' }).count()).toBe(0);
    const stored = await web.api<{ items: { status: string; resolution: string | null }[] }>(
      manager,
      'GET',
      `/api/v1/follow-ups?caseId=${stackCase.id}`,
    );
    expect(stored.items).toEqual([
      expect.objectContaining({ status: 'closed', resolution: 'Called Li Lei; call-backs now within four hours.' }),
    ]);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a customer cannot open another organisation’s product by URL', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, customer);
    await page.goto(`/products/${productIds.get('GLX9000Z001')}`);
    await eventually(() => page.getByRole('alert').textContent()).toBe('You may not open this page.');
    expect(await page.getByText('GLX9000Z001').count()).toBe(0);
    expect(await page.getByText('Nexus 9300').count()).toBe(0);
    expect(await page.getByText('Globex').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
