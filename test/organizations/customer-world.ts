import type { TestDatabaseName } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/** A refusal as the API sends it: the field it names, or the fields of a failed validation. */
export interface Problem {
  status: number;
  field?: string;
  errors?: { field: string }[];
}

/**
 * Two customers (Harbour Bank and Other Ltd) and the people who act on them: a secretary who keeps customers, an
 * expert who does not, and a user of Harbour Bank.
 */
export interface CustomerWorld {
  app: TestApp;
  secretary: TestUser;
  expert: TestUser;
  customer: TestUser;
  organizationId: string;
  otherOrganizationId: string;
}

export async function startCustomerWorld(database: TestDatabaseName): Promise<CustomerWorld> {
  const app = await TestApp.start(database);
  const secretary = await app.user('secretary');
  const expert = await app.user('expert');
  const organizationId = (await app.organization('Harbour Bank')).id;
  const otherOrganizationId = (await app.organization('Other Ltd')).id;
  const customer = await app.user('customer', { organizationId });
  return { app, secretary, expert, customer, organizationId, otherOrganizationId };
}
