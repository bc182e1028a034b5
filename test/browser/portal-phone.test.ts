import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  fullyVisible,
  pageErrors,
  screenshot,
  type BrowserUser,
} from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

// A browser scenario on a busy two-core machine can outlast the suite's 60 s default.
vi.setConfig({ testTimeout: 180_000 });

const PHONE = { width: 390, height: 844 };
const LONG_TITLE =
  'Since the firmware upgrade last Tuesday the warehouse core switch stack in building B drops every uplink for about forty seconds each night around two o’clock';

describeBrowserSuite('web app: the customer portal on a phone, 390 px', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let customer: BrowserUser;
  let otherCustomer: BrowserUser;
  let longCase: Created;
  let servedCase: Created;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    const manager = await web.user('manager', { name: 'Mei Manager' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    const secretary = await web.user('secretary');
    const engineer = await web.user('executive', { name: 'Eli Engineer', departmentId: department.id });
    const acme = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    const globex = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Globex Bank', code: 'GLBX' });
    const contact = await web.api<{ id: string }>(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: 'Carla Customer',
      email: 'carla@acme.example',
    });
    customer = await web.user('customer', { name: 'Carla Customer', organizationId: acme.id });
    otherCustomer = await web.user('customer', { name: 'Gus Globex', organizationId: globex.id });

    longCase = await web.api<Created>(customer, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      channel: 'portal',
      level: 3,
      title: LONG_TITLE,
      description: 'Every night the uplinks go down.',
    });
    servedCase = await web.api<Created>(secretary, 'POST', '/api/v1/cases', {
      organizationId: acme.id,
      contactId: contact.id,
      channel: 'hotline',
      level: 3,
      title: 'Printer VLAN unreachable',
      description: 'Floor 3 cannot print.',
      departmentId: department.id,
      assigneeId: engineer.id,
    });
    await web.api(engineer, 'POST', `/api/v1/cases/${servedCase.id}/actions`, {
      type: 'phone',
      summary: 'Re-added the printer VLAN to the trunk',
    });
    await web.api(engineer, 'POST', `/api/v1/cases/${servedCase.id}/transitions`, { to: 'resolved' });
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  async function switchLanguage(page: Page, to: '中文' | 'English') {
    await page.getByRole('button', { name: to }).click();
    await eventually(() => page.locator('html').getAttribute('lang')).toBe(to === '中文' ? 'zh-CN' : 'en');
  }

  it('lists the cases as cards with the whole long title, and the case page shows it whole too, in English and Chinese', async () => {
    const { page, context } = await web.newPage(PHONE);
    await web.signIn(page, customer);
    await page.waitForURL('**/portal');
    const card = page.locator(`li[data-case="${longCase.number}"]`);
    await card.waitFor();
    // Cards, not a table, on the phone.
    expect(await page.locator('table').count()).toBe(0);
    const title = card.getByTestId('portal-case-title');
    expect(await title.textContent()).toBe(LONG_TITLE);
    const box = await fullyVisible(title, PHONE.width);
    // Wrapped over several lines rather than cut to one.
    expect(box.height).toBeGreaterThan(40);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    if (shots) await screenshot(page, 'portal-390-list-en');
    await switchLanguage(page, '中文');
    await eventually(() => page.getByRole('heading', { name: '我们的工单' }).count()).toBe(1);
    await fullyVisible(title, PHONE.width);
    if (shots) await screenshot(page, 'portal-390-list-zh-CN');

    await card.getByRole('link').click();
    await page.waitForURL(`**/cases/${longCase.id}`);
    const caseTitle = page.locator('.cd-case-title');
    await eventually(() => caseTitle.textContent()).toBe(LONG_TITLE);
    await fullyVisible(caseTitle, PHONE.width);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    if (shots) await screenshot(page, 'portal-390-case-zh-CN');
    await switchLanguage(page, 'English');
    await fullyVisible(caseTitle, PHONE.width);
    if (shots) await screenshot(page, 'portal-390-case-en');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the customer answers the survey and confirms the service record inside the portal', async () => {
    const { page, context } = await web.newPage(PHONE);
    await web.signIn(page, customer);
    await page.goto(`/cases/${servedCase.id}`);
    // On top of the resolved case: what is asked of the customer now, with links down to both cards.
    const toDo = page.getByTestId('portal-to-do');
    await eventually(() => toDo.getByRole('link').allTextContents()).toEqual(['Confirm the service', 'How did we do?']);
    await toDo.getByRole('link', { name: 'How did we do?' }).click();
    const survey = page.getByTestId('portal-survey');
    await survey.waitFor();
    await survey.getByRole('button', { name: 'Send my answers' }).click();
    // Every question needs a score: the form says so and sends nothing.
    await eventually(() => survey.getByText('Give a score from 1 to 5.').count()).toBeGreaterThan(0);
    const questions = await web.api<{ items: { id: string; questions: string[]; status: string }[] }>(
      customer,
      'GET',
      `/api/v1/surveys?caseId=${servedCase.id}`,
    );
    const [asked] = questions.items;
    expect(asked!.status).toBe('sent');
    const labels: Record<string, string> = {
      personnel: 'Service personnel',
      organization: 'Service organisation',
      system: 'Service system',
      technicalSupport: 'Technical support',
      systemCondition: 'System condition',
      afterSales: 'After-sales service',
    };
    for (const question of asked!.questions) {
      await survey
        .getByRole('radiogroup', { name: labels[question] ?? question })
        .getByText('4', { exact: true })
        .click();
    }
    await survey.getByLabel('Comment').fill('Fixed within the hour, thank you');
    await survey.getByRole('button', { name: 'Send my answers' }).click();
    await eventually(() => survey.getByText('You answered the survey on').count()).toBe(1);

    const panel = page.getByTestId('service-record-panel');
    await panel.getByText('Re-added the printer VLAN to the trunk').waitFor();
    await panel.getByRole('button', { name: 'Confirm service' }).click();
    await eventually(async () => (await web.api<{ status: string }>(customer, 'GET', `/api/v1/cases/${servedCase.id}`)).status).toBe(
      'confirmed',
    );
    await eventually(() => toDo.count()).toBe(0);
    const [stored] = (
      await web.api<{ items: { channel: string; comment: string; scores: Record<string, number> }[] }>(
        customer,
        'GET',
        `/api/v1/surveys?caseId=${servedCase.id}`,
      )
    ).items;
    expect(stored).toMatchObject({ channel: 'web', comment: 'Fixed within the hour, thank you' });
    expect(Object.values(stored!.scores).every((score) => score === 4)).toBe(true);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('a customer of another organisation cannot open the case nor answer its survey', async () => {
    const surveys = await web.api<{ items: { id: string }[] }>(otherCustomer, 'GET', `/api/v1/surveys?caseId=${servedCase.id}`);
    expect(surveys.items).toEqual([]);
    const { page, context } = await web.newPage(PHONE);
    await web.signIn(page, otherCustomer);
    await page.goto(`/cases/${servedCase.id}`);
    await eventually(() => page.getByRole('alert').textContent()).toContain('or you may not see it');
    expect(await page.getByTestId('portal-survey').count()).toBe(0);
    await context.close();
  });
});
