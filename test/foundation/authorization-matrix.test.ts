import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/access/roles.js';
import { registerAccessControl } from '../../src/http/plugins/access-control.js';
import type { RouteAccess } from '../../src/http/plugins/request-context.js';
import { ManualClock } from '../../src/services/context.js';
import {
  HOUR,
  iso,
  ladderOf,
  logCase,
  setUpEscalationWorld,
  timelineOf,
  type CaseBody,
  type EscalationWorld,
} from '../escalations/escalation-world.js';
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
  'PATCH /api/v1/organizations/:id/sites/:siteId': ORGANIZATION_EDITORS,
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
  'GET /api/v1/inbound-mail': ORGANIZATION_EDITORS,
  'GET /api/v1/inbound-mail/:id': ORGANIZATION_EDITORS,
  'POST /api/v1/inbound-mail/:id/assign': ORGANIZATION_EDITORS,
  'POST /api/v1/inbound-mail/:id/discard': ORGANIZATION_EDITORS,
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

/**
 * Beyond the route gate: what each role finds in lists (organisation scope) and which parts of a case it is shown
 * (field visibility), and which moves each is offered, on records of the customer's own organisation and another.
 */
describeOnEachDatabase('authorisation: organisation scope and field visibility, every role', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let other: { id: string };
  const users = new Map<Role, TestUser>();
  let mine: CaseBody;
  let theirs: CaseBody;
  let resolved: CaseBody;
  let training: { id: string };

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    world = await setUpEscalationWorld(app);
    other = await app.organization('Other Power Grid');
    for (const role of ROLES) users.set(role, await app.user(role, role === 'customer' ? { organizationId: world.organization.id } : {}));
    // Received five hours ago at level 1: reports fired at once and a vendor escalation opened.
    mine = await logCase(world, { level: 1, title: 'Own organisation', receivedAt: iso(app.clock.now().getTime() - 5 * HOUR) });
    theirs = await logCase(world, { level: 3, title: 'Other organisation', organizationId: other.id });
    resolved = await logCase(world, { level: 3, title: 'Resolved one' });
    expect((await app.request(world.secretary, 'POST', `/api/v1/cases/${resolved.id}/transitions`, { to: 'resolved' })).status).toBe(200);
    const note = { body: 'Internal: the customer’s firewall is misconfigured', visibility: 'internal' };
    expect((await app.request(world.secretary, 'POST', `/api/v1/cases/${mine.id}/notes`, note)).status).toBe(204);
    const planned = await app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/trainings', {
      organizationId: world.organization.id,
      topic: 'Operating the new firewall',
      trainerUserId: world.holders['department-manager'].id,
      date: '2026-04-01',
      place: 'HQ',
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    training = planned.body;
  });
  afterAll(() => app.stop());

  for (const role of ROLES) {
    const customer = role === 'customer';

    it(`${role}: finds in lists only the organisations it may see`, async () => {
      const actor = users.get(role)!;
      const ids = async (url: string) => {
        const response = await app.request<{ items: { id: string; organizationId: string }[] }>(actor, 'GET', url);
        expect(response.status, url).toBe(200);
        return response.body.items;
      };
      const cases = await ids('/api/v1/cases?limit=200');
      expect(cases.map((item) => item.id)).toContain(mine.id);
      expect(cases.some((item) => item.id === theirs.id)).toBe(!customer);
      if (customer) expect(cases.every((item) => item.organizationId === world.organization.id)).toBe(true);
      // Asking for another organisation: staff get it, a customer gets nothing (not their own records instead).
      for (const list of ['/api/v1/cases', '/api/v1/trainings', '/api/v1/surveys', '/api/v1/projects', '/api/v1/contracts']) {
        const asked = await ids(`${list}?organizationId=${other.id}`);
        if (customer) expect(asked, list).toEqual([]);
        else expect(asked.every((item) => item.organizationId === other.id)).toBe(true);
      }
      expect((await ids('/api/v1/trainings')).map((item) => item.id)).toEqual([training.id]);
      const organizations = (await ids('/api/v1/organizations?limit=200')).map((item) => item.id);
      expect(organizations.includes(other.id)).toBe(!customer);
    });

    it(`${role}: reads a case of another organisation only as staff`, async () => {
      const actor = users.get(role)!;
      for (const url of [`/api/v1/cases/${theirs.id}`, `/api/v1/cases/${theirs.id}/timeline`, `/api/v1/cases/${theirs.id}/escalations`]) {
        expect((await app.request(actor, 'GET', url)).status, url).toBe(customer ? 404 : 200);
      }
    });

    it(`${role}: is shown the company-internal parts of a case only as staff`, async () => {
      const actor = users.get(role)!;
      const view = await app.request<CaseBody & { can: Record<string, boolean> }>(actor, 'GET', `/api/v1/cases/${mine.id}`);
      expect(view.status).toBe(200);
      expect(view.body.vendorEscalation === null).toBe(customer);
      expect(view.body.can.seeInternal).toBe(!customer);
      const ladder = await ladderOf(world, mine.id, actor);
      const fired = ladder.filter((step) => step.status === 'fired');
      expect(fired.length).toBeGreaterThan(0);
      expect(fired.every((step) => step.recipients.length === 0)).toBe(customer);
      const timeline = await timelineOf(world, mine.id, actor);
      expect(timeline.some((entry) => entry.visibility === 'internal')).toBe(!customer);
      expect(JSON.stringify(timeline).includes('misconfigured')).toBe(!customer);
    });

    it(`${role}: is offered exactly the moves it may make`, async () => {
      const actor = users.get(role)!;
      const moves = async (id: string) => {
        const response = await app.request<CaseBody & { can: { transition: boolean } }>(actor, 'GET', `/api/v1/cases/${id}`);
        return { allowed: [...response.body.allowedTransitions].sort(), transition: response.body.can.transition };
      };
      expect(await moves(mine.id)).toEqual(
        customer
          ? { allowed: [], transition: false }
          : { allowed: ['assigned', 'diagnosing', 'in_progress', 'resolved'], transition: true },
      );
      expect(await moves(resolved.id)).toEqual({
        allowed: customer ? ['confirmed', 'in_progress'] : ['closed', 'confirmed', 'in_progress'],
        transition: true,
      });
    });
  }
});

describe('routes declare the permission they really need', () => {
  const withRoute = (method: 'GET' | 'POST', access: RouteAccess) => {
    const app = Fastify();
    registerAccessControl(app);
    app.route({ method, url: '/api/v1/things/:id', config: { access }, handler: async () => null });
    return app;
  };

  it('refuses to start with a write route that declares a read permission', async () => {
    expect(() => withRoute('POST', 'cases.read')).toThrow(/declares the read permission cases\.read/);
    expect(() => withRoute('POST', ['cases.transition', 'cases.read'])).toThrow(/cases\.read/);
    const fine = [withRoute('GET', 'cases.read'), withRoute('POST', ['cases.transition', 'cases.reopen'])];
    for (const app of fine) await app.close();
  });
});
