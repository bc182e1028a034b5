import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { pdfText } from './pdf-text.js';
import { logCase, startServiceLoopWorld, timelineKinds, type ServiceLoopWorld } from './service-loop-world.js';

interface Billing {
  billing: 'guarantee' | 'contract' | 'chargeable';
  reasonCode: string;
  outsideContract: boolean;
  service: string;
  decidedOn: string;
  contractNumber: string | null;
  contractServices: string[];
}

interface RecordBody {
  items: { id: string; type: string; summary: string; billing: Billing | null }[];
}

describeOnEachDatabase('billing of each service item: work outside the contract is chargeable and flagged', (database) => {
  let world: ServiceLoopWorld;
  const suffix = Math.random().toString(36).slice(2, 7).toUpperCase();
  const contractSerial = `FDO${suffix}01`;
  const guaranteeSerial = `FDO${suffix}02`;

  beforeAll(async () => {
    // 2026-03-02: the first project's guarantee ended in 2025; a hotline-and-remote contract covers it this year.
    world = await startServiceLoopWorld(database);
    const vendor = await world.app.request<{ id: string }>(world.admin, 'POST', '/api/v1/vendors', {
      name: `Fortinet ${suffix}`,
      supportCenter: { name: 'Fortinet TAC', email: 'tac@fortinet.example' },
    });
    expect(vendor.status).toBe(201);
    const old = await world.app.request<{ id: string }>(world.admin, 'POST', '/api/v1/projects', {
      organizationId: world.organization.id,
      name: 'Firewalls 2023',
      deliveredAt: '2023-05-01',
      guaranteeEndsAt: '2025-04-30',
      items: [{ vendorId: vendor.body.id, model: 'FG-600E', serialNumber: contractSerial }],
    });
    expect(old.status, JSON.stringify(old.body)).toBe(201);
    const fresh = await world.app.request(world.admin, 'POST', '/api/v1/projects', {
      organizationId: world.organization.id,
      name: 'Firewalls 2026',
      deliveredAt: '2026-01-15',
      guaranteeEndsAt: '2027-01-14',
      items: [{ vendorId: vendor.body.id, model: 'FG-900G', serialNumber: guaranteeSerial }],
    });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    const contract = await world.app.request(world.admin, 'POST', '/api/v1/contracts', {
      organizationId: world.organization.id,
      number: `SC-HR-${suffix}`,
      startsAt: '2026-01-01',
      endsAt: '2026-12-31',
      services: ['hotline', 'remote'],
      projectIds: [old.body.id],
    });
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
  });
  afterAll(() => world.app.stop());

  const recordPhone = (caseId: string, body: Record<string, unknown> = {}) =>
    world.app.request<{ billing: Billing | null }>(world.engineer, 'POST', `/api/v1/cases/${caseId}/actions`, {
      type: 'phone',
      summary: 'Checked the HA status by phone',
      ...body,
    });
  const scheduleVisit = (caseId: string) =>
    world.app.request<{ id: string }>(world.secretary, 'POST', `/api/v1/cases/${caseId}/visits`, {
      engineerUserId: world.engineer.id,
      siteId: world.site.id,
      startsAt: '2026-03-03T09:00:00+08:00',
      endsAt: '2026-03-03T12:00:00+08:00',
      // Each test books the same morning; the clash with the engineer's other bookings is not what is tested here.
      allowConflict: true,
    });
  const serviceRecord = async (caseId: string) => {
    const response = await world.app.request<RecordBody>(world.secretary, 'GET', `/api/v1/cases/${caseId}/service-record`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('bills an on-site visit under a hotline-and-remote contract as chargeable, flags the case, and covers the phone call', async () => {
    const kase = await logCase(world, { serialNumbers: [contractSerial], title: 'HA pair split brain' });
    const phone = await recordPhone(kase.id);
    expect(phone.status, JSON.stringify(phone.body)).toBe(201);
    expect(phone.body.billing).toMatchObject({
      billing: 'contract',
      reasonCode: 'covered-by-contract',
      outsideContract: false,
      service: 'hotline',
      contractNumber: `SC-HR-${suffix}`,
    });
    const before = await world.app.request<{ outsideContractItems: number }>(world.secretary, 'GET', `/api/v1/cases/${kase.id}`);
    expect(before.body.outsideContractItems).toBe(0);

    expect((await scheduleVisit(kase.id)).status).toBe(201);
    const view = await world.app.request<{ outsideContractItems: number; billing: string }>(
      world.secretary,
      'GET',
      `/api/v1/cases/${kase.id}`,
    );
    expect(view.body.outsideContractItems).toBe(1);
    // The case's own billing class (decided at intake) stays: the contract covers the product.
    expect(view.body.billing).toBe('contract');

    const record = await serviceRecord(kase.id);
    expect(record.items.map((item) => [item.type, item.billing?.billing, item.billing?.reasonCode])).toEqual([
      ['phone', 'contract', 'covered-by-contract'],
      ['onsite', 'chargeable', 'outside-contract'],
    ]);
    expect(record.items[1]!.billing).toMatchObject({
      outsideContract: true,
      service: 'onsite',
      decidedOn: '2026-03-03',
      contractServices: ['hotline', 'remote'],
    });
    const scheduled = (await timelineKinds(world, kase.id)).find((entry) => entry.kind === 'visit.scheduled');
    expect(scheduled?.data.billing).toMatchObject({ reasonCode: 'outside-contract' });

    // The customer reads the same billing on the service record.
    const customerView = await world.app.request<RecordBody>(world.customer, 'GET', `/api/v1/cases/${kase.id}/service-record`);
    expect(customerView.body.items[1]!.billing).toMatchObject({ billing: 'chargeable', outsideContract: true });
  });

  it('prints the billing of each item in the PDF, in English and in Chinese', async () => {
    const kase = await logCase(world, { serialNumbers: [contractSerial], title: 'Firewall CPU high' });
    expect((await recordPhone(kase.id)).status).toBe(201);
    expect((await scheduleVisit(kase.id)).status).toBe(201);
    const english = await world.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${kase.id}/service-record.pdf?language=en`,
      headers: world.secretary.headers,
    });
    expect(english.statusCode).toBe(200);
    const text = await pdfText(english.rawPayload);
    expect(text).toContain(`Billing: Covered by contract SC-HR-${suffix}`);
    expect(text).toContain(`Billing: Chargeable — outside contract SC-HR-${suffix}, which covers hotline, remote`);

    const chinese = await world.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${kase.id}/service-record.pdf?language=zh-CN`,
      headers: world.secretary.headers,
    });
    const chineseText = await pdfText(chinese.rawPayload);
    expect(chineseText).toContain(`由合同 SC-HR-${suffix} 覆盖`);
    expect(chineseText).toContain(`超出合同 SC-HR-${suffix} 的范围`);
  });

  it('decides by the day of the work: a call logged late from before the contract started is chargeable at cost', async () => {
    const kase = await logCase(world, { serialNumbers: [contractSerial], title: 'Licence expired' });
    const late = await recordPhone(kase.id, { startedAt: '2025-12-30T10:00:00.000Z', endedAt: '2025-12-30T10:20:00.000Z' });
    expect(late.status).toBe(201);
    expect(late.body.billing).toMatchObject({
      billing: 'chargeable',
      reasonCode: 'not-covered',
      decidedOn: '2025-12-30',
      outsideContract: false,
    });
  });

  describe('in guarantee', () => {
    it('serves an on-site visit free, whatever a contract lists', async () => {
      const kase = await logCase(world, { serialNumbers: [guaranteeSerial], title: 'New firewall fails over' });
      expect((await scheduleVisit(kase.id)).status).toBe(201);
      const record = await serviceRecord(kase.id);
      expect(record.items[0]!.billing).toMatchObject({ billing: 'guarantee', reasonCode: 'in-guarantee', outsideContract: false });
      const view = await world.app.request<{ outsideContractItems: number }>(world.secretary, 'GET', `/api/v1/cases/${kase.id}`);
      expect(view.body.outsideContractItems).toBe(0);
    });
  });
});
