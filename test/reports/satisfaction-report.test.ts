import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';
import { logCase, resolveCase, startServiceLoopWorld, type Problem, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

interface Figures {
  key: string | null;
  name: string | null;
  surveys: number;
  responses: number;
  responseRate: number | null;
  overall: number | null;
  change: number | null;
}
interface Report {
  from: string;
  to: string;
  timeZone: string | null;
  total: Figures;
  groups: Figures[];
}

/*
 * The hand-counted set (the company counts days in UTC). Each survey is the follow-up of a resolved case, answered by
 * phone (1–5 for personnel, organisation and system: the overall is their mean) or not at all.
 *   January 2026: Eli L1 5/5/5; Eli L3 3/3/3; Eli L3 unanswered; Olga L1 4/4/4 (Other Water Works)
 *   February 2026: Eli L3 2/2/2; Olga L3 unanswered
 * Per person, Jan–Feb: Eli 4 surveys, 3 responses, overall (5 + 3 + 2) / 3 = 3.33; Olga 2, 1, 4.
 * Level 1 only: Eli 1 survey (5), Olga 1 (4). Harbour only: Eli's four and Olga's February one.
 */
describeOnEachDatabase('satisfaction analysis as a report: the reports’ filter, CSV, customers', (database) => {
  let world: ServiceLoopWorld;
  let chineseManager: TestUser;
  const get = <T>(as: TestUser, path: string) => world.app.request<T>(as, 'GET', path);
  const ok = async (path: string, as: TestUser = world.manager): Promise<Report> => {
    const response = await get<Report>(as, path);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const rows = (report: Report) => report.groups.map((group) => [group.name, group.surveys, group.responses, group.overall]);

  async function surveyed(engineerId: string, level: number, scores: Record<string, number> | null, organizationId?: string) {
    const created = await logCase(world, {
      assigneeId: engineerId,
      contactId: null,
      level,
      ...(organizationId ? { organizationId, serialNumbers: [] } : {}),
    });
    await resolveCase(world, created.id);
    const survey = await world.app.storage.db
      .selectFrom('surveys')
      .select('id')
      .where('case_id', '=', created.id)
      .executeTakeFirstOrThrow();
    if (scores) {
      const entered = await world.app.request(world.secretary, 'POST', `/api/v1/surveys/${survey.id}/answers`, {
        channel: 'phone',
        scores,
      });
      expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    }
  }

  beforeAll(async () => {
    world = await startServiceLoopWorld(database, '2026-01-05T08:00:00.000Z');
    chineseManager = await world.app.user('manager', { language: 'zh-CN' });
    await surveyed(world.engineer.id, 1, { personnel: 5, organization: 5, system: 5 });
    await surveyed(world.engineer.id, 3, { personnel: 3, organization: 3, system: 3 });
    await surveyed(world.engineer.id, 3, null);
    await surveyed(world.otherEngineer.id, 1, { personnel: 4, organization: 4, system: 4 }, world.otherOrganization.id);
    world.app.clock.set('2026-02-10T08:00:00.000Z');
    await surveyed(world.engineer.id, 3, { personnel: 2, organization: 2, system: 2 });
    await surveyed(world.otherEngineer.id, 3, null);
    world.app.clock.set('2026-03-01T08:00:00.000Z');
  });
  afterAll(async () => {
    await world?.app.stop();
  });

  it('takes days like the other reports and narrows by level, engineer, customer and department', async () => {
    const period = 'from=2026-01-01&to=2026-02-28';
    const byPerson = await ok(`/api/v1/reports/satisfaction?groupBy=person&${period}`);
    expect([byPerson.from, byPerson.to, byPerson.timeZone]).toEqual(['2026-01-01', '2026-02-28', 'UTC']);
    expect(byPerson.total).toMatchObject({ surveys: 6, responses: 4, overall: 3.5 });
    expect(rows(byPerson)).toEqual([
      ['Eli Engineer', 4, 3, 3.33],
      ['Olga Onsite', 2, 1, 4],
    ]);
    expect(rows(await ok(`/api/v1/reports/satisfaction?groupBy=person&${period}&level=1`))).toEqual([
      ['Eli Engineer', 1, 1, 5],
      ['Olga Onsite', 1, 1, 4],
    ]);
    const olga = await ok(`/api/v1/reports/satisfaction?groupBy=person&${period}&engineerId=${world.otherEngineer.id}`);
    expect(olga.total).toMatchObject({ surveys: 2, responses: 1, overall: 4 });
    const harbour = await ok(`/api/v1/reports/satisfaction?groupBy=customer&${period}&organizationId=${world.organization.id}`);
    expect(rows(harbour)).toEqual([['Harbour Power Grid', 5, 3, 3.33]]);
    const department = await ok(`/api/v1/reports/satisfaction?groupBy=department&${period}&departmentId=${world.department.id}`);
    expect(rows(department)).toEqual([['Network Services', 6, 4, 3.5]]);
    // The last day counts whole: February alone.
    const february = await ok('/api/v1/reports/satisfaction?groupBy=period&from=2026-02-01&to=2026-02-10');
    expect(february.groups.map((group) => [group.key, group.surveys, group.responses])).toEqual([['2026-02', 2, 1]]);
    // Without a period: the last twelve months up to today (1 March).
    expect((await ok('/api/v1/reports/satisfaction')).total.surveys).toBe(6);
  });

  it('answers CSV with Accept: text/csv, one row per group, headed in the caller’s language', async () => {
    const csv = async (path: string, as: TestUser) => {
      const response = await world.app.inject({ method: 'GET', url: path, headers: { ...as.headers, accept: 'text/csv' } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toBe('attachment; filename="casedesk-satisfaction-person-2026-01-01-2026-02-28.csv"');
      expect(response.body.startsWith('\uFEFF')).toBe(true);
      return parse(response.body.slice(1)) as string[][];
    };
    const path = '/api/v1/reports/satisfaction?groupBy=person&from=2026-01-01&to=2026-02-28';
    const english = await csv(path, world.manager);
    expect(english[0]!.slice(0, 5)).toEqual(['Person', 'Surveys', 'Responses', 'Response rate (%)', 'Overall (1–5)']);
    expect(english[0]!.slice(5, 8)).toEqual(['Service personnel', 'Service organisation', 'Service system']);
    expect(english[0]!.at(-1)).toBe('Change since the period before');
    expect(english.slice(1).map((row) => [...row.slice(0, 8), row.at(-1)])).toEqual([
      ['Eli Engineer', '4', '3', '75', '3.33', '3.33', '3.33', '3.33', '-2'],
      ['Olga Onsite', '2', '1', '50', '4', '4', '4', '4', ''],
    ]);
    const chinese = await csv(path, chineseManager);
    expect(chinese[0]!.slice(0, 5)).toEqual(['人员', '调查数', '回答数', '回复率（%）', '总平均分（1–5）']);
    expect(chinese.slice(1).map((row) => row.slice(0, 5))).toEqual([
      ['Eli Engineer', '4', '3', '75', '3.33'],
      ['Olga Onsite', '2', '1', '50', '4'],
    ]);
  });

  it('refuses a bad filter with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['level=0', 'level'],
      ['level=5', 'level'],
      ['departmentId=a%20b', 'departmentId'],
      ['engineerId=%27', 'engineerId'],
      ['groupBy=weekday', 'groupBy'],
      ['from=2026-03-01&to=2026-02-01', 'to'],
      ['from=2020-01-01&to=2026-02-01', 'from'],
      ['from=2026-01-01&to=2026-02-01T00:00:00Z', 'to'],
      ['from=2026-01-01T00:00:00Z', 'to'],
    ] as const) {
      const response = await get<Problem>(world.manager, `/api/v1/reports/satisfaction?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.field, query).toBe(field);
    }
  });

  it('still answers callers of earlier releases: instants and personId', async () => {
    const legacy = await ok(
      `/api/v1/reports/satisfaction?groupBy=person&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&personId=${world.engineer.id}`,
    );
    expect([legacy.from, legacy.to, legacy.timeZone]).toEqual(['2026-01-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', null]);
    expect(legacy.total).toMatchObject({ surveys: 4, responses: 3, overall: 3.33 });
  });

  it('customers never, even while an admin allows them the operations reports (it rates engineers); executives never', async () => {
    const period = 'from=2026-01-01&to=2026-02-28';
    expect((await get(world.engineer, `/api/v1/reports/satisfaction?${period}`)).status).toBe(403);
    expect((await get(world.customer, `/api/v1/reports/satisfaction?${period}`)).status).toBe(403);
    expect((await world.app.request(world.admin, 'PUT', '/api/v1/report-settings', { customersMayRead: true })).status).toBe(200);
    try {
      for (const query of [
        `groupBy=customer&${period}`,
        `groupBy=person&${period}&organizationId=${world.otherOrganization.id}`,
        'groupBy=period&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z',
      ]) {
        const refused = await get(world.otherCustomer, `/api/v1/reports/satisfaction?${query}`);
        expect(refused.status, query).toBe(403);
        // Nor as a download.
        const csv = await world.app.inject({
          method: 'GET',
          url: `/api/v1/reports/satisfaction?${query}`,
          headers: { ...world.otherCustomer.headers, accept: 'text/csv' },
        });
        expect(csv.statusCode, query).toBe(403);
      }
      // The same customer reads the reports customers read.
      expect((await get(world.otherCustomer, `/api/v1/reports/backlog?${period}`)).status).toBe(200);
      expect((await get(world.engineer, `/api/v1/reports/satisfaction?${period}`)).status).toBe(403);
    } finally {
      await world.app.request(world.admin, 'PUT', '/api/v1/report-settings', { customersMayRead: false });
    }
    expect((await get(world.otherCustomer, `/api/v1/reports/satisfaction?${period}`)).status).toBe(403);
  });
});
