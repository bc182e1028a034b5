import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import {
  escalationMailsOf,
  ladderOf,
  notificationsOf,
  outboxOf,
  setUpEscalationWorld,
  stepFor,
  tickAt,
  timelineOf,
  type CaseBody,
  type EscalationWorld,
  type Problem,
} from './escalation-world.js';

interface Department {
  id: string;
  name: string;
  companyDefault: boolean;
}

const newCase = (organizationId: string, extra: Record<string, unknown> = {}) => ({
  organizationId,
  channel: 'portal',
  level: 1,
  title: 'Core switch down',
  description: 'Nothing reaches the data centre.',
  ...extra,
});

describeOnEachDatabase('every case has a servicing department from its first minute', (database) => {
  describe('the department a case takes when nobody names one', () => {
    let app: TestApp;
    let world: EscalationWorld;
    let second: Department;
    let third: Department;
    beforeAll(async () => {
      app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
      world = await setUpEscalationWorld(app);
      const create = async (name: string) => {
        const response = await app.request<Department>(world.admin, 'POST', '/api/v1/departments', { name });
        expect(response.status).toBe(201);
        return response.body;
      };
      second = await create('Systems Service');
      third = await create('Security Service');
    });
    afterAll(() => app.stop());

    it('the first department is the company default; the mark moves, and is never simply removed', async () => {
      const list = await app.request<{ items: Department[] }>(world.admin, 'GET', '/api/v1/departments');
      expect(list.body.items.filter((department) => department.companyDefault).map((department) => department.id)).toEqual([
        world.department.id,
      ]);
      const removed = await app.request<Problem>(world.admin, 'PATCH', `/api/v1/departments/${world.department.id}`, {
        companyDefault: false,
      });
      expect(removed.status).toBe(400);
      expect(removed.body.field).toBe('companyDefault');
      const moved = await app.request<Department>(world.admin, 'PATCH', `/api/v1/departments/${second.id}`, { companyDefault: true });
      expect(moved.body.companyDefault).toBe(true);
      const after = await app.request<{ items: Department[] }>(world.admin, 'GET', '/api/v1/departments');
      expect(after.body.items.filter((department) => department.companyDefault).map((department) => department.id)).toEqual([second.id]);
      await app.request(world.admin, 'PATCH', `/api/v1/departments/${world.department.id}`, { companyDefault: true });
    });

    it('a portal case takes the contract’s default department, else the customer’s, else the company’s', async () => {
      const withContract = await app.organization('Harbour Bank');
      const withDefault = await app.organization('River Insurance');
      const plain = await app.organization('Hill Logistics');
      const unknown = await app.request<Problem>(world.admin, 'PATCH', `/api/v1/organizations/${withDefault.id}`, {
        defaultDepartmentId: '01900000-0000-7000-8000-000000000000',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.field).toBe('defaultDepartmentId');
      for (const organization of [withContract, withDefault]) {
        const patched = await app.request<{ defaultDepartmentId: string }>(
          world.admin,
          'PATCH',
          `/api/v1/organizations/${organization.id}`,
          {
            defaultDepartmentId: second.id,
          },
        );
        expect(patched.status).toBe(200);
        expect(patched.body.defaultDepartmentId).toBe(second.id);
      }
      const contract = await app.request<{ defaultDepartmentId: string | null }>(world.admin, 'POST', '/api/v1/contracts', {
        organizationId: withContract.id,
        number: 'SC-2026-001',
        startsAt: '2026-01-01',
        endsAt: '2026-12-31',
        services: ['hotline', 'remote'],
        defaultDepartmentId: third.id,
      });
      expect(contract.status, JSON.stringify(contract.body)).toBe(201);
      expect(contract.body.defaultDepartmentId).toBe(third.id);

      const opened: Record<string, string | null> = {};
      for (const organization of [withContract, withDefault, plain]) {
        const customer = await app.user('customer', { organizationId: organization.id });
        const created = await app.request<CaseBody>(customer, 'POST', '/api/v1/cases', newCase(organization.id));
        expect(created.status).toBe(201);
        opened[organization.name] = created.body.departmentId;
      }
      expect(opened).toEqual({ 'Harbour Bank': third.id, 'River Insurance': second.id, 'Hill Logistics': world.department.id });

      // The secretary's choice comes first; without one, the same defaults apply to a staff intake.
      const chosen = await app.request<CaseBody>(world.secretary, 'POST', '/api/v1/cases', {
        ...newCase(withContract.id, { channel: 'hotline' }),
        departmentId: world.department.id,
      });
      expect(chosen.body.departmentId).toBe(world.department.id);
      const defaulted = await app.request<CaseBody>(
        world.secretary,
        'POST',
        '/api/v1/cases',
        newCase(withDefault.id, { channel: 'hotline' }),
      );
      expect(defaulted.body.departmentId).toBe(second.id);
    });

    it('a case keeps a department: it can be changed, not taken away', async () => {
      const created = await app.request<CaseBody>(
        world.secretary,
        'POST',
        '/api/v1/cases',
        newCase(world.organization.id, { channel: 'hotline' }),
      );
      const cleared = await app.request<Problem>(world.secretary, 'PATCH', `/api/v1/cases/${created.body.id}`, { departmentId: null });
      expect(cleared.status).toBe(400);
      expect(cleared.body.field).toBe('departmentId');
    });
  });

  describe('a company with no department yet', () => {
    let app: TestApp;
    let admin: TestUser;
    let secretary: TestUser;
    let customer: TestUser;
    let world: Pick<EscalationWorld, 'app' | 'admin' | 'secretary'>;
    beforeAll(async () => {
      app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
      admin = await app.user('admin', { name: 'Ada Admin', language: 'zh-CN' });
      secretary = await app.user('secretary');
      customer = await app.user('customer');
      world = { app, admin, secretary };
    });
    afterAll(() => app.stop());

    it('refuses a hotline case without a department (400 naming departmentId), and takes a customer’s case in', async () => {
      const refused = await app.request<Problem>(
        secretary,
        'POST',
        '/api/v1/cases',
        newCase(customer.organizationId!, { channel: 'hotline' }),
      );
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.field).toBe('departmentId');
      const created = await app.request<CaseBody>(customer, 'POST', '/api/v1/cases', newCase(customer.organizationId!));
      expect(created.status).toBe(201);
      expect(created.body.departmentId).toBeNull();
    });

    it('a report that fired with no department names that cause, and reaches the manager once the case gets a department', async () => {
      const t0 = app.clock.now().getTime();
      const created = (await app.request<CaseBody>(customer, 'POST', '/api/v1/cases', newCase(customer.organizationId!))).body;
      await tickAt(app, t0, 1.5);
      const full = world as EscalationWorld;
      expect(stepFor(await ladderOf(full, created.id), 'department-manager')).toMatchObject({ status: 'fired', recipients: [] });
      const alertMail = (await outboxOf(full)).find((mail) => mail.caseId === created.id && mail.kind === 'configuration-alert');
      expect(alertMail?.to).toBe(admin.email);
      // The admin reads Chinese: the cause is named, not an unfilled position.
      expect(alertMail?.subject).toContain('工单没有服务部门');
      const alertEvent = (await timelineOf(full, created.id)).find((entry) => entry.kind === 'configuration.alert');
      expect(alertEvent?.data).toMatchObject({ cause: 'no-department', alert: 'case-without-department' });
      const alerts = await app.request<{ items: { key: string; kind: string }[] }>(admin, 'GET', '/api/v1/configuration-alerts');
      expect(alerts.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: 'unfilled:department-manager:no-department', kind: 'case-without-department' }),
        ]),
      );

      const manager = await app.user('manager', { name: 'Mia Manager' });
      const vp = await app.user('manager', { name: 'Victor VP' });
      const department = await app.request<Department>(admin, 'POST', '/api/v1/departments', {
        name: 'Network Service',
        managerUserId: manager.id,
        vpInChargeUserId: vp.id,
      });
      expect(department.body.companyDefault).toBe(true);
      const assigned = await app.request(secretary, 'PATCH', `/api/v1/cases/${created.id}`, { departmentId: department.body.id });
      expect(assigned.status).toBe(200);

      expect(stepFor(await ladderOf(full, created.id), 'department-manager')).toMatchObject({
        status: 'fired',
        unfilled: false,
        recipients: [expect.objectContaining({ userId: manager.id })],
      });
      expect((await escalationMailsOf(full, created.id)).map((mail) => mail.recipientUserId)).toEqual([manager.id]);
      expect((await notificationsOf(full, manager)).filter((entry) => entry.caseId === created.id)).toHaveLength(1);
      const delivered = (await timelineOf(full, created.id)).filter((entry) => entry.kind === 'escalation.delivered');
      expect(delivered.map((entry) => entry.data)).toEqual([
        expect.objectContaining({
          position: 'department-manager',
          reason: 'department-assigned',
          recipients: [expect.objectContaining({ userId: manager.id })],
        }),
      ]);
      // The alert stays while any unresolved case waits for a department (the first test's case does too).
      const stillWaiting = await app.request<{ items: { key: string }[] }>(admin, 'GET', '/api/v1/configuration-alerts');
      expect(stillWaiting.body.items.map((alert) => alert.key)).toContain('unfilled:department-manager:no-department');
      const others = await app.storage.db.selectFrom('cases').select('id').where('department_id', 'is', null).execute();
      for (const other of others) await app.request(secretary, 'PATCH', `/api/v1/cases/${other.id}`, { departmentId: department.body.id });
      // Nothing waits for a department any more, so the alert is gone; the VP's step still fires on time.
      const after = await app.request<{ items: { key: string }[] }>(admin, 'GET', '/api/v1/configuration-alerts');
      expect(after.body.items.map((alert) => alert.key)).not.toContain('unfilled:department-manager:no-department');
      await tickAt(app, t0, 24);
      expect(stepFor(await ladderOf(full, created.id), 'vp-in-charge').recipients).toEqual([expect.objectContaining({ userId: vp.id })]);
      // A case opened now takes the new department by default.
      const later = await app.request<CaseBody>(customer, 'POST', '/api/v1/cases', newCase(customer.organizationId!));
      expect(later.body.departmentId).toBe(department.body.id);
    });
  });
});
