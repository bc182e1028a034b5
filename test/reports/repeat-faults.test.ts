import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { createAsset } from '../../src/services/delivered-systems/manage-assets.js';
import { createVendor } from '../../src/services/delivered-systems/manage-vendors.js';
import { indexFaultOccurrencesNow } from '../../src/services/reports/index-fault-occurrences.js';
import { repeatFaultReport } from '../../src/services/reports/repeat-fault-report.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';
import { logCase, startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

interface Group {
  key: string;
  organization: { id: string; name: string } | null;
  vendor: { id: string; name: string } | null;
  model: string | null;
  site: string | null;
  faultCases: number;
  repeats: number;
  recurrenceRate: number | null;
  meanHoursBetweenFaults: number | null;
}
interface Report {
  groupBy: string;
  from: string;
  to: string;
  timeZone: string;
  totalGroups: number;
  groups: Group[];
}

const system: Actor = { userId: 'system', role: 'admin', organizationId: null };
const JANUARY = 'from=2026-01-01&to=2026-01-31';

/** What a group counts, without the names: the figures the report is about. */
const figures = (group: Group) => [group.faultCases, group.repeats, group.recurrenceRate, group.meanHoursBetweenFaults];

/*
 * The hand-made set (all times UTC, the company's zone while no policy names another):
 *   SW-1 Cisco C9300 at Harbour, site "Data centre East": faults 01-05 00:00, 01-06 12:00 (+36 h), 01-08 12:00 (+48 h),
 *        01-20 00:00 (+276 h, a case naming SW-1 and SW-2 together)
 *   SW-2 Cisco C9300 at Harbour, no site: faults 2025-12-31 23:59:59.999 (before January), 01-10 00:00,
 *        01-20 00:00 (+240 h, the shared case), 01-31 23:00 (+287 h, last day), 02-01 00:00 (after January);
 *        a service request on 01-11, which never counts
 *   Harbour also has a fault naming no serial number on 01-12 (a fault case per customer, nothing else).
 *   FW-1 华为 USG6500 at Other Water Works: faults 01-02 00:00, 01-03 00:00 (+24 h)
 *   RT-1 Cisco ISR4331 at Other Water Works: one fault on 01-15
 */
describeOnEachDatabase('repeat-fault report', (database) => {
  let world: ServiceLoopWorld;
  let expert: TestUser;
  let chineseManager: TestUser;
  let cisco: string;
  let huawei: string;
  const get = (as: TestUser | null, query: string) => world.app.request<Report>(as, 'GET', `/api/v1/reports/repeat-faults?${query}`);
  const ok = async (query: string, as: TestUser = world.manager) => {
    const response = await get(as, query);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    expert = await world.app.user('expert');
    chineseManager = await world.app.user('manager', { language: 'zh-CN' });
    cisco = (await createVendor(world.app.context, system, { name: 'Cisco', supportCenter: { name: 'Cisco TAC' } })).id;
    huawei = (await createVendor(world.app.context, system, { name: '华为', supportCenter: { name: '华为技术支持' } })).id;
    const harbour = world.organization.id;
    const other = world.otherOrganization.id;
    for (const [organizationId, vendorId, model, serialNumber, site] of [
      [harbour, cisco, 'C9300', 'SW-1', 'Data centre East'],
      [harbour, cisco, 'C9300', 'SW-2', null],
      [other, huawei, 'USG6500', 'FW-1', null],
      [other, cisco, 'ISR4331', 'RT-1', null],
    ] as const) {
      await createAsset(world.app.context, system, { organizationId, vendorId, model, serialNumber, site });
    }
    const fault = (receivedAt: string, serialNumbers: string[], organizationId = harbour) =>
      logCase(world, {
        receivedAt,
        serialNumbers,
        organizationId,
        contactId: organizationId === harbour ? world.contact.id : undefined,
        kind: 'fault',
      });
    await fault('2026-01-05T00:00:00.000Z', ['SW-1']);
    await fault('2026-01-06T12:00:00.000Z', ['SW-1']);
    // Serial numbers are one unit whatever their letter case.
    await fault('2026-01-08T12:00:00.000Z', ['sw-1']);
    await fault('2026-01-20T00:00:00.000Z', ['SW-1', 'SW-2']);
    await fault('2025-12-31T23:59:59.999Z', ['SW-2']);
    await fault('2026-01-10T00:00:00.000Z', ['SW-2']);
    await fault('2026-01-31T23:00:00.000Z', ['SW-2']);
    await fault('2026-02-01T00:00:00.000Z', ['SW-2']);
    await logCase(world, { receivedAt: '2026-01-11T00:00:00.000Z', serialNumbers: ['SW-2'], kind: 'request', level: 4 });
    await fault('2026-01-12T00:00:00.000Z', []);
    await fault('2026-01-02T00:00:00.000Z', ['FW-1'], other);
    await fault('2026-01-03T00:00:00.000Z', ['FW-1'], other);
    await fault('2026-01-15T00:00:00.000Z', ['RT-1'], other);
    await indexFaultOccurrencesNow(world.app.context);
  });
  afterAll(async () => {
    await world?.app.stop();
  });

  it('per customer: fault cases, repeats, rate and mean hours between faults, most repeats first', async () => {
    const report = await ok(`groupBy=customer&${JANUARY}`);
    expect(report).toMatchObject({ groupBy: 'customer', from: '2026-01-01', to: '2026-01-31', timeZone: 'UTC', totalGroups: 2 });
    expect(report.groups.map((group) => group.organization?.name)).toEqual(['Harbour Power Grid', 'Other Water Works']);
    // Harbour: 7 fault cases (the one without a serial number too); repeats 01-06, 01-08, the shared 01-20 case once,
    // 01-31; intervals 36 + 48 + 276 (SW-1) and 240 + 287 (SW-2) hours over five.
    expect(figures(report.groups[0]!)).toEqual([7, 4, 4 / 7, 887 / 5]);
    expect(figures(report.groups[1]!)).toEqual([3, 1, 1 / 3, 24]);
  });

  it('per model, per vendor and per site: only fault cases naming a product on record', async () => {
    const models = await ok(`groupBy=model&${JANUARY}`);
    expect(models.groups.map((group) => [group.vendor?.name, group.model, ...figures(group)])).toEqual([
      ['Cisco', 'C9300', 6, 4, 4 / 6, 887 / 5],
      ['华为', 'USG6500', 2, 1, 1 / 2, 24],
      ['Cisco', 'ISR4331', 1, 0, 0, null],
    ]);
    const vendors = await ok(`groupBy=vendor&${JANUARY}`);
    expect(vendors.groups.map((group) => [group.vendor?.id, group.model, ...figures(group)])).toEqual([
      [cisco, null, 7, 4, 4 / 7, 887 / 5],
      [huawei, null, 2, 1, 1 / 2, 24],
    ]);
    const sites = await ok(`groupBy=site&${JANUARY}`);
    expect(sites.groups.map((group) => [group.organization?.name, group.site, ...figures(group)])).toEqual([
      ['Harbour Power Grid', 'Data centre East', 4, 3, 3 / 4, (36 + 48 + 276) / 3],
      ['Harbour Power Grid', null, 3, 2, 2 / 3, (240 + 287) / 2],
      ['Other Water Works', null, 3, 1, 1 / 3, 24],
    ]);
  });

  it('counts the first and last day of the period whole and nothing outside; service requests never', async () => {
    // February's first day alone: SW-2's fault on it is the unit's first in the period, so no repeat.
    const february = await ok('groupBy=model&from=2026-02-01&to=2026-02-01');
    expect(february.groups.map((group) => [group.model, ...figures(group)])).toEqual([['C9300', 1, 0, 0, null]]);
    // The last moment of 2025 alone.
    const newYearsEve = await ok('groupBy=customer&from=2025-12-31&to=2025-12-31');
    expect(newYearsEve.groups.map(figures)).toEqual([[1, 0, 0, null]]);
    // Without dates: the twelve months up to today (2026-03-02), so both boundary faults of SW-2 count as well.
    const year = await ok('groupBy=site');
    expect(year).toMatchObject({ from: '2025-03-03', to: '2026-03-02' });
    expect(figures(year.groups.find((group) => group.organization?.id === world.organization.id && group.site === null)!)).toEqual([
      5,
      4,
      4 / 5,
      // 2025-12-31 23:59:59.999 → 01-10 00:00 (216 h and a millisecond), 240, 287, then 02-01 00:00 (+1 h).
      (216 + 1 / 3_600_000 + 240 + 287 + 1) / 4,
    ]);
  });

  it('narrows to one organisation, pages by limit and offset', async () => {
    const other = await ok(`groupBy=customer&${JANUARY}&organizationId=${world.otherOrganization.id}`);
    expect(other.groups.map((group) => group.organization?.id)).toEqual([world.otherOrganization.id]);
    const first = await ok(`groupBy=model&${JANUARY}&limit=2`);
    expect(first.totalGroups).toBe(3);
    expect(first.groups.map((group) => group.model)).toEqual(['C9300', 'USG6500']);
    const second = await ok(`groupBy=model&${JANUARY}&limit=2&offset=2`);
    expect(second.groups.map((group) => group.model)).toEqual(['ISR4331']);
    const beyond = await ok(`groupBy=model&${JANUARY}&limit=2&offset=4`);
    expect(beyond).toMatchObject({ totalGroups: 3, groups: [] });
  });

  it('is the same figures when the benchmark calls the service in-process', async () => {
    const report = await repeatFaultReport(world.app.context, system, {
      groupBy: 'customer',
      from: '2026-01-01',
      to: '2026-01-31',
      limit: 20,
      offset: 0,
    });
    expect(report.groups.map(figures)).toEqual((await ok(`groupBy=customer&${JANUARY}`)).groups.map(figures));
  });

  it('exports every group as CSV in the reader’s language, with a byte-order mark for spreadsheet programs', async () => {
    const english = await world.app.inject({
      method: 'GET',
      url: `/api/v1/reports/repeat-faults/export?groupBy=site&${JANUARY}`,
      headers: world.manager.headers,
    });
    expect(english.statusCode).toBe(200);
    expect(english.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(english.headers['content-disposition']).toBe('attachment; filename="casedesk-repeat-faults-site-2026-01-01-2026-01-31.csv"');
    expect(english.body.split('\n')).toEqual([
      '\uFEFFCustomer,Site,Fault cases,Repeats,Recurrence rate (%),Mean time between faults (hours)',
      'Harbour Power Grid,Data centre East,4,3,75,120',
      'Harbour Power Grid,(no site),3,2,66.67,263.5',
      'Other Water Works,(no site),3,1,33.33,24',
      '',
    ]);
    const chinese = await world.app.inject({
      method: 'GET',
      url: `/api/v1/reports/repeat-faults/export?groupBy=model&${JANUARY}`,
      headers: chineseManager.headers,
    });
    expect(chinese.statusCode).toBe(200);
    // The raw bytes: UTF-8 with its byte-order mark, so Excel shows 华为 and the Chinese headers intact.
    expect([...chinese.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(chinese.rawPayload.toString('utf8').split('\n').slice(0, 3)).toEqual([
      '\uFEFF厂商,型号,故障工单,重复故障,重复率（%）,平均故障间隔（小时）',
      'Cisco,C9300,6,4,66.67,177.4',
      '华为,USG6500,2,1,50,24',
    ]);
  });

  describe('who may read it', () => {
    it.each([
      ['admin', 200],
      ['manager', 200],
      ['expert', 200],
      ['executive', 403],
      ['secretary', 403],
      ['customer', 403],
    ] as const)('%s → %i, for the report and its CSV', async (role, status) => {
      const as =
        role === 'manager' ? world.manager : role === 'expert' ? expert : role === 'customer' ? world.customer : await world.app.user(role);
      expect((await get(as, `groupBy=customer&${JANUARY}`)).status).toBe(status);
      // A customer is refused even for their own organisation: the report ranks customers against each other.
      if (role === 'customer') expect((await get(as, `organizationId=${world.organization.id}`)).status).toBe(403);
      const csv = await world.app.inject({ method: 'GET', url: '/api/v1/reports/repeat-faults/export', headers: as.headers });
      expect(csv.statusCode).toBe(status);
    });

    it('nobody signed in → 401', async () => {
      expect((await get(null, JANUARY)).status).toBe(401);
    });
  });

  it.each([
    ['groupBy=weekly', 'groupBy'],
    ['from=2026-13-01', 'from'],
    ['to=01/31/2026', 'to'],
    ['from=2026-02-01&to=2026-01-31', 'to'],
    ['from=2020-01-01&to=2026-01-31', 'from'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['offset=-1', 'offset'],
    ['organizationId=' + 'x'.repeat(300), 'organizationId'],
  ])('bad input %s → 400 naming %s', async (query, field) => {
    const response = await world.app.request<{ field: string }>(world.manager, 'GET', `/api/v1/reports/repeat-faults?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.field).toBe(field);
  });
});
