import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDemoCompany } from '../../src/services/demo/load-demo-company.js';
import { listOpenConfigurationAlerts } from '../../src/services/escalations/configuration-alerts.js';
import { ServiceError } from '../../src/services/errors.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';

describeOnEachDatabase('casedesk demo', (database) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start(database);
  });
  afterAll(() => app.stop());

  it('loads a demo company with every role, filled positions, products of every billing class and escalated cases', async () => {
    const signIns = await loadDemoCompany(app.context);
    expect(new Set(signIns.map((signIn) => signIn.role))).toEqual(
      new Set(['admin', 'manager', 'expert', 'executive', 'secretary', 'customer']),
    );
    expect(await listOpenConfigurationAlerts(app.context)).toEqual([]);

    const db = app.storage.db;
    const cases = await db.selectFrom('cases').select(['level', 'billing', 'status']).execute();
    expect(cases).toHaveLength(50);
    expect(new Set(cases.map((row) => row.level))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(cases.map((row) => row.billing))).toEqual(new Set(['guarantee', 'contract', 'chargeable']));
    expect(cases.some((row) => row.status === 'resolved')).toBe(true);
    const steps = await db.selectFrom('escalation_steps').select('status').execute();
    expect(steps.some((step) => step.status === 'fired')).toBe(true);
    expect(steps.some((step) => step.status === 'pending')).toBe(true);

    // The printed sign-ins work: the secretary signs in with the demo password.
    const session = await app.request(null, 'POST', '/api/v1/sessions', { email: 'hotline@demo.casedesk', password: 'casedesk-demo' });
    expect(session.status).toBe(201);
  });

  it('refuses to load into a database that has users', async () => {
    await expect(loadDemoCompany(app.context)).rejects.toBeInstanceOf(ServiceError);
  });
});
