import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/chromium.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase, type TestDatabaseName } from '../support/databases.js';
import { screenshot } from '../browser/support/browser-app.js';
import { linkPathIn, logCase, mailsOf, resolveCase, startServiceLoopWorld, type ServiceLoopWorld } from './service-loop-world.js';

/** A phone: the customer opens the e-mailed link there more often than not. */
const PHONE = { width: 390, height: 844 };

/** The service-loop world served on a port, and a Chromium to open its pages in. */
async function startListening(database: TestDatabaseName) {
  if (!fs.existsSync(CHROMIUM)) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
  const world = await startServiceLoopWorld(database);
  await world.app.app.listen({ port: 0, host: '127.0.0.1' });
  const address = world.app.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { world, browser: await launchChromium(), baseUrl };
}

describeOnEachDatabase('public survey and confirmation pages in a real browser (phone-sized)', (database) => {
  let world: ServiceLoopWorld;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    ({ world, browser, baseUrl } = await startListening(database));
  });
  afterAll(async () => {
    await browser?.close();
    await world?.app.stop();
  });

  it('the confirmation and survey mails read on a phone: their long signed links wrap instead of widening the mail', async () => {
    const created = await logCase(world);
    await resolveCase(world, created.id);
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    for (const kind of ['service-record-confirmation', 'survey']) {
      const [mail] = await mailsOf(world, kind, created.id);
      expect(mail, kind).toBeDefined();
      await page.setContent(mail!.html_body);
      expect(await page.evaluate('document.documentElement.scrollWidth'), kind).toBeLessThanOrEqual(PHONE.width);
    }
    await context.close();
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

/** An instant as the pages write it in a zone, computed here independently: `2026-03-02 16:00 UTC+08:00`. */
function localMinuteIn(iso: string, timeZone: string, offset: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((item) => item.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} UTC${offset}`;
}

describeOnEachDatabase('mailed pages in CaseDesk’s look, the recipient’s language and the service desk’s time zone', (database) => {
  let world: ServiceLoopWorld;
  let browser: Browser;
  let baseUrl: string;
  const shots = database === 'sqlite';

  beforeAll(async () => {
    ({ world, browser, baseUrl } = await startListening(database));
    // Neither organisations nor contacts keep a time zone: the pages use the service desk's (the business calendar's).
    interface PolicyDetails {
      id: string;
      policy: { calendar: Record<string, unknown> } & Record<string, unknown>;
    }
    const policy = (await world.app.request<{ items: PolicyDetails[] }>(world.admin, 'GET', '/api/v1/escalation-policies')).body.items[0]!;
    const changed = await world.app.request(world.admin, 'PUT', `/api/v1/escalation-policies/${policy.id}`, {
      policy: { ...policy.policy, calendar: { ...policy.policy.calendar, timeZone: 'Asia/Shanghai' } },
    });
    expect(changed.status).toBe(200);
    const hotline = await world.app.request(world.admin, 'PUT', '/api/v1/service-desk-settings', { hotlineNumber: '+86 400 820 8820' });
    expect(hotline.status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await world?.app.stop();
  });

  /** A case of the Chinese-speaking contact, served by phone and resolved: its survey and confirmation mails are out. */
  async function servedChineseCase() {
    const created = await logCase(world, { contactId: world.chineseContact.id, title: '核心交换机丢包' });
    const action = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${created.id}/actions`, {
      type: 'phone',
      summary: 'Reset the uplink port and replaced the patch cable',
    });
    expect(action.status).toBe(201);
    world.app.clock.advance(2 * 3_600_000);
    await resolveCase(world, created.id);
    const stored = await world.app.request<{ receivedAt: string; resolvedAt: string }>(
      world.secretary,
      'GET',
      `/api/v1/cases/${created.id}`,
    );
    return { ...created, ...stored.body };
  }

  /** Nothing runs off the phone's screen sideways. */
  async function fitsThePhone(page: Page) {
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  }

  it('the survey page opens in the contact’s Chinese, says what was done with times in Asia/Shanghai, and what happens next', async () => {
    const served = await servedChineseCase();
    const [mail] = await mailsOf(world, 'survey', served.id);
    const path = linkPathIn(mail!.text_body, '/public/surveys');
    // The browser is English and in New York: the page still follows the recipient and the service desk.
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US', timezoneId: 'America/New_York' });
    const page = await context.newPage();
    await page.goto(baseUrl + path);
    expect(await page.locator('h1').textContent()).toBe('满意度调查');
    expect(await page.locator('.cd-brand').textContent()).toBe('CaseDesk');
    expect(await page.getByTestId('received-at').textContent()).toBe(localMinuteIn(served.receivedAt, 'Asia/Shanghai', '+08:00'));
    expect(await page.getByTestId('resolved-at').textContent()).toBe(localMinuteIn(served.resolvedAt, 'Asia/Shanghai', '+08:00'));
    expect(await page.getByTestId('time-zone').textContent()).toContain('Asia/Shanghai');
    expect(await page.locator('main').textContent()).toContain('Reset the uplink port and replaced the patch cable');
    const next = await page.getByTestId('next').textContent();
    expect(next).toContain('接下来');
    expect(next).toContain('+86 400 820 8820');
    expect(await page.getByTestId('next').getByRole('link').getAttribute('href')).toBe('tel:+864008208820');
    // Same look as the web app: its font stack and the card on the grey page.
    expect(await page.evaluate<string>('getComputedStyle(document.body).fontFamily')).toContain('Noto Sans CJK SC');
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(243, 245, 248)');
    await fitsThePhone(page);
    if (shots) await screenshot(page, 'public-survey-zh-CN');

    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).toBe('Satisfaction survey');
    expect(await page.getByTestId('next').textContent()).toContain('What happens next');
    await fitsThePhone(page);
    if (shots) await screenshot(page, 'public-survey-en');

    await page.getByRole('link', { name: '中文' }).click();
    for (const legend of ['服务人员', '服务组织', '服务体系', '技术支持']) {
      await page.getByRole('group', { name: legend }).getByLabel('5', { exact: true }).check();
    }
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('p.ok').waitFor();
    const after = await page.getByTestId('next').textContent();
    expect(after).toContain('三天内');
    expect(after).toContain('+86 400 820 8820');
    await context.close();
  });

  it('the confirmation page says what was done and what confirming does; afterwards what happens next', async () => {
    const served = await servedChineseCase();
    const [mail] = await mailsOf(world, 'service-record-confirmation', served.id);
    const path = linkPathIn(mail!.text_body, '/public/service-record-confirmations');
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(baseUrl + path);
    expect(await page.locator('h1').textContent()).toBe(`工单 ${served.number} 的服务记录`);
    expect(await page.getByTestId('received-at').textContent()).toBe(localMinuteIn(served.receivedAt, 'Asia/Shanghai', '+08:00'));
    expect(await page.getByTestId('next').textContent()).toContain(`确认后，工单 ${served.number} 将标记为已确认`);
    await fitsThePhone(page);
    if (shots) await screenshot(page, 'public-confirmation-zh-CN');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('h1').textContent()).toBe(`Service record of case ${served.number}`);
    expect(await page.locator('main').textContent()).toContain('What we did');
    await fitsThePhone(page);
    if (shots) await screenshot(page, 'public-confirmation-en');

    await page.getByRole('button', { name: 'I confirm the service record' }).click();
    await page.locator('p.ok').waitFor();
    expect(await page.getByTestId('next').textContent()).toContain('The service desk now closes the case');
    await context.close();
  });
});
