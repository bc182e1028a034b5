import { expect } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { ManualClock } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { addContact, addSite } from '../../src/services/organizations/manage-organizations.js';
import type { TestDatabaseName } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/** A small company and two customers, the cast of the service-record and survey tests. */
export interface ServiceLoopWorld {
  app: TestApp;
  admin: TestUser;
  manager: TestUser;
  secretary: TestUser;
  engineer: TestUser;
  otherEngineer: TestUser;
  department: { id: string };
  organization: { id: string; name: string };
  site: { id: string };
  contact: { id: string; email: string };
  chineseContact: { id: string; email: string };
  customer: TestUser;
  otherOrganization: { id: string };
  otherCustomer: TestUser;
}

export interface Problem {
  type: string;
  status: number;
  detail: string;
  field?: string;
  state?: string;
  conflicts?: { id: string; caseNumber: string; startsAt: string; endsAt: string }[];
}

const system: Actor = { userId: 'system', role: 'admin', organizationId: null };

export async function startServiceLoopWorld(database: TestDatabaseName, start = '2026-03-02T08:00:00.000Z'): Promise<ServiceLoopWorld> {
  const app = await TestApp.start(database, { clock: new ManualClock(start) });
  const admin = await app.user('admin');
  const manager = await app.user('manager', { name: 'Mia Manager' });
  const secretary = await app.user('secretary');
  const engineer = await app.user('executive', { name: 'Eli Engineer' });
  const otherEngineer = await app.user('executive', { name: 'Olga Onsite' });
  const department = await createDepartment(app.context, system, { name: 'Network Services', managerUserId: manager.id });
  const organization = await app.organization('Harbour Power Grid');
  const site = await addSite(app.context, system, organization.id, { name: 'Data centre East', address: '1 Quay Road' });
  const contact = await addContact(app.context, system, organization.id, {
    name: 'Carla Contact',
    email: 'carla@harbour.example',
    phone: '+86 21 5555 0101',
    language: 'en',
  });
  const chineseContact = await addContact(app.context, system, organization.id, {
    name: '李华',
    email: 'li.hua@harbour.example',
    language: 'zh-CN',
  });
  const customer = await app.user('customer', { organizationId: organization.id, name: 'Carla Contact' });
  const otherOrganization = await app.organization('Other Water Works');
  const otherCustomer = await app.user('customer', { organizationId: otherOrganization.id });
  return {
    app,
    admin,
    manager,
    secretary,
    engineer,
    otherEngineer,
    department,
    organization,
    site,
    contact: { id: contact.id, email: contact.email! },
    chineseContact: { id: chineseContact.id, email: chineseContact.email! },
    customer,
    otherOrganization,
    otherCustomer,
  };
}

export interface CaseBody {
  id: string;
  number: string;
  status: string;
}

/** Logs a case at the hotline for the world's customer, assigned to the engineer in the department. */
export async function logCase(world: ServiceLoopWorld, overrides: Record<string, unknown> = {}): Promise<CaseBody> {
  const response = await world.app.request<CaseBody>(world.secretary, 'POST', '/api/v1/cases', {
    organizationId: world.organization.id,
    contactId: world.contact.id,
    departmentId: world.department.id,
    assigneeId: world.engineer.id,
    channel: 'hotline',
    level: 3,
    title: 'Core switch drops packets',
    description: 'Intermittent packet loss on the core switch since Monday.',
    serialNumbers: ['FOC1234X0AB'],
    ...overrides,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export async function resolveCase(world: ServiceLoopWorld, caseId: string): Promise<void> {
  const response = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${caseId}/transitions`, { to: 'resolved' });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

/** The outbox rows of one kind for a case, oldest first. */
export async function mailsOf(world: ServiceLoopWorld, kind: string, caseId?: string) {
  let query = world.app.storage.db.selectFrom('outbox_messages').selectAll().where('kind', '=', kind);
  if (caseId) query = query.where('case_id', '=', caseId);
  return query.orderBy('id').execute();
}

/** The link path (`/public/...`) in a mail body. */
export function linkPathIn(text: string, prefix: string): string {
  const match = new RegExp(`http://casedesk\\.test(${prefix}/[A-Za-z0-9._-]+)`).exec(text);
  expect(match, text).not.toBeNull();
  return match![1]!;
}

export async function timelineKinds(world: ServiceLoopWorld, caseId: string, as: TestUser = world.secretary) {
  const response = await world.app.request<{ items: { kind: string; data: Record<string, unknown>; visibility: string }[] }>(
    as,
    'GET',
    `/api/v1/cases/${caseId}/timeline`,
  );
  expect(response.status).toBe(200);
  return response.body.items;
}
