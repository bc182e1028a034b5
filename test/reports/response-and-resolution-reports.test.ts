import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/escalation/seed-matrix.js';
import { backfillFirstResponseTimes } from '../../src/services/cases/backfill-working-times.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { createOfficeHoursPolicy } from '../support/office-hours.js';
import type { TestUser } from '../support/test-app.js';
import { logCase, startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

const PERIOD = 'from=2026-11-20&to=2026-11-27';
const Z = (iso: string) => `${iso}:00.000Z`;

/*
 * The hand-counted set. The company counts days in UTC (the default policy is the seed's, always open); every case
 * is moved onto an office-hours policy (Beijing, Monday to Friday 09:00–18:00), so its first-response due time and
 * its resolution time are business time. Beijing times, UTC in brackets; first response = the first public reply or
 * service action by staff (D is answered by a phone call); B was moved to diagnosing before its due time, which answers
 * nobody.
 *   I  L1 H received Wed 11-18 09:00 (01:00Z), answered 09:10, resolved Mon 11-23 10:00: 9+9+9+1 = 28 business h.
 *      Received before the period: counted for resolution only.
 *   A  L2 H received Fri 11-20 19:30 (11:30Z), due Mon 09:30, answered Mon 09:20 (met, 20 business min; 3 710 on the
 *      wall clock), resolved 10:00 (1 h)
 *   B  L2 H received Mon 11-23 09:00, due 09:30, answered 10:00 (breached, 60 min), resolved Tue 14:00 (9 + 5 = 14 h)
 *   C  L2 H received Mon 11:00, due 11:30, never answered (breached at now), open
 *   D  L1 H received Mon 09:00, due 09:15, answered 09:05 (met, 5 min), resolved 09:50 (50 min)
 *   E  L1 H received Mon 13:00, answered 13:10 (met, 10 min), resolved 16:00 (3 h)
 *   G  L4 O received Tue 11-24 09:00, answered 11:00 (met, 120 min), resolved Wed 09:00 (9 h)
 *   F  L3 H received Thu 11-26 17:00, due Fri 10:00, unanswered: pending at now, Thu 18:00 (10:00Z)
 * Each case is held against its own policy's first upgrading report: the office policy's (the seed's: L1 after 1 h,
 * L2 4 h, L3 72 h, L4 96 h), except I, on a policy whose level-1 ladder starts after 30 h: I (28 h) is within it.
 */
describeOnEachDatabase('first-response and resolution reports', (database) => {
  let world: ServiceLoopWorld;
  let chineseManager: TestUser;
  const get = <T>(as: TestUser, path: string) => world.app.request<T>(as, 'GET', path);
  const ok = async <T>(path: string, as: TestUser = world.manager): Promise<T> => {
    const response = await get<T>(as, path);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const csv = async (path: string, as: TestUser = world.manager) => {
    const response = await world.app.inject({ method: 'GET', url: path, headers: { ...as.headers, accept: 'text/csv' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="casedesk-/);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    return parse(response.body.slice(1)) as string[][];
  };

  beforeAll(async () => {
    world = await startServiceLoopWorld(database, Z('2026-11-18T01:00'));
    chineseManager = await world.app.user('manager', { language: 'zh-CN' });
    const officeId = await createOfficeHoursPolicy(world.app, world.admin, 'Office hours, Beijing');
    // A second policy, same calendar, whose level-1 ladder starts after 30 hours instead of 1: case I's own.
    const slowId = await createOfficeHoursPolicy(
      world.app,
      world.admin,
      'Office hours, slow level-1 ladder',
      DEFAULT_POLICY.matrix.map((step) => (step.level === 1 ? { ...step, afterHours: step.afterHours * 30 } : step)),
    );
    const cases: Record<string, string> = {};
    const events: [string, string, 'log' | 'move' | 'answer' | 'call' | 'resolve', number?, boolean?][] = [
      [Z('2026-11-18T01:00'), 'I', 'log', 1],
      [Z('2026-11-18T01:10'), 'I', 'answer'],
      [Z('2026-11-20T11:30'), 'A', 'log', 2],
      [Z('2026-11-23T01:00'), 'B', 'log', 2],
      [Z('2026-11-23T01:00'), 'D', 'log', 1],
      [Z('2026-11-23T01:05'), 'D', 'call'],
      [Z('2026-11-23T01:10'), 'B', 'move'],
      [Z('2026-11-23T01:20'), 'A', 'answer'],
      [Z('2026-11-23T01:50'), 'D', 'resolve'],
      [Z('2026-11-23T02:00'), 'A', 'resolve'],
      [Z('2026-11-23T02:00'), 'I', 'resolve'],
      [Z('2026-11-23T02:00'), 'B', 'answer'],
      [Z('2026-11-23T03:00'), 'C', 'log', 2],
      [Z('2026-11-23T05:00'), 'E', 'log', 1],
      [Z('2026-11-23T05:10'), 'E', 'answer'],
      [Z('2026-11-23T08:00'), 'E', 'resolve'],
      [Z('2026-11-24T01:00'), 'G', 'log', 4, true],
      [Z('2026-11-24T03:00'), 'G', 'answer'],
      [Z('2026-11-24T06:00'), 'B', 'resolve'],
      [Z('2026-11-25T01:00'), 'G', 'resolve'],
      [Z('2026-11-26T09:00'), 'F', 'log', 3],
      [Z('2026-11-26T10:00'), '', 'log'],
    ];
    for (const [at, name, event, level, other] of events) {
      world.app.clock.set(at);
      if (name === '') continue;
      if (event === 'log') {
        const logged = await logCase(world, {
          level,
          receivedAt: at,
          title: `Case ${name}`,
          serialNumbers: [],
          ...(other ? { organizationId: world.otherOrganization.id, contactId: undefined } : {}),
        });
        cases[name] = logged.id;
        const policyId = name === 'I' ? slowId : officeId;
        const applied = await world.app.request(world.admin, 'POST', `/api/v1/cases/${logged.id}/policy`, { policyId });
        expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      } else if (event === 'answer') {
        const body = { body: 'We are looking into it.', visibility: 'public' };
        const replied = await world.app.request(world.secretary, 'POST', `/api/v1/cases/${cases[name]}/notes`, body);
        expect(replied.status, JSON.stringify(replied.body)).toBe(204);
      } else if (event === 'call') {
        const body = { type: 'phone', summary: 'Called the customer back' };
        const called = await world.app.request(world.secretary, 'POST', `/api/v1/cases/${cases[name]}/actions`, body);
        expect(called.status, JSON.stringify(called.body)).toBe(201);
      } else {
        const to = event === 'move' ? 'diagnosing' : 'resolved';
        const moved = await world.app.request(world.secretary, 'POST', `/api/v1/cases/${cases[name]}/transitions`, { to });
        expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      }
    }
  });
  afterAll(async () => {
    await world?.app.stop();
  });

  interface FirstResponse {
    judgedAt: string;
    levels: {
      level: number;
      cases: number;
      met: number;
      breached: number;
      pending: number;
      percentMet: number | null;
      medianMinutes: number | null;
      p90Minutes: number | null;
    }[];
  }
  const firstResponseRows = (report: FirstResponse) =>
    report.levels.map((row) => [
      row.level,
      row.cases,
      row.met,
      row.breached,
      row.pending,
      row.percentMet,
      row.medianMinutes,
      row.p90Minutes,
    ]);

  interface Resolution {
    levels: {
      level: number;
      resolved: number;
      medianHours: number | null;
      p90Hours: number | null;
      meanHours: number | null;
      firstStepHours: number | null;
      firstStepHoursMax: number | null;
      withinFirstStep: number;
      percentWithinFirstStep: number | null;
    }[];
  }
  const resolutionRows = (report: Resolution) =>
    report.levels.map((row) => [
      row.level,
      row.resolved,
      row.medianHours,
      row.p90Hours,
      row.meanHours,
      row.firstStepHours,
      row.firstStepHoursMax,
      row.withinFirstStep,
      row.percentWithinFirstStep,
    ]);

  it('first response: per level met, breached and pending, share met, nearest-rank median and p90 minutes', async () => {
    const report = await ok<FirstResponse>(`/api/v1/reports/first-response?${PERIOD}`);
    expect(report.judgedAt).toBe(Z('2026-11-26T10:00'));
    expect(firstResponseRows(report)).toEqual([
      [1, 2, 2, 0, 0, 100, 5, 10],
      [2, 3, 1, 2, 0, 33.3, 20, 60],
      [3, 1, 0, 0, 1, null, null, null],
      [4, 1, 1, 0, 0, 100, 120, 120],
    ]);
    const level2 = await ok<FirstResponse>(`/api/v1/reports/first-response?${PERIOD}&level=2`);
    expect(firstResponseRows(level2).filter((row) => row[1] !== 0)).toEqual([[2, 3, 1, 2, 0, 33.3, 20, 60]]);
    // From Monday on: A (received Friday) and I drop out.
    const fromMonday = await ok<FirstResponse>('/api/v1/reports/first-response?from=2026-11-23&to=2026-11-27');
    expect(firstResponseRows(fromMonday)[1]).toEqual([2, 2, 0, 2, 0, 0, 60, 60]);
    const harbour = await ok<FirstResponse>(`/api/v1/reports/first-response?${PERIOD}&organizationId=${world.organization.id}`);
    expect(firstResponseRows(harbour)[3]).toEqual([4, 0, 0, 0, 0, null, null, null]);
  });

  it('resolution: per level business hours to resolve, each case against the first upgrading report of its own policy', async () => {
    const report = await ok<Resolution>(`/api/v1/reports/resolution?${PERIOD}`);
    expect(resolutionRows(report)).toEqual([
      [1, 3, 3, 28, 10.61, 1, 30, 2, 66.7],
      [2, 2, 1, 14, 7.5, 4, 4, 1, 50],
      [3, 0, null, null, null, 72, 72, 0, null],
      [4, 1, 9, 9, 9, 96, 96, 1, 100],
    ]);
    const engineer = await ok<Resolution>(`/api/v1/reports/resolution?${PERIOD}&engineerId=${world.otherEngineer.id}`);
    expect(engineer.levels.map((row) => row.resolved)).toEqual([0, 0, 0, 0]);
    const department = await ok<Resolution>(`/api/v1/reports/resolution?${PERIOD}&departmentId=${world.department.id}&level=1`);
    expect(resolutionRows(department)[0]).toEqual([1, 3, 3, 28, 10.61, 1, 30, 2, 66.7]);
  });

  it('answers CSV with Accept: text/csv, headed in the caller’s language', async () => {
    expect(await csv(`/api/v1/reports/first-response?${PERIOD}`)).toEqual([
      [
        'Level',
        'Cases',
        'Met',
        'Breached',
        'Pending',
        'Met (%)',
        'Median business minutes to first response',
        '90th percentile business minutes to first response',
      ],
      ['1', '2', '2', '0', '0', '100', '5', '10'],
      ['2', '3', '1', '2', '0', '33.3', '20', '60'],
      ['3', '1', '0', '0', '1', '', '', ''],
      ['4', '1', '1', '0', '0', '100', '120', '120'],
    ]);
    const chinese = await csv(`/api/v1/reports/resolution?${PERIOD}`, chineseManager);
    expect(chinese).toEqual([
      [
        '级别',
        '已解决',
        '解决用时中位数（工作小时）',
        '解决用时第90百分位（工作小时）',
        '平均解决用时（工作小时）',
        '首次升级报告时限（小时）',
        '首次升级报告前解决',
        '首次升级报告前解决（%）',
      ],
      ['1', '3', '3', '28', '10.61', '1–30', '2', '66.7'],
      ['2', '2', '1', '14', '7.5', '4', '1', '50'],
      ['3', '0', '', '', '', '72', '0', ''],
      ['4', '1', '9', '9', '9', '96', '1', '100'],
    ]);
  });

  it('refuses a bad filter with a 400 naming the field', async () => {
    for (const report of ['first-response', 'resolution'])
      for (const [query, field] of [
        ['from=2026-02-30', 'from'],
        ['level=0', 'level'],
        ['departmentId=a%20b', 'departmentId'],
        ['engineerId=%27', 'engineerId'],
        ['from=2026-03-01&to=2026-02-01', 'to'],
        ['from=2020-01-01&to=2026-02-01', 'from'],
      ] as const) {
        const response = await get<{ field?: string; status: number }>(world.manager, `/api/v1/reports/${report}?${query}`);
        expect(response.status, `${report}?${query}`).toBe(400);
        expect(response.body.field, `${report}?${query}`).toBe(field);
      }
  });

  it('customers: refused until an admin allows it, then their own organisation only', async () => {
    // The session's abilities follow the setting: the portal shows its reports page only while the API answers it.
    const abilities = async (as: TestUser) => (await ok<{ abilities: string[] }>('/api/v1/sessions/current', as)).abilities;
    expect(await abilities(world.customer)).not.toContain('reports.operations');
    expect(await abilities(world.manager)).toContain('reports.operations');
    for (const report of ['first-response', 'resolution']) {
      expect((await get(world.customer, `/api/v1/reports/${report}?${PERIOD}`)).status).toBe(403);
      expect((await get(world.secretary, `/api/v1/reports/${report}?${PERIOD}`)).status).toBe(403);
    }
    expect((await world.app.request(world.admin, 'PUT', '/api/v1/report-settings', { customersMayRead: true })).status).toBe(200);
    try {
      expect(await abilities(world.customer)).toContain('reports.operations');
      // The other organisation's customer asking for Harbour is refused; their own figures are G alone.
      const asked = await get(world.otherCustomer, `/api/v1/reports/first-response?${PERIOD}&organizationId=${world.organization.id}`);
      expect(asked.status).toBe(403);
      const own = await ok<FirstResponse>(`/api/v1/reports/first-response?${PERIOD}`, world.otherCustomer);
      expect(own.levels.map((row) => row.cases)).toEqual([0, 0, 0, 1]);
      const resolved = await ok<Resolution>(`/api/v1/reports/resolution?${PERIOD}`, world.otherCustomer);
      expect(resolved.levels.map((row) => row.resolved)).toEqual([0, 0, 0, 1]);
      const harbour = await ok<Resolution>(`/api/v1/reports/resolution?${PERIOD}`, world.customer);
      expect(harbour.levels.map((row) => row.resolved)).toEqual([3, 2, 0, 0]);
    } finally {
      await world.app.request(world.admin, 'PUT', '/api/v1/report-settings', { customersMayRead: false });
    }
    expect((await get(world.otherCustomer, `/api/v1/reports/resolution?${PERIOD}`)).status).toBe(403);
    expect(await abilities(world.customer)).not.toContain('reports.operations');
  });

  it('counts a case the previous release answered (no stored business time) once the background job has measured it', async () => {
    const stored = await ok<FirstResponse>(`/api/v1/reports/first-response?${PERIOD}`);
    const db = world.app.storage.db;
    // As the previous release leaves the cases it answers during a rolling upgrade to migration 0061.
    await db.updateTable('cases').set({ first_response_working_ms: null }).execute();
    const unmeasured = await ok<FirstResponse>(`/api/v1/reports/first-response?${PERIOD}`);
    expect(unmeasured.levels.map((row) => [row.met, row.breached, row.medianMinutes, row.p90Minutes])).toEqual(
      stored.levels.map((row) => [row.met, row.breached, null, null]),
    );
    // I, A, B, D, E and G were answered; two batches.
    expect(await backfillFirstResponseTimes(world.app.context, { batchSize: 4 })).toBe(6);
    expect(firstResponseRows(await ok<FirstResponse>(`/api/v1/reports/first-response?${PERIOD}`))).toEqual(firstResponseRows(stored));
    expect(await backfillFirstResponseTimes(world.app.context)).toBe(0);
  });
});
