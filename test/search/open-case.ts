import { expect } from 'vitest';
import type { EscalationWorld } from '../escalations/escalation-world.js';
import type { TestApp } from '../support/test-app.js';

/** A hotline case of the world's customer with this title, opened by the secretary; its id. */
export async function openCaseTitled(app: TestApp, world: EscalationWorld, title: string): Promise<string> {
  const response = await app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/cases', {
    organizationId: world.organization.id,
    channel: 'hotline',
    level: 3,
    title,
    description: 'Reported by phone.',
    departmentId: world.department.id,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}
