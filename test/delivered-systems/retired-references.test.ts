import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import type { Problem } from '../service-records/service-loop-world.js';

interface ImportProblem {
  line: number;
  column: string | null;
  reason: string;
}

async function countRows(storage: Storage, table: 'assets' | 'vendors' | 'projects' | 'contacts' | 'contracts'): Promise<number> {
  const row = await storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * New records never name a retired customer, a retired site, a retired vendor or a closed project: a CSV row that
 * does is refused at its column (and the file stores nothing), a form or API call at its field.
 */
describeOnEachDatabase('new records naming retired ones', (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let manager: TestUser;
  let chineseManager: TestUser;
  let harbourId: string;
  let millId: string;
  const vendorIds: Record<string, string> = {};
  const projectIds: Record<string, string> = {};

  const postCsv = (as: TestUser, kind: string, csv: string) =>
    app.inject({ method: 'POST', url: `/api/v1/imports/${kind}`, headers: { ...as.headers, 'content-type': 'text/csv' }, payload: csv });
  const problemsOf = async (as: TestUser, kind: string, csv: string) => {
    const response = await postCsv(as, kind, csv);
    expect(response.statusCode).toBe(400);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    return response.json<{ importErrors: ImportProblem[] }>().importErrors;
  };

  beforeAll(async () => {
    app = await TestApp.start(database);
    secretary = await app.user('secretary');
    manager = await app.user('manager');
    chineseManager = await app.user('manager', { language: 'zh-CN' });
    harbourId = (await app.organization('Harbour Bank')).id;
    millId = (await app.organization('Old Mill')).id;
    for (const name of ['Cisco', 'Juniper']) {
      const vendor = await app.request<{ id: string }>(manager, 'POST', '/api/v1/vendors', {
        name,
        supportCenter: { name: `${name} TAC` },
      });
      expect(vendor.status).toBe(201);
      vendorIds[name] = vendor.body.id;
    }
    const sites: Record<string, string> = {};
    for (const name of ['Head office', 'Old depot']) {
      const site = await app.request<{ id: string }>(secretary, 'POST', `/api/v1/organizations/${harbourId}/sites`, { name });
      expect(site.status).toBe(201);
      sites[name] = site.body.id;
    }
    for (const [name, organizationId] of [
      ['Core network', harbourId],
      ['Legacy LAN', harbourId],
      ['Mill WAN', millId],
    ] as const) {
      const project = await app.request<{ id: string }>(secretary, 'POST', '/api/v1/projects', {
        organizationId,
        name,
        deliveredAt: '2024-01-10',
        guaranteeEndsAt: '2027-01-10',
      });
      expect(project.status).toBe(201);
      projectIds[name] = project.body.id;
    }
    // Retired: the customer Old Mill, the site Old depot, the vendor Juniper; the project Legacy LAN closed.
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${millId}/retire`)).status).toBe(200);
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${harbourId}/sites/${sites['Old depot']}/retire`)).status).toBe(
      200,
    );
    expect((await app.request(manager, 'POST', `/api/v1/vendors/${vendorIds.Juniper}/retire`)).status).toBe(200);
    expect((await app.request(secretary, 'POST', `/api/v1/projects/${projectIds['Legacy LAN']}/retire`)).status).toBe(200);
  });
  afterAll(() => app.stop());

  it('a products file naming a retired customer, closed project, retired vendor or retired site stores nothing', async () => {
    const header = 'organization,project,vendor,model,serial_number,software_version,site\n';
    const good = 'Harbour Bank,Core network,Cisco,C9300,RT-OK-1,,Head office\n'; // line 2
    const csv =
      header +
      good +
      'Old Mill,,Cisco,C9300,RT-2,,\n' + // line 3: retired customer
      'Harbour Bank,Legacy LAN,Cisco,C9300,RT-3,,\n' + // line 4: closed project
      'Harbour Bank,,juniper,MX204,RT-4,,\n' + // line 5: retired vendor (names compare as the vendor list does)
      'Harbour Bank,,Cisco,C9300,RT-5,,Old depot\n'; // line 6: retired site
    const before = { assets: await countRows(app.storage, 'assets'), vendors: await countRows(app.storage, 'vendors') };
    const problems = await problemsOf(secretary, 'products', csv);
    expect(problems.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'organization' },
      { line: 4, column: 'project' },
      { line: 5, column: 'vendor' },
      { line: 6, column: 'site' },
    ]);
    expect(problems.map((problem) => problem.reason)).toEqual([
      expect.stringContaining('"Old Mill" is retired'),
      expect.stringContaining('"Legacy LAN" is closed'),
      expect.stringContaining('"juniper" is retired'),
      expect.stringContaining('"Old depot" is retired'),
    ]);
    expect(await countRows(app.storage, 'assets')).toBe(before.assets);
    expect(await countRows(app.storage, 'vendors')).toBe(before.vendors);

    const chinese = (await problemsOf(chineseManager, 'products', csv)).map((problem) => problem.reason);
    expect(chinese).toEqual([
      expect.stringContaining('已停用'),
      expect.stringContaining('已关闭'),
      expect.stringContaining('已停用'),
      expect.stringContaining('已停用'),
    ]);

    const imported = await postCsv(secretary, 'products', header + good);
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ created: 1 });
  });

  it('contacts, projects and contracts files are refused the same way, at the column that names the retired record', async () => {
    const contacts = await problemsOf(
      secretary,
      'contacts',
      'organization,name,phone,email,site,language\n' +
        'Harbour Bank,Li Wei,,,Head office,\n' + // line 2: fine
        'Old Mill,Ann Lee,,,,\n' + // line 3: retired customer
        'Harbour Bank,Bo Chen,,,Old depot,\n', // line 4: retired site
    );
    expect(contacts).toEqual([
      { line: 3, column: 'organization', reason: expect.stringContaining('retired') },
      { line: 4, column: 'site', reason: expect.stringContaining('retired') },
    ]);

    const projects = await problemsOf(
      secretary,
      'projects',
      'organization,name,delivered_at,guarantee_ends_at\n' +
        'Harbour Bank,Branch LAN,2025-01-01,2026-01-01\n' +
        'Old Mill,Mill LAN,2025-01-01,2026-01-01\n',
    );
    expect(projects).toEqual([{ line: 3, column: 'organization', reason: expect.stringContaining('retired') }]);

    const contracts = await problemsOf(
      manager,
      'contracts',
      'organization,number,starts_at,ends_at,services,projects\n' +
        'Harbour Bank,RT-K-1,2026-01-01,2026-12-31,hotline,Core network\n' + // line 2: fine
        'Old Mill,RT-K-2,2026-01-01,2026-12-31,hotline,\n' + // line 3: retired customer
        'Harbour Bank,RT-K-3,2026-01-01,2026-12-31,hotline,Core network; Legacy LAN\n', // line 4: a closed project
    );
    expect(contracts).toEqual([
      { line: 3, column: 'organization', reason: expect.stringContaining('retired') },
      { line: 4, column: 'projects', reason: expect.stringContaining('closed') },
    ]);
    expect(await countRows(app.storage, 'contacts')).toBe(0);
    expect(await countRows(app.storage, 'projects')).toBe(3);
    expect(await countRows(app.storage, 'contracts')).toBe(0);
  });

  it('the forms and the API refuse a retired customer, a closed project and a retired site for new records, naming the field', async () => {
    const refused = async (as: TestUser, url: string, body: Record<string, unknown>, field: string, words: string) => {
      const response = await app.request<Problem>(as, 'POST', url, body);
      expect({ url, status: response.status, field: response.body.field }).toEqual({ url, status: 400, field });
      expect(String(response.headers['content-type'])).toContain('application/problem+json');
      expect(response.body.detail).toContain(words);
    };
    const product = { vendorId: vendorIds.Cisco, model: 'C9300' };
    await refused(
      secretary,
      '/api/v1/assets',
      { ...product, organizationId: millId, serialNumber: 'RT-API-1' },
      'organizationId',
      'Old Mill',
    );
    // Through a project of the retired customer, too.
    await refused(
      secretary,
      '/api/v1/assets',
      { ...product, projectId: projectIds['Mill WAN'], serialNumber: 'RT-API-2' },
      'projectId',
      'Old Mill',
    );
    const project = { name: 'New LAN', deliveredAt: '2026-01-10', guaranteeEndsAt: '2027-01-10' };
    await refused(secretary, '/api/v1/projects', { ...project, organizationId: millId }, 'organizationId', 'Old Mill');
    await refused(
      secretary,
      '/api/v1/projects',
      { ...project, organizationId: harbourId, items: [{ ...product, serialNumber: 'RT-API-3', site: 'Old depot' }] },
      'items.0.site',
      'Old depot',
    );
    const contract = { number: 'RT-API-K', startsAt: '2026-01-01', endsAt: '2026-12-31', services: ['hotline'] };
    await refused(manager, '/api/v1/contracts', { ...contract, organizationId: millId }, 'organizationId', 'Old Mill');
    await refused(
      manager,
      '/api/v1/contracts',
      { ...contract, organizationId: harbourId, projectIds: [projectIds['Core network'], projectIds['Legacy LAN']] },
      'projectIds.1',
      'Legacy LAN',
    );
    await refused(secretary, `/api/v1/organizations/${millId}/contacts`, { name: 'Ann Lee' }, 'organizationId', 'Old Mill');
    expect(await countRows(app.storage, 'contracts')).toBe(0);
    expect(await countRows(app.storage, 'contacts')).toBe(0);

    // Reactivated, they take new records again.
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${millId}/reactivate`)).status).toBe(200);
    expect((await app.request(manager, 'POST', '/api/v1/contracts', { ...contract, organizationId: millId })).status).toBe(201);
    expect(
      (await app.request(secretary, 'POST', '/api/v1/assets', { ...product, organizationId: millId, serialNumber: 'RT-API-1' })).status,
    ).toBe(201);
  });

  it('a contract that covered a project before it was closed keeps covering it when changed, but takes no other closed one', async () => {
    const created = await app.request<{ id: string }>(manager, 'POST', '/api/v1/contracts', {
      organizationId: harbourId,
      number: 'RT-KEEP',
      startsAt: '2026-01-01',
      endsAt: '2026-12-31',
      services: ['hotline'],
      projectIds: [projectIds['Core network']],
    });
    expect(created.status).toBe(201);
    expect((await app.request(secretary, 'POST', `/api/v1/projects/${projectIds['Core network']}/retire`)).status).toBe(200);
    const url = `/api/v1/contracts/${created.body.id}`;
    const kept = await app.request(manager, 'PATCH', url, { projectIds: [projectIds['Core network']], notes: 'Renewed by phone' });
    expect(kept.status).toBe(200);
    const added = await app.request<Problem>(manager, 'PATCH', url, { projectIds: [projectIds['Core network'], projectIds['Legacy LAN']] });
    expect({ status: added.status, field: added.body.field }).toEqual({ status: 400, field: 'projectIds.1' });
    expect((await app.request(secretary, 'POST', `/api/v1/projects/${projectIds['Core network']}/reactivate`)).status).toBe(200);
  });
});

describeOnEachDatabase('a retired customer takes no new site, and a contract no retired product', (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let manager: TestUser;
  let millId: string;
  type Rights = Record<'edit' | 'retire' | 'addContact' | 'addSite' | 'addProject' | 'addProduct' | 'addContract' | 'logCase', boolean>;
  beforeAll(async () => {
    app = await TestApp.start(database);
    secretary = await app.user('secretary');
    manager = await app.user('manager');
    millId = (await app.organization('Old Mill')).id;
  });
  afterAll(() => app.stop());

  it('the customer answer says what may be added: everything while active, nothing once retired, all again once reactivated', async () => {
    const rightsOf = async (as: TestUser) => {
      const answer = await app.request<{ can: Rights }>(as, 'GET', `/api/v1/organizations/${millId}`);
      expect(answer.status).toBe(200);
      return answer.body.can;
    };
    const everything = { addContact: true, addSite: true, addProject: true, addProduct: true, addContract: true, logCase: true };
    expect(await rightsOf(manager)).toEqual({ edit: true, retire: true, ...everything });
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${millId}/retire`)).status).toBe(200);
    const nothing = Object.fromEntries(Object.keys(everything).map((key) => [key, false]));
    expect(await rightsOf(manager)).toEqual({ edit: true, retire: true, ...nothing });
    // The list answers the same, for the retired ones it lists.
    const listed = await app.request<{ items: { id: string; can: Rights }[] }>(secretary, 'GET', '/api/v1/organizations?retired=only');
    expect(listed.body.items.find((item) => item.id === millId)?.can).toMatchObject(nothing);
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${millId}/reactivate`)).status).toBe(200);
    expect(await rightsOf(manager)).toEqual({ edit: true, retire: true, ...everything });
  });

  it('a site for a retired customer is refused naming organizationId, and taken once it is reactivated', async () => {
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${millId}/retire`)).status).toBe(200);
    const url = `/api/v1/organizations/${millId}/sites`;
    const refused = await app.request<Problem>(secretary, 'POST', url, { name: 'Warehouse' });
    expect({ status: refused.status, field: refused.body.field }).toEqual({ status: 400, field: 'organizationId' });
    expect(String(refused.headers['content-type'])).toContain('application/problem+json');
    expect(refused.body.detail).toContain('Old Mill is retired');
    expect((await app.request<{ items: unknown[] }>(secretary, 'GET', url)).body.items).toHaveLength(0);
    expect((await app.request(secretary, 'POST', `/api/v1/organizations/${millId}/reactivate`)).status).toBe(200);
    expect((await app.request(secretary, 'POST', url, { name: 'Warehouse' })).status).toBe(201);
  });

  it('a contract naming a retired product by serial number is refused at assetSerials; one that covered it keeps it', async () => {
    const vendor = await app.request<{ id: string }>(manager, 'POST', '/api/v1/vendors', { name: 'Cisco', supportCenter: { name: 'TAC' } });
    const serials = ['RP-ACTIVE-1', 'RP-OLD-2'];
    const products: string[] = [];
    for (const serialNumber of serials) {
      const product = await app.request<{ id: string }>(secretary, 'POST', '/api/v1/assets', {
        organizationId: millId,
        vendorId: vendor.body.id,
        model: 'C9300',
        serialNumber,
      });
      expect(product.status).toBe(201);
      products.push(product.body.id);
    }
    const contract = { organizationId: millId, startsAt: '2026-01-01', endsAt: '2026-12-31', services: ['hotline'] };
    // Covered while it was in service.
    const before = await app.request<{ id: string }>(manager, 'POST', '/api/v1/contracts', {
      ...contract,
      number: 'RP-K-1',
      assetSerials: ['rp-old-2'],
    });
    expect(before.status).toBe(201);
    expect((await app.request(secretary, 'PATCH', `/api/v1/assets/${products[1]}`, { status: 'retired' })).status).toBe(200);

    const refused = await app.request<Problem>(manager, 'POST', '/api/v1/contracts', {
      ...contract,
      number: 'RP-K-2',
      assetSerials: ['RP-ACTIVE-1', ' rp-old-2 '],
    });
    expect({ status: refused.status, field: refused.body.field }).toEqual({ status: 400, field: 'assetSerials.1' });
    expect(String(refused.headers['content-type'])).toContain('application/problem+json');
    expect(refused.body.detail).toContain('RP-OLD-2');
    expect(await countRows(app.storage, 'contracts')).toBe(1);
    // The contract that covered it before may keep it when changed.
    const kept = await app.request(manager, 'PATCH', `/api/v1/contracts/${before.body.id}`, { assetSerials: ['RP-OLD-2', 'RP-ACTIVE-1'] });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    // Back in service, it is covered again.
    expect((await app.request(secretary, 'PATCH', `/api/v1/assets/${products[1]}`, { status: 'in-service' })).status).toBe(200);
    expect(
      (await app.request(manager, 'POST', '/api/v1/contracts', { ...contract, number: 'RP-K-2', assetSerials: ['RP-OLD-2'] })).status,
    ).toBe(201);
  });
});
