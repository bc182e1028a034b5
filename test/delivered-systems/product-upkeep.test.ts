import { afterAll, beforeAll, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCase } from '../../src/services/cases/open-case.js';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Asset {
  id: string;
  serialNumber: string;
  model: string;
  site: string | null;
  softwareVersion: string | null;
  status: string;
}
interface History {
  asset: Asset;
  changes: { kind: string; fromSite: string | null; toSite: string | null; actorUserId: string | null }[];
}
interface Problem {
  status: number;
  field?: string;
  detail: string;
}
interface AuditEntry {
  action: string;
  entityId: string;
}

describeOnEachDatabase('delivered systems: products edited, moved, retired; attachments removed', (database) => {
  let app: TestApp;
  let manager: TestUser;
  let secretary: TestUser;
  let customer: TestUser;
  let admin: TestUser;
  let organizationId: string;
  let projectId: string;
  let core: Asset;
  let edge: Asset;
  let filesDir: string;

  beforeAll(async () => {
    // 2026-03-02: the project is in guarantee until 2026-12-31.
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-files-'));
    app.context.filesDir = filesDir;
    admin = await app.user('admin');
    manager = await app.user('manager');
    secretary = await app.user('secretary');
    // Cases need a servicing department; the company's first one is its default.
    expect((await app.request(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    organizationId = (await app.organization('Harbour Bank')).id;
    customer = await app.user('customer', { organizationId });
    for (const name of ['Head office', 'Branch Pudong']) {
      expect((await app.request(manager, 'POST', `/api/v1/organizations/${organizationId}/sites`, { name })).status).toBe(201);
    }
    const vendor = await app.request<{ id: string }>(manager, 'POST', '/api/v1/vendors', {
      name: 'Cisco',
      supportCenter: { name: 'Cisco TAC', phone: '+1 408 526 7209', email: 'tac@cisco.example' },
    });
    expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
    const project = await app.request<{ id: string; items: Asset[] }>(manager, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Core network',
      deliveredAt: '2026-01-05',
      guaranteeEndsAt: '2026-12-31',
      items: [
        { vendorId: vendor.body.id, model: 'C9300-48P', serialNumber: 'FOC3001A001', site: 'Head office' },
        { vendorId: vendor.body.id, model: 'ISR4331', serialNumber: 'FOC3001A002', site: 'Head office' },
      ],
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    projectId = project.body.id;
    [core, edge] = project.body.items as [Asset, Asset];
  });
  afterAll(async () => {
    await app?.stop();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('edits a product’s model and software version', async () => {
    const changed = await app.request<Asset>(manager, 'PATCH', `/api/v1/assets/${core.id}`, {
      model: 'C9300-48UXM',
      softwareVersion: '17.12.1',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ model: 'C9300-48UXM', softwareVersion: '17.12.1', site: 'Head office' });
    const history = await app.request<History>(manager, 'GET', `/api/v1/assets/${core.id}/history`);
    // Recorded with its project: the product's own row says when.
    expect(history.body.changes.map((change) => change.kind)).toEqual(['updated', 'created']);
    expect(history.body.changes[1]).toMatchObject({ at: '2026-03-02T08:00:00.000Z', actorUserId: null });
  });

  it('moves a product to another site of the customer and keeps the move in its history', async () => {
    const moved = await app.request<Asset>(manager, 'PATCH', `/api/v1/assets/${core.id}`, { site: 'Branch Pudong' });
    expect(moved.status).toBe(200);
    expect(moved.body.site).toBe('Branch Pudong');
    const history = await app.request<History>(customer, 'GET', `/api/v1/assets/${core.id}/history`);
    expect(history.body.changes[0]).toMatchObject({
      kind: 'moved',
      fromSite: 'Head office',
      toSite: 'Branch Pudong',
      actorUserId: manager.id,
    });
  });

  it('refuses a site the customer does not have, at the site field, and changes nothing', async () => {
    const refused = await app.request<Problem>(manager, 'PATCH', `/api/v1/assets/${core.id}`, { site: 'Somewhere else' });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('site');
    expect(refused.body.detail).toContain('Somewhere else');
    expect((await app.request<Asset>(manager, 'GET', `/api/v1/assets/${core.id}`)).body.site).toBe('Branch Pudong');
    const unknownStatus = await app.request<Problem>(manager, 'PATCH', `/api/v1/assets/${core.id}`, { status: 'exchanged' });
    expect(unknownStatus.status).toBe(400);
    expect(unknownStatus.body.field).toBe('status');
  });

  it('retires a product: the entitlement and a case logged for it say chargeable; reactivated it is in guarantee again', async () => {
    const retired = await app.request<Asset>(manager, 'PATCH', `/api/v1/assets/${edge.id}`, { status: 'retired' });
    expect(retired.status).toBe(200);
    expect(retired.body.status).toBe('retired');
    const entitlement = await app.request<{ billing: string; reasonCode: string }>(
      secretary,
      'GET',
      '/api/v1/entitlements?serial=FOC3001A002',
    );
    expect(entitlement.body).toMatchObject({ billing: 'chargeable', reasonCode: 'product-retired' });
    const history = await app.request<History>(manager, 'GET', `/api/v1/assets/${edge.id}/history`);
    expect(history.body.changes[0]!.kind).toBe('retired');
    const opened = await openCase(
      app.context,
      { userId: secretary.id, role: 'secretary', organizationId: null },
      { organizationId, channel: 'hotline', level: 3, title: 'Router fan noise', description: '', serialNumbers: ['FOC3001A002'] },
    );
    expect(opened.billing).toBe('chargeable');
    expect(JSON.parse(opened.entitlement_json!)).toMatchObject({ reasonCode: 'product-retired' });

    const reactivated = await app.request<Asset>(manager, 'PATCH', `/api/v1/assets/${edge.id}`, { status: 'in-service' });
    expect(reactivated.body.status).toBe('in-service');
    const again = await app.request<{ billing: string }>(secretary, 'GET', '/api/v1/entitlements?serial=FOC3001A002');
    expect(again.body.billing).toBe('guarantee');
    const audit = await app.request<{ items: AuditEntry[] }>(admin, 'GET', `/api/v1/audit-log?entityType=asset&entityId=${edge.id}`);
    expect(audit.body.items.map((entry) => entry.action).slice(0, 2)).toEqual(['asset.reactivated', 'asset.retired']);
  });

  it('does not let a customer change a product', async () => {
    expect((await app.request(customer, 'PATCH', `/api/v1/assets/${core.id}`, { status: 'retired' })).status).toBe(403);
  });

  it('removes an attachment from the configuration record: the file goes, the removal is audited', async () => {
    const uploaded = await app.upload(manager, `/api/v1/projects/${projectId}/attachments`, 'core.cfg', Buffer.from('hostname core-1\n'));
    expect(uploaded.statusCode).toBe(201);
    const attachment = uploaded.json<{ id: string; downloadUrl: string }>();
    const stored = `project-attachments/${attachment.id}.bin`;
    expect(await app.storedFileKeys()).toContain(stored);

    const url = `/api/v1/projects/${projectId}/attachments/${attachment.id}`;
    expect((await app.request(customer, 'DELETE', url)).status).toBe(403);
    expect((await app.request(manager, 'DELETE', `/api/v1/projects/${projectId}/attachments/${edge.id}`)).status).toBe(404);
    expect((await app.request(manager, 'DELETE', url)).status).toBe(204);
    expect(await app.storedFileKeys()).not.toContain(stored);
    expect((await app.request(manager, 'GET', url)).status).toBe(404);
    const listed = await app.request<{ items: unknown[] }>(manager, 'GET', `/api/v1/projects/${projectId}/attachments`);
    expect(listed.body.items).toEqual([]);
    const audit = await app.request<{ items: AuditEntry[] }>(admin, 'GET', `/api/v1/audit-log?entityType=project&entityId=${projectId}`);
    expect(audit.body.items[0]!.action).toBe('project.attachment-removed');
    expect((await app.request(manager, 'DELETE', url)).status).toBe(404);
  });
});
