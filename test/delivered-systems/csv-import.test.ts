import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase, type TestDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import { databaseEnvironment } from '../support/server-process.js';

const ADMIN = { userId: 'system', role: 'admin' as const, organizationId: null };

interface ImportProblem {
  line: number;
  column: string | null;
  reason: string;
}

async function countRows(
  storage: Storage,
  table: 'assets' | 'vendors' | 'projects' | 'organizations' | 'contacts' | 'contracts',
): Promise<number> {
  const row = await storage.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

describeOnEachDatabase('CSV import and export of organisations, projects and products', (database) => {
  let app: TestApp;
  let secretary: TestUser;
  let expert: TestUser;

  const postCsv = (as: TestUser, kind: string, csv: string, query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/imports/${kind}${query}`,
      headers: { ...as.headers, 'content-type': 'text/csv' },
      payload: csv,
    });

  beforeAll(async () => {
    app = await TestApp.start(database);
    secretary = await app.user('secretary');
    expert = await app.user('expert');
    await createDepartment(app.context, ADMIN, { name: 'Network Implementation' });
  });
  afterAll(() => app.stop());

  it('imports organisations, then their projects, then their products', async () => {
    const organizations = await postCsv(
      secretary,
      'organizations',
      'Name,Code,Notes,Site,Contact Name,Contact Phone,Contact Email\n' +
        'Harbour Bank,HB,,Head office,Li Wei,+86 21 5555 0101,li.wei@harbour.example\n' +
        '"Metro, Transit Co",MTC,"Notes with ""quotes""",,,,\n',
    );
    expect(organizations.statusCode).toBe(201);
    expect(organizations.json()).toMatchObject({ kind: 'organizations', rows: 2, created: 2, importErrors: [] });

    const projects = await postCsv(
      secretary,
      'projects',
      'organization,name,delivered_at,guarantee_ends_at,implementing_department,sites\n' +
        'HB,Core network,2025-04-01,2026-03-31,Network Implementation,Head office; Branch 2\n' +
        'Metro Transit Co,Signalling LAN,2024-09-01,2025-08-31,,\n'.replace('Metro Transit Co', '"Metro, Transit Co"'),
    );
    expect(projects.statusCode).toBe(201);
    expect(projects.json()).toMatchObject({ created: 2 });

    const products = await postCsv(
      secretary,
      'products',
      'organization,project,vendor,model,serial_number,software_version,site\n' +
        'HB,Core network,Cisco,C9300-48P,FOC-CSV-1,17.9.4,Head office\n' +
        'HB,Core network,cisco,C9300-48P,FOC-CSV-2,,\n' +
        'MTC,,Huawei,S5735,HW-CSV-1,,\n',
    );
    expect(products.statusCode).toBe(201);
    expect(products.json()).toMatchObject({ created: 3, vendorsCreated: 2 });

    const found = await app.request<{ items: { projectId: string | null; model: string }[] }>(
      secretary,
      'GET',
      '/api/v1/assets?serial=FOC-CSV-1',
    );
    expect(found.body.items[0]).toMatchObject({ model: 'C9300-48P', projectId: expect.any(String) });
    const entitlement = await app.request<{ billing: string }>(secretary, 'GET', '/api/v1/entitlements?serial=FOC-CSV-1&on=2026-03-31');
    expect(entitlement.body.billing).toBe('guarantee');
  });

  it("imports contacts by the rules of the contact form: phone read in the customer's country, site by name, language", async () => {
    const before = await countRows(app.storage, 'contacts');
    const header = 'organization,name,phone,email,site,language\n';
    const good = 'HB,Zhang Min,021 5555 0102,Zhang.Min@harbour.example,head office,en\n'; // line 2
    const bad = await postCsv(
      secretary,
      'contacts',
      header +
        good +
        'HB,,,,,\n' + // line 3: no name
        'Nobody Ltd,Wang Fang,,,,\n' + // line 4: unknown organisation
        'HB,Wang Fang,12,,,\n' + // line 5: not a phone number in the customer's country
        'HB,Wang Fang,,,Branch 9,\n' + // line 6: not a site of the customer
        'HB,Wang Fang,,,,fr\n', // line 7: no such language
    );
    expect(bad.statusCode).toBe(400);
    const problems = bad.json<{ importErrors: ImportProblem[] }>().importErrors;
    expect(problems.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'name' },
      { line: 4, column: 'organization' },
      { line: 5, column: 'phone' },
      { line: 6, column: 'site' },
      { line: 7, column: 'language' },
    ]);
    expect(problems[3]!.reason).toContain('Branch 9');
    expect(await countRows(app.storage, 'contacts')).toBe(before);

    const imported = await postCsv(secretary, 'contacts', header + good + 'HB,Oliver Grant,+44 20 7946 0958,,,\n');
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ kind: 'contacts', rows: 2, created: 2 });
    const stored = await app.storage.db
      .selectFrom('contacts as c')
      .leftJoin('sites as s', 's.id', 'c.site_id')
      .select(['c.name', 'c.phone', 'c.phone_digits', 'c.email', 'c.language', 's.name as site'])
      .where('c.name', 'in', ['Zhang Min', 'Oliver Grant'])
      .orderBy('c.name')
      .execute();
    expect(stored).toEqual([
      { name: 'Oliver Grant', phone: '+442079460958', phone_digits: '442079460958', email: null, language: 'zh-CN', site: null },
      {
        name: 'Zhang Min',
        phone: '+862155550102',
        phone_digits: '862155550102',
        email: 'zhang.min@harbour.example',
        language: 'en',
        site: 'Head office',
      },
    ]);

    const exported = await app.inject({ method: 'GET', url: '/api/v1/exports/contacts', headers: secretary.headers });
    const lines = exported.body.trim().split('\n');
    expect(lines[0]).toBe('organization,name,role_at_customer,phone,second_phone,email,site,language');
    expect(lines).toContain('HB,Zhang Min,,+862155550102,,zhang.min@harbour.example,Head office,en');
  });

  it("imports and exports a contact's role and second phone, and refuses an e-mail address another contact of the organisation has", async () => {
    const harbour = await app.storage.db.selectFrom('organizations').select('id').where('code', '=', 'HB').executeTakeFirstOrThrow();
    const onRecord = await app.request(secretary, 'POST', `/api/v1/organizations/${harbour.id}/contacts`, {
      name: 'Gao Wen',
      email: 'gao.wen@harbour.example',
    });
    expect(onRecord.status).toBe(201);
    const before = await countRows(app.storage, 'contacts');
    const header = 'organization,name,role_at_customer,phone,second_phone,email\n';
    const good = 'HB,Ma Lin,网络管理员,021 5555 0103,138 0013 8003,Ma.Lin@harbour.example\n'; // line 2
    const elsewhere = 'MTC,Ma Lin,Network administrator,,,ma.lin@harbour.example\n'; // another organisation may have the address
    const bad = await postCsv(
      secretary,
      'contacts',
      header +
        good +
        'HB,Lin Ma,,,,MA.LIN@harbour.example\n' + // line 3: the address of line 2, same organisation
        'HB,Wen Gao,,,,Gao.Wen@harbour.example\n' + // line 4: the address of a contact on record
        'HB,Qian Hui,,,12,\n' + // line 5: a second phone that is no number in the customer's country
        elsewhere, // line 6
    );
    expect(bad.statusCode).toBe(400);
    const problems = bad.json<{ importErrors: ImportProblem[] }>().importErrors;
    expect(problems.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'email' },
      { line: 4, column: 'email' },
      { line: 5, column: 'second_phone' },
    ]);
    expect(problems[0]!.reason).toContain('line 2');
    expect(problems[1]!.reason).toContain('Gao Wen');
    expect(await countRows(app.storage, 'contacts')).toBe(before);

    const imported = await postCsv(secretary, 'contacts', header + good + elsewhere);
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ rows: 2, created: 2 });
    const listed = await app.request<{
      items: { name: string; roleAtCustomer: string | null; secondPhone: string | null; email: string }[];
    }>(secretary, 'GET', `/api/v1/organizations/${harbour.id}/contacts`);
    expect(listed.body.items.find((item) => item.name === 'Ma Lin')).toMatchObject({
      roleAtCustomer: '网络管理员',
      secondPhone: '+86 138 0013 8003',
      email: 'ma.lin@harbour.example',
    });

    // The export carries both columns; imported again into another customer it makes the same contacts.
    const exported = await app.inject({
      method: 'GET',
      url: `/api/v1/exports/contacts?organizationId=${harbour.id}`,
      headers: secretary.headers,
    });
    const lines = exported.body.trim().split('\n');
    expect(lines[0]).toBe('organization,name,role_at_customer,phone,second_phone,email,site,language');
    expect(lines).toContain('HB,Ma Lin,网络管理员,+862155550103,+8613800138003,ma.lin@harbour.example,,zh-CN');
    // Into the same customer, every contact with an address is on record already.
    const again = await postCsv(secretary, 'contacts', exported.body);
    expect(again.statusCode).toBe(400);
    expect(
      again
        .json<{ importErrors: ImportProblem[] }>()
        .importErrors.every((problem) => problem.column === 'email' || problem.column === 'site'),
    ).toBe(true);
    const copy = await app.organization('Harbour Copy');
    await app.storage.db.updateTable('organizations').set({ code: 'HBC' }).where('id', '=', copy.id).execute();
    const withoutSites = lines.map((line, index) =>
      index === 0 ? line : line.replace(/^HB,/, 'HBC,').replace(/,[^,]*,(en|zh-CN)$/, ',,$1'),
    );
    const copied = await postCsv(secretary, 'contacts', withoutSites.join('\n') + '\n');
    expect(copied.statusCode, copied.body).toBe(201);
    const copiedMa = await app.storage.db
      .selectFrom('contacts')
      .select(['role_at_customer', 'phone', 'second_phone', 'email'])
      .where('organization_id', '=', copy.id)
      .where('name', '=', 'Ma Lin')
      .executeTakeFirstOrThrow();
    expect(copiedMa).toEqual({
      role_at_customer: '网络管理员',
      phone: '+862155550103',
      second_phone: '+8613800138003',
      email: 'ma.lin@harbour.example',
    });
  });

  it('imports contracts for those who keep contracts, by the rules of the contract form', async () => {
    const manager = await app.user('manager');
    const header = 'organization,number,starts_at,ends_at,services,projects,products,servicing_department,notes\n';
    const good = 'HB,HB-CSV-01,2026-01-01,2026-12-31,hotline; Onsite,Core network,foc-csv-1,Network Implementation,\n'; // line 2
    // A secretary imports customers and products but does not keep contracts.
    expect((await postCsv(secretary, 'contracts', header + good)).statusCode).toBe(403);

    const before = await countRows(app.storage, 'contracts');
    const bad = await postCsv(
      manager,
      'contracts',
      header +
        good +
        'HB,HB-CSV-02,2026-01-01,2025-12-31,hotline,,,,\n' + // line 3: ends before it starts
        'HB,HB-CSV-03,2026-01-01,2026-12-31,hotline; coffee,,,,\n' + // line 4: no such service
        'HB,HB-CSV-04,2026-01-01,2026-12-31,hotline,,HW-CSV-1,,\n' + // line 5: another customer's product
        'HB,HB-CSV-01,2026-01-01,2026-12-31,hotline,,,,\n' + // line 6: number repeated from line 2
        'HB,HB-CSV-05,2026-01-01,2026-12-31,hotline,No such project,,,\n', // line 7: no such project
    );
    expect(bad.statusCode).toBe(400);
    const problems = bad.json<{ importErrors: ImportProblem[] }>().importErrors;
    expect(problems.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'ends_at' },
      { line: 4, column: 'services' },
      { line: 5, column: 'products' },
      { line: 6, column: 'number' },
      { line: 7, column: 'projects' },
    ]);
    expect(problems[1]!.reason).toContain('coffee');
    expect(await countRows(app.storage, 'contracts')).toBe(before);

    const imported = await postCsv(manager, 'contracts', header + good + 'MTC,MTC-CSV-01,2026-01-01,2026-12-31,remote,,,,\n');
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ kind: 'contracts', rows: 2, created: 2 });
    const stored = await app.storage.db
      .selectFrom('contracts')
      .select(['number', 'services_json', 'covers_whole_organization'])
      .where('number', 'in', ['HB-CSV-01', 'MTC-CSV-01'])
      .orderBy('number')
      .execute();
    expect(stored).toEqual([
      { number: 'HB-CSV-01', services_json: '["hotline","onsite"]', covers_whole_organization: 0 },
      { number: 'MTC-CSV-01', services_json: '["remote"]', covers_whole_organization: 1 },
    ]);
    const again = await postCsv(manager, 'contracts', header + good);
    expect(again.json<{ importErrors: ImportProblem[] }>().importErrors).toEqual([
      expect.objectContaining({ line: 2, column: 'number', reason: expect.stringContaining('HB-CSV-01') }),
    ]);

    const exported = await app.inject({ method: 'GET', url: '/api/v1/exports/contracts', headers: manager.headers });
    const lines = exported.body.trim().split('\n');
    expect(lines[0]).toBe('organization,number,starts_at,ends_at,services,projects,products,servicing_department,notes');
    expect(lines).toContain('HB,HB-CSV-01,2026-01-01,2026-12-31,hotline; onsite,Core network,FOC-CSV-1,Network Implementation,');
    expect(lines).toContain('MTC,MTC-CSV-01,2026-01-01,2026-12-31,remote,,,,');
  });

  it('stores nothing from a file with a bad row, and names every problem by line, column and reason', async () => {
    const assetsBefore = await countRows(app.storage, 'assets');
    const vendorsBefore = await countRows(app.storage, 'vendors');
    const csv =
      'organization,project,vendor,model,serial_number\n' + // line 1
      'HB,Core network,Juniper,EX4300,JN-OK-1\n' + // line 2: fine on its own (and a new vendor)
      'HB,Core network,Cisco,C9300,FOC-CSV-1\n' + // line 3: serial on record already
      'HB,Core network,Cisco,,JN-OK-2\n' + // line 4: model missing
      'Nobody Ltd,,Cisco,C9300,JN-OK-3\n' + // line 5: unknown organisation
      'HB,No such project,Cisco,C9300,JN-OK-4\n' + // line 6: unknown project
      'HB,,Cisco,C9300,JN-OK-1\n'; // line 7: serial repeated from line 2
    const response = await postCsv(secretary, 'products', csv);
    expect(response.statusCode).toBe(400);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    const problems = response.json<{ importErrors: ImportProblem[] }>().importErrors;
    expect(problems.map(({ line, column }) => ({ line, column }))).toEqual([
      { line: 3, column: 'serial_number' },
      { line: 4, column: 'model' },
      { line: 5, column: 'organization' },
      { line: 6, column: 'project' },
      { line: 7, column: 'serial_number' },
    ]);
    expect(problems[0]!.reason).toContain('FOC-CSV-1');
    expect(problems[4]!.reason).toContain('line 2');
    expect(await countRows(app.storage, 'assets')).toBe(assetsBefore);
    expect(await countRows(app.storage, 'vendors')).toBe(vendorsBefore);
  });

  it('reports a wrong header, bad dates and malformed CSV without storing anything', async () => {
    const header = await postCsv(secretary, 'projects', 'organization,name,delivered,guarantee_ends_at\nHB,x,2025-01-01,2026-01-01\n');
    expect(header.statusCode).toBe(400);
    expect(header.json<{ importErrors: ImportProblem[] }>().importErrors.map((problem) => problem.column)).toEqual([
      'delivered',
      'delivered_at',
    ]);

    const dates = await postCsv(
      secretary,
      'projects',
      'organization,name,delivered_at,guarantee_ends_at\nHB,x,2025-02-30,2026-01-01\nHB,y,2025-06-01,2025-01-01\n',
    );
    expect(dates.json<{ importErrors: ImportProblem[] }>().importErrors).toEqual([
      expect.objectContaining({ line: 2, column: 'delivered_at' }),
      expect.objectContaining({ line: 3, column: 'guarantee_ends_at' }),
    ]);

    const malformed = await postCsv(secretary, 'organizations', 'name,code\n"unterminated,X\n');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<{ importErrors: ImportProblem[] }>().importErrors[0]).toMatchObject({ column: null });
    expect(await countRows(app.storage, 'projects')).toBe(2);
  });

  it('checks without storing on a dry run', async () => {
    const before = await countRows(app.storage, 'organizations');
    const dry = await postCsv(secretary, 'organizations', 'name\nDry Run Ltd\n', '?dryRun=true');
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 1, created: 0 });
    expect(await countRows(app.storage, 'organizations')).toBe(before);
  });

  it("offers a template per kind: the header the import reads and an example row in the user's language", async () => {
    const english = await app.inject({ method: 'GET', url: '/api/v1/imports/products/template', headers: secretary.headers });
    expect(english.statusCode).toBe(200);
    expect(String(english.headers['content-type'])).toContain('text/csv');
    expect(String(english.headers['content-disposition'])).toContain('casedesk-products-template.csv');
    const [header, example, ...rest] = english.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(header).toBe('organization,project,vendor,model,serial_number,software_version,site,notes');
    expect(example).toBe('HB,Core network,Cisco,C9300-48P,FOC0000X001,17.9.4,Head office,"Core switch, rack A3"');
    expect(rest).toEqual([]);

    // The same column names in Chinese (the import reads only those); the example is Chinese.
    const chinese = await app.inject({
      method: 'GET',
      url: '/api/v1/imports/projects/template?language=zh-CN',
      headers: secretary.headers,
    });
    const [chineseHeader, chineseExample] = chinese.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(chineseHeader).toBe('organization,name,delivered_at,guarantee_ends_at,implementing_department,sites,notes');
    expect(chineseExample).toContain('核心网络');

    // A template with its example row changed to real data imports as it is, byte-order mark included.
    const template = await app.inject({ method: 'GET', url: '/api/v1/imports/organizations/template', headers: secretary.headers });
    expect(template.body.startsWith('\uFEFF')).toBe(true);
    const imported = await postCsv(
      secretary,
      'organizations',
      template.body.replace('Harbour Bank,HB', 'Template Trading,TT').replace('li.wei@', 'tt@'),
    );
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ rows: 1, created: 1 });

    const unknownKind = await app.inject({ method: 'GET', url: '/api/v1/imports/cases/template', headers: secretary.headers });
    expect(unknownKind.statusCode).toBe(400);
    const badLanguage = await app.inject({
      method: 'GET',
      url: '/api/v1/imports/products/template?language=fr',
      headers: secretary.headers,
    });
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.body).toContain('language');
    expect((await app.inject({ method: 'GET', url: '/api/v1/imports/products/template', headers: expert.headers })).statusCode).toBe(403);
  });

  it("gives every failing row with line, column and reason in the user's language, as problem+json", async () => {
    const chineseSecretary = await app.user('secretary', { language: 'zh-CN' });
    const response = await postCsv(
      chineseSecretary,
      'products',
      'organization,vendor,model,serial_number\nHB,Cisco,,ZH-1\nHB,Cisco,C9300,FOC-CSV-1\n',
    );
    expect(response.statusCode).toBe(400);
    expect(String(response.headers['content-type'])).toContain('application/problem+json');
    const body = response.json<{ status: number; detail: string; importErrors: ImportProblem[]; rows: number; kind: string }>();
    expect(body).toMatchObject({ status: 400, rows: 2, kind: 'products' });
    expect(body.importErrors).toEqual([
      { line: 2, column: 'model', reason: expect.stringContaining('不能为空') },
      { line: 3, column: 'serial_number', reason: expect.stringContaining('FOC-CSV-1') },
    ]);
  });

  it('lets only organisation editors import and export', async () => {
    expect((await postCsv(expert, 'organizations', 'name\nX\n')).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/exports/products', headers: expert.headers })).statusCode).toBe(403);
  });

  it('exports the same data as CSV in the columns the import reads', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/exports/products', headers: secretary.headers });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['content-type'])).toContain('text/csv');
    const lines = response.body.trim().split('\n');
    expect(lines[0]).toBe('organization,project,vendor,model,serial_number,software_version,site,notes');
    expect(lines).toContain('HB,Core network,Cisco,C9300-48P,FOC-CSV-1,17.9.4,Head office,');
    expect(lines).toHaveLength(4);
    const organizations = await app.inject({ method: 'GET', url: '/api/v1/exports/organizations', headers: secretary.headers });
    expect(organizations.body).toContain('"Metro, Transit Co",MTC,"Notes with ""quotes"""');
  });
});

/** Runs `casedesk …` in-process, capturing what it prints. */
async function casedesk(...argv: string[]): Promise<{ code: number; lines: string[]; errors: string[] }> {
  const lines: string[] = [];
  const errors: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.map(String).join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.map(String).join(' ')));
  try {
    return { code: await runCli(argv), lines, errors };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

const SAVED_ENVIRONMENT = { ...process.env };

/** Points the CLI's configuration (the environment) at the test database, as an operator would. */
function useDatabase(database: TestDatabase): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('CASEDESK_') && !(key in SAVED_ENVIRONMENT)) delete process.env[key];
  Object.assign(process.env, SAVED_ENVIRONMENT);
  delete process.env.CASEDESK_DATABASE_URL;
  delete process.env.CASEDESK_DATA_DIR;
  Object.assign(process.env, databaseEnvironment(database.target));
}

describeOnEachDatabase('npx casedesk import / export', (database) => {
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    app = await TestApp.start(database);
    await app.organization('CLI Customer');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-csv-'));
    useDatabase(app.database);
  });
  afterAll(async () => {
    for (const key of Object.keys(process.env)) if (key.startsWith('CASEDESK_') && !(key in SAVED_ENVIRONMENT)) delete process.env[key];
    Object.assign(process.env, SAVED_ENVIRONMENT);
    fs.rmSync(dir, { recursive: true, force: true });
    await app.stop();
  });

  const file = (name: string, content: string) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  };

  it('imports a good file, and refuses a bad one with line, column and reason, storing nothing', async () => {
    const good = file(
      'products.csv',
      'organization,vendor,model,serial_number\nCLI Customer,Fortinet,FG-100F,FGT-CLI-1\nCLI Customer,Fortinet,FG-100F,FGT-CLI-2\n',
    );
    const dry = await casedesk('import', 'products', good, '--dry-run');
    expect(dry).toMatchObject({ code: 0, lines: [expect.stringContaining('dry run: 2 products rows are fine')] });
    expect(await countRows(app.storage, 'assets')).toBe(0);

    const imported = await casedesk('import', 'products', good);
    expect(imported.code).toBe(0);
    expect(imported.lines.join('\n')).toMatch(/imported 2 products and 1 new vendors/);
    expect(await countRows(app.storage, 'assets')).toBe(2);

    const bad = file(
      'bad.csv',
      'organization,vendor,model,serial_number\nCLI Customer,Fortinet,FG-200F,FGT-CLI-3\nCLI Customer,Fortinet,FG-200F,FGT-CLI-1\n',
    );
    const refused = await casedesk('import', 'products', bad);
    expect(refused.code).toBe(1);
    expect(refused.errors[0]!.startsWith(`${bad}:3 column serial_number: serial number "FGT-CLI-1" is on record already (product `)).toBe(
      true,
    );
    expect(refused.errors.join('\n')).toContain('Nothing was imported');
    expect(await countRows(app.storage, 'assets')).toBe(2);
  });

  it('refuses an unknown kind and exports to a file', async () => {
    expect((await casedesk('import', 'tickets', path.join(dir, 'products.csv'))).code).not.toBe(0);
    const target = path.join(dir, 'export.csv');
    const exported = await casedesk('export', 'products', target);
    expect(exported.code).toBe(0);
    const content = fs.readFileSync(target, 'utf8');
    expect(content.split('\n')[0]).toBe('organization,project,vendor,model,serial_number,software_version,site,notes');
    expect(content).toContain('FGT-CLI-2');
  });
});
