import { afterAll, beforeAll, expect, it } from 'vitest';
import { runYearlyChecks } from '../../src/jobs/yearly-checks.js';
import { ManualClock } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { createVendor } from '../../src/services/delivered-systems/manage-vendors.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const ADMIN = { userId: 'system', role: 'admin' as const, organizationId: null };

interface MonthCheck {
  projectId: string;
  projectName: string;
  status: 'scheduled' | 'opened';
  dueOn: string;
}

/**
 * Yearly checks leave out what was retired: a closed project, a retired customer, and products that are retired or
 * stand at a retired site. Reopening a project makes its check due again.
 */
describeOnEachDatabase('yearly checks of retired records', (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let manager: TestUser;
  const project: Record<string, string> = {};

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2025-01-10T09:00:00.000Z') });
    secretary = await app.user('secretary');
    manager = await app.user('manager');
    const harbour = (await app.organization('Harbour Bank')).id;
    const mill = (await app.organization('Old Mill')).id;
    const departmentId = (await createDepartment(app.context, ADMIN, { name: 'Implementation' })).id;
    const vendorId = (await createVendor(app.context, ADMIN, { name: 'Huawei', supportCenter: { name: 'Huawei TAC' } })).id;
    for (const name of ['North depot', 'South depot']) {
      const site = await app.request(secretary, 'POST', `/api/v1/organizations/${harbour}/sites`, { name });
      expect(site.status).toBe(201);
    }
    const item = (serialNumber: string, site?: string) => ({ vendorId, model: 'S5735', serialNumber, ...(site ? { site } : {}) });
    const deliveries: [string, string, ReturnType<typeof item>[]][] = [
      ['Open LAN', harbour, [item('YC-OPEN-1')]],
      ['Closed LAN', harbour, [item('YC-CLOSED-1')]],
      ['Closed long ago', harbour, []],
      ['Mill WAN', mill, [item('YC-MILL-1')]],
      ['Retired switch', harbour, [item('YC-RETIRED-1')]],
      ['Depots', harbour, [item('YC-NORTH-1', 'North depot'), item('YC-SOUTH-1', 'South depot')]],
      ['North only', harbour, [item('YC-NORTH-2', 'North depot')]],
    ];
    for (const [name, organizationId, items] of deliveries) {
      const created = await app.request<{ id: string; items: { id: string }[] }>(secretary, 'POST', '/api/v1/projects', {
        organizationId,
        name,
        deliveredAt: '2025-04-01',
        guaranteeEndsAt: '2027-03-31',
        implementingDepartmentId: departmentId,
        items,
      });
      expect(created.status).toBe(201);
      project[name] = created.body.id;
    }
    // Retired afterwards: two projects closed, a customer, a product and a site.
    for (const name of ['Closed LAN', 'Closed long ago'])
      expect((await app.request(secretary, 'POST', `/api/v1/projects/${project[name]}/retire`)).status).toBe(200);
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${mill}/retire`)).status).toBe(200);
    const switchId = (await app.request<{ items: { id: string }[] }>(secretary, 'GET', `/api/v1/projects/${project['Retired switch']}`))
      .body.items[0]!.id;
    expect((await app.request(secretary, 'PATCH', `/api/v1/assets/${switchId}`, { status: 'retired' })).status).toBe(200);
    const sites = await app.request<{ items: { id: string; name: string }[] }>(secretary, 'GET', `/api/v1/organizations/${harbour}/sites`);
    const north = sites.body.items.find((site) => site.name === 'North depot')!;
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${harbour}/sites/${north.id}/retire`)).status).toBe(200);
  });
  afterAll(() => app.stop());

  const april = async () =>
    (await app.request<{ items: MonthCheck[] }>(manager, 'GET', '/api/v1/yearly-checks?month=2026-04&limit=100')).body.items
      .map((check) => `${check.projectName}: ${check.status}`)
      .sort();
  const checkCases = async () =>
    (
      await app.storage.db
        .selectFrom('yearly_checks as y')
        .innerJoin('projects as p', 'p.id', 'y.project_id')
        .innerJoin('case_serial_numbers as s', 's.case_id', 'y.case_id')
        .select(['p.name', 's.serial_number'])
        .execute()
    )
      .map((row) => `${row.name}: ${row.serial_number}`)
      .sort();
  const nextCheckOf = async (name: string) =>
    (await app.storage.db.selectFrom('projects').select('next_check_on').where('id', '=', project[name]!).executeTakeFirstOrThrow())
      .next_check_on;

  it('the checks due leave out closed projects, retired customers and projects with nothing in service at an active site', async () => {
    app.clock.set('2026-03-10T09:00:00.000Z');
    expect(await april()).toEqual(['Depots: scheduled', 'Open LAN: scheduled']);
  });

  it('the scheduling job opens checks only for those, naming only the products in service at active sites', async () => {
    app.clock.set('2026-03-18T09:00:00.000Z');
    const run = await runYearlyChecks(app.context);
    expect(run.failed).toEqual([]);
    expect(run.created).toBe(2);
    expect(await checkCases()).toEqual(['Depots: YC-SOUTH-1', 'Open LAN: YC-OPEN-1']);
    expect(await april()).toEqual(['Depots: opened', 'Open LAN: opened']);
    // A closed project keeps waiting for its check; the others move on to next year's.
    expect(await nextCheckOf('Closed LAN')).toBe('2026-04-01');
    expect(await nextCheckOf('Mill WAN')).toBe('2027-04-01');
    expect(await nextCheckOf('North only')).toBe('2027-04-01');
  });

  it('reopening a project makes its check due again as normal', async () => {
    app.clock.set('2026-03-20T09:00:00.000Z');
    expect((await app.request(secretary, 'POST', `/api/v1/projects/${project['Closed LAN']}/reactivate`)).status).toBe(200);
    expect(await april()).toEqual(['Closed LAN: scheduled', 'Depots: opened', 'Open LAN: opened']);
    expect(await runYearlyChecks(app.context)).toMatchObject({ created: 1, failed: [] });
    expect(await checkCases()).toContain('Closed LAN: YC-CLOSED-1');
    expect(await nextCheckOf('Closed LAN')).toBe('2027-04-01');
  });

  it('a project reopened after its check day is due from its next anniversary, not for the day it missed', async () => {
    app.clock.set('2026-05-02T09:00:00.000Z');
    expect(await nextCheckOf('Closed long ago')).toBe('2026-04-01');
    expect((await app.request(secretary, 'POST', `/api/v1/projects/${project['Closed long ago']}/reactivate`)).status).toBe(200);
    expect(await nextCheckOf('Closed long ago')).toBe('2027-04-01');
    expect(await runYearlyChecks(app.context)).toMatchObject({ created: 0, failed: [] });
  });
});
