import { expect } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/escalation/seed-matrix.js';
import type { TestApp, TestUser } from './test-app.js';

/** Office hours in Beijing, Monday to Friday 09:00–18:00: the business calendar the target and report tests count on. */
export const BEIJING_OFFICE_HOURS = {
  timeZone: 'Asia/Shanghai',
  weeklyHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' })),
  holidays: [],
};

/** Creates an escalation policy on Beijing office hours: the seed's targets and ladder, or `matrix`. Answers its id. */
export async function createOfficeHoursPolicy(
  app: TestApp,
  admin: TestUser,
  name: string,
  matrix = DEFAULT_POLICY.matrix,
): Promise<string> {
  const created = await app.request<{ id: string }>(admin, 'POST', '/api/v1/escalation-policies', {
    name,
    policy: { ...DEFAULT_POLICY, matrix, calendar: BEIJING_OFFICE_HOURS },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}
