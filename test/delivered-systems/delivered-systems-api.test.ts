import { afterAll, beforeAll, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../src/services/context.js';
import { openCase } from '../../src/services/cases/open-case.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Vendor {
  id: string;
  name: string;
  supportCenter: { name: string; phone: string; email: string; url: string | null };
}
interface Project {
  id: string;
  items: { id: string; serialNumber: string; status: string }[];
  nextCheckOn: string;
}
interface Entitlement {
  billing: string;
  serialNumber: string;
  guaranteeEndsAt: string | null;
  contract: { id: string; number: string; services: string[] } | null;
  reason: string;
  reasonCode: string;
}
interface Problem {
  status: number;
  field?: string;
  existing?: { id: string; serialNumber: string };
}

describeOnEachDatabase('delivered systems: vendors, configuration records, products, contracts, entitlement', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let secretary: TestUser;
  let manager: TestUser;
  let customer: TestUser;
  let otherCustomer: TestUser;
  let organizationId: string;
  let otherOrganizationId: string;
  let cisco: Vendor;
  let project: Project;
  let filesDir: string;

  beforeAll(async () => {
    // 2026-03-02 (UTC): the project below is in guarantee until 2026-03-31.
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-files-'));
    app.context.filesDir = filesDir;
    admin = await app.user('admin');
    secretary = await app.user('secretary');
    manager = await app.user('manager');
    // Cases need a servicing department; the company's first one is its default.
    expect((await app.request(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    organizationId = (await app.organization('Harbour Bank')).id;
    otherOrganizationId = (await app.organization('Other Ltd')).id;
    customer = await app.user('customer', { organizationId });
    otherCustomer = await app.user('customer', { organizationId: otherOrganizationId });

    const vendor = await app.request<Vendor>(manager, 'POST', '/api/v1/vendors', {
      name: 'Cisco',
      supportCenter: { name: 'Cisco TAC', phone: '+1 408 526 7209', email: 'tac@cisco.example', url: 'https://tac.cisco.example' },
    });
    expect(vendor.status).toBe(201);
    cisco = vendor.body;

    const created = await app.request<Project>(secretary, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Core network 2025',
      deliveredAt: '2025-04-01',
      guaranteeEndsAt: '2026-03-31',
      sites: ['Head office'],
      items: [
        { vendorId: cisco.id, model: 'C9300-48P', serialNumber: 'FOC2001A001', softwareVersion: '17.9.4', site: 'Head office' },
        { vendorId: cisco.id, model: 'C9300-48P', serialNumber: 'FOC2001A002' },
      ],
    });
    expect(created.status).toBe(201);
    project = created.body;
  });
  afterAll(async () => {
    await app.stop();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('records a vendor with its support center, one name once', async () => {
    expect(cisco.supportCenter).toEqual({
      name: 'Cisco TAC',
      phone: '+1 408 526 7209',
      email: 'tac@cisco.example',
      url: 'https://tac.cisco.example',
      contractNumber: null,
    });
    const again = await app.request<Problem>(manager, 'POST', '/api/v1/vendors', { name: 'cisco ', supportCenter: { name: 'x' } });
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('name');
  });

  it('records a configuration record with its items and schedules its first yearly check', async () => {
    expect(project.items.map((item) => item.serialNumber).sort()).toEqual(['FOC2001A001', 'FOC2001A002']);
    expect(project.nextCheckOn).toBe('2026-04-01');
    const bad = await app.request<Problem>(secretary, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Backwards',
      deliveredAt: '2026-01-10',
      guaranteeEndsAt: '2025-01-10',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('guaranteeEndsAt');
    const badDate = await app.request<Problem>(secretary, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'x',
      deliveredAt: '2026-02-30',
      guaranteeEndsAt: '2027-01-01',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.field).toBe('deliveredAt');
  });

  it('refuses a duplicate serial number with 409 naming the existing product, and stores nothing of the request', async () => {
    const duplicate = await app.request<Problem>(secretary, 'POST', '/api/v1/assets', {
      organizationId,
      vendorId: cisco.id,
      model: 'C9200',
      serialNumber: ' FOC2001A001 ',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.field).toBe('serialNumber');
    expect(duplicate.body.existing).toMatchObject({
      id: project.items.find((item) => item.serialNumber === 'FOC2001A001')!.id,
      serialNumber: 'FOC2001A001',
    });

    const inProject = await app.request<Problem>(secretary, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Second site',
      deliveredAt: '2026-01-10',
      guaranteeEndsAt: '2027-01-10',
      items: [
        { vendorId: cisco.id, model: 'ISR4331', serialNumber: 'FDO-NEW-1' },
        { vendorId: cisco.id, model: 'ISR4331', serialNumber: 'FOC2001A002' },
      ],
    });
    expect(inProject.status).toBe(409);
    expect(inProject.body.field).toBe('items.1.serialNumber');
    const stored = await app.request<{ items: unknown[] }>(admin, 'GET', '/api/v1/assets?serial=FDO-NEW-1');
    expect(stored.body.items).toEqual([]);
    const projects = await app.request<{ items: { name: string }[] }>(admin, 'GET', `/api/v1/projects?organizationId=${organizationId}`);
    expect(projects.body.items.map((item) => item.name)).not.toContain('Second site');
  });

  it('finds a product by serial number', async () => {
    const found = await app.request<{ items: { serialNumber: string; vendorId: string }[] }>(
      secretary,
      'GET',
      '/api/v1/assets?serial=FOC2001A002',
    );
    expect(found.status).toBe(200);
    expect(found.body.items).toEqual([expect.objectContaining({ serialNumber: 'FOC2001A002', vendorId: cisco.id })]);
  });

  it('answers the entitlement of a serial number with the dates that decide it, and 404 for an unknown one', async () => {
    const inGuarantee = await app.request<Entitlement>(secretary, 'GET', '/api/v1/entitlements?serial=FOC2001A001');
    expect(inGuarantee.status).toBe(200);
    expect(inGuarantee.body).toMatchObject({
      billing: 'guarantee',
      serialNumber: 'FOC2001A001',
      guaranteeEndsAt: '2026-03-31',
      contract: null,
    });
    const lastDay = await app.request<Entitlement>(secretary, 'GET', '/api/v1/entitlements?serial=FOC2001A001&on=2026-03-31');
    expect(lastDay.body.billing).toBe('guarantee');
    const dayAfter = await app.request<Entitlement>(secretary, 'GET', '/api/v1/entitlements?serial=FOC2001A001&on=2026-04-01');
    expect(dayAfter.body).toMatchObject({ billing: 'chargeable', reasonCode: 'guarantee-ended' });

    const unknown = await app.request<Problem & { type: string }>(secretary, 'GET', '/api/v1/entitlements?serial=NOPE-404');
    expect(unknown.status).toBe(404);
    expect(String(unknown.headers['content-type'])).toContain('application/problem+json');
    expect(unknown.body.field).toBe('serial');
  });

  it('covers products under a contract from its first day, and the contract names its services', async () => {
    const contract = await app.request<{ id: string; coversWholeOrganization: boolean; projectIds: string[] }>(
      manager,
      'POST',
      '/api/v1/contracts',
      {
        organizationId,
        number: 'SC-2026-017',
        startsAt: '2026-04-01',
        endsAt: '2027-03-31',
        services: ['hotline', 'remote', 'onsite', 'yearly-check'],
        projectIds: [project.id],
      },
    );
    expect(contract.status).toBe(201);
    expect(contract.body).toMatchObject({ coversWholeOrganization: false, projectIds: [project.id] });

    const dayBefore = await app.request<Entitlement>(secretary, 'GET', '/api/v1/entitlements?serial=FOC2001A002&on=2026-03-31');
    expect(dayBefore.body.billing).toBe('guarantee');
    const firstDay = await app.request<Entitlement>(secretary, 'GET', '/api/v1/entitlements?serial=FOC2001A002&on=2026-04-01');
    expect(firstDay.body).toMatchObject({
      billing: 'contract',
      contract: { id: contract.body.id, number: 'SC-2026-017', services: ['hotline', 'remote', 'onsite', 'yearly-check'] },
    });
    const numberAgain = await app.request<Problem>(manager, 'POST', '/api/v1/contracts', {
      organizationId,
      number: 'SC-2026-017',
      startsAt: '2026-04-01',
      endsAt: '2027-03-31',
      services: [],
    });
    expect(numberAgain.status).toBe(409);
    const foreign = await app.request<Problem>(manager, 'POST', '/api/v1/contracts', {
      organizationId: otherOrganizationId,
      number: 'SC-X',
      startsAt: '2026-04-01',
      endsAt: '2027-03-31',
      services: ['hotline'],
      assetSerials: ['FOC2001A001'],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.field).toBe('assetSerials.0');
  });

  it('stores the entitlement on a case at intake and keeps it when the contract changes, until staff re-evaluate it', async () => {
    const loose = await app.request<{ id: string }>(secretary, 'POST', '/api/v1/assets', {
      organizationId,
      vendorId: cisco.id,
      model: 'ASA5516',
      serialNumber: 'JAD-LOOSE-1',
    });
    expect(loose.status).toBe(201);
    const opened = await openCase(
      app.context,
      { userId: secretary.id, role: 'secretary', organizationId: null },
      {
        organizationId,
        channel: 'hotline',
        level: 2,
        title: 'Firewall drops VPN',
        description: 'VPN tunnels reset',
        serialNumbers: ['JAD-LOOSE-1'],
      },
    );
    expect(opened.billing).toBe('chargeable');
    expect(JSON.parse(opened.entitlement_json!)).toMatchObject({ billing: 'chargeable', vendorId: cisco.id, serialNumber: 'JAD-LOOSE-1' });
    expect(opened.vendor_id).toBe(cisco.id);

    // A contract covering the whole organisation from today: the open case keeps what intake decided.
    const wide = await app.request<{ id: string }>(manager, 'POST', '/api/v1/contracts', {
      organizationId,
      number: 'SC-2026-WIDE',
      startsAt: '2026-03-01',
      endsAt: '2026-12-31',
      services: ['hotline'],
    });
    expect(wide.status).toBe(201);
    const kept = await app.request<{ billing: string }>(secretary, 'GET', `/api/v1/cases/${opened.id}/entitlement`);
    expect(kept.body.billing).toBe('chargeable');

    const reEvaluated = await app.request<{ billing: string; entitlement: { contract: { number: string } } }>(
      secretary,
      'POST',
      `/api/v1/cases/${opened.id}/entitlement/re-evaluate`,
      { note: 'contract signed' },
    );
    expect(reEvaluated.status).toBe(200);
    expect(reEvaluated.body).toMatchObject({ billing: 'contract', entitlement: { contract: { number: 'SC-2026-WIDE' } } });
    const timeline = await app.storage.db
      .selectFrom('case_events')
      .select(['kind', 'data_json'])
      .where('case_id', '=', opened.id)
      .orderBy('id')
      .execute();
    const event = timeline.find((row) => row.kind === 'entitlement.re-evaluated');
    expect(JSON.parse(event!.data_json)).toMatchObject({
      before: { billing: 'chargeable' },
      after: { billing: 'contract', contractNumber: 'SC-2026-WIDE' },
    });
    const denied = await app.request(customer, 'POST', `/api/v1/cases/${opened.id}/entitlement/re-evaluate`, {});
    expect(denied.status).toBe(403);
  });

  it('records a free exchange: the record is updated, both products keep their history', async () => {
    const opened = await openCase(
      app.context,
      { userId: secretary.id, role: 'secretary', organizationId: null },
      { organizationId, channel: 'hotline', level: 1, title: 'Switch dead', description: 'No power', serialNumbers: ['FOC2001A002'] },
    );
    expect(opened.billing).toBe('guarantee');
    const executive = await app.user('executive');
    const notApprover = await app.request<Problem>(executive, 'POST', `/api/v1/cases/${opened.id}/exchanges`, {
      oldSerialNumber: 'FOC2001A002',
      newSerialNumber: 'FOC2001B999',
      reason: 'power supply failure',
      approvedByUserId: executive.id,
    });
    expect(notApprover.status).toBe(400);
    expect(notApprover.body.field).toBe('approvedByUserId');
    const takenSerial = await app.request<Problem>(executive, 'POST', `/api/v1/cases/${opened.id}/exchanges`, {
      oldSerialNumber: 'FOC2001A002',
      newSerialNumber: 'FOC2001A001',
      reason: 'power supply failure',
      approvedByUserId: manager.id,
    });
    expect(takenSerial.status).toBe(409);

    const exchange = await app.request<{ id: string; oldAssetId: string; newAssetId: string; approvedByUserId: string }>(
      executive,
      'POST',
      `/api/v1/cases/${opened.id}/exchanges`,
      { oldSerialNumber: 'FOC2001A002', newSerialNumber: 'FOC2001B999', reason: 'power supply failure', approvedByUserId: manager.id },
    );
    expect(exchange.status).toBe(201);
    expect(exchange.body.approvedByUserId).toBe(manager.id);

    const record = await app.request<Project>(secretary, 'GET', `/api/v1/projects/${project.id}`);
    const bySerial = new Map(record.body.items.map((item) => [item.serialNumber, item.status]));
    expect(bySerial.get('FOC2001A002')).toBe('exchanged');
    expect(bySerial.get('FOC2001B999')).toBe('in-service');

    const oldHistory = await app.request<{ cases: { id: string }[]; exchanges: { id: string }[] }>(
      secretary,
      'GET',
      `/api/v1/assets/${exchange.body.oldAssetId}/history`,
    );
    expect(oldHistory.body.cases.map((row) => row.id)).toContain(opened.id);
    expect(oldHistory.body.exchanges.map((row) => row.id)).toEqual([exchange.body.id]);
    const newHistory = await app.request<{ asset: { replacesAssetId: string }; cases: { id: string }[]; exchanges: { id: string }[] }>(
      secretary,
      'GET',
      `/api/v1/assets/${exchange.body.newAssetId}/history`,
    );
    expect(newHistory.body.asset.replacesAssetId).toBe(exchange.body.oldAssetId);
    expect(newHistory.body.exchanges.map((row) => row.id)).toEqual([exchange.body.id]);
    // The replacement inherits the project's guarantee.
    const entitlement = await app.request<Entitlement>(secretary, 'GET', '/api/v1/entitlements?serial=FOC2001B999');
    expect(entitlement.body.billing).toBe('guarantee');

    const again = await app.request<Problem>(executive, 'POST', `/api/v1/cases/${opened.id}/exchanges`, {
      oldSerialNumber: 'FOC2001A002',
      newSerialNumber: 'FOC2001C000',
      reason: 'again',
      approvedByUserId: manager.id,
    });
    expect(again.status).toBe(409);

    const compensation = await app.request<{ amountMinor: number; currency: string; approvedByUserId: string }>(
      manager,
      'POST',
      `/api/v1/cases/${opened.id}/compensations`,
      {
        description: 'One month of service fee waived',
        amountMinor: 1_250_000,
        currency: 'cny',
        approvedByUserId: manager.id,
      },
    );
    expect(compensation.status).toBe(201);
    expect(compensation.body).toMatchObject({ amountMinor: 1_250_000, currency: 'CNY', approvedByUserId: manager.id });
    const listed = await app.request<{ items: unknown[] }>(customer, 'GET', `/api/v1/cases/${opened.id}/exchanges`);
    expect(listed.body.items).toHaveLength(1);
    const kinds = (await app.storage.db.selectFrom('case_events').select('kind').where('case_id', '=', opened.id).execute()).map(
      (row) => row.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(['exchange.recorded', 'compensation.recorded']));
  });

  it('shows a customer only their own organisation’s projects, products, contracts and entitlements', async () => {
    const theirs = await app.request<{ items: { organizationId: string }[] }>(otherCustomer, 'GET', '/api/v1/assets');
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    const asked = await app.request<{ items: unknown[] }>(otherCustomer, 'GET', `/api/v1/projects?organizationId=${organizationId}`);
    expect(asked.body.items).toEqual([]);
    expect((await app.request(otherCustomer, 'GET', `/api/v1/projects/${project.id}`)).status).toBe(404);
    expect((await app.request(otherCustomer, 'GET', `/api/v1/assets/${project.items[0]!.id}`)).status).toBe(404);
    expect((await app.request(otherCustomer, 'GET', '/api/v1/entitlements?serial=FOC2001A001')).status).toBe(404);
    expect((await app.request(otherCustomer, 'GET', `/api/v1/entitlements?organizationId=${organizationId}`)).status).toBe(404);
    const contracts = await app.request<{ items: unknown[] }>(otherCustomer, 'GET', '/api/v1/contracts');
    expect(contracts.body.items).toEqual([]);

    const own = await app.request<{ items: { organizationId: string }[] }>(customer, 'GET', '/api/v1/assets');
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(new Set(own.body.items.map((item) => item.organizationId))).toEqual(new Set([organizationId]));
    expect((await app.request(customer, 'GET', '/api/v1/entitlements?serial=FOC2001A001')).status).toBe(200);
    const organization = await app.request<{ billing: string; contractsInForce: { number: string }[] }>(
      customer,
      'GET',
      `/api/v1/entitlements?organizationId=${organizationId}`,
    );
    expect(organization.body.billing).toBe('contract');
    expect(organization.body.contractsInForce.map((contract) => contract.number)).toEqual(['SC-2026-WIDE']);
  });

  it('stores attachments checked by content, size-limited, under generated names', async () => {
    const upload = (fileName: string, content: Buffer, as: TestUser = secretary) =>
      app.upload(as, `/api/v1/projects/${project.id}/attachments`, fileName, content, 'application/octet-stream');
    const config = await upload('../../etc/core-switch.cfg', Buffer.from('hostname core-1\ninterface Gi1/0/1\n description uplink\n'));
    expect(config.statusCode).toBe(201);
    const stored = config.json<{ id: string; fileName: string; contentType: string; downloadUrl: string }>();
    expect(stored.fileName).toBe('core-switch.cfg');
    expect(stored.contentType).toMatch(/^text\/plain/);
    // In the data folder on SQLite, in the database on PostgreSQL (so every instance serves it).
    expect(await app.storedFileKeys()).toEqual([`project-attachments/${stored.id}.bin`]);
    if (database === 'postgres') expect(fs.existsSync(path.join(filesDir, 'project-attachments'))).toBe(false);

    const executable = await upload('topology.pdf', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]));
    expect(executable.statusCode).toBe(400);
    expect(executable.json<Problem>().field).toBe('file');
    const pdf = await upload('topology.pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'));
    expect(pdf.json<{ contentType: string }>().contentType).toBe('application/pdf');
    const tooBig = await upload('huge.txt', Buffer.alloc(20 * 1024 * 1024 + 1, 0x61));
    expect(tooBig.statusCode).toBe(413);
    expect(await app.storedFileKeys()).toHaveLength(2);

    const download = await app.inject({ method: 'GET', url: stored.downloadUrl, headers: customer.headers });
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('hostname core-1');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect((await app.inject({ method: 'GET', url: stored.downloadUrl, headers: otherCustomer.headers })).statusCode).toBe(404);
  });

  it('refuses an attachment over 20 MB sent chunked (no Content-Length) with a 413 and stores nothing', async () => {
    const listed = () => app.request<{ items: unknown[] }>(admin, 'GET', `/api/v1/projects/${project.id}/attachments`);
    const storedFiles = async () => (await app.storedFileKeys()).length;
    const filesBefore = await storedFiles();
    const attachmentsBefore = (await listed()).body.items.length;
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.app.server.address() as AddressInfo;
    // A browser or proxy streaming the upload sends it in 64 KB chunks, so the limit falls exactly on a chunk boundary.
    const sizes = [20 * 1024 * 1024 + 1, 21 * 1024 * 1024, 30 * 1024 * 1024];
    for (const size of sizes) {
      const boundary = '----casedesk-chunked';
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `/api/v1/projects/${project.id}/attachments`,
            headers: { ...secretary.headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
          },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        // The server may answer and close before the whole body is sent; that is the point.
        request.on('error', (error) =>
          error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error),
        );
        request.write(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`,
        );
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const write = (left: number): void => {
          if (left <= 0) {
            request.end(`\r\n--${boundary}--\r\n`);
            return;
          }
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          if (request.write(piece)) setImmediate(() => write(left - piece.length));
          else request.once('drain', () => write(left - piece.length));
        };
        write(size);
      });
      expect(status, `${size} bytes`).toBe(413);
    }
    expect(await storedFiles()).toBe(filesBefore);
    expect((await listed()).body.items).toHaveLength(attachmentsBefore);
  });
});
