import { afterAll, beforeAll, expect, it } from 'vitest';
import { runYearlyChecks } from '../../src/jobs/yearly-checks.js';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { createProject } from '../../src/services/delivered-systems/manage-projects.js';
import { createVendor } from '../../src/services/delivered-systems/manage-vendors.js';
import { defaultPolicyVersion } from '../../src/services/escalations/escalation-policies.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const ADMIN = { userId: 'system', role: 'admin' as const, organizationId: null };

describeOnEachDatabase('yearly checks', (database) => {
  let app: TestApp;
  let second: Storage;
  let secondContext: ServiceContext;
  let manager: TestUser;
  let organizationId: string;
  let departmentId: string;
  const projectIds: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2025-01-10T09:00:00.000Z') });
    // A second instance: its own connection(s) to the same database.
    second = await app.database.open();
    secondContext = { ...app.context, storage: second };
    manager = await app.user('manager');
    // The default escalation policy is created on first use; make it exist before instances race (see the report).
    await defaultPolicyVersion(app.storage.db, app.clock.now().toISOString());
    organizationId = (await app.organization('Port Authority')).id;
    departmentId = (await createDepartment(app.context, ADMIN, { name: 'Implementation' })).id;
    const vendor = await createVendor(app.context, ADMIN, { name: 'Huawei', supportCenter: { name: 'Huawei TAC' } });
    // Delivered on 1 April and 15 June 2025, both in guarantee for a year; 20 more delivered on 1 April.
    const deliveries = [
      { name: 'Terminal LAN', deliveredAt: '2025-04-01', items: [{ vendorId: vendor.id, model: 'S5735', serialNumber: 'HW-TERM-1' }] },
      { name: 'Gate cameras', deliveredAt: '2025-06-15', items: [] },
      ...Array.from({ length: 20 }, (_, index) => ({ name: `Crane ${index}`, deliveredAt: '2025-04-01', items: [] })),
    ];
    for (const delivery of deliveries) {
      const created = await createProject(app.context, ADMIN, {
        organizationId,
        name: delivery.name,
        deliveredAt: delivery.deliveredAt,
        guaranteeEndsAt: '2026-03-31',
        implementingDepartmentId: departmentId,
        items: delivery.items,
      });
      projectIds.push(created.project.id);
    }
  });
  afterAll(async () => {
    await second.close();
    await app.stop();
  });

  async function checksOf(projectId: string) {
    return app.storage.db.selectFrom('yearly_checks').selectAll().where('project_id', '=', projectId).orderBy('due_on').execute();
  }

  it('opens nothing while no check is within its lead time', async () => {
    app.clock.set('2026-03-17T09:00:00.000Z');
    expect(await runYearlyChecks(app.context)).toMatchObject({ created: 0, skipped: 0 });
  });

  it('opens each due check once as a level-4 request for the implementing department, even with instances racing', async () => {
    // 14 days before 1 April 2026.
    app.clock.set('2026-03-18T09:00:00.000Z');
    const concurrent = [runYearlyChecks(app.context), runYearlyChecks(app.context)];
    // SQLite has one writer per file and runs as one instance; PostgreSQL is where instances race.
    if (database === 'postgres') concurrent.push(runYearlyChecks(secondContext), runYearlyChecks(secondContext));
    const runs = await Promise.all(concurrent);
    if (database === 'sqlite') runs.push(await runYearlyChecks(secondContext));
    expect(runs.flatMap((run) => run.failed)).toEqual([]);
    expect(runs.reduce((sum, run) => sum + run.created, 0)).toBe(21);

    const aprilProjects = projectIds.filter((_, index) => index !== 1);
    for (const projectId of aprilProjects) {
      const checks = await checksOf(projectId);
      expect(checks.map((check) => [check.id, check.due_on])).toEqual([[`yearly-check:${projectId}:2026-04-01`, '2026-04-01']]);
    }
    const cases = await app.storage.db
      .selectFrom('cases')
      .innerJoin('yearly_checks', 'yearly_checks.case_id', 'cases.id')
      .select(['cases.id', 'cases.kind', 'cases.level', 'cases.department_id', 'cases.title', 'cases.billing', 'yearly_checks.project_id'])
      .execute();
    expect(cases).toHaveLength(21);
    expect(new Set(cases.map((row) => row.project_id)).size).toBe(21);
    for (const row of cases) expect(row).toMatchObject({ kind: 'request', level: 4, department_id: departmentId });
    const terminal = cases.find((row) => row.project_id === projectIds[0])!;
    expect(terminal.title).toContain('Yearly check 1 of Terminal LAN');
    // Its product is named on the case, so its billing is decided at intake (18 March, in guarantee until 31 March).
    expect(terminal.billing).toBe('guarantee');
    expect(await checksOf(projectIds[1]!)).toEqual([]);
    // Opened two weeks ahead, but the upgrading report counts from the check's own day: 96 h after 1 April.
    const ladder = await app.storage.db
      .selectFrom('escalation_steps')
      .select(['due_at', 'status'])
      .where('case_id', '=', terminal.id)
      .execute();
    expect(ladder).toEqual([{ due_at: '2026-04-05T00:00:00.000Z', status: 'pending' }]);

    const project = await app.storage.db
      .selectFrom('projects')
      .select('next_check_on')
      .where('id', '=', projectIds[0]!)
      .executeTakeFirstOrThrow();
    expect(project.next_check_on).toBe('2027-04-01');
    expect(await runYearlyChecks(app.context)).toMatchObject({ created: 0 });
  });

  it('lists the checks of a month, opened and still scheduled', async () => {
    const april = await app.request<{
      items: { projectId: string; status: string; dueOn: string; year: number; inGuarantee: boolean; case: { number: string } | null }[];
    }>(manager, 'GET', '/api/v1/yearly-checks?month=2026-04&limit=200');
    expect(april.status).toBe(200);
    expect(april.body.items).toHaveLength(21);
    const terminal = april.body.items.find((item) => item.projectId === projectIds[0]);
    expect(terminal).toMatchObject({
      status: 'opened',
      dueOn: '2026-04-01',
      year: 1,
      inGuarantee: false,
      case: { number: expect.stringMatching(/^C-2026-/) },
    });
    const june = await app.request<{ items: { projectId: string; status: string; dueOn: string; case: null }[] }>(
      manager,
      'GET',
      '/api/v1/yearly-checks?month=2026-06',
    );
    expect(june.body.items).toEqual([
      expect.objectContaining({ projectId: projectIds[1], status: 'scheduled', dueOn: '2026-06-15', case: null }),
    ]);
    const badMonth = await app.request(manager, 'GET', '/api/v1/yearly-checks?month=2026-13');
    expect(badMonth.status).toBe(400);
  });

  it('goes on after the guarantee, year after year', async () => {
    app.clock.set('2027-03-20T09:00:00.000Z');
    const runs = await Promise.all([runYearlyChecks(app.context), runYearlyChecks(app.context)]);
    // 21 April checks of 2027, and the June 2026 check that no tick opened in its time: opened late, not lost.
    expect(runs.reduce((sum, run) => sum + run.created, 0)).toBe(22);
    expect((await checksOf(projectIds[0]!)).map((check) => check.due_on)).toEqual(['2026-04-01', '2027-04-01']);
    expect((await checksOf(projectIds[1]!)).map((check) => check.due_on)).toEqual(['2026-06-15']);
  });
});
