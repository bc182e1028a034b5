import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/escalation/seed-matrix.js';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Contract {
  number: string;
  coverage: { inForce: boolean; endsSoon: boolean };
}
interface Project {
  id: string;
  guaranteeActive: boolean;
}

/**
 * Whether a contract is in force or ends soon and whether a guarantee holds are decided by the server on the
 * company's calendar day (the default policy's time zone), and travel in the responses: no browser recomputes them
 * with its own date. 17:30 UTC on 30 June is already 1 July in Beijing.
 */
describeOnEachDatabase('contract coverage and guarantee on the company’s today', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let manager: TestUser;
  let organizationId: string;
  let project: Project;

  const contract = async (number: string, startsAt: string, endsAt: string) => {
    const created = await app.request<Contract>(manager, 'POST', '/api/v1/contracts', {
      organizationId,
      number,
      startsAt,
      endsAt,
      services: ['hotline'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  };
  const contracts = async (query = '') => {
    const response = await app.request<{ items: Contract[] }>(manager, 'GET', `/api/v1/contracts?organizationId=${organizationId}${query}`);
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.items.map((item) => [item.number, item.coverage]));
  };
  const guarantee = async () => {
    const one = await app.request<Project>(manager, 'GET', `/api/v1/projects/${project.id}`);
    const list = await app.request<{ items: Project[] }>(manager, 'GET', `/api/v1/projects?organizationId=${organizationId}`);
    expect([one.status, list.status]).toEqual([200, 200]);
    return { one: one.body.guaranteeActive, listed: list.body.items.map((item) => item.guaranteeActive) };
  };

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-06-30T17:30:00.000Z') });
    admin = await app.user('admin');
    manager = await app.user('manager');
    organizationId = (await app.organization('Harbour Bank')).id;
    const created = await app.request<Project>(manager, 'POST', '/api/v1/projects', {
      organizationId,
      name: 'Core network',
      deliveredAt: '2025-07-01',
      guaranteeEndsAt: '2026-06-30',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    project = created.body;
  });
  afterAll(() => app.stop());

  describe('on a UTC calendar (30 June)', () => {
    it('says on each contract whether it is in force and ends soon, as it is created and as it is read', async () => {
      expect((await contract('ENDS-TODAY', '2025-07-01', '2026-06-30')).coverage).toEqual({ inForce: true, endsSoon: true });
      await contract('STARTS-TOMORROW', '2026-07-01', '2027-06-30');
      await contract('ENDS-IN-AUGUST', '2026-01-01', '2026-08-29');
      await contract('ENDS-IN-SEPTEMBER', '2026-01-01', '2026-08-30');
      expect(await contracts()).toEqual({
        'ENDS-TODAY': { inForce: true, endsSoon: true },
        'STARTS-TOMORROW': { inForce: false, endsSoon: false },
        'ENDS-IN-AUGUST': { inForce: true, endsSoon: true },
        'ENDS-IN-SEPTEMBER': { inForce: true, endsSoon: false },
      });
    });

    it('lists the contracts ending soon from the company’s today to the end of the renewal window', async () => {
      expect(Object.keys(await contracts('&endingSoon=true')).sort()).toEqual(['ENDS-IN-AUGUST', 'ENDS-TODAY']);
      expect(Object.keys(await contracts('&endingSoon=true&endsBy=2026-07-31'))).toEqual(['ENDS-TODAY']);
    });

    it('says whether the project’s guarantee holds', async () => {
      expect(project.guaranteeActive).toBe(true);
      expect(await guarantee()).toEqual({ one: true, listed: [true] });
    });
  });

  describe('once the company works on Beijing time (already 1 July)', () => {
    beforeAll(async () => {
      const policies = await app.request<{ items: { id: string; isDefault: boolean }[] }>(admin, 'GET', '/api/v1/escalation-policies');
      expect(policies.status).toBe(200);
      const standard = policies.body.items.find((policy) => policy.isDefault)!;
      const revised = await app.request(admin, 'PUT', `/api/v1/escalation-policies/${standard.id}`, {
        policy: { ...DEFAULT_POLICY, calendar: { ...DEFAULT_POLICY.calendar, timeZone: 'Asia/Shanghai' } },
      });
      expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    });

    it('counts the day in the company’s time zone, not in UTC or the browser’s', async () => {
      expect(await contracts()).toEqual({
        'ENDS-TODAY': { inForce: false, endsSoon: false },
        'STARTS-TOMORROW': { inForce: true, endsSoon: false },
        'ENDS-IN-AUGUST': { inForce: true, endsSoon: true },
        'ENDS-IN-SEPTEMBER': { inForce: true, endsSoon: true },
      });
      expect(Object.keys(await contracts('&endingSoon=true')).sort()).toEqual(['ENDS-IN-AUGUST', 'ENDS-IN-SEPTEMBER']);
      expect(await guarantee()).toEqual({ one: false, listed: [false] });
      const entitlement = await app.request<{ decidedOn: string; contractsInForce: { number: string }[]; projectsInGuarantee: unknown[] }>(
        manager,
        'GET',
        `/api/v1/entitlements?organizationId=${organizationId}`,
      );
      expect(entitlement.body.decidedOn).toBe('2026-07-01');
      expect(entitlement.body.contractsInForce.map((one) => one.number).sort()).toEqual([
        'ENDS-IN-AUGUST',
        'ENDS-IN-SEPTEMBER',
        'STARTS-TOMORROW',
      ]);
      expect(entitlement.body.projectsInGuarantee).toEqual([]);
    });
  });
});
