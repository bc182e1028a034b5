import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { createAsset } from '../../src/services/delivered-systems/manage-assets.js';
import { createVendor } from '../../src/services/delivered-systems/manage-vendors.js';
import { recordExchange } from '../../src/services/delivered-systems/record-exchange.js';
import { indexFaultOccurrencesNow } from '../../src/services/reports/index-fault-occurrences.js';
import { repeatFaultReport, type RepeatFaultGroup } from '../../src/services/reports/repeat-fault-report.js';
import { updateCaseRow } from '../../src/storage/repositories/cases.js';
import { rebuildFaultOccurrences } from '../../src/storage/repositories/fault-occurrences.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { logCase, startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

const system: Actor = { userId: 'system', role: 'admin', organizationId: null };
const figures = (group: RepeatFaultGroup) => [group.faultCases, group.repeats, group.recurrenceRate, group.meanHoursBetweenFaults];

/*
 * The report reads fault occurrences, which the fault indexer keeps up to date from the case-changes feed: after
 * each change below (a late-logged earlier fault, a corrected serial number, a fault turned service request) the
 * figures follow once the indexer has run. Product records are followed by the database itself.
 *   SW-9 (Cisco C9300 on record): faults 01-05, 01-07 (+48 h); SW-8 (no product): a fault on 01-10.
 */
describeOnEachDatabase('repeat-fault report after cases change', (database) => {
  let world: ServiceLoopWorld;
  let cisco: string;
  const ids: Record<string, string> = {};
  const fault = async (name: string, receivedAt: string, serialNumbers: string[]) => {
    ids[name] = (await logCase(world, { receivedAt, serialNumbers, kind: 'fault' })).id;
  };
  const read = async (groupBy: 'customer' | 'model') => {
    await indexFaultOccurrencesNow(world.app.context);
    const report = await repeatFaultReport(world.app.context, system, {
      groupBy,
      from: '2026-01-01',
      to: '2026-01-31',
      limit: 20,
      offset: 0,
    });
    return report.groups.map((group) => [group.model, ...figures(group)]);
  };
  const touch = (caseId: string) => updateCaseRow(world.app.storage.db, caseId, { updated_at: new Date().toISOString() });

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    cisco = (await createVendor(world.app.context, system, { name: 'Cisco', supportCenter: { name: 'Cisco TAC' } })).id;
    await createAsset(world.app.context, system, {
      organizationId: world.organization.id,
      vendorId: cisco,
      model: 'C9300',
      serialNumber: 'SW-9',
      site: null,
    });
    await fault('a', '2026-01-05T00:00:00.000Z', ['SW-9']);
    await fault('b', '2026-01-07T00:00:00.000Z', ['SW-9']);
    await fault('c', '2026-01-10T00:00:00.000Z', ['SW-8']);
  });
  afterAll(async () => {
    await world?.app.stop();
  });

  it('follows a late-logged earlier fault, a corrected serial number and a fault turned service request', async () => {
    expect(await read('customer')).toEqual([[null, 3, 1, 1 / 3, 48]]);
    expect(await read('model')).toEqual([['C9300', 2, 1, 1 / 2, 48]]);

    // Logged late: a fault on 01-06 falls between the two, so both later ones are repeats a day apart.
    await fault('d', '2026-01-06T00:00:00.000Z', ['sw-9']);
    expect(await read('customer')).toEqual([[null, 4, 2, 2 / 4, 24]]);
    expect(await read('model')).toEqual([['C9300', 3, 2, 2 / 3, 24]]);

    // SW-8 was a typo for SW-9: case c is SW-9's fourth fault, 72 h after b.
    await world.app.storage.transaction(async (trx) => {
      await sql`delete from case_serial_numbers where case_id = ${ids.c!}`.execute(trx);
      await sql`insert into case_serial_numbers (case_id, serial_number) values (${ids.c!}, 'SW-9')`.execute(trx);
      await updateCaseRow(trx, ids.c!, { updated_at: new Date().toISOString() });
    });
    expect(await read('customer')).toEqual([[null, 4, 3, 3 / 4, (24 + 24 + 72) / 3]]);
    expect(await read('model')).toEqual([['C9300', 4, 3, 3 / 4, (24 + 24 + 72) / 3]]);

    // b was a service request after all: SW-9's faults are a, d and c (24 h, then 96 h).
    await updateCaseRow(world.app.storage.db, ids.b!, { kind: 'request', updated_at: new Date().toISOString() });
    expect(await read('customer')).toEqual([[null, 3, 2, 2 / 3, 60]]);
    expect(await read('model')).toEqual([['C9300', 3, 2, 2 / 3, 60]]);
  });

  it('counts a unit per model as soon as its product is on record, and the backfill gives the same figures', async () => {
    await fault('e', '2026-01-12T00:00:00.000Z', ['RT-7']);
    await fault('f', '2026-01-13T00:00:00.000Z', ['RT-7']);
    expect((await read('model')).map((row) => row[0])).toEqual(['C9300']);
    await createAsset(world.app.context, system, {
      organizationId: world.organization.id,
      vendorId: cisco,
      model: 'ISR4331',
      serialNumber: 'rt-7',
      site: null,
    });
    expect(await read('model')).toEqual([
      ['C9300', 3, 2, 2 / 3, 60],
      ['ISR4331', 2, 1, 1 / 2, 24],
    ]);
    // RT-7 is exchanged on case f for an ISR4451: the replacement RT-8 is named on f from now on, a fault of its own.
    await recordExchange(world.app.context, system, ids.f!, {
      oldSerialNumber: 'RT-7',
      newSerialNumber: 'RT-8',
      newModel: 'ISR4451',
      reason: 'Power supply failed',
      approvedByUserId: world.manager.id,
    });
    expect(await read('model')).toEqual([
      ['C9300', 3, 2, 2 / 3, 60],
      ['ISR4331', 2, 1, 1 / 2, 24],
      ['ISR4451', 1, 0, 0, null],
    ]);
    expect(await read('customer')).toEqual([[null, 5, 3, 3 / 5, (24 + 96 + 24) / 3]]);
    const before = [await read('customer'), await read('model')];
    await touch(ids.a!);
    // The set-based rewrite the migration runs on existing data (and the indexer after a bulk load).
    await world.app.storage.transaction(async (trx) => {
      await sql`delete from fault_occurrences`.execute(trx);
      expect(await rebuildFaultOccurrences(trx)).toBe(true);
    });
    expect([await read('customer'), await read('model')]).toEqual(before);
  });
});
