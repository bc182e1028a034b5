import fs from 'node:fs';
import { type Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { linkPathIn, logCase, mailsOf, resolveCase, startServiceLoopWorld, type ServiceLoopWorld } from './service-loop-world.js';

/** A phone: the customer opens the e-mailed link there more often than not. */
const PHONE = { width: 390, height: 844 };

describeOnEachDatabase('public survey and confirmation pages in a real browser (phone-sized)', (database) => {
  let world: ServiceLoopWorld;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    world = await startServiceLoopWorld(database);
    await world.app.app.listen({ port: 0, host: '127.0.0.1' });
    const address = world.app.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.app.stop();
  });

  it('the customer answers the survey from the e-mailed link; opening it again says it was used', async () => {
    const created = await logCase(world, { contactId: world.chineseContact.id });
    await resolveCase(world, created.id);
    const [mail] = await mailsOf(world, 'survey', created.id);
    const path = linkPathIn(mail!.text_body, '/public/surveys');
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(baseUrl + path);
    // The contact speaks Chinese: the form does too, and offers English.
    expect(await page.locator('h1').textContent()).toBe('满意度调查');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).toBe('Satisfaction survey');

    // Sending without the required answers is stopped by the browser itself (required radios).
    await page.getByRole('button', { name: 'Send my answers' }).click();
    expect(await page.locator('input[name="personnel"]:invalid').count()).toBeGreaterThan(0);
    expect(await page.locator('h1').textContent()).toBe('Satisfaction survey');

    for (const [legend, score] of [
      ['Service personnel', '5'],
      ['Service organisation', '2'],
      ['Service system', '4'],
      ['Technical support', '4'],
    ] as const) {
      await page.getByRole('group', { name: legend }).getByLabel(score, { exact: true }).check();
    }
    await page.getByLabel('Comments (optional)').fill('The engineer was great, the <b>wait</b> was not');
    await page.getByRole('button', { name: 'Send my answers' }).click();
    // The page is replaced by the answer when it arrives (posted by script, or by the form without one).
    await page.locator('h1', { hasText: 'Thank you' }).waitFor();

    const stored = await world.app.storage.db.selectFrom('surveys').selectAll().where('case_id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      channel: 'web',
      score_personnel: 5,
      score_organization: 2,
      score_system: 4,
      score_technical_support: 4,
      score_after_sales: null,
      comment: 'The engineer was great, the <b>wait</b> was not',
    });
    // Score 2 → a follow-up for the manager.
    const followUp = await world.app.storage.db.selectFrom('follow_ups').selectAll().where('survey_id', '=', stored.id).executeTakeFirst();
    expect(followUp?.assignee_user_id).toBe(world.manager.id);

    await page.goto(baseUrl + path);
    expect(await page.locator('h1').textContent()).toBe('链接已使用');
    await context.close();
  });

  it('the customer confirms the service record from the e-mailed link, even while signed in to the portal', async () => {
    const created = await logCase(world);
    await world.app.request(world.engineer, 'POST', `/api/v1/cases/${created.id}/actions`, { type: 'phone', summary: 'Reset the port' });
    await resolveCase(world, created.id);
    const [mail] = await mailsOf(world, 'service-record-confirmation', created.id);
    const path = linkPathIn(mail!.text_body, '/public/service-record-confirmations');
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB', userAgent: 'PhoneBrowser/9' });
    // Signed in to the portal in the same browser: the session cookie must not get the link form refused for CSRF.
    const portalUser = await world.app.user('customer', { organizationId: world.organization.id, password: 'portal-password-1' });
    const signIn = await context.request.post(`${baseUrl}/api/v1/sessions`, {
      data: { email: portalUser.email, password: 'portal-password-1' },
    });
    expect(signIn.status()).toBeLessThan(300);
    expect((await context.cookies()).some((cookie) => cookie.name === 'casedesk_session')).toBe(true);
    const page = await context.newPage();
    await page.goto(baseUrl + path);
    expect(await page.locator('h1').textContent()).toBe(`Service record of case ${created.number}`);
    expect(await page.getByText('Reset the port').isVisible()).toBe(true);
    await page.getByLabel('Note (optional)').fill('Works again');
    await page.getByRole('button', { name: 'I confirm the service record' }).click();
    await page.locator('p.ok').waitFor();
    expect(await page.locator('p.ok').textContent()).toContain(created.number);

    const confirmation = await world.app.storage.db
      .selectFrom('service_record_confirmations')
      .selectAll()
      .where('case_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(confirmation).toMatchObject({ method: 'link', user_agent: 'PhoneBrowser/9', note: 'Works again', ip: '127.0.0.1' });
    await context.close();
  });
});
