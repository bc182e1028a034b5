import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/access/roles.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];
const EVERYONE: Role[] = [...ROLES];
const ORGANIZATION_EDITORS: Role[] = ['admin', 'manager', 'secretary'];

/**
 * Who may call each route, written out independently of the routes' own declarations. A route missing from this
 * table fails the test, so no route ships without an authorisation decision that someone wrote down.
 */
export const EXPECTED_ACCESS: Record<string, Role[] | 'public'> = {
  'GET /api/v1/setup': 'public',
  'POST /api/v1/setup': 'public',
  'POST /api/v1/sessions': 'public',
  'POST /api/v1/password-resets': 'public',
  'POST /api/v1/password-resets/use': 'public',
  'GET /api/v1/sessions/current': EVERYONE,
  'DELETE /api/v1/sessions/current': EVERYONE,
  'POST /api/v1/me/password': EVERYONE,
  'PATCH /api/v1/me': EVERYONE,
  'GET /api/v1/me/tokens': EVERYONE,
  'POST /api/v1/me/tokens': EVERYONE,
  'DELETE /api/v1/me/tokens/:id': EVERYONE,
  'GET /api/v1/users': STAFF,
  'POST /api/v1/users': ['admin'],
  'GET /api/v1/users/:id': STAFF,
  'PATCH /api/v1/users/:id': ['admin'],
  'POST /api/v1/users/:id/password-reset': ['admin'],
  'GET /api/v1/organizations': EVERYONE,
  'POST /api/v1/organizations': ORGANIZATION_EDITORS,
  'GET /api/v1/organizations/:id': EVERYONE,
  'PATCH /api/v1/organizations/:id': ORGANIZATION_EDITORS,
  'GET /api/v1/organizations/:id/sites': EVERYONE,
  'POST /api/v1/organizations/:id/sites': ORGANIZATION_EDITORS,
  'GET /api/v1/organizations/:id/contacts': EVERYONE,
  'POST /api/v1/organizations/:id/contacts': ORGANIZATION_EDITORS,
  'GET /api/v1/departments': STAFF,
  'POST /api/v1/departments': ['admin'],
  'GET /api/v1/departments/:id': STAFF,
  'PATCH /api/v1/departments/:id': ['admin'],
  'GET /api/v1/positions': STAFF,
  'PUT /api/v1/positions/:position': ['admin'],
  'GET /api/v1/audit-log': ['admin', 'manager'],
  'POST /api/v1/cases': EVERYONE,
  'GET /api/v1/cases': EVERYONE,
  'GET /api/v1/cases/:id': EVERYONE,
  'PATCH /api/v1/cases/:id': STAFF,
  'POST /api/v1/cases/:id/transitions': EVERYONE,
  'POST /api/v1/cases/:id/level': STAFF,
  'POST /api/v1/cases/:id/actions': STAFF,
  'POST /api/v1/cases/:id/remote-authorization': EVERYONE,
  'POST /api/v1/cases/:id/notes': EVERYONE,
  'GET /api/v1/cases/:id/timeline': EVERYONE,
  'GET /api/v1/case-changes': EVERYONE,
  'GET /api/v1/cases/:id/escalations': EVERYONE,
  'POST /api/v1/cases/:id/escalations/:stepId/acknowledgement': STAFF,
  'GET /api/v1/cases/:id/vendor-escalation': STAFF,
  'PATCH /api/v1/cases/:id/vendor-escalation': STAFF,
  'GET /api/v1/cases/:id/vendor-report': STAFF,
  'POST /api/v1/cases/:id/vendor-report': STAFF,
  'POST /api/v1/cases/:id/policy': ['admin', 'manager'],
  'GET /api/v1/vendors': STAFF,
  'POST /api/v1/vendors': ['admin', 'manager'],
  'GET /api/v1/vendors/:id': STAFF,
  'PATCH /api/v1/vendors/:id': ['admin', 'manager'],
  'GET /api/v1/projects': EVERYONE,
  'POST /api/v1/projects': ORGANIZATION_EDITORS,
  'GET /api/v1/projects/:id': EVERYONE,
  'PATCH /api/v1/projects/:id': ORGANIZATION_EDITORS,
  'GET /api/v1/projects/:id/attachments': EVERYONE,
  'POST /api/v1/projects/:id/attachments': ORGANIZATION_EDITORS,
  'GET /api/v1/projects/:id/attachments/:attachmentId': EVERYONE,
  'GET /api/v1/yearly-checks': STAFF,
  'GET /api/v1/assets': EVERYONE,
  'POST /api/v1/assets': ORGANIZATION_EDITORS,
  'GET /api/v1/assets/:id': EVERYONE,
  'PATCH /api/v1/assets/:id': ORGANIZATION_EDITORS,
  'GET /api/v1/assets/:id/history': EVERYONE,
  'GET /api/v1/contracts': EVERYONE,
  'POST /api/v1/contracts': ['admin', 'manager'],
  'GET /api/v1/contracts/:id': EVERYONE,
  'PATCH /api/v1/contracts/:id': ['admin', 'manager'],
  'GET /api/v1/entitlements': EVERYONE,
  'GET /api/v1/cases/:id/entitlement': EVERYONE,
  'POST /api/v1/cases/:id/entitlement/re-evaluate': ORGANIZATION_EDITORS,
  'GET /api/v1/cases/:id/exchanges': EVERYONE,
  'POST /api/v1/cases/:id/exchanges': ['admin', 'manager', 'expert', 'executive'],
  'GET /api/v1/cases/:id/compensations': EVERYONE,
  'POST /api/v1/cases/:id/compensations': ['admin', 'manager'],
  'POST /api/v1/imports/:kind': ORGANIZATION_EDITORS,
  'GET /api/v1/exports/:kind': ORGANIZATION_EDITORS,
  'GET /api/v1/escalation-policies': STAFF,
  'POST /api/v1/escalation-policies': ['admin', 'manager'],
  'GET /api/v1/escalation-policies/:id': STAFF,
  'PUT /api/v1/escalation-policies/:id': ['admin', 'manager'],
  'GET /api/v1/configuration-alerts': ['admin', 'manager'],
  'GET /api/v1/outbox': ['admin', 'manager'],
  'POST /api/v1/outbox/:id/retry': ['admin', 'manager'],
  'GET /api/v1/mail-settings': ['admin', 'manager'],
  'GET /api/v1/notifications': EVERYONE,
  'POST /api/v1/notifications/:id/read': EVERYONE,
  'POST /api/v1/notifications/read-all': EVERYONE,
  // Visits, service records, trainings, surveys and follow-ups (SPEC §5).
  'POST /api/v1/cases/:id/visits': STAFF,
  'GET /api/v1/visits': STAFF,
  'GET /api/v1/visits/:id': STAFF,
  'POST /api/v1/visits/:id/arrival': STAFF,
  'POST /api/v1/visits/:id/departure': STAFF,
  'POST /api/v1/visits/:id/cancellation': STAFF,
  'POST /api/v1/me/calendar-feed': STAFF,
  'GET /api/v1/calendar-feeds/:token': 'public',
  'POST /api/v1/trainings': STAFF,
  'GET /api/v1/trainings': EVERYONE,
  'GET /api/v1/trainings/:id': EVERYONE,
  'POST /api/v1/trainings/:id/attendance': STAFF,
  'GET /api/v1/cases/:id/service-record': EVERYONE,
  'GET /api/v1/cases/:id/service-record.pdf': EVERYONE,
  'POST /api/v1/cases/:id/service-record/confirmation': ['admin', 'customer'],
  'POST /api/v1/cases/:id/service-record/confirmation-link': STAFF,
  'GET /api/v1/public/service-record-confirmations/:token': 'public',
  'POST /api/v1/public/service-record-confirmations/:token': 'public',
  'GET /api/v1/surveys': EVERYONE,
  'GET /api/v1/surveys/:id': EVERYONE,
  'POST /api/v1/surveys/:id/answers': ['admin', 'manager', 'secretary'],
  'GET /api/v1/public/surveys/:token': 'public',
  'POST /api/v1/public/surveys/:token': 'public',
  'GET /api/v1/follow-ups': ['admin', 'manager'],
  'POST /api/v1/follow-ups/:id/closure': ['admin', 'manager'],
  'GET /api/v1/reports/satisfaction': ['admin', 'manager'],
};

