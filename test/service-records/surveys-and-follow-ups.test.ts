import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import {
  linkPathIn,
  logCase,
  mailsOf,
  resolveCase,
  startServiceLoopWorld,
  timelineKinds,
  type Problem,
  type ServiceLoopWorld,
} from './service-loop-world.js';

interface SurveyBody {
  id: string;
  subject: string;
  caseId: string | null;
  visitId: string | null;
  trainingId: string | null;
  personUserId: string | null;
  status: string;
  questions: string[];
  channel: string | null;
  scores: Record<string, number>;
  comment: string | null;
  answeredAt: string | null;
}

interface FollowUpBody {
  id: string;
  surveyId: string;
  caseId: string | null;
  assigneeUserId: string | null;
  dueAt: string;
  status: string;
  lowScores: { question: string; score: number }[];
}

const GOOD = { personnel: 5, organization: 4, system: 4 };

describeOnEachDatabase('follow-up surveys: creation after each service, answers, follow-ups and analysis', (database) => {
  let world: ServiceLoopWorld;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
  });
  afterAll(() => world.app.stop());

  const surveysOf = async (query: string, as = world.secretary) =>
    (await world.app.request<{ items: SurveyBody[] }>(as, 'GET', `/api/v1/surveys?${query}`)).body.items;

  describe('created automatically after each kind of service', () => {
    it('a resolved case gets a survey mailed to its contact, once', async () => {
      const created = await logCase(world);
      await resolveCase(world, created.id);
      const [survey] = await surveysOf(`caseId=${created.id}`);
      expect(survey).toMatchObject({
        subject: 'case',
        status: 'sent',
        personUserId: world.engineer.id,
        questions: ['personnel', 'organization', 'system', 'technicalSupport', 'systemCondition', 'afterSales'],
      });
      const mails = await mailsOf(world, 'survey', created.id);
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ to_address: 'carla@harbour.example' });
      expect(mails[0]!.text_body).toContain(created.number);
      // Closing the case is no new service; no second survey.
      await world.app.request(world.engineer, 'POST', `/api/v1/cases/${created.id}/transitions`, { to: 'closed' });
      expect(await surveysOf(`caseId=${created.id}`)).toHaveLength(1);
    });

    it('a case whose contact has no e-mail gets a survey awaiting staff entry', async () => {
      const created = await logCase(world, { contactId: null });
      await resolveCase(world, created.id);
      const [survey] = await surveysOf(`caseId=${created.id}`);
      expect(survey).toMatchObject({ subject: 'case', status: 'awaiting-entry' });
      expect(await mailsOf(world, 'survey', created.id)).toHaveLength(0);
    });

    it('a held training gets a training survey mailed in the contact’s language, once', async () => {
      const planned = await world.app.request<{ id: string; attendees: { id: string; name: string }[]; status: string }>(
        world.secretary,
        'POST',
        '/api/v1/trainings',
        {
          organizationId: world.organization.id,
          kind: 'class',
          topic: 'Operating the new firewall',
          trainerUserId: world.otherEngineer.id,
          date: '2026-03-02',
          startTime: '09:00',
          endTime: '12:00',
          place: 'Harbour HQ, room 4',
          materials: [{ title: 'Firewall operations handbook', url: 'https://docs.example/fw.pdf' }],
          attendees: [{ name: 'Wang Wei' }, { name: 'Zhao Min', email: 'zhao@harbour.example' }],
          departmentId: world.department.id,
          contactId: world.chineseContact.id,
        },
      );
      expect(planned.status).toBe(201);
      expect(planned.body.status).toBe('planned');
      expect(await surveysOf(`trainingId=${planned.body.id}`)).toHaveLength(0);

      const [wang, zhao] = planned.body.attendees;
      const held = await world.app.request<{ status: string; attendees: { name: string; attended: boolean | null }[] }>(
        world.otherEngineer,
        'POST',
        `/api/v1/trainings/${planned.body.id}/attendance`,
        {
          attendance: [
            { attendeeId: wang!.id, attended: true },
            { attendeeId: zhao!.id, attended: false },
          ],
          walkIns: [{ name: 'Sun Li' }],
        },
      );
      expect(held.status).toBe(200);
      expect(held.body.status).toBe('held');
      expect(held.body.attendees.map((attendee) => [attendee.name, attendee.attended])).toEqual([
        ['Wang Wei', true],
        ['Zhao Min', false],
        ['Sun Li', true],
      ]);
      const surveys = await surveysOf(`trainingId=${planned.body.id}`);
      expect(surveys).toEqual([
        expect.objectContaining({
          subject: 'training',
          personUserId: world.otherEngineer.id,
          questions: ['personnel', 'organization', 'system', 'training'],
          status: 'sent',
        }),
      ]);
      const mail = (await mailsOf(world, 'survey')).find((row) => row.to_address === 'li.hua@harbour.example');
      expect(mail).toMatchObject({ language: 'zh-CN' });
      expect(mail!.subject).toContain('满意度');
      // Correcting attendance does not send a second survey.
      await world.app.request(world.otherEngineer, 'POST', `/api/v1/trainings/${planned.body.id}/attendance`, {
        attendance: [{ attendeeId: zhao!.id, attended: true }],
      });
      expect(await surveysOf(`trainingId=${planned.body.id}`)).toHaveLength(1);
      // The customer sees their organisation's trainings; another customer does not.
      expect((await world.app.request(world.customer, 'GET', `/api/v1/trainings/${planned.body.id}`)).status).toBe(200);
      expect((await world.app.request(world.otherCustomer, 'GET', `/api/v1/trainings/${planned.body.id}`)).status).toBe(404);
      const otherList = await world.app.request<{ items: unknown[] }>(world.otherCustomer, 'GET', '/api/v1/trainings');
      expect(otherList.body.items).toEqual([]);
    });

    it('a training in the future cannot be marked held', async () => {
      const planned = await world.app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/trainings', {
        organizationId: world.organization.id,
        topic: 'Later',
        trainerUserId: world.engineer.id,
        date: '2026-04-01',
        place: 'HQ',
      });
      const early = await world.app.request<Problem>(world.secretary, 'POST', `/api/v1/trainings/${planned.body.id}/attendance`, {
        attendance: [],
      });
      expect(early.status).toBe(409);
    });
  });

  describe('answering', () => {
    it('the public form records web answers once; twice, expired and forged links change nothing', async () => {
      const created = await logCase(world);
      await resolveCase(world, created.id);
      const [mail] = await mailsOf(world, 'survey', created.id);
      const path = linkPathIn(mail!.text_body, '/public/surveys');
      const token = path.split('/').at(-1)!;

      const form = await world.app.inject({ method: 'GET', url: path });
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('name="personnel"');
      expect(form.body).toContain('name="afterSales"');
      expect(form.body).not.toContain('name="training"');
      const chineseForm = await world.app.inject({ method: 'GET', url: `${path}?lang=zh-CN` });
      expect(chineseForm.body).toContain('服务人员');

      // Missing a core answer: the form comes back with the problem, the link still works.
      const incomplete = await world.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'personnel=5&organization=4&comment=%3Cb%3Ehi%3C%2Fb%3E',
      });
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.body).toContain('Service system');
      expect(incomplete.body).toContain('&lt;b&gt;hi&lt;/b&gt;');
      expect(incomplete.body).not.toContain('<b>hi</b>');

      const answered = await world.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'personnel=5&organization=4&system=4&technicalSupport=5&systemCondition=&afterSales=4&comment=Quick+and+friendly',
      });
      expect(answered.statusCode).toBe(200);
      expect(answered.body).toContain('Thank you');
      const [survey] = await surveysOf(`caseId=${created.id}`);
      expect(survey).toMatchObject({
        status: 'answered',
        channel: 'web',
        scores: { personnel: 5, organization: 4, system: 4, technicalSupport: 5, afterSales: 4 },
        comment: 'Quick and friendly',
      });

      const twice = await world.app.request<Problem>(null, 'POST', `/api/v1/public/surveys/${token}`, {
        scores: { personnel: 1, organization: 1, system: 1 },
      });
      expect([twice.status, twice.body.state]).toEqual([409, 'used']);
      const twicePage = await world.app.inject({ method: 'GET', url: path });
      expect(twicePage.statusCode).toBe(409);
      expect(twicePage.body).toContain('used already');
      const staffOverwrite = await world.app.request<Problem>(world.secretary, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
        channel: 'phone',
        scores: { personnel: 1, organization: 1, system: 1 },
      });
      expect(staffOverwrite.status).toBe(409);
      const [unchanged] = await surveysOf(`caseId=${created.id}`);
      expect(unchanged!.scores).toEqual(survey!.scores);

      const [id, expiry, signature] = token.split('.') as [string, string, string];
      const forged = await world.app.request<Problem>(
        null,
        'POST',
        `/api/v1/public/surveys/${id}.${expiry}.${signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
        {
          scores: GOOD,
        },
      );
      expect([forged.status, forged.body.state]).toEqual([404, 'forged']);
      const forgedView = await world.app.request<{ state: string; questions: string[] }>(
        null,
        'GET',
        `/api/v1/public/surveys/${id}.${expiry}.x`,
      );
      expect(forgedView.body).toEqual({ state: 'forged', language: null, subject: null, questions: [] });

      const later = await logCase(world);
      await resolveCase(world, later.id);
      const [laterMail] = await mailsOf(world, 'survey', later.id);
      const laterToken = linkPathIn(laterMail!.text_body, '/public/surveys').split('/').at(-1)!;
      world.app.clock.advance(31 * 24 * 3_600_000);
      const expired = await world.app.request<Problem>(null, 'POST', `/api/v1/public/surveys/${laterToken}`, { scores: GOOD });
      expect([expired.status, expired.body.state]).toEqual([410, 'expired']);
      const expiredPage = await world.app.inject({ method: 'GET', url: `/public/surveys/${laterToken}` });
      expect([expiredPage.statusCode, expiredPage.body.includes('expired')]).toEqual([410, true]);
      const [stillOpen] = await surveysOf(`caseId=${later.id}`);
      expect(stillOpen).toMatchObject({ status: 'sent', answeredAt: null, scores: {} });
    });

    it('staff enter answers taken by phone with the channel; scores are validated', async () => {
      const created = await logCase(world, { contactId: null });
      await resolveCase(world, created.id);
      const [survey] = await surveysOf(`caseId=${created.id}`);
      const bad = await world.app.request<Problem>(world.secretary, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
        channel: 'phone',
        scores: { personnel: 7, organization: 3, system: 3 },
      });
      expect([bad.status, bad.body.field]).toEqual([400, 'scores.personnel']);
      const notAsked = await world.app.request<Problem>(world.secretary, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
        channel: 'phone',
        scores: { ...GOOD, training: 3 },
      });
      expect([notAsked.status, notAsked.body.field]).toEqual([400, 'scores.training']);
      const executive = await world.app.request(world.engineer, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
        channel: 'phone',
        scores: GOOD,
      });
      expect(executive.status).toBe(403);
      const entered = await world.app.request<SurveyBody>(world.secretary, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
        channel: 'fax',
        scores: GOOD,
        respondentName: 'Carla by fax',
      });
      expect(entered.status).toBe(200);
      expect(entered.body).toMatchObject({ status: 'answered', channel: 'fax', scores: GOOD });
      // Customers read their own organisation's surveys only.
      expect((await world.app.request(world.customer, 'GET', `/api/v1/surveys/${survey!.id}`)).status).toBe(200);
      expect((await world.app.request(world.otherCustomer, 'GET', `/api/v1/surveys/${survey!.id}`)).status).toBe(404);
      expect((await surveysOf('', world.otherCustomer)).length).toBe(0);
    });

    it('the signed-in customer answers in the portal; another organisation’s customer and staff are refused; the mailed link then says answered', async () => {
      const created = await logCase(world);
      await resolveCase(world, created.id);
      const [survey] = await surveysOf(`caseId=${created.id}`);
      const url = `/api/v1/surveys/${survey!.id}/portal-answers`;
      const foreign = await world.app.request<Problem>(world.otherCustomer, 'POST', url, { scores: GOOD });
      expect(foreign.status).toBe(404);
      expect((await world.app.request(world.secretary, 'POST', url, { scores: GOOD })).status).toBe(403);
      const bad = await world.app.request<Problem>(world.customer, 'POST', url, { scores: { ...GOOD, personnel: 0 } });
      expect([bad.status, bad.body.field]).toEqual([400, 'scores.personnel']);
      const missing = await world.app.request<Problem>(world.customer, 'POST', url, { scores: { personnel: 4 } });
      expect(missing.status).toBe(400);

      const answered = await world.app.request<SurveyBody>(world.customer, 'POST', url, {
        scores: GOOD,
        comment: 'Quick and friendly',
      });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ status: 'answered', channel: 'web', scores: GOOD, comment: 'Quick and friendly' });
      expect((await world.app.request<Problem>(world.customer, 'POST', url, { scores: GOOD })).status).toBe(409);
      expect((await timelineKinds(world, created.id)).map((item) => item.kind)).toContain('survey.answered');

      const [mail] = await mailsOf(world, 'survey', created.id);
      const page = await world.app.app.inject({ method: 'GET', url: linkPathIn(mail!.text_body, '/public/surveys') });
      expect(page.statusCode).toBe(409);
    });
  });

  describe('low scores', () => {
    it('any score of 2 or less opens a follow-up for the department manager, due in three days, on the case and the dashboard', async () => {
      const created = await logCase(world);
      await resolveCase(world, created.id);
      const [mail] = await mailsOf(world, 'survey', created.id);
      const token = linkPathIn(mail!.text_body, '/public/surveys').split('/').at(-1)!;
      const answeredAt = world.app.clock.now();
      const answered = await world.app.request<{ state: string }>(null, 'POST', `/api/v1/public/surveys/${token}`, {
        scores: { personnel: 4, organization: 2, system: 3, afterSales: 1 },
        comment: 'Took too long',
      });
      expect(answered.body.state).toBe('recorded');

      const mine = await world.app.request<{ items: FollowUpBody[] }>(world.manager, 'GET', '/api/v1/follow-ups?mine=true&status=open');
      const followUp = mine.body.items.find((item) => item.caseId === created.id);
      expect(followUp).toMatchObject({
        assigneeUserId: world.manager.id,
        status: 'open',
        dueAt: new Date(answeredAt.getTime() + 3 * 24 * 3_600_000).toISOString(),
        lowScores: [
          { question: 'organization', score: 2 },
          { question: 'afterSales', score: 1 },
        ],
      });
      const timeline = await timelineKinds(world, created.id);
      expect(timeline.find((entry) => entry.kind === 'follow-up.opened')).toMatchObject({
        visibility: 'internal',
        data: { followUpId: followUp!.id, assigneeUserId: world.manager.id },
      });
      const notifications = await world.app.request<{ items: { kind: string; caseId: string | null }[] }>(
        world.manager,
        'GET',
        '/api/v1/notifications',
      );
      expect(notifications.body.items.some((item) => item.kind === 'follow-up' && item.caseId === created.id)).toBe(true);

      const closed = await world.app.request<FollowUpBody>(world.manager, 'POST', `/api/v1/follow-ups/${followUp!.id}/closure`, {
        resolution: 'Called the customer; agreed a faster escalation path',
      });
      expect(closed.body.status).toBe('closed');
      expect(
        (await world.app.request(world.manager, 'POST', `/api/v1/follow-ups/${followUp!.id}/closure`, { resolution: 'again' })).status,
      ).toBe(409);
    });

    it('good scores open no follow-up', async () => {
      const created = await logCase(world);
      await resolveCase(world, created.id);
      const [survey] = await surveysOf(`caseId=${created.id}`);
      await world.app.request(world.secretary, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
        channel: 'interview',
        scores: { personnel: 3, organization: 3, system: 3 },
      });
      const all = await world.app.request<{ items: FollowUpBody[] }>(world.manager, 'GET', `/api/v1/follow-ups?caseId=${created.id}`);
      expect(all.body.items).toEqual([]);
    });
  });
});

describeOnEachDatabase('satisfaction analysis on a known data set', (database) => {
  let world: ServiceLoopWorld;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database, '2026-01-05T08:00:00.000Z');
  });
  afterAll(() => world.app.stop());

  /** Resolves a case assigned to `engineerId` at the current clock, then answers its survey (or not). */
  async function surveyed(engineerId: string, scores: Record<string, number> | null) {
    const created = await logCase(world, { assigneeId: engineerId, contactId: null });
    await resolveCase(world, created.id);
    const survey = (
      await world.app.storage.db.selectFrom('surveys').select('id').where('case_id', '=', created.id).executeTakeFirstOrThrow()
    ).id;
    if (scores) {
      const entered = await world.app.request(world.secretary, 'POST', `/api/v1/surveys/${survey}/answers`, { channel: 'phone', scores });
      expect(entered.status).toBe(200);
    }
  }

  interface Figures {
    key: string | null;
    name: string | null;
    surveys: number;
    responses: number;
    responseRate: number | null;
    averages: Record<string, number | null>;
    overall: number | null;
    trend: { period: string; responses: number; overall: number | null }[];
    change: number | null;
  }

  it('gives averages, response rates and trends by person, period and customer', async () => {
    // January: Eli 5/5/5 and 3/3/3 plus one unanswered; Olga 4/4/4.
    await surveyed(world.engineer.id, { personnel: 5, organization: 5, system: 5 });
    await surveyed(world.engineer.id, { personnel: 3, organization: 3, system: 3 });
    await surveyed(world.engineer.id, null);
    await surveyed(world.otherEngineer.id, { personnel: 4, organization: 4, system: 4 });
    // February: Eli 2/2/2 (a low score), Olga unanswered.
    world.app.clock.set('2026-02-10T08:00:00.000Z');
    await surveyed(world.engineer.id, { personnel: 2, organization: 2, system: 2 });
    await surveyed(world.otherEngineer.id, null);

    const range = 'from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z';
    const byPerson = await world.app.request<{ total: Figures; groups: Figures[] }>(
      world.manager,
      'GET',
      `/api/v1/reports/satisfaction?groupBy=person&${range}`,
    );
    expect(byPerson.status).toBe(200);
    expect(byPerson.body.total).toMatchObject({ surveys: 6, responses: 4, responseRate: 0.667, overall: 3.5 });
    expect(byPerson.body.total.averages).toMatchObject({ personnel: 3.5, organization: 3.5, system: 3.5, training: null });
    const [eli, olga] = byPerson.body.groups;
    expect(eli).toMatchObject({
      key: world.engineer.id,
      name: 'Eli Engineer',
      surveys: 4,
      responses: 3,
      responseRate: 0.75,
      overall: 3.33,
      change: -2,
    });
    expect(eli!.trend).toEqual([
      { period: '2026-01', responses: 2, overall: 4 },
      { period: '2026-02', responses: 1, overall: 2 },
    ]);
    expect(olga).toMatchObject({
      key: world.otherEngineer.id,
      name: 'Olga Onsite',
      surveys: 2,
      responses: 1,
      responseRate: 0.5,
      overall: 4,
      change: null,
    });

    const byPeriod = await world.app.request<{ groups: Figures[] }>(
      world.manager,
      'GET',
      `/api/v1/reports/satisfaction?groupBy=period&${range}`,
    );
    expect(byPeriod.body.groups.map((group) => [group.key, group.surveys, group.responses, group.overall, group.change])).toEqual([
      ['2026-01', 4, 3, 4, null],
      ['2026-02', 2, 1, 2, -2],
    ]);

    const byCustomer = await world.app.request<{ groups: Figures[] }>(
      world.manager,
      'GET',
      `/api/v1/reports/satisfaction?groupBy=customer&${range}`,
    );
    expect(byCustomer.body.groups).toEqual([
      expect.objectContaining({ key: world.organization.id, name: 'Harbour Power Grid', surveys: 6, responses: 4 }),
    ]);
    const byDepartment = await world.app.request<{ groups: Figures[] }>(
      world.manager,
      'GET',
      `/api/v1/reports/satisfaction?groupBy=department&${range}`,
    );
    expect(byDepartment.body.groups).toEqual([
      expect.objectContaining({ key: world.department.id, name: 'Network Services', overall: 3.5 }),
    ]);

    const january = await world.app.request<{ total: Figures }>(
      world.manager,
      'GET',
      '/api/v1/reports/satisfaction?groupBy=person&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
    );
    expect(january.body.total).toMatchObject({ surveys: 4, responses: 3, overall: 4 });

    expect((await world.app.request(world.engineer, 'GET', `/api/v1/reports/satisfaction?${range}`)).status).toBe(403);
    expect((await world.app.request(world.customer, 'GET', `/api/v1/reports/satisfaction?${range}`)).status).toBe(403);
    const backwards = await world.app.request<Problem>(
      world.manager,
      'GET',
      '/api/v1/reports/satisfaction?from=2026-03-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    );
    expect([backwards.status, backwards.body.field]).toEqual([400, 'to']);
  });
});

describeOnEachDatabase('every low score has an owner, who is told in the app and by mail', (database) => {
  let world: ServiceLoopWorld;
  let gm: Awaited<ReturnType<ServiceLoopWorld['app']['user']>>;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    gm = await world.app.user('manager', { name: 'Gao Ming', email: 'gm@casedesk.example', language: 'zh-CN' });
    const placed = await world.app.request(world.admin, 'PUT', '/api/v1/positions/operation-center-gm', { userId: gm.id });
    expect(placed.status).toBe(200);
  });
  afterAll(() => world.app.stop());

  async function heldTrainingSurvey(departmentId: string | null) {
    const planned = await world.app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/trainings', {
      organizationId: world.organization.id,
      topic: 'Backing up the firewall',
      trainerUserId: world.otherEngineer.id,
      date: '2026-03-02',
      place: 'Harbour HQ',
      contactId: world.contact.id,
      ...(departmentId ? { departmentId } : {}),
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    await world.app.request(world.otherEngineer, 'POST', `/api/v1/trainings/${planned.body.id}/attendance`, { attendance: [] });
    const [survey] = (
      await world.app.request<{ items: SurveyBody[] }>(world.secretary, 'GET', `/api/v1/surveys?trainingId=${planned.body.id}`)
    ).body.items;
    return survey!;
  }

  const lowAnswer = (surveyId: string) =>
    world.app.request(world.secretary, 'POST', `/api/v1/surveys/${surveyId}/answers`, {
      channel: 'phone',
      scores: { personnel: 2, organization: 3, system: 3, training: 1 },
      comment: 'The trainer rushed through it',
    });

  it('a training for no department: the Operation Center GM owns the follow-up and hears of it in their language', async () => {
    const survey = await heldTrainingSurvey(null);
    expect((await lowAnswer(survey.id)).status).toBe(200);
    const followUps = await world.app.request<{ items: FollowUpBody[] }>(gm, 'GET', '/api/v1/follow-ups?mine=true');
    expect(followUps.body.items).toEqual([expect.objectContaining({ surveyId: survey.id, assigneeUserId: gm.id, status: 'open' })]);
    const notifications = await world.app.request<{ items: { kind: string; link: string | null }[] }>(gm, 'GET', '/api/v1/notifications');
    expect(notifications.body.items).toEqual([expect.objectContaining({ kind: 'follow-up', link: '/follow-ups' })]);
    const mails = (await mailsOf(world, 'follow-up')).filter((mail) => mail.to_address === 'gm@casedesk.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ language: 'zh-CN', recipient_user_id: gm.id });
    expect(mails[0]!.subject).toContain('Harbour Power Grid');
    expect(mails[0]!.subject).toContain('跟进');
    expect(mails[0]!.text_body).toContain('Backing up the firewall');
    expect(mails[0]!.text_body).toContain('The trainer rushed through it');
    expect(mails[0]!.text_body).toContain('http://casedesk.test/follow-ups');
    // The GM closes it like a department manager would.
    const closed = await world.app.request<FollowUpBody>(gm, 'POST', `/api/v1/follow-ups/${followUps.body.items[0]!.id}/closure`, {
      resolution: 'Booked a second session with another trainer',
    });
    expect(closed.body.status).toBe('closed');
  });

  it('a case of a department: its manager owns the follow-up and gets the mail with a link to the case', async () => {
    const created = await logCase(world, { contactId: null });
    await resolveCase(world, created.id);
    const [survey] = (await world.app.request<{ items: SurveyBody[] }>(world.secretary, 'GET', `/api/v1/surveys?caseId=${created.id}`)).body
      .items;
    await world.app.request(world.secretary, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
      channel: 'phone',
      scores: { personnel: 1, organization: 3, system: 3 },
    });
    const [followUp] = (await world.app.request<{ items: FollowUpBody[] }>(world.manager, 'GET', `/api/v1/follow-ups?caseId=${created.id}`))
      .body.items;
    expect(followUp).toMatchObject({ assigneeUserId: world.manager.id });
    const [mail] = await mailsOf(world, 'follow-up', created.id);
    expect(mail).toMatchObject({ recipient_user_id: world.manager.id, language: 'en' });
    // A mail of a case carries its number in the subject, so it threads with the case's other mail.
    expect(mail!.subject).toBe(
      `[${created.number}] Low satisfaction score from Harbour Power Grid: follow up by ${followUp!.dueAt.slice(0, 10)}`,
    );
    expect(mail!.text_body).toContain(created.number);
    expect(mail!.text_body).toContain(`http://casedesk.test/cases/${created.id}`);
  });

  it('a case whose department has no manager goes to the GM; with the GM position empty too, to an admin', async () => {
    const headless = await world.app.request<{ id: string }>(world.admin, 'POST', '/api/v1/departments', { name: 'Field Services' });
    expect(headless.status, JSON.stringify(headless.body)).toBe(201);
    const answerLow = async () => {
      const created = await logCase(world, { contactId: null, departmentId: headless.body.id });
      await resolveCase(world, created.id);
      const [survey] = (await world.app.request<{ items: SurveyBody[] }>(world.secretary, 'GET', `/api/v1/surveys?caseId=${created.id}`))
        .body.items;
      await world.app.request(world.secretary, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
        channel: 'phone',
        scores: { personnel: 2, organization: 2, system: 2 },
      });
      return (await world.app.request<{ items: FollowUpBody[] }>(world.admin, 'GET', `/api/v1/follow-ups?caseId=${created.id}`)).body
        .items[0]!;
    };
    expect((await answerLow()).assigneeUserId).toBe(gm.id);
    await world.app.request(world.admin, 'PUT', '/api/v1/positions/operation-center-gm', { userId: null });
    const toAdmin = await answerLow();
    expect(toAdmin.assigneeUserId).toBe(world.admin.id);
    expect((await mailsOf(world, 'follow-up', toAdmin.caseId!)).map((mail) => mail.recipient_user_id)).toEqual([world.admin.id]);
  });
});

