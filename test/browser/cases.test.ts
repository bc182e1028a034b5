import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  focusedId,
  openCaseAction,
  pageErrors,
  pick,
  screenshot,
  type BrowserUser,
  chooseLanguage,
} from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

// A browser scenario on a busy two-core machine can outlast the suite's 60 s default.
vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: hotline intake, escalation ladder, working a case, customer portal', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let admin: BrowserUser;
  let secretary: BrowserUser;
  let executive: BrowserUser;
  let manager: BrowserUser;
  let customer: BrowserUser;
  let acme: Created;
  let globex: Created;
  let departmentId: string;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin', { name: 'Ada Admin' });
    manager = await web.user('manager', { name: 'Mei Manager' });
    const gm = await web.user('manager', { name: 'Gao GM' });
    const vp = await web.user('manager', { name: 'Victor VP' });
    const president = await web.user('manager', { name: 'Pat President' });
    departmentId = (
      await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
        name: 'Network Services',
        managerUserId: manager.id,
        vpInChargeUserId: vp.id,
      })
    ).id;
    await web.api(admin, 'PUT', '/api/v1/positions/operation-center-gm', { userId: gm.id });
    await web.api(admin, 'PUT', '/api/v1/positions/president', { userId: president.id });
    acme = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    globex = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Globex Bank', code: 'GLBX' });
    await web.api(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: 'Li Lei',
      phone: '+86 10 5555 0101',
      email: 'li.lei@acme.example',
    });
    const vendor = await web.api<{ id: string }>(admin, 'POST', '/api/v1/vendors', {
      name: 'Cisco',
      supportCenter: { name: 'Cisco TAC', phone: '+1 800 553 2447' },
    });
    const nextYear = `${new Date().getUTCFullYear() + 1}-12-31`;
    await web.api(admin, 'POST', '/api/v1/projects', {
      organizationId: acme.id,
      name: 'Warehouse network 2025',
      deliveredAt: '2025-01-15',
      guaranteeEndsAt: nextYear,
      items: [{ vendorId: vendor.id, model: 'Catalyst 9300', serialNumber: 'FOC2231X0AB', site: 'Shanghai warehouse' }],
    });
    secretary = await web.user('secretary', { name: 'Sally Secretary' });
    executive = await web.user('executive', { name: 'Eddie Executive', departmentId });
    customer = await web.user('customer', { name: 'Carla Customer', organizationId: acme.id });
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('a secretary logs a level-1 call received 5 hours ago and sees two fired steps on the ladder', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.getByRole('link', { name: 'Hotline intake' }).click();
    await page.waitForURL('**/intake');
    // Keyboard first: the look-up has focus; Enter takes the first match.
    await eventually(() => focusedId(page)).toBe('intake-lookup');
    await page.keyboard.type('Acme');
    await page.getByRole('button', { name: /Acme Logistics/ }).waitFor();
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.ant-card-head-title').allTextContents()).toContain('Acme Logistics');
    await eventually(() => page.getByRole('radio', { name: /Level 1/ }).isEnabled()).toBe(true);
    await page.getByRole('radio', { name: /Level 1/ }).check();
    await pick(page, page.getByLabel('Contact'), /Li Lei/);
    await page.getByLabel('Title').fill('Core switch down at the Shanghai warehouse');
    await page.getByLabel('Description').fill('All scanners offline since 09:00; customer called the hotline.');
    await pick(page, page.getByLabel('Department'), 'Network Services');
    // The browser runs in Asia/Shanghai (UTC+8, no daylight saving): its datetime-local field speaks that wall-clock time.
    const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 16);
    await page.getByLabel('Call received at').fill(fiveHoursAgo);
    if (shots) {
      await screenshot(page, 'intake-en');
      await chooseLanguage(page, '中文');
      await eventually(() => page.getByRole('heading', { name: '热线受理' }).count()).toBe(1);
      await screenshot(page, 'intake-zh-CN');
      await chooseLanguage(page, 'English');
      await eventually(() => page.getByRole('button', { name: 'Log case' }).count()).toBe(1);
    }
    await page.getByRole('button', { name: 'Log case' }).click();
    await page.waitForURL(/\/cases\/[\w-]+$/);

    const fired = page.locator('.cd-ladder li[data-state="fired"]');
    await eventually(() => fired.count()).toBe(2);
    await eventually(() => fired.nth(0).textContent()).toContain('Department manager');
    await eventually(() => fired.nth(0).textContent()).toContain('Mei Manager');
    await eventually(() => fired.nth(1).textContent()).toContain('Operation Center GM');
    await eventually(() => fired.nth(1).textContent()).toContain('Gao GM');
    // The next step (VP in charge at 24 h) counts down.
    await eventually(() => page.locator('.cd-ladder li[data-state="next"]').textContent()).toContain('VP in charge');
    await eventually(() => page.getByRole('timer').textContent()).toMatch(/Next upgrading report in\s*18:5\d:\d\d/);
    if (shots) await screenshot(page, 'case-escalated-en');

    await chooseLanguage(page, '中文');
    await eventually(() => page.locator('.cd-ladder li[data-state="fired"]').first().textContent()).toContain('部门经理');
    if (shots) await screenshot(page, 'case-escalated-zh-CN');
    await chooseLanguage(page, 'English');
    // The secretary was not told: acknowledging is for the people a report told.
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    const caseUrl = page.url();
    await context.close();

    // The department manager was told by the first report, and by it only: one Acknowledge button, on that step.
    const told = await web.newPage();
    await web.signIn(told.page, manager);
    await told.page.goto(caseUrl);
    const firedSteps = told.page.locator('.cd-ladder li[data-state="fired"]');
    await eventually(() => firedSteps.count()).toBe(2);
    await eventually(() => told.page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(1);
    expect(await firedSteps.nth(0).getByRole('button', { name: 'Acknowledge' }).count()).toBe(1);
    await firedSteps.nth(0).getByRole('button', { name: 'Acknowledge' }).click();
    await eventually(() => told.page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    await eventually(() => firedSteps.nth(0).textContent()).toContain('Acknowledged');
    expect(pageErrors(told.page)).toEqual([]);
    await told.context.close();
  });

  it('the intake finds the customer, the product and its entitlement from a serial number', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/intake');
    await eventually(() => focusedId(page)).toBe('intake-lookup');
    await page.keyboard.type('FOC2231X0AB');
    await eventually(() => page.getByTestId('product').textContent()).toContain('Catalyst 9300');
    await eventually(() => page.getByTestId('entitlement').textContent()).toContain('In guarantee');
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.ant-card-head-title').allTextContents()).toContain('Acme Logistics');
    await eventually(() => page.getByTestId('chosen-products').innerText()).toContain('FOC2231X0AB');
    if (shots) await screenshot(page, 'intake-serial-en');

    // A phone number, written the caller's way, finds the customer through its contact.
    await page.getByLabel('Phone number, customer name or serial number').fill('10-5555 0101');
    await eventually(() => page.getByRole('button', { name: /Acme Logistics/ }).count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the intake proposes the servicing department set on the customer page, and logs no case without one', async () => {
    const systems = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Systems Services' });
    const adminPage = await web.newPage();
    await web.signIn(adminPage.page, admin);
    await adminPage.page.goto(`/organizations/${globex.id}`);
    await pick(adminPage.page, adminPage.page.getByLabel('Default servicing department'), 'Systems Services');
    const savedDefault = async () =>
      (await web.api<{ defaultDepartmentId: string | null }>(admin, 'GET', `/api/v1/organizations/${globex.id}`)).defaultDepartmentId;
    await eventually(savedDefault).toBe(systems.id);
    if (shots) await screenshot(adminPage.page, 'organization-servicing-department-en');
    expect(pageErrors(adminPage.page)).toEqual([]);
    await adminPage.context.close();

    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto('/intake');
    await eventually(() => focusedId(page)).toBe('intake-lookup');
    await page.keyboard.type('Globex');
    await page.getByRole('button', { name: /Globex Bank/ }).waitFor();
    await page.keyboard.press('Enter');
    const departmentItem = page.locator('.ant-form-item').filter({ has: page.getByLabel('Department') });
    // Globex names its own servicing department, so the form proposes it.
    await eventually(() => departmentItem.textContent()).toContain('Systems Services');
    await page.getByLabel('Title').fill('Branch router unreachable');
    // Cleared, the case cannot be logged: the form says why and stays.
    await departmentItem.locator('.ant-select').hover();
    await departmentItem.locator('.ant-select-clear').click();
    await page.getByRole('button', { name: 'Log case' }).click();
    await eventually(() => departmentItem.textContent()).toContain('Choose the service department');
    if (shots) await screenshot(page, 'intake-department-required-en');
    expect(page.url()).toMatch(/\/intake$/);
    await pick(page, page.getByLabel('Department'), 'Systems Services');
    await page.getByRole('button', { name: 'Log case' }).click();
    await page.waitForURL(/\/cases\/[\w-]+$/);
    const caseId = page.url().split('/').pop()!;
    expect((await web.api<{ departmentId: string }>(secretary, 'GET', `/api/v1/cases/${caseId}`)).departmentId).toBe(systems.id);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('an executive works a case from the queue and resolves it', async () => {
    const created = await web.api<Created>(secretary, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      channel: 'hotline',
      level: 3,
      title: 'VPN drops every hour',
      description: 'The branch VPN tunnel drops roughly hourly.',
      departmentId,
      assigneeId: executive.id,
    });
    const { page, context } = await web.newPage();
    await web.signIn(page, executive);
    await page.waitForURL('**/cases');
    // An executive (the engineer doing the work) lands on "My cases", where the case assigned to them is.
    await eventually(() => page.locator('.ant-segmented-item-selected').textContent()).toMatch(/^My cases · /);
    const row = page.locator(`tr[data-case="${created.number}"]`);
    await row.waitFor();
    if (shots) {
      await screenshot(page, 'queues-en');
      await chooseLanguage(page, '中文');
      await eventually(() => page.getByRole('heading', { name: '工单队列' }).count()).toBe(1);
      await screenshot(page, 'queues-zh-CN');
      await chooseLanguage(page, 'English');
      await eventually(() => page.getByRole('heading', { name: 'Queues' }).count()).toBe(1);
    }
    await row.getByRole('link', { name: created.number }).click();
    await page.waitForURL(`**/cases/${created.id}`);

    // Another user's change reaches the open page without a reload (server-sent events; polling alone takes 10 s).
    await web.api(secretary, 'POST', `/api/v1/cases/${created.id}/notes`, {
      body: 'Customer called again at 10:05.',
      visibility: 'internal',
    });
    await expect
      .poll(() => page.locator('.cd-timeline li[data-kind="case.note"]').textContent(), { timeout: 7_000, interval: 100 })
      .toContain('Customer called again');

    await page.getByRole('button', { name: 'Start diagnosis' }).click();
    await eventually(() => page.locator('.ant-tag', { hasText: 'Diagnosing' }).count()).toBeGreaterThan(0);
    const serviceAction = await openCaseAction(page, 'Service action…');
    await serviceAction.getByLabel('What was done').fill('Checked the tunnel logs by phone with the customer; rekey timer mismatch.');
    await serviceAction.getByRole('button', { name: 'Record a service action' }).click();
    await serviceAction.waitFor({ state: 'hidden' });
    await eventually(() => page.locator('.cd-timeline li[data-kind="case.action-recorded"]').count()).toBe(1);
    await page.getByRole('textbox', { name: 'Internal note' }).fill('Rekey interval is 3600 s on our side, 28800 s on theirs.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await eventually(() => page.locator('.cd-timeline li[data-kind="case.note"]').count()).toBe(2);
    await page.getByRole('button', { name: 'Start work' }).click();
    await eventually(() => page.locator('.ant-tag', { hasText: 'In progress' }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Resolve' }).click();
    await eventually(() => page.locator('.ant-tag', { hasText: 'Resolved' }).count()).toBeGreaterThan(0);
    await eventually(() => page.getByText('The clock is stopped').count()).toBe(1);
    const after = await web.api<{ status: string }>(executive, 'GET', `/api/v1/cases/${created.id}`);
    expect(after.status).toBe('resolved');
    if (shots) await screenshot(page, 'case-resolved-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a customer submits a case for their organisation and cannot open another organisation’s case by URL', async () => {
    const foreign = await web.api<Created>(secretary, 'POST', '/api/v1/cases', {
      organizationId: globex.id,
      channel: 'hotline',
      level: 2,
      title: 'Globex core banking slow',
      description: 'Internal to Globex.',
    });
    const { page, context } = await web.newPage({ width: 390, height: 844 });
    await web.signIn(page, customer);
    await page.waitForURL('**/portal');
    await page.getByRole('link', { name: 'Submit a case' }).first().click();
    await page.getByLabel('Title').fill('Printer queue stuck');
    await page.getByLabel('Description').fill('Nobody on floor 3 can print.');
    await page.getByRole('radio', { name: /question/ }).check();
    if (shots) await screenshot(page, 'portal-new-case-en');
    // The first answer is lost on its way back (the case is stored); pressing the button again must not open a second.
    const keysSent: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/cases')) keysSent.push(request.headers()['idempotency-key']);
    });
    let answersDropped = 0;
    await page.route('**/api/v1/cases', async (route) => {
      if (route.request().method() !== 'POST' || answersDropped > 0) return route.fallback();
      answersDropped++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'Submit case' }).click();
    await eventually(() => page.getByRole('alert').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Submit case' }).click();
    await page.waitForURL(/\/cases\/[\w-]+$/);
    expect(keysSent).toHaveLength(2);
    expect(keysSent[0]).toMatch(/^"[0-9a-f]{32}"$/);
    expect(keysSent[1]).toBe(keysSent[0]);
    await indexCaseSearchNow(web.context);
    const printerCases = await web.api<{ items: { id: string }[] }>(secretary, 'GET', '/api/v1/cases?text=Printer%20queue%20stuck');
    expect(printerCases.items.map((item) => item.id)).toEqual([page.url().split('/').at(-1)]);
    await eventually(() => page.getByTestId('case-description').textContent()).toBe('Nobody on floor 3 can print.');
    await page.getByLabel('Your reply').fill('It is the HP on the left.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await eventually(() => page.locator('.cd-timeline li[data-kind="case.note"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Allow remote access' }).click();
    await eventually(() => page.getByText('You allowed remote access').count()).toBe(1);
    if (shots) await screenshot(page, 'portal-case-en');

    await page.getByRole('link', { name: 'Products and contracts' }).click();
    await eventually(() => page.getByRole('cell', { name: 'FOC2231X0AB' }).count()).toBe(1);
    if (shots) await screenshot(page, 'portal-products-en');

    await page.goto(`/cases/${foreign.id}`);
    await eventually(() => page.getByRole('alert').textContent()).toContain('or you may not see it');
    await eventually(() => page.getByText('Globex core banking slow').count()).toBe(0);
    await page.goto('/portal');
    await page
      .getByRole('link', { name: /C-\d{4}-\d{6}/ })
      .first()
      .waitFor();
    expect(await page.getByText('Globex core banking slow').count()).toBe(0);
    if (shots) {
      await screenshot(page, 'portal-en');
      await chooseLanguage(page, '中文');
      await eventually(() => page.getByRole('heading', { name: '我们的工单' }).count()).toBe(1);
      await screenshot(page, 'portal-zh-CN');
      await chooseLanguage(page, 'English');
    }
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('shows a hostile description as text, never as HTML', async () => {
    const hostile = '<img src=x onerror="window.__casedeskXss=1"><script>window.__casedeskXss=2</script>';
    const created = await web.api<Created>(customer, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      channel: 'portal',
      level: 4,
      title: '<b>bold?</b>',
      description: hostile,
    });
    await web.api(customer, 'POST', `/api/v1/cases/${created.id}/notes`, { body: hostile, visibility: 'public' });
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto(`/cases/${created.id}`);
    await eventually(() => page.getByTestId('case-description').textContent()).toBe(hostile);
    expect(await page.getByTestId('case-description').locator('img, script').count()).toBe(0);
    await eventually(() => page.locator('.cd-timeline li[data-kind="case.note"]').textContent()).toContain('<img src=x');
    expect(await page.locator('.cd-timeline img, .cd-case-title b').count()).toBe(0);
    expect(await page.evaluate('window.__casedeskXss')).toBeUndefined();
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
