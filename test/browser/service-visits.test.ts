import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  screenshot,
  type BrowserUser,
  chooseLanguage,
} from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}

/** A phone held upright: the engineer uses the visit screen on site. */
const PHONE = { width: 390, height: 844 };
const HOUR_MS = 3_600_000;

// A browser scenario on a busy two-core machine can outlast the suite's 60 s default.
vi.setConfig({ testTimeout: 180_000 });

/** Tomorrow's date in Shanghai (the browser's time zone in these tests), as YYYY-MM-DD. */
function tomorrowInShanghai(): string {
  return new Date(Date.now() + 8 * HOUR_MS + 24 * HOUR_MS).toISOString().slice(0, 10);
}

describeBrowserSuite('web app: on-site visits from the case view and the phone, and the public survey form', null, (database) => {
  let web: BrowserApp;
  const shots = database === 'sqlite';
  let secretary: BrowserUser;
  let engineer: BrowserUser;
  let manager: BrowserUser;
  let customer: BrowserUser;
  let organizationId: string;
  let visitCase: Created;
  let otherCase: Created;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin', { name: 'Ada Admin' });
    secretary = await web.user('secretary', { name: 'Sally Secretary' });
    engineer = await web.user('expert', { name: 'Eric Engineer' });
    manager = await web.user('manager', { name: 'Mei Manager' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    const acme = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Acme Logistics', code: 'ACME' });
    const contact = await web.api<{ id: string }>(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, {
      name: 'Li Lei',
      phone: '+86 10 5555 0101',
      email: 'li.lei@acme.example',
    });
    organizationId = acme.id;
    customer = await web.user('customer', { name: 'Li Lei', organizationId: acme.id });
    const open = (title: string) =>
      web.api<Created>(secretary, 'POST', '/api/v1/cases', {
        organizationId: acme.id,
        contactId: contact.id,
        assigneeId: engineer.id,
        departmentId: department.id,
        channel: 'hotline',
        level: 3,
        title,
        description: 'Scanners lose the network every few minutes.',
      });
    visitCase = await open('Warehouse scanners drop off the Wi-Fi');
    otherCase = await open('Replace the UPS battery');
    // Already booked: tomorrow 09:30–10:30, inside the 09:00–11:00 window the case view proposes.
    const day = tomorrowInShanghai();
    await web.api(secretary, 'POST', `/api/v1/cases/${otherCase.id}/visits`, {
      engineerUserId: engineer.id,
      startsAt: `${day}T09:30:00+08:00`,
      endsAt: `${day}T10:30:00+08:00`,
      site: 'Server room, building B',
    });
  });
  afterEach(async (context) => {
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('the secretary books the engineer from the case view, sees the clash and books anyway', async () => {
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    await page.goto(`/cases/${visitCase.id}`);
    const panel = page.getByTestId('visit-panel');
    await panel.getByRole('button', { name: 'Schedule a visit' }).click();
    // The booking form opens in a dialog.
    const dialog = page.getByRole('dialog');
    // The engineer is the case's assignee; the window defaults to tomorrow 09:00–11:00.
    await eventually(() => dialog.textContent()).toContain('Eric Engineer');
    await dialog.getByLabel('Site', { exact: true }).fill('Shanghai warehouse, dock 3');
    await dialog.getByLabel('Contact name').fill('Li Lei');
    await dialog.getByRole('button', { name: 'Schedule visit' }).click();

    const conflicts = dialog.getByTestId('visit-conflicts');
    await conflicts.waitFor();
    expect(await conflicts.textContent()).toContain(otherCase.number);
    expect(await conflicts.textContent()).toContain('Server room, building B');
    const before = await web.storage.db.selectFrom('visits').select('id').where('case_id', '=', visitCase.id).execute();
    expect(before).toHaveLength(0);

    await dialog.getByRole('button', { name: 'Book anyway' }).click();
    await panel.getByText('Shanghai warehouse, dock 3').waitFor();
    const booked = await web.storage.db.selectFrom('visits').selectAll().where('case_id', '=', visitCase.id).execute();
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({ engineer_user_id: engineer.id, status: 'scheduled', site: 'Shanghai warehouse, dock 3' });
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the engineer on a phone sees the visit, records arrival and departure, and the case timeline shows both', async () => {
    const { page, context } = await web.newPage(PHONE);
    await web.signIn(page, engineer);
    await page.getByRole('link', { name: 'My visits' }).click();
    await page.waitForURL('**/visits');

    const cardOf = (number: string) => page.getByTestId('visit-card').filter({ has: page.locator('.cd-visit-case', { hasText: number }) });
    const card = cardOf(visitCase.number);
    await card.waitFor();
    expect(await card.textContent()).toContain('Shanghai warehouse, dock 3');
    // Both visits overlap: each card says so, naming the other case.
    expect(await card.getByRole('status').textContent()).toContain(otherCase.number);
    await eventually(() => page.getByTestId('visit-card').count()).toBe(2);

    // Built for a phone: nothing wider than the screen, and buttons a thumb can hit.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    const arrive = card.getByRole('button', { name: 'Record arrival' });
    const box = await arrive.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThan(PHONE.width / 2);
    if (shots) await screenshot(page, 'visits-phone-en');

    await arrive.click();
    await eventually(() => card.locator('.ant-tag').textContent()).toBe('On site');
    await card.getByRole('button', { name: 'Record departure' }).click();
    await card.getByLabel('Work done').fill('Replaced the access point at dock 3; scanners stay connected.');
    await card.getByRole('button', { name: 'Save departure' }).click();
    await eventually(() => card.locator('.ant-tag').textContent()).toBe('Done');
    expect(await card.textContent()).toContain('Replaced the access point at dock 3');

    const visit = await web.storage.db.selectFrom('visits').selectAll().where('case_id', '=', visitCase.id).executeTakeFirstOrThrow();
    expect(visit.status).toBe('done');
    expect(visit.arrived_at).not.toBeNull();
    expect(visit.departed_at).not.toBeNull();
    expect(visit.work_done).toBe('Replaced the access point at dock 3; scanners stay connected.');

    // The same screen in Chinese (the choice is kept for the user).
    // On a phone the confirmation toast sits over the header for a moment; wait until it has gone.
    // (A toast under the pointer stays: move the pointer off it first.)
    await page.mouse.move(PHONE.width / 2, PHONE.height - 5);
    await eventually(() => page.locator('.ant-message-notice:visible').count()).toBe(0);
    await chooseLanguage(page, '中文');
    await page.getByRole('heading', { name: '我的上门服务' }).waitFor();
    await eventually(() => cardOf(otherCase.number).getByRole('button', { name: '记录到达' }).isVisible()).toBe(true);
    if (shots) await screenshot(page, 'visits-phone-zh-CN');
    await chooseLanguage(page, 'English');
    await page.getByRole('heading', { name: 'My visits' }).waitFor();

    // From the card to the case: arrival and departure are on its timeline, the work done in its service record.
    await card.getByRole('link', { name: `Open case ${visitCase.number}` }).click();
    await page.waitForURL(`**/cases/${visitCase.id}`);
    await page.locator('li[data-kind="visit.arrived"]').waitFor();
    await page.locator('li[data-kind="visit.departed"]').waitFor();
    await eventually(() => page.getByTestId('service-record-panel').textContent()).toContain('Replaced the access point at dock 3');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the customer answers the e-mailed survey once; a second answer is refused and changes nothing', async () => {
    // The visit done in the test before sent no survey of its own: the case's survey, sent when it is resolved, covers it.
    expect(await web.storage.db.selectFrom('surveys').selectAll().where('case_id', '=', visitCase.id).execute()).toEqual([]);
    await web.api(engineer, 'POST', `/api/v1/cases/${visitCase.id}/transitions`, { to: 'resolved' });
    const mail = await web.storage.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('kind', '=', 'survey')
      .where('case_id', '=', visitCase.id)
      .executeTakeFirstOrThrow();
    const path = /\/public\/surveys\/[^\s"<>]+/.exec(mail.text_body)?.[0];
    expect(path).toBeDefined();

    const { page, context } = await web.newPage(PHONE);
    await page.goto(`${path!}?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Satisfaction survey');
    const questions = page.locator('fieldset');
    const asked = await questions.count();
    expect(asked).toBeGreaterThanOrEqual(3);
    for (let index = 0; index < asked; index += 1) await questions.nth(index).getByLabel('4', { exact: true }).check();
    await page.getByRole('button', { name: 'Send my answers' }).click();
    await page.locator('h1', { hasText: 'Thank you' }).waitFor();

    const answered = await web.storage.db.selectFrom('surveys').selectAll().where('case_id', '=', visitCase.id).executeTakeFirstOrThrow();
    expect(answered).toMatchObject({ status: 'answered', channel: 'web', score_personnel: 4, score_organization: 4, score_system: 4 });

    // Opening the link again: a clear page, no form.
    await page.goto(`${path!}?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Link already used');
    expect(await page.locator('fieldset').count()).toBe(0);
    // Posting the form anyway is refused and nothing is overwritten.
    const again = await page.request.post(`${web.baseUrl}${path!}?lang=en`, {
      form: { personnel: '1', organization: '1', system: '1', comment: 'changed my mind' },
    });
    expect(again.status()).toBeGreaterThanOrEqual(400);
    const after = await web.storage.db.selectFrom('surveys').selectAll().where('id', '=', answered.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ score_personnel: 4, score_organization: 4, comment: answered.comment });
    await context.close();
  });

  it('staff enter answers taken by phone; the low score reaches the manager, who closes it and reads the analysis', async () => {
    await web.api(engineer, 'POST', `/api/v1/cases/${otherCase.id}/transitions`, { to: 'resolved' });
    const { page, context } = await web.newPage();
    await web.signIn(page, secretary);
    // The secretary may enter answers but not read the follow-ups: the one header item leads to the surveys.
    await page.getByRole('link', { name: 'Satisfaction' }).click();
    await page.waitForURL('**/surveys');
    const row = page.locator('tr', { hasText: 'Case resolved' }).filter({ hasText: otherCase.number });
    await row.getByRole('button', { name: 'Enter answers' }).click();
    const dialog = page.getByRole('dialog');
    for (const [question, score] of [
      ['Service personnel', '2'],
      ['Service organisation', '4'],
      ['Service system', '5'],
    ] as const) {
      const group = dialog.getByRole('radiogroup', { name: question });
      await group.getByText(score, { exact: true }).click();
      // Wait until the choice shows before the next step looks for groups still unanswered.
      await eventually(() => group.locator('.ant-radio-button-wrapper-checked').textContent()).toBe(score);
    }
    for (const other of await dialog.getByRole('radiogroup').all()) {
      if ((await other.locator('.ant-radio-button-wrapper-checked').count()) === 0) await other.getByText('3', { exact: true }).click();
    }
    await dialog.getByLabel('Comment').fill('Took three days to send someone.');
    await dialog.getByRole('button', { name: 'Save answers' }).click();
    await eventually(() => row.textContent()).toContain('Answered');
    const entered = await web.storage.db
      .selectFrom('surveys')
      .selectAll()
      .where('case_id', '=', otherCase.id)
      .where('subject_kind', '=', 'case')
      .executeTakeFirstOrThrow();
    expect(entered).toMatchObject({ channel: 'phone', score_personnel: 2, score_organization: 4, score_system: 5 });
    await context.close();

    const managerPage = await web.newPage();
    await web.signIn(managerPage.page, manager);
    await managerPage.page.getByRole('link', { name: 'Satisfaction' }).click();
    await managerPage.page.waitForURL('**/follow-ups');
    const followUp = managerPage.page.locator('tr', { hasText: otherCase.number });
    await eventually(() => followUp.textContent()).toContain('Service personnel: 2');
    await followUp.getByRole('button', { name: 'Close' }).click();
    await managerPage.page.getByRole('dialog').getByLabel('Resolution').fill('Called the customer; dispatch rules changed.');
    await managerPage.page.getByRole('dialog').getByRole('button', { name: 'Close the follow-up' }).click();
    await followUp.waitFor({ state: 'detached' });
    const closed = await web.storage.db.selectFrom('follow_ups').selectAll().where('survey_id', '=', entered.id).executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ status: 'closed', resolution: 'Called the customer; dispatch rules changed.' });

    await managerPage.page.getByRole('link', { name: 'Analysis' }).click();
    await managerPage.page.waitForURL('**/reports/satisfaction');
    const figures = managerPage.page.getByTestId('report-figures');
    // Two surveys (one per resolved case), both answered.
    await eventually(() => figures.textContent()).toContain('Response rate100 %');
    expect(await figures.textContent()).toContain('Responses2');
    await managerPage.page.locator('canvas').first().waitFor();
    expect(await managerPage.page.locator('tr', { hasText: 'Eric Engineer' }).count()).toBe(1);
    if (shots) await screenshot(managerPage.page, 'satisfaction-report-en');
    expect(pageErrors(managerPage.page)).toEqual([]);
    await managerPage.context.close();
  });

  it('the customer prints the service record and confirms the service in the portal', async () => {
    // The case was resolved in a test before: its record awaits the customer's confirmation.
    const { page, context } = await web.newPage(PHONE);
    await web.signIn(page, customer);
    await page.goto(`/cases/${visitCase.id}`);
    const panel = page.getByTestId('service-record-panel');
    await eventually(() => panel.textContent()).toContain("Awaiting the customer's confirmation");
    expect(await panel.textContent()).toContain('Replaced the access point at dock 3');
    const pdfHref = await panel.getByRole('link', { name: 'Print PDF' }).getAttribute('href');
    const pdf = await page.request.get(`${web.baseUrl}${pdfHref!}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    await panel.getByRole('button', { name: 'Confirm service' }).click();
    await eventually(() => panel.textContent()).toContain('Confirmed by the customer');
    expect(await panel.getByRole('button', { name: 'Confirm service' }).count()).toBe(0);
    const confirmed = await web.storage.db.selectFrom('cases').select('status').where('id', '=', visitCase.id).executeTakeFirstOrThrow();
    expect(confirmed.status).toBe('confirmed');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the trainer records who attended a training; it is then held', async () => {
    const training = await web.api<{ id: string }>(manager, 'POST', '/api/v1/trainings', {
      organizationId,
      topic: 'Wi-Fi controller basics',
      trainerUserId: manager.id,
      date: new Date().toISOString().slice(0, 10),
      place: 'Acme head office, room 2',
      attendees: [{ name: 'Li Lei', email: 'li.lei@acme.example' }, { name: 'Han Meimei' }],
    });
    const { page, context } = await web.newPage();
    await web.signIn(page, manager);
    await page.getByRole('link', { name: 'Trainings' }).click();
    await page.getByRole('link', { name: 'Wi-Fi controller basics' }).click();
    await page.waitForURL(`**/trainings/${training.id}`);
    await page.getByRole('checkbox', { name: /Li Lei/ }).check();
    await page.getByLabel('Walk-in attendee').fill('Wang Wu');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await eventually(() => page.getByRole('heading', { level: 2 }).textContent()).toContain('Held');
    const attendees = await web.storage.db
      .selectFrom('training_attendees')
      .select(['name', 'attended'])
      .where('training_id', '=', training.id)
      .orderBy('name')
      .execute();
    expect(attendees.map((row) => [row.name, Number(row.attended)])).toEqual([
      ['Han Meimei', 0],
      ['Li Lei', 1],
      ['Wang Wu', 1],
    ]);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