describeOnEachDatabase('satisfaction per person credits everyone who did the service', (database) => {
  let world: ServiceLoopWorld;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database, '2026-04-06T08:00:00.000Z');
  });
  afterAll(() => world.app.stop());

  interface PersonGroup {
    key: string | null;
    name: string | null;
    surveys: number;
    responses: number;
    overall: number | null;
  }

  it('credits the engineer of an on-site visit on a case with no assignee, and everyone who served a shared case', async () => {
    // A case nobody was assigned to; Olga went on site.
    const unassigned = await logCase(world, { assigneeId: null, contactId: null });
    const start = world.app.clock.now();
    const visit = await world.app.request<{ id: string }>(world.secretary, 'POST', `/api/v1/cases/${unassigned.id}/visits`, {
      engineerUserId: world.otherEngineer.id,
      site: 'Substation 7',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    world.app.clock.advance(10 * 60_000);
    await world.app.request(world.otherEngineer, 'POST', `/api/v1/visits/${visit.body.id}/arrival`, {});
    world.app.clock.advance(30 * 60_000);
    await world.app.request(world.otherEngineer, 'POST', `/api/v1/visits/${visit.body.id}/departure`, { workDone: 'Reseated the uplink' });
    await resolveCase(world, unassigned.id);

    // Eli's case, where Olga also gave phone support.
    const shared = await logCase(world, { contactId: null });
    const phone = await world.app.request(world.otherEngineer, 'POST', `/api/v1/cases/${shared.id}/actions`, {
      type: 'phone',
      summary: 'Talked the customer through a failover test',
      startedAt: world.app.clock.now().toISOString(),
    });
    expect(phone.status, JSON.stringify(phone.body)).toBe(201);
    await resolveCase(world, shared.id);

    for (const [caseId, scores] of [
      [unassigned.id, { personnel: 5, organization: 5, system: 5 }],
      [shared.id, { personnel: 3, organization: 3, system: 3 }],
    ] as const) {
      const [survey] = (await world.app.request<{ items: SurveyBody[] }>(world.secretary, 'GET', `/api/v1/surveys?caseId=${caseId}`)).body
        .items;
      const entered = await world.app.request(world.secretary, 'POST', `/api/v1/surveys/${survey!.id}/answers`, {
        channel: 'phone',
        scores,
      });
      expect(entered.status).toBe(200);
    }

    const range = 'from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z';
    const byPerson = await world.app.request<{ total: { surveys: number }; groups: PersonGroup[] }>(
      world.manager,
      'GET',
      `/api/v1/reports/satisfaction?groupBy=person&${range}`,
    );
    expect(byPerson.status).toBe(200);
    expect(byPerson.body.total.surveys).toBe(2);
    expect(byPerson.body.groups.map((group) => [group.name, group.surveys, group.responses, group.overall])).toEqual([
      ['Eli Engineer', 1, 1, 3],
      ['Olga Onsite', 2, 2, 4],
    ]);
    // Asking for one person finds the surveys they are credited with, not only those where they were the assignee.
    const olgaOnly = await world.app.request<{ total: { surveys: number; overall: number | null } }>(
      world.manager,
      'GET',
      `/api/v1/reports/satisfaction?groupBy=person&personId=${world.otherEngineer.id}&${range}`,
    );
    expect(olgaOnly.body.total).toMatchObject({ surveys: 2, overall: 4 });
  });
});
