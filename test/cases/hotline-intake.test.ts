import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/context.js';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Problem {
  status: number;
  field?: string;
}
interface ProductLine {
  assetId: string;
  serialNumber: string;
  model: string;
  site: string | null;
  status: string;
  billing: string;
  reasonCode: string;
  guaranteeEndsAt: string | null;
  contract: { number: string; departmentId?: string | null } | null;
}
interface CaseBody {
  id: string;
  departmentId: string | null;
  billing: string | null;
  serialNumbers: string[];
}

/**
 * Issue #16, the hotline intake: the customer's products as a list with site and entitlement, a serial number typed
 * in lower case matched everywhere a serial is matched, and no staff hotline case without a servicing department.
 */
describeOnEachDatabase('hotline intake', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let secretary: TestUser;
  let organizationId: string;
  let contractDepartmentId: string;
  let customerDepartmentId: string;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    admin = await app.user('admin');
    secretary = await app.user('secretary');
    organizationId = (await app.organization('Northwind Harbour')).id;
  });
  afterAll(() => app.stop());

  it('refuses a staff hotline case when no department can serve it, naming departmentId (no department exists yet)', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: secretary.headers,
      payload: { organizationId, channel: 'hotline', level: 3, title: 'Firewall reboots', description: '', departmentId: null },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json<Problem>().field).toBe('departmentId');
  });

  it('lists the customer’s products with site and entitlement, in service first', async () => {
    const department = async (name: string) => (await app.request<{ id: string }>(admin, 'POST', '/api/v1/departments', { name })).body.id;
    await department('Network Service');
    customerDepartmentId = await department('Systems Service');
    contractDepartmentId = await department('Security Service');
    const patched = await app.request(admin, 'PATCH', `/api/v1/organizations/${organizationId}`, {
      defaultDepartmentId: customerDepartmentId,
    });
    expect(patched.status).toBe(200);
    const vendorId = (
      await app.request<{ id: string }>(admin, 'POST', '/api/v1/vendors', { name: 'Sophos', supportCenter: { name: 'Sophos Support' } })
    ).body.id;
    const project = await app.request<{ items: { id: string }[] }>(secretary, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Perimeter 2025',
      deliveredAt: '2025-06-01',
      guaranteeEndsAt: '2027-05-31',
      items: [{ vendorId, model: 'XGS 2100', serialNumber: 'NWH-USG-0003', site: 'Harbour office' }],
    });
    expect(project.status).toBe(201);
    for (const [serialNumber, site] of [
      ['NWH-SW-0001', 'Dock 4'],
      ['NWH-SW-0002', 'Dock 4'],
    ] as const) {
      const created = await app.request(admin, 'POST', '/api/v1/assets', { organizationId, vendorId, model: 'C9300', serialNumber, site });
      expect(created.status).toBe(201);
    }
    const retired = (await app.request<{ items: { id: string }[] }>(secretary, 'GET', '/api/v1/assets?serial=NWH-SW-0001')).body.items[0]!;
    expect((await app.request(admin, 'PATCH', `/api/v1/assets/${retired.id}`, { status: 'retired' })).status).toBe(200);
    const contract = await app.request(admin, 'POST', '/api/v1/contracts', {
      organizationId,
      number: 'NWH-2026',
      startsAt: '2026-01-01',
      endsAt: '2026-12-31',
      services: ['hotline', 'remote'],
      assetSerials: ['NWH-SW-0002'],
      defaultDepartmentId: contractDepartmentId,
    });
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);

    const listed = await app.request<{ items: ProductLine[]; truncated: boolean }>(
      secretary,
      'GET',
      `/api/v1/entitlements/products?organizationId=${organizationId}`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.truncated).toBe(false);
    expect(listed.body.items.map((item) => [item.serialNumber, item.site, item.status, item.billing, item.reasonCode])).toEqual([
      ['NWH-SW-0002', 'Dock 4', 'in-service', 'contract', 'under-contract'],
      ['NWH-USG-0003', 'Harbour office', 'in-service', 'guarantee', 'in-guarantee'],
      ['NWH-SW-0001', 'Dock 4', 'retired', 'chargeable', 'product-retired'],
    ]);
    expect(listed.body.items[0]!.contract).toMatchObject({ number: 'NWH-2026', departmentId: contractDepartmentId });
    expect(listed.body.items[1]!.guaranteeEndsAt).toBe('2027-05-31');

    // Another customer's products are not listed to a customer, nor those of an unknown organisation; one must be named.
    const stranger = await app.user('customer');
    const hidden = await app.request<Problem>(stranger, 'GET', `/api/v1/entitlements/products?organizationId=${organizationId}`);
    expect(hidden.status).toBe(404);
    expect((await app.request(secretary, 'GET', '/api/v1/entitlements/products?organizationId=nope')).status).toBe(404);
    const unnamed = await app.request<Problem>(secretary, 'GET', '/api/v1/entitlements/products');
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.field).toBe('organizationId');
  });

  it('matches a serial number typed in lower case: entitlement, case, its department and similar cases', async () => {
    const entitlement = await app.request<{ serialNumber: string; billing: string }>(
      secretary,
      'GET',
      '/api/v1/entitlements?serial=nwh-sw-0002',
    );
    expect(entitlement.body).toMatchObject({ serialNumber: 'NWH-SW-0002', billing: 'contract' });

    const opened = await app.request<CaseBody>(secretary, 'POST', '/api/v1/cases', {
      organizationId,
      channel: 'hotline',
      level: 3,
      title: 'Dock switch drops links',
      description: 'Reported by phone.',
      serialNumbers: ['nwh-sw-0002'],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    // The contract of the product named decides the billing and the department; the case is found by either spelling.
    expect(opened.body).toMatchObject({ billing: 'contract', departmentId: contractDepartmentId });
    for (const typed of ['NWH-SW-0002', 'nwh-sw-0002']) {
      const found = await app.request<{ items: { id: string }[] }>(secretary, 'GET', `/api/v1/cases?serial=${typed}`);
      expect(found.body.items.map((item) => item.id)).toEqual([opened.body.id]);
    }

    // Without a product, the customer's own default department serves it.
    const plain = await app.request<CaseBody>(secretary, 'POST', '/api/v1/cases', {
      organizationId,
      channel: 'hotline',
      level: 3,
      title: 'Question about the invoice',
      description: '',
    });
    expect(plain.body.departmentId).toBe(customerDepartmentId);

    await indexCaseSearchNow(app.context);
    const similar = await app.request<{ items: { id: string; reasons: string[] }[] }>(
      secretary,
      'GET',
      `/api/v1/cases/similar?organizationId=${organizationId}&serial=nwh-sw-0002&title=${encodeURIComponent('Link down')}`,
    );
    expect(similar.status).toBe(200);
    expect(similar.body.items.find((item) => item.id === opened.body.id)?.reasons).toContain('serial');
  });
});
