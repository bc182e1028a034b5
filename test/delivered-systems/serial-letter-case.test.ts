import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/** A serial number is found however its letters are cased, and stays unique regardless of case. */
describeOnEachDatabase('serial numbers regardless of letter case', (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let manager: TestUser;
  let organizationId: string;
  let vendorId: string;
  let assetId: string;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    secretary = await app.user('secretary');
    manager = await app.user('manager');
    organizationId = (await app.organization('Northwind Harbour')).id;
    // The company's first department becomes the default servicing department of every case.
    expect((await app.request(await app.user('admin'), 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    const vendor = await app.request<{ id: string }>(manager, 'POST', '/api/v1/vendors', {
      name: 'Sophos',
      supportCenter: { name: 'Sophos Support', phone: null, email: null },
    });
    vendorId = vendor.body.id;
    const project = await app.request<{ items: { id: string }[] }>(secretary, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Perimeter 2025',
      deliveredAt: '2025-06-01',
      guaranteeEndsAt: '2027-05-31',
      items: [{ vendorId, model: 'XGS 2100', serialNumber: 'NWH-USG-0003' }],
    });
    expect(project.status).toBe(201);
    assetId = project.body.items[0]!.id;
  });
  afterAll(() => app.stop());

  it('finds the product, its entitlement and its cases when the serial is typed in lower case', async () => {
    const products = await app.request<{ items: { id: string }[] }>(secretary, 'GET', '/api/v1/assets?serial=nwh-usg-0003');
    expect(products.body.items.map((item) => item.id)).toEqual([assetId]);

    const entitlement = await app.request<{ billing: string; serialNumber: string }>(
      secretary,
      'GET',
      '/api/v1/entitlements?serial=nwh-usg-0003',
    );
    expect(entitlement.status).toBe(200);
    expect(entitlement.body).toMatchObject({ billing: 'guarantee', serialNumber: 'NWH-USG-0003' });

    const opened = await app.request<{ id: string; billing: string }>(secretary, 'POST', '/api/v1/cases', {
      organizationId,
      channel: 'hotline',
      level: 3,
      title: 'Firewall reboots',
      description: 'The firewall reboots at night',
      serialNumbers: ['nwh-usg-0003'],
    });
    expect(opened.body).toMatchObject({ billing: 'guarantee' });
    expect(opened.status).toBe(201);
    expect(opened.body.billing).toBe('guarantee');
    for (const typed of ['nwh-usg-0003', 'NWH-USG-0003', 'Nwh-Usg-0003']) {
      const found = await app.request<{ items: { id: string }[] }>(secretary, 'GET', `/api/v1/cases?serial=${typed}`);
      expect(found.body.items.map((item) => item.id)).toEqual([opened.body.id]);
    }
    const history = await app.request<{ cases: { id: string }[] }>(secretary, 'GET', `/api/v1/assets/${assetId}/history`);
    expect(history.body.cases.map((item) => item.id)).toEqual([opened.body.id]);
  });

  it('refuses the same serial in another letter case: product form, CSV import and the database itself', async () => {
    const duplicate = await app.request<{ field: string; existing: { id: string } }>(manager, 'POST', '/api/v1/assets', {
      organizationId,
      vendorId,
      model: 'XGS 2100',
      serialNumber: 'nwh-usg-0003',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.field).toBe('serialNumber');
    expect(duplicate.body.existing.id).toBe(assetId);

    const csv =
      'organization,project,vendor,model,serial_number,software_version,site,notes\n' +
      'Northwind Harbour,,Sophos,XGS 2100,nwh-usg-0003,,,\n';
    const imported = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/products',
      headers: { ...secretary.headers, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.statusCode).toBe(400);
    expect(imported.json<{ importErrors: { column: string }[] }>().importErrors.map((problem) => problem.column)).toEqual([
      'serial_number',
    ]);

    const at = '2026-03-02T08:00:00.000Z';
    await expect(
      app.storage.db
        .insertInto('assets')
        .values({
          id: 'lower-case-twin',
          organization_id: organizationId,
          project_id: null,
          vendor_id: vendorId,
          model: 'XGS 2100',
          serial_number: 'nwh-usg-0003',
          software_version: null,
          site: null,
          notes: null,
          status: 'in-service',
          replaces_asset_id: null,
          replaced_by_asset_id: null,
          created_at: at,
          updated_at: at,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('looks serial numbers up through an index on both databases', async () => {
    const plan =
      database === 'sqlite'
        ? (
            await sql<{
              detail: string;
            }>`explain query plan select id from assets where upper(serial_number) = upper(${'nwh-usg-0003'})`.execute(app.storage.db)
          ).rows.map((row) => row.detail)
        : [];
    if (database === 'sqlite') expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX assets_serial_key/);
    const indexes =
      database === 'postgres'
        ? (
            await app.storage.db
              .selectFrom('pg_indexes' as never)
              .select(['indexname' as never])
              .execute()
          ).map((row) => String((row as { indexname: string }).indexname))
        : [];
    if (database === 'postgres') expect(indexes).toEqual(expect.arrayContaining(['assets_serial_key', 'case_serial_numbers_serial_key']));
  });
});
