import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { logCase, startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

const system: Actor = { userId: 'system', role: 'admin', organizationId: null };

interface Dashboard {
  timeZone: string;
  openByLevel: { level: number; count: number }[];
  open: number;
  escalated: number;
  unassigned: number;
  waitingOnCustomer: number;
  firstResponseBreachesToday: number;
  dueSteps: { count: number; items: { caseNumber: string; level: number; customer: string; position: string; dueAt: string }[] };
  onSite: { engineers: number; visits: { engineerName: string; caseNumber: string }[] };
}

/*
 * The hand-counted set. The clock stands at 2026-03-02T08:00Z; today (UTC, or Asia/Shanghai where it began at
 * 03-01T16:00Z) holds every first-response due time below except C4's. Departments D1 (the world's) and D2.
 *   case  dept level status            assignee escalated resolved  first response due → answered
 *   C1    D1   1     in_progress       E        yes       -         03-02 07:00 → never            breach today
 *   C2    D1   2     new               -        -         -         03-02 09:00 → never            not yet due
 *   C3    D2   1     waiting_customer  -        yes       -         03-02 05:00 → 04:00            met
 *   C4    D2   3     waiting_customer  F        -         -         03-01 10:00 → never            yesterday's
 *   C5    D1   1     resolved          -        yes       07:30     03-02 06:00 → 06:30            breach today (resolved)
 *   C6    D2   4     diagnosing        E        -         -         03-02 02:00 → 03:00            breach today
 * Steps: S1 C1 vp-in-charge pending 08:20 · S2 C2 department-manager pending 08:50 · S3 C3 pending 09:30 (past the
 *   hour) · S4 C5 pending 08:10 (case resolved) · S5 C6 pending 07:50 (past) · S6 C1 fired 07:00.
 * Visits: V1 C1 E on site since 07:30 · V2 C3 F on site since 07:45 · V3 C2 E done · V4 C6 E on site since 07:40.
 */
describeOnEachDatabase('Operation Center dashboard', (database) => {
  let world: ServiceLoopWorld;
  let d2: string;
  const cases: Record<string, { id: string; number: string }> = {};
  const dashboard = async (query = '', as = world.manager): Promise<Dashboard> => {
    const response = await world.app.request<Dashboard>(as, 'GET', `/api/v1/dashboard${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    d2 = (await createDepartment(world.app.context, system, { name: 'Storage Services' })).id;
    const db = world.app.storage.db;
    const [D1, E, F] = [world.department.id, world.engineer.id, world.otherEngineer.id];
    const fixture: [string, string, 1 | 2 | 3 | 4, string, string | null, boolean, string | null, string, string | null][] = [
      ['C1', D1, 1, 'in_progress', E, true, null, '2026-03-02T07:00:00.000Z', null],
      ['C2', D1, 2, 'new', null, false, null, '2026-03-02T09:00:00.000Z', null],
      ['C3', d2, 1, 'waiting_customer', null, true, null, '2026-03-02T05:00:00.000Z', '2026-03-02T04:00:00.000Z'],
      ['C4', d2, 3, 'waiting_customer', F, false, null, '2026-03-01T10:00:00.000Z', null],
      ['C5', D1, 1, 'resolved', null, true, '2026-03-02T07:30:00.000Z', '2026-03-02T06:00:00.000Z', '2026-03-02T06:30:00.000Z'],
      ['C6', d2, 4, 'diagnosing', E, false, null, '2026-03-02T02:00:00.000Z', '2026-03-02T03:00:00.000Z'],
    ];
    for (const [name, departmentId, level, status, assigneeId, escalated, resolvedAt, dueAt, answeredAt] of fixture) {
      const logged = await logCase(world, { serialNumbers: [] });
      cases[name] = { id: logged.id, number: logged.number };
      await db
        .updateTable('cases')
        .set({
          department_id: departmentId,
          level,
          status: status as 'new',
          assignee_user_id: assigneeId,
          escalated_at: escalated ? '2026-03-02T07:00:00.000Z' : null,
          resolved_at: resolvedAt,
          first_response_due_at: dueAt,
          first_responded_at: answeredAt,
        })
        .where('id', '=', logged.id)
        .execute();
    }
    await db.deleteFrom('escalation_recipients').execute();
    await db.deleteFrom('escalation_steps').execute();
    const steps: [string, string, 'pending' | 'fired', string][] = [
      ['C1', 'vp-in-charge', 'pending', '2026-03-02T08:20:00.000Z'],
      ['C2', 'department-manager', 'pending', '2026-03-02T08:50:00.000Z'],
      ['C3', 'operation-center-gm', 'pending', '2026-03-02T09:30:00.000Z'],
      ['C5', 'department-manager', 'pending', '2026-03-02T08:10:00.000Z'],
      ['C6', 'department-manager', 'pending', '2026-03-02T07:50:00.000Z'],
      ['C1', 'department-manager', 'fired', '2026-03-02T07:00:00.000Z'],
    ];
    for (const [name, position, status, dueAt] of steps) {
      await db
        .insertInto('escalation_steps')
        .values({
          id: randomUUID(),
          case_id: cases[name]!.id,
          position: position as 'department-manager',
          level: 1,
          after_hours: 1,
          vendor_report: 0,
          status,
          due_at: dueAt,
          fired_at: status === 'fired' ? dueAt : null,
          recipients_json: status === 'fired' ? '[]' : null,
        })
        .execute();
    }
    const visits: [string, string, 'on-site' | 'done', string][] = [
      ['C1', E, 'on-site', '2026-03-02T07:30:00.000Z'],
      ['C3', F, 'on-site', '2026-03-02T07:45:00.000Z'],
      ['C2', E, 'done', '2026-03-02T06:00:00.000Z'],
      ['C6', E, 'on-site', '2026-03-02T07:40:00.000Z'],
    ];
    for (const [name, engineer, status, arrivedAt] of visits) {
      const actionId = randomUUID();
      await db
        .insertInto('case_actions')
        .values({
          id: actionId,
          case_id: cases[name]!.id,
          type: 'onsite',
          performed_by: engineer,
          engineer_user_id: engineer,
          summary: 'Visit',
          created_at: arrivedAt,
        })
        .execute();
      await db
        .insertInto('visits')
        .values({
          id: randomUUID(),
          case_id: cases[name]!.id,
          organization_id: world.organization.id,
          engineer_user_id: engineer,
          action_id: actionId,
          starts_at: arrivedAt,
          ends_at: arrivedAt,
          site: 'Site',
          status,
          arrived_at: arrivedAt,
          departed_at: status === 'done' ? '2026-03-02T07:00:00.000Z' : null,
          sequence: 0,
          created_by: world.manager.id,
          created_at: arrivedAt,
          updated_at: arrivedAt,
        })
        .execute();
    }
  });

  afterAll(async () => world?.app.stop());

  it('counts the whole company by hand', async () => {
    const figures = await dashboard();
    expect(figures.openByLevel).toEqual([
      { level: 1, count: 2 },
      { level: 2, count: 1 },
      { level: 3, count: 1 },
      { level: 4, count: 1 },
    ]);
    expect(figures).toMatchObject({ open: 5, escalated: 2, unassigned: 2, waitingOnCustomer: 2, firstResponseBreachesToday: 3 });
    expect(figures.dueSteps.count).toBe(2);
    expect(figures.dueSteps.items).toEqual([
      expect.objectContaining({
        caseNumber: cases.C1!.number,
        level: 1,
        customer: world.organization.name,
        position: 'vp-in-charge',
        dueAt: '2026-03-02T08:20:00.000Z',
      }),
      expect.objectContaining({
        caseNumber: cases.C2!.number,
        level: 2,
        position: 'department-manager',
        dueAt: '2026-03-02T08:50:00.000Z',
      }),
    ]);
    expect(figures.onSite.engineers).toBe(2);
    expect(figures.onSite.visits.map((visit) => [visit.engineerName, visit.caseNumber])).toEqual([
      ['Eli Engineer', cases.C1!.number],
      ['Eli Engineer', cases.C6!.number],
      ['Olga Onsite', cases.C3!.number],
    ]);
  });

  it('narrows every figure to a department', async () => {
    const first = await dashboard(`?departmentId=${world.department.id}`);
    expect(first.openByLevel.map((row) => row.count)).toEqual([1, 1, 0, 0]);
    expect(first).toMatchObject({ open: 2, escalated: 1, unassigned: 1, waitingOnCustomer: 0, firstResponseBreachesToday: 2 });
    expect(first.dueSteps.count).toBe(2);
    expect(first.onSite.engineers).toBe(1);

    const second = await dashboard(`?departmentId=${d2}`);
    expect(second.openByLevel.map((row) => row.count)).toEqual([1, 0, 1, 1]);
    expect(second).toMatchObject({ open: 3, escalated: 1, unassigned: 1, waitingOnCustomer: 2, firstResponseBreachesToday: 1 });
    expect(second.dueSteps).toMatchObject({ count: 0, items: [] });
    expect(second.onSite.engineers).toBe(2);
  });

  it('answers every staff role and refuses customers; a bad or unknown department is named', async () => {
    for (const as of [world.admin, world.secretary, world.engineer]) await dashboard('', as);
    const refused = await world.app.request(world.customer, 'GET', '/api/v1/dashboard');
    expect(refused.status).toBe(403);
    const bad = await world.app.request<{ field?: string; detail: string }>(world.manager, 'GET', '/api/v1/dashboard?departmentId=a%20b');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('departmentId');
    const unknown = await world.app.request(world.manager, 'GET', '/api/v1/dashboard?departmentId=no-such-department');
    expect(unknown.status).toBe(404);
  });

  describe('wallboard tokens', () => {
    let token: string;
    let tokenId: string;
    const asWallboard = (method: string, url: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
      world.app.inject({ method: method as 'GET', url, headers, ...(method === 'GET' ? {} : { payload: {} }) });

    beforeAll(async () => {
      const created = await world.app.request<{ id: string; token: string; name: string }>(
        world.admin,
        'POST',
        '/api/v1/wallboard-tokens',
        {
          name: 'Hotline wall',
        },
      );
      expect(created.status).toBe(201);
      ({ token, id: tokenId } = created.body);
      expect(token).toMatch(/^cdw_/);
    });

    it('only admins make them; the list never shows the token again, and stores only its hash', async () => {
      expect((await world.app.request(world.manager, 'POST', '/api/v1/wallboard-tokens', { name: 'Mine' })).status).toBe(403);
      const listed = await world.app.request<{ items: { id: string; name: string }[] }>(world.admin, 'GET', '/api/v1/wallboard-tokens');
      expect(listed.body.items.map((item) => item.name)).toContain('Hotline wall');
      expect(JSON.stringify(listed.body)).not.toContain(token);
      const rows = await world.app.storage.db.selectFrom('wallboard_tokens').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(token);
    });

    it('reads the dashboard with the same figures as staff', async () => {
      const response = await asWallboard('GET', '/api/v1/dashboard');
      expect(response.statusCode, response.body).toBe(200);
      const figures = response.json<Dashboard>();
      expect(figures).toMatchObject({ open: 5, escalated: 2, unassigned: 2, waitingOnCustomer: 2, firstResponseBreachesToday: 3 });
      const narrowed = await asWallboard('GET', `/api/v1/dashboard?departmentId=${d2}`);
      expect(narrowed.json<Dashboard>().open).toBe(3);
    });

    it.each([
      ['GET', '/api/v1/cases'],
      ['GET', '/api/v1/queues'],
      ['GET', '/api/v1/case-changes'],
      ['GET', '/api/v1/sessions/current'],
      ['GET', '/api/v1/organizations'],
      ['GET', '/api/v1/wallboard-tokens'],
      ['POST', '/api/v1/cases'],
      ['POST', '/api/v1/sessions'],
      ['GET', '/api/v1/setup'],
    ])('is refused by %s %s', async (method, url) => {
      const response = await asWallboard(method, url);
      expect(response.statusCode, response.body).toBe(403);
    });

    it('keeps a screen signed in with a cookie that only the dashboard routes take', async () => {
      const exchanged = await world.app.inject({ method: 'POST', url: '/api/v1/wallboard-sessions', payload: { token } });
      expect(exchanged.statusCode, exchanged.body).toBe(200);
      expect(exchanged.json()).toEqual({ name: 'Hotline wall' });
      const setCookie = String(exchanged.headers['set-cookie']);
      expect(setCookie).toMatch(/casedesk_wallboard=cdw_/);
      expect(setCookie).toMatch(/Path=\/api\/v1\/dashboard/);
      expect(setCookie).toMatch(/HttpOnly/);
      const cookie = { cookie: `casedesk_wallboard=${token}` };
      expect((await asWallboard('GET', '/api/v1/dashboard', cookie)).statusCode).toBe(200);
      // Sent by hand where the browser would not send it, it opens nothing.
      expect((await asWallboard('GET', '/api/v1/cases', cookie)).statusCode).toBe(403);
      const wrong = await world.app.inject({ method: 'POST', url: '/api/v1/wallboard-sessions', payload: { token: 'cdw_nonsense' } });
      expect(wrong.statusCode).toBe(401);
    });

    it('is refused (401) once revoked, by bearer and by cookie', async () => {
      expect((await world.app.request(world.admin, 'DELETE', `/api/v1/wallboard-tokens/${tokenId}`)).status).toBe(204);
      expect((await asWallboard('GET', '/api/v1/dashboard')).statusCode).toBe(401);
      expect((await asWallboard('GET', '/api/v1/dashboard', { cookie: `casedesk_wallboard=${token}` })).statusCode).toBe(401);
      const exchanged = await world.app.inject({ method: 'POST', url: '/api/v1/wallboard-sessions', payload: { token } });
      expect(exchanged.statusCode).toBe(401);
      expect((await world.app.request(world.admin, 'DELETE', `/api/v1/wallboard-tokens/${tokenId}`)).status).toBe(404);
      const listed = await world.app.request<{ items: { id: string; revokedAt: string | null }[] }>(
        world.admin,
        'GET',
        '/api/v1/wallboard-tokens',
      );
      expect(listed.body.items.find((item) => item.id === tokenId)?.revokedAt).not.toBeNull();
    });
  });
});
