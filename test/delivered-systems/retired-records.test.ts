import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import type { Problem } from '../service-records/service-loop-world.js';

interface Vendor {
  id: string;
  name: string;
  status: 'active' | 'retired';
}
interface Project {
  id: string;
  name: string;
  status: 'active' | 'retired';
  items: { id: string; serialNumber: string; vendorId: string }[];
}
interface Contract {
  id: string;
  number: string;
  endsAt: string;
  cancelledOn: string | null;
  cancellationReason: string | null;
  coverage: { inForce: boolean; endsSoon: boolean };
}
interface Entitlement {
  billing: string;
  reasonCode: string;
  contract: { number: string } | null;
}

describeOnEachDatabase('retiring vendors and projects, ending contracts early', (database) => {
  let app: TestApp;
  let manager: TestUser;
  let secretary: TestUser;
  let engineer: TestUser;
  let admin: TestUser;
  let organizationId: string;
  let cisco: Vendor;
  let juniper: Vendor;
  let project: Project;

  beforeAll(async () => {
    // The company's today is 2026-03-02 (the test's UTC morning is that day in the default time zone).
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    admin = await app.user('admin');
    manager = await app.user('manager');
    secretary = await app.user('secretary');
    engineer = await app.user('executive');
    organizationId = (await app.organization('Harbour Bank')).id;
    const vendor = async (name: string) => {
      const created = await app.request<Vendor>(manager, 'POST', '/api/v1/vendors', { name, supportCenter: { name: `${name} TAC` } });
      expect(created.status).toBe(201);
      return created.body;
    };
    cisco = await vendor('Cisco');
    juniper = await vendor('Juniper');
    // A project whose guarantee ended: what its products get depends on the contract alone.
    const created = await app.request<Project>(secretary, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Core network 2024',
      deliveredAt: '2024-01-10',
      guaranteeEndsAt: '2025-01-10',
      items: [{ vendorId: juniper.id, model: 'MX204', serialNumber: 'JN-OLD-1' }],
    });
    expect(created.status).toBe(201);
    project = created.body;
  });
  afterAll(() => app.stop());

  const product = (as: TestUser, body: Record<string, unknown>) =>
    app.request<Problem & { id: string }>(as, 'POST', '/api/v1/assets', { organizationId, model: 'ISR 4331', ...body });
  const auditActions = async (entityId: string) =>
    (await app.request<{ items: { action: string }[] }>(admin, 'GET', `/api/v1/audit-log?entityId=${entityId}`)).body.items.map(
      (entry) => entry.action,
    );

  describe('vendors', () => {
    it('a manager retires a vendor: it keeps its products, is left out of the list unless asked, and is not offered for new ones', async () => {
      expect((await app.request<Problem>(engineer, 'POST', `/api/v1/vendors/${juniper.id}/retire`)).status).toBe(403);
      const retired = await app.request<Vendor>(manager, 'POST', `/api/v1/vendors/${juniper.id}/retire`);
      expect(retired.status).toBe(200);
      expect(retired.body.status).toBe('retired');
      expect((await app.request<Problem>(manager, 'POST', `/api/v1/vendors/${juniper.id}/retire`)).status).toBe(409);

      const listed = async (query: string) =>
        (await app.request<{ items: Vendor[] }>(engineer, 'GET', `/api/v1/vendors${query}`)).body.items.map((one) => one.name).sort();
      expect(await listed('')).toEqual(['Cisco']);
      expect(await listed('?includeRetired=true')).toEqual(['Cisco', 'Juniper']);

      const refused = await product(manager, { vendorId: juniper.id, serialNumber: 'JN-NEW-1' });
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('vendorId');
      expect(refused.body.detail).toContain('Juniper');
      // The old product keeps its vendor, and may still be edited without naming another.
      const old = project.items[0]!;
      const edited = await app.request<{ vendorId: string }>(manager, 'PATCH', `/api/v1/assets/${old.id}`, {
        vendorId: juniper.id,
        softwareVersion: '21.2R1',
      });
      expect(edited.status).toBe(200);
      expect(edited.body.vendorId).toBe(juniper.id);
    });

    it('reactivating brings it back, and both changes are in the audit log', async () => {
      const back = await app.request<Vendor>(manager, 'POST', `/api/v1/vendors/${juniper.id}/reactivate`);
      expect(back.status).toBe(200);
      expect(back.body.status).toBe('active');
      expect((await app.request<Problem>(manager, 'POST', `/api/v1/vendors/${juniper.id}/reactivate`)).status).toBe(409);
      expect((await product(manager, { vendorId: juniper.id, serialNumber: 'JN-NEW-1' })).status).toBe(201);
      expect(await auditActions(juniper.id)).toEqual(expect.arrayContaining(['vendor.retired', 'vendor.reactivated']));
    });
  });

  describe('projects', () => {
    it('a secretary closes a delivered project: its products stay, none can be added or moved into it', async () => {
      expect((await app.request<Problem>(engineer, 'POST', `/api/v1/projects/${project.id}/retire`)).status).toBe(403);
      const closed = await app.request<Project>(secretary, 'POST', `/api/v1/projects/${project.id}/retire`);
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('retired');
      expect(closed.body.items.map((item) => item.serialNumber)).toContain('JN-OLD-1');

      const refused = await product(secretary, { vendorId: cisco.id, serialNumber: 'CS-NEW-1', projectId: project.id });
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('projectId');
      const loose = await product(secretary, { vendorId: cisco.id, serialNumber: 'CS-NEW-2' });
      expect(loose.status).toBe(201);
      const moved = await app.request<Problem>(secretary, 'PATCH', `/api/v1/assets/${loose.body.id}`, { projectId: project.id });
      expect(moved.status).toBe(400);
      expect(moved.body.field).toBe('projectId');

      const listed = async (query: string) =>
        (
          await app.request<{ items: Project[] }>(engineer, 'GET', `/api/v1/projects?organizationId=${organizationId}${query}`)
        ).body.items.map((one) => one.name);
      expect(await listed('')).toEqual([]);
      expect(await listed('&includeRetired=true')).toEqual(['Core network 2024']);
    });

    it('reopening lets products be added again; both are audited', async () => {
      expect((await app.request<Project>(secretary, 'POST', `/api/v1/projects/${project.id}/reactivate`)).body.status).toBe('active');
      expect((await product(secretary, { vendorId: cisco.id, serialNumber: 'CS-NEW-1', projectId: project.id })).status).toBe(201);
      expect(await auditActions(project.id)).toEqual(expect.arrayContaining(['project.retired', 'project.reactivated']));
    });
  });

  describe('contracts', () => {
    let contract: Contract;
    const entitlement = async (on?: string) =>
      (await app.request<Entitlement>(engineer, 'GET', `/api/v1/entitlements?serial=JN-OLD-1${on ? `&on=${on}` : ''}`)).body;
    const numbers = async (query: string) =>
      (
        await app.request<{ items: Contract[] }>(manager, 'GET', `/api/v1/contracts?organizationId=${organizationId}${query}`)
      ).body.items.map((one) => one.number);

    beforeAll(async () => {
      const created = await app.request<Contract>(manager, 'POST', '/api/v1/contracts', {
        organizationId,
        number: 'HB-2026',
        startsAt: '2025-05-01',
        endsAt: '2026-04-30',
        services: ['hotline', 'remote'],
        projectIds: [project.id],
      });
      expect(created.status).toBe(201);
      contract = created.body;
    });

    it('before it is ended, the product is under contract and the contract is among those to renew', async () => {
      expect(await entitlement()).toMatchObject({ billing: 'contract', contract: { number: 'HB-2026' } });
      expect(contract.coverage).toEqual({ inForce: true, endsSoon: true });
      expect(await numbers('&endingSoon=true')).toEqual(['HB-2026']);
    });

    it('ending it early needs a reason and a day not after its agreed end; only managers and admins may', async () => {
      expect((await app.request<Problem>(secretary, 'POST', `/api/v1/contracts/${contract.id}/cancel`, { reason: 'x' })).status).toBe(403);
      const noReason = await app.request<Problem>(manager, 'POST', `/api/v1/contracts/${contract.id}/cancel`, { reason: ' ' });
      expect(noReason.status).toBe(400);
      expect(JSON.stringify(noReason.body)).toContain('reason');
      const late = await app.request<Problem>(manager, 'POST', `/api/v1/contracts/${contract.id}/cancel`, {
        reason: 'Customer moved to another provider',
        endsOn: '2026-05-01',
      });
      expect(late.status).toBe(400);
      expect(late.body.field).toBe('endsOn');
    });

    it('ended from tomorrow, it covers today but not tomorrow, and leaves the renewal list', async () => {
      const ended = await app.request<Contract>(manager, 'POST', `/api/v1/contracts/${contract.id}/cancel`, {
        reason: 'Customer moved to another provider',
        endsOn: '2026-03-03',
      });
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({
        cancelledOn: '2026-03-03',
        cancellationReason: 'Customer moved to another provider',
        endsAt: '2026-04-30',
        coverage: { inForce: true, endsSoon: false },
      });
      expect(await entitlement()).toMatchObject({ billing: 'contract' });
      expect(await entitlement('2026-03-03')).toMatchObject({ billing: 'chargeable', reasonCode: 'contract-ended', contract: null });
      expect(await numbers('&endingSoon=true')).toEqual([]);
      expect(await numbers('')).toEqual([]);
      expect(await numbers('&includeRetired=true')).toEqual(['HB-2026']);
      expect(await numbers('&activeOn=2026-03-02&includeRetired=true')).toEqual(['HB-2026']);
      expect(await numbers('&activeOn=2026-03-03&includeRetired=true')).toEqual([]);
      // Its period is what was agreed; it changes only after a reactivation.
      const repriod = await app.request<Problem>(manager, 'PATCH', `/api/v1/contracts/${contract.id}`, { endsAt: '2026-06-30' });
      expect(repriod.status).toBe(409);
      expect((await app.request<Problem>(manager, 'POST', `/api/v1/contracts/${contract.id}/cancel`, { reason: 'again' })).status).toBe(
        409,
      );
    });

    it('cancelled from today, the product is chargeable today; reactivated by mistake, it is covered again', async () => {
      expect((await app.request(manager, 'POST', `/api/v1/contracts/${contract.id}/reactivate`)).status).toBe(200);
      const cancelled = await app.request<Contract>(manager, 'POST', `/api/v1/contracts/${contract.id}/cancel`, { reason: 'Not paid' });
      expect(cancelled.body).toMatchObject({ cancelledOn: '2026-03-02', coverage: { inForce: false, endsSoon: false } });
      expect(await entitlement()).toMatchObject({ billing: 'chargeable', reasonCode: 'contract-ended' });

      const back = await app.request<Contract>(manager, 'POST', `/api/v1/contracts/${contract.id}/reactivate`);
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ cancelledOn: null, cancellationReason: null, coverage: { inForce: true, endsSoon: true } });
      expect(await entitlement()).toMatchObject({ billing: 'contract' });
      expect((await app.request<Problem>(manager, 'POST', `/api/v1/contracts/${contract.id}/reactivate`)).status).toBe(409);
      expect(await auditActions(contract.id)).toEqual(expect.arrayContaining(['contract.cancelled', 'contract.reactivated']));
    });

    it('a contract whose agreed period is over is renewed, not reactivated', async () => {
      const old = await app.request<Contract>(manager, 'POST', '/api/v1/contracts', {
        organizationId,
        number: 'HB-2025',
        startsAt: '2025-01-01',
        endsAt: '2026-02-28',
        services: ['hotline'],
      });
      await app.request(manager, 'POST', `/api/v1/contracts/${old.body.id}/cancel`, { reason: 'Closed', endsOn: '2026-02-01' });
      const refused = await app.request<Problem>(manager, 'POST', `/api/v1/contracts/${old.body.id}/reactivate`);
      expect(refused.status).toBe(409);
    });
  });
});
