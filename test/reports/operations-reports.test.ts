import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { createVendor } from '../../src/services/delivered-systems/manage-vendors.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';
import { logCase, startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

const system: Actor = { userId: 'system', role: 'admin', organizationId: null };
const FEBRUARY = 'from=2026-02-01&to=2026-02-28';

/*
 * The hand-counted set (UTC, the company's zone while no policy names another). The clock stands at 2026-03-02, so
 * February's backlog is counted at 2026-03-01T00:00Z.
 *   Departments D1 (the world's) and D2; customers H (Harbour) and O (Other); engineers E (Eli) and F (Olga).
 *   C1 H D1 L1 E  received 02-02 09:00, resolved 02-03 09:00, vendor Cisco
 *   C2 H D1 L2 E  received 02-20 10:00, open                      → over 7 days at 03-01
 *   C3 O D2 L3 F  received 02-27 12:00, open                      → 1–3 days
 *   C4 H D1 L1 F  received 02-28 18:00, resolved 03-01 06:00      → open at 03-01 00:00, under 1 day
 *   C5 O D2 L2 E  received 01-10 00:00, open                      → over 7 days, not opened in February
 *   C6 H D2 L4 E  received 02-25 00:00, resolved 02-26 00:00
 * Upgrading reports (position, step level, fired, minutes to acknowledge):
 *   S1 C1 dept-manager L1 02-02 10:00 10 · S2 C4 dept-manager L1 02-03 10:00 30 · S3 C6 dept-manager L1 02-04 10:00 90
 *   S4 C2 dept-manager L1 02-05 10:00 never · S5 C1 operation-centre GM L2 02-10 00:00 120, vendor report (Cisco)
 *   S6 C3 dept-manager L3 02-27 13:00 5, vendor report (no vendor on record) · S7 C5 dept-manager L2 01-20 (January)
 * Service actions: A1 C1 by E · A2 C1 recorded by F, no engineer named · A3 C3 F · A4 C5 E in January, and the
 *   three visits' own actions. Visits: V1 C1 E 02-02 13:00–15:30 · V2 C3 F arrived 02-27 15:00, not departed ·
 *   V3 C2 E 02-21 09:00–10:00.
 * Surveys: SV1 H D1 (C1) answered, scores 5 and 4, crediting E · SV2 O D2 (C3) answered, score 3, crediting E and F ·
 *   SV3 unanswered, crediting F.
 * Vendor escalations: VE1 C1 Cisco closed, 02-02 12:00 → 02-04 12:00 (48 h) · VE2 C2 Cisco open since 02-20 12:00
 *   (204 h at 03-01) · VE3 C3 "Acme Storage" (no record) resolved, 02-27 12:00 → 02-28 00:00 (12 h) ·
 *   VE4 C6 Cisco resolved, 02-25 00:00 → 06:00 (6 h).
 */
describeOnEachDatabase('operations reports', (database) => {
  let world: ServiceLoopWorld;
  let executive: TestUser;
  let expert: TestUser;
  let chineseManager: TestUser;
  let d2: string;
  let cisco: string;
  const cases: Record<string, string> = {};
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
    world = await startServiceLoopWorld(database);
    executive = world.engineer;
    expert = await world.app.user('expert');
    chineseManager = await world.app.user('manager', { language: 'zh-CN' });
    d2 = (await createDepartment(world.app.context, system, { name: 'Storage Services' })).id;
    cisco = (await createVendor(world.app.context, system, { name: 'Cisco', supportCenter: { name: 'Cisco TAC' } })).id;
    const db = world.app.storage.db;
    const [H, O, D1, E, F] = [
      world.organization.id,
      world.otherOrganization.id,
      world.department.id,
      world.engineer.id,
      world.otherEngineer.id,
    ];
    const fixture: [string, string, string, number, string, string, string | null, string | null][] = [
      ['C1', H, D1, 1, E, '2026-02-02T09:00:00.000Z', '2026-02-03T09:00:00.000Z', cisco],
      ['C2', H, D1, 2, E, '2026-02-20T10:00:00.000Z', null, null],
      ['C3', O, d2, 3, F, '2026-02-27T12:00:00.000Z', null, null],
      ['C4', H, D1, 1, F, '2026-02-28T18:00:00.000Z', '2026-03-01T06:00:00.000Z', null],
      ['C5', O, d2, 2, E, '2026-01-10T00:00:00.000Z', null, null],
      ['C6', H, d2, 4, E, '2026-02-25T00:00:00.000Z', '2026-02-26T00:00:00.000Z', null],
    ];
    for (const [name, organizationId, departmentId, level, assigneeId, receivedAt, resolvedAt, vendorId] of fixture) {
      const logged = await logCase(world, {
        organizationId,
        contactId: organizationId === H ? world.contact.id : undefined,
        serialNumbers: [],
      });
      cases[name] = logged.id;
      await db
        .updateTable('cases')
        .set({
          department_id: departmentId,
          level: level as 1 | 2 | 3 | 4,
          assignee_user_id: assigneeId,
          received_at: receivedAt,
          resolved_at: resolvedAt,
          status: resolvedAt ? 'resolved' : 'in_progress',
          vendor_id: vendorId,
        })
        .where('id', '=', logged.id)
        .execute();
    }
    // The ladders the intake wrote are replaced by the hand-made steps.
    await db.deleteFrom('escalation_recipients').execute();
    await db.deleteFrom('escalation_steps').execute();
    const at = (iso: string, minutes: number | null) =>
      minutes === null ? null : new Date(Date.parse(iso) + minutes * 60_000).toISOString();
    const steps: [string, string, number, string, number | null, number][] = [
      ['C1', 'department-manager', 1, '2026-02-02T10:00:00.000Z', 10, 0],
      ['C4', 'department-manager', 1, '2026-02-03T10:00:00.000Z', 30, 0],
      ['C6', 'department-manager', 1, '2026-02-04T10:00:00.000Z', 90, 0],
      ['C2', 'department-manager', 1, '2026-02-05T10:00:00.000Z', null, 0],
      ['C1', 'operation-center-gm', 2, '2026-02-10T00:00:00.000Z', 120, 1],
      ['C3', 'department-manager', 3, '2026-02-27T13:00:00.000Z', 5, 1],
      ['C5', 'department-manager', 2, '2026-01-20T00:00:00.000Z', 1, 0],
    ];
    for (const [name, position, level, firedAt, ackMinutes, vendorReport] of steps) {
      await db
        .insertInto('escalation_steps')
        .values({
          id: randomUUID(),
          case_id: cases[name]!,
          position: position as 'department-manager',
          level: level as 1 | 2 | 3 | 4,
          after_hours: 1,
          vendor_report: vendorReport,
          status: 'fired',
          due_at: firedAt,
          fired_at: firedAt,
          recipients_json: '[]',
          acknowledged_at: at(firedAt, ackMinutes),
          acknowledged_by: ackMinutes === null ? null : world.manager.id,
        })
        .execute();
    }
    const action = async (name: string, engineer: string | null, performedBy: string, createdAt: string) => {
      const id = randomUUID();
      await db
        .insertInto('case_actions')
        .values({
          id,
          case_id: cases[name]!,
          type: 'onsite',
          performed_by: performedBy,
          engineer_user_id: engineer,
          summary: 'Work',
          created_at: createdAt,
        })
        .execute();
      return id;
    };
    await action('C1', E, E, '2026-02-02T12:00:00.000Z');
    await action('C1', null, F, '2026-02-03T08:00:00.000Z');
    await action('C3', F, F, '2026-02-27T14:00:00.000Z');
    await action('C5', E, E, '2026-01-15T00:00:00.000Z');
    const visits: [string, string, string, string, string | null][] = [
      ['C1', H, E, '2026-02-02T13:00:00.000Z', '2026-02-02T15:30:00.000Z'],
      ['C3', O, F, '2026-02-27T15:00:00.000Z', null],
      ['C2', H, E, '2026-02-21T09:00:00.000Z', '2026-02-21T10:00:00.000Z'],
    ];
    for (const [name, organizationId, engineer, arrivedAt, departedAt] of visits) {
      const actionId = await action(name, engineer, engineer, arrivedAt);
      await db
        .insertInto('visits')
        .values({
          id: randomUUID(),
          case_id: cases[name]!,
          organization_id: organizationId,
          engineer_user_id: engineer,
          action_id: actionId,
          starts_at: arrivedAt,
          ends_at: departedAt ?? arrivedAt,
          site: 'Site',
          status: departedAt ? 'done' : 'on-site',
          arrived_at: arrivedAt,
          departed_at: departedAt,
          sequence: 0,
          created_by: world.manager.id,
          created_at: arrivedAt,
          updated_at: arrivedAt,
        })
        .execute();
    }
    await db.deleteFrom('survey_credits').execute();
    const survey = async (
      name: string,
      organizationId: string,
      departmentId: string,
      answered: boolean,
      scores: { score_personnel?: number; score_organization?: number },
      credited: string[],
    ) => {
      const id = randomUUID();
      await db
        .insertInto('surveys')
        .values({
          id,
          subject_key: `report-test-${id}`,
          subject_kind: 'case',
          organization_id: organizationId,
          case_id: cases[name]!,
          department_id: departmentId,
          language: 'en',
          questions_json: '[]',
          status: answered ? 'answered' : 'sent',
          created_at: '2026-02-27T00:00:00.000Z',
          answered_at: answered ? '2026-02-27T01:00:00.000Z' : null,
          ...scores,
        })
        .execute();
      for (const userId of credited) await db.insertInto('survey_credits').values({ survey_id: id, user_id: userId }).execute();
    };
    await survey('C1', H, D1, true, { score_personnel: 5, score_organization: 4 }, [E]);
    await survey('C3', O, d2, true, { score_personnel: 3 }, [E, F]);
    await survey('C2', H, D1, false, {}, [F]);
    const vendorEscalation = async (
      name: string,
      vendorId: string | null,
      vendorName: string,
      status: string,
      openedAt: string,
      updatedAt: string,
    ) =>
      db
        .insertInto('vendor_escalations')
        .values({
          id: randomUUID(),
          case_id: cases[name]!,
          vendor_id: vendorId,
          vendor_name: vendorName,
          status: status as 'open',
          opened_at: openedAt,
          updated_at: updatedAt,
        })
        .execute();
    await vendorEscalation('C1', cisco, 'Cisco', 'closed', '2026-02-02T12:00:00.000Z', '2026-02-04T12:00:00.000Z');
    await vendorEscalation('C2', cisco, 'Cisco', 'open', '2026-02-20T12:00:00.000Z', '2026-02-20T12:00:00.000Z');
    await vendorEscalation('C3', null, 'Acme Storage', 'resolved', '2026-02-27T12:00:00.000Z', '2026-02-28T00:00:00.000Z');
    await vendorEscalation('C6', cisco, 'Cisco', 'resolved', '2026-02-25T00:00:00.000Z', '2026-02-25T06:00:00.000Z');
  });
  afterAll(async () => {
    await world?.app.stop();
  });

  interface Escalations {
    steps: {
      period: string;
      position: string;
      level: number;
      fired: number;
      acknowledged: number;
      medianAckMinutes: number | null;
      p90AckMinutes: number | null;
    }[];
    vendorReports: {
      vendor: { id: string; name: string } | null;
      fired: number;
      acknowledged: number;
      medianAckMinutes: number | null;
      p90AckMinutes: number | null;
    }[];
  }
  const stepRows = (report: Escalations) =>
    report.steps.map((row) => [row.period, row.position, row.level, row.fired, row.acknowledged, row.medianAckMinutes, row.p90AckMinutes]);

  it('escalations: per week, position and level, with nearest-rank median and p90 minutes to acknowledge', async () => {
    const weekly = await ok<Escalations>(`/api/v1/reports/escalations?${FEBRUARY}`);
    expect(stepRows(weekly)).toEqual([
      ['2026-02-02', 'department-manager', 1, 4, 3, 30, 90],
      ['2026-02-09', 'operation-center-gm', 2, 1, 1, 120, 120],
      ['2026-02-23', 'department-manager', 3, 1, 1, 5, 5],
    ]);
    expect(weekly.vendorReports.map((row) => [row.vendor?.name ?? null, row.fired, row.acknowledged, row.medianAckMinutes])).toEqual([
      ['Cisco', 1, 1, 120],
      [null, 1, 1, 5],
    ]);
    const monthly = await ok<Escalations>(`/api/v1/reports/escalations?${FEBRUARY}&bucket=month`);
    expect(stepRows(monthly)).toEqual([
      ['2026-02', 'department-manager', 1, 4, 3, 30, 90],
      ['2026-02', 'department-manager', 3, 1, 1, 5, 5],
      ['2026-02', 'operation-center-gm', 2, 1, 1, 120, 120],
    ]);
    const d1 = await ok<Escalations>(`/api/v1/reports/escalations?${FEBRUARY}&bucket=month&departmentId=${world.department.id}`);
    expect(stepRows(d1)).toEqual([
      ['2026-02', 'department-manager', 1, 3, 2, 10, 30],
      ['2026-02', 'operation-center-gm', 2, 1, 1, 120, 120],
    ]);
    const level3 = await ok<Escalations>(`/api/v1/reports/escalations?${FEBRUARY}&level=3`);
    expect(stepRows(level3)).toEqual([['2026-02-23', 'department-manager', 3, 1, 1, 5, 5]]);
    const january = await ok<Escalations>('/api/v1/reports/escalations?from=2026-01-01&to=2026-01-31&engineerId=' + world.engineer.id);
    expect(stepRows(january)).toEqual([['2026-01-19', 'department-manager', 2, 1, 1, 1, 1]]);
  });

  interface Backlog {
    asOf: string;
    open: { level: number; band: string; cases: number }[];
    totalOpen: number;
    days: { day: string; opened: number; resolved: number }[];
  }
  const nonZero = (report: Backlog) => report.open.filter((row) => row.cases > 0).map((row) => [row.level, row.band, row.cases]);
  const activeDays = (report: Backlog) =>
    report.days.filter((row) => row.opened + row.resolved > 0).map((row) => [row.day, row.opened, row.resolved]);

  it('backlog: open cases by level and age band at the end of the period, opened and resolved per day', async () => {
    const report = await ok<Backlog>(`/api/v1/reports/backlog?${FEBRUARY}`);
    expect(report.asOf).toBe('2026-03-01T00:00:00.000Z');
    expect(report.open).toHaveLength(16);
    expect(nonZero(report)).toEqual([
      [1, 'under-1d', 1],
      [2, 'over-7d', 2],
      [3, '1-3d', 1],
    ]);
    expect(report.totalOpen).toBe(4);
    expect(report.days).toHaveLength(28);
    expect(activeDays(report)).toEqual([
      ['2026-02-02', 1, 0],
      ['2026-02-03', 0, 1],
      ['2026-02-20', 1, 0],
      ['2026-02-25', 1, 0],
      ['2026-02-26', 0, 1],
      ['2026-02-27', 1, 0],
      ['2026-02-28', 1, 0],
    ]);
    const d1 = await ok<Backlog>(`/api/v1/reports/backlog?${FEBRUARY}&departmentId=${world.department.id}`);
    expect(nonZero(d1)).toEqual([
      [1, 'under-1d', 1],
      [2, 'over-7d', 1],
    ]);
    expect(activeDays(d1)).toEqual([
      ['2026-02-02', 1, 0],
      ['2026-02-03', 0, 1],
      ['2026-02-20', 1, 0],
      ['2026-02-28', 1, 0],
    ]);
    const other = await ok<Backlog>(`/api/v1/reports/backlog?${FEBRUARY}&organizationId=${world.otherOrganization.id}&level=2`);
    expect(nonZero(other)).toEqual([[2, 'over-7d', 1]]);
  });

  interface Workload {
    engineers: {
      engineer: { id: string; name: string };
      casesReceived: number;
      casesResolved: number;
      serviceActions: number;
      onSiteVisits: number;
      hoursOnSite: number;
      surveys: number;
      satisfaction: number | null;
    }[];
  }
  const workloadRows = (report: Workload) =>
    report.engineers.map((row) => [
      row.engineer.name,
      row.casesReceived,
      row.casesResolved,
      row.serviceActions,
      row.onSiteVisits,
      row.hoursOnSite,
      row.surveys,
      row.satisfaction,
    ]);

  it('workload: per engineer cases, service actions, visits and hours on site, satisfaction', async () => {
    const report = await ok<Workload>(`/api/v1/reports/workload?${FEBRUARY}`);
    expect(workloadRows(report)).toEqual([
      ['Eli Engineer', 3, 2, 3, 2, 3.5, 2, 4],
      ['Olga Onsite', 2, 0, 3, 1, 0, 1, 3],
    ]);
    const d1 = await ok<Workload>(`/api/v1/reports/workload?${FEBRUARY}&departmentId=${world.department.id}`);
    expect(workloadRows(d1)).toEqual([
      ['Eli Engineer', 2, 1, 3, 2, 3.5, 1, 4.5],
      ['Olga Onsite', 1, 0, 1, 0, 0, 0, null],
    ]);
    const olga = await ok<Workload>(`/api/v1/reports/workload?${FEBRUARY}&engineerId=${world.otherEngineer.id}`);
    expect(workloadRows(olga)).toEqual([['Olga Onsite', 2, 0, 3, 1, 0, 1, 3]]);
  });

  interface VendorCases {
    vendors: {
      vendor: { id: string | null; name: string } | null;
      opened: number;
      open: number;
      closed: number;
      meanOpenHours: number | null;
      medianHoursToClose: number | null;
      p90HoursToClose: number | null;
    }[];
  }

  it('vendor cases: per vendor opened, open, closed, open age and hours to close', async () => {
    const report = await ok<VendorCases>(`/api/v1/reports/vendor-cases?${FEBRUARY}`);
    expect(
      report.vendors.map((row) => [
        row.vendor,
        row.opened,
        row.open,
        row.closed,
        row.meanOpenHours,
        row.medianHoursToClose,
        row.p90HoursToClose,
      ]),
    ).toEqual([
      [{ id: null, name: 'Acme Storage' }, 1, 0, 1, null, 12, 12],
      [{ id: cisco, name: 'Cisco' }, 3, 1, 2, 204, 6, 48],
    ]);
    const d2Only = await ok<VendorCases>(`/api/v1/reports/vendor-cases?${FEBRUARY}&departmentId=${d2}`);
    expect(d2Only.vendors.map((row) => [row.vendor?.name, row.opened, row.closed, row.medianHoursToClose])).toEqual([
      ['Acme Storage', 1, 1, 12],
      ['Cisco', 1, 1, 6],
    ]);
  });

  it('answers CSV with Accept: text/csv, headed in the caller’s language', async () => {
    expect(await csv(`/api/v1/reports/vendor-cases?${FEBRUARY}`)).toEqual([
      ['Vendor', 'Opened', 'Open', 'Closed', 'Mean hours open (open ones)', 'Median hours to close', '90th percentile hours to close'],
      ['Acme Storage', '1', '0', '1', '', '12', '12'],
      ['Cisco', '3', '1', '2', '204', '6', '48'],
    ]);
    const workload = await csv(`/api/v1/reports/workload?${FEBRUARY}`, chineseManager);
    expect(workload[0]).toEqual(['工程师', '受理工单', '解决工单', '服务操作', '上门服务', '现场小时数', '已答复调查', '满意度（1–5）']);
    expect(workload.slice(1)).toEqual([
      ['Eli Engineer', '3', '2', '3', '2', '3.5', '2', '4'],
      ['Olga Onsite', '2', '0', '3', '1', '0', '1', '3'],
    ]);
    const escalations = await csv(`/api/v1/reports/escalations?${FEBRUARY}&bucket=month`);
    expect(escalations.slice(1)).toEqual([
      ['Upgrading report', '2026-02', 'department manager', '1', '', '4', '3', '30', '90'],
      ['Upgrading report', '2026-02', 'department manager', '3', '', '1', '1', '5', '5'],
      ['Upgrading report', '2026-02', 'Operation Center general manager', '2', '', '1', '1', '120', '120'],
      ['Vendor report', '', '', '', 'Cisco', '1', '1', '120', '120'],
      ['Vendor report', '', '', '', '(no vendor on record)', '1', '1', '5', '5'],
    ]);
    const backlog = await csv(`/api/v1/reports/backlog?${FEBRUARY}&departmentId=${world.department.id}`);
    expect(backlog).toHaveLength(1 + 16 + 28);
    expect(backlog[0]).toEqual(['Row', 'Level', 'Age', 'Day', 'Open cases', 'Opened', 'Resolved']);
    expect(backlog.filter((row) => row[0] === 'Open cases' && row[4] !== '0')).toEqual([
      ['Open cases', '1', 'under 1 day', '', '1', '', ''],
      ['Open cases', '2', 'over 7 days', '', '1', '', ''],
    ]);
    expect(backlog.find((row) => row[3] === '2026-02-28')).toEqual(['Day', '', '', '2026-02-28', '', '1', '0']);
  });

  it('refuses a bad filter with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['level=7', 'level'],
      ['level=two', 'level'],
      ['departmentId=a%20b', 'departmentId'],
      ['organizationId=', 'organizationId'],
      ['engineerId=%27', 'engineerId'],
      ['bucket=day', 'bucket'],
      ['from=2026-03-01&to=2026-02-01', 'to'],
      ['from=2020-01-01&to=2026-02-01', 'from'],
    ] as const) {
      const response = await get<{ field?: string; status: number }>(world.manager, `/api/v1/reports/escalations?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.field, query).toBe(field);
    }
  });

  it('readers: managers, executives and admins; experts and secretaries not; customers only the backlog when an admin allows, own organisation only', async () => {
    for (const path of ['escalations', 'backlog', 'workload', 'vendor-cases']) {
      for (const reader of [world.manager, executive, world.admin])
        expect((await get(reader, `/api/v1/reports/${path}?${FEBRUARY}`)).status).toBe(200);
      for (const refused of [expert, world.secretary, world.customer])
        expect((await get(refused, `/api/v1/reports/${path}?${FEBRUARY}`)).status).toBe(403);
    }
    expect((await ok<{ customersMayRead: boolean }>('/api/v1/report-settings', world.admin)).customersMayRead).toBe(false);
    expect((await world.app.request(world.manager, 'PUT', '/api/v1/report-settings', { customersMayRead: true })).status).toBe(403);
    const allowed = await world.app.request<{ customersMayRead: boolean }>(world.admin, 'PUT', '/api/v1/report-settings', {
      customersMayRead: true,
    });
    expect(allowed.body).toEqual({ customersMayRead: true });
    try {
      // Harbour's customer asking for the other organisation is refused; their own figures are C2 and C4 open.
      const asked = await get(world.customer, `/api/v1/reports/backlog?${FEBRUARY}&organizationId=${world.otherOrganization.id}`);
      expect(asked.status).toBe(403);
      const own = await ok<Backlog>(`/api/v1/reports/backlog?${FEBRUARY}&organizationId=${world.organization.id}`, world.customer);
      expect(nonZero(own)).toEqual([
        [1, 'under-1d', 1],
        [2, 'over-7d', 1],
      ]);
      // Escalations (who in the company was told), workload (per engineer) and vendor cases (the company's suppliers)
      // stay with staff: refused to a customer, for their own organisation too, as JSON and as CSV.
      for (const customer of [world.customer, world.otherCustomer])
        for (const path of ['escalations', 'workload', 'vendor-cases']) {
          const organizationId = customer === world.customer ? world.organization.id : world.otherOrganization.id;
          for (const query of [FEBRUARY, `${FEBRUARY}&organizationId=${organizationId}`]) {
            expect((await get(customer, `/api/v1/reports/${path}?${query}`)).status, `${path}?${query}`).toBe(403);
            const csv = await world.app.inject({
              method: 'GET',
              url: `/api/v1/reports/${path}?${query}`,
              headers: { ...customer.headers, accept: 'text/csv' },
            });
            expect(csv.statusCode, `${path}?${query} as CSV`).toBe(403);
          }
        }
      // The staff still read them, the setting on.
      const vendors = await ok<VendorCases>(`/api/v1/reports/vendor-cases?${FEBRUARY}&organizationId=${world.otherOrganization.id}`);
      expect(vendors.vendors.map((row) => [row.vendor?.name, row.opened])).toEqual([['Acme Storage', 1]]);
    } finally {
      await world.app.request(world.admin, 'PUT', '/api/v1/report-settings', { customersMayRead: false });
    }
    expect((await get(world.customer, `/api/v1/reports/backlog?${FEBRUARY}`)).status).toBe(403);
  });
});