const STREAMS = new Set(['GET /api/v1/case-changes']);

describeOnEachDatabase('authorisation: every route × every role', (database) => {
  let app: TestApp;
  const users = new Map<Role, TestUser>();

  beforeAll(async () => {
    app = await TestApp.start(database);
    for (const role of ROLES) users.set(role, await app.user(role));
  });
  afterAll(() => app.stop());

  it('has a written expectation for every declared API route', () => {
    const declared = app.app.declaredRoutes.map((route) => `${route.method} ${route.url}`).sort();
    expect(declared.filter((key) => !(key in EXPECTED_ACCESS))).toEqual([]);
    expect(Object.keys(EXPECTED_ACCESS).filter((key) => !declared.includes(key))).toEqual([]);
  });

  it('answers 401 to anonymous callers of every non-public route', async () => {
    for (const [key, expected] of Object.entries(EXPECTED_ACCESS)) {
      if (expected === 'public') continue;
      const [method, url] = key.split(' ') as [string, string];
      const response = await app.inject({
        method: method as 'GET',
        url: fill(url, users.get('customer')!),
        payload: method === 'GET' || method === 'DELETE' ? undefined : {},
      });
      expect({ key, status: response.statusCode }).toEqual({ key, status: 401 });
    }
  });

  for (const role of ROLES) {
    it(`lets ${role} call exactly the routes its role allows`, async () => {
      const actor = users.get(role)!;
      const outcomes: { key: string; allowed: boolean; status: number }[] = [];
      for (const [key, expected] of Object.entries(EXPECTED_ACCESS)) {
        if (expected === 'public' || key === 'DELETE /api/v1/sessions/current' || key === 'POST /api/v1/me/password') continue;
        // An allowed caller gets an endless event stream; test/live/case-changes.test.ts reads it over a real socket.
        if (STREAMS.has(key) && expected.includes(role)) continue;
        const [method, url] = key.split(' ') as [string, string];
        const response = await app.inject({
          method: method as 'GET',
          url: fill(url, actor),
          headers: actor.headers,
          payload: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        outcomes.push({ key, allowed: expected.includes(role), status: response.statusCode });
      }
      const wrong = outcomes.filter((outcome) => (outcome.allowed ? [401, 403].includes(outcome.status) : outcome.status !== 403));
      expect(wrong).toEqual([]);
    });
  }
});

/** Path parameters: the actor's own organisation, so an allowed customer is not turned away by scope. */
function fill(url: string, actor: TestUser): string {
  return url
    .replace('/organizations/:id', `/organizations/${actor.organizationId ?? 'none'}`)
    .replace(':position', 'president')
    .replace(':stepId', '00000000-0000-7000-8000-000000000001')
    .replace(':attachmentId', '00000000-0000-7000-8000-000000000002')
    .replace(':kind', 'products')
    .replace(':id', '00000000-0000-7000-8000-000000000000');
}

describe('the expectation table', () => {
  it('lists only known roles', () => {
    for (const expected of Object.values(EXPECTED_ACCESS)) {
      if (expected !== 'public') for (const role of expected) expect(ROLES).toContain(role);
    }
  });
});
