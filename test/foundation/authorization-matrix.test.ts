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
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { updateReportSettings } from '../../src/services/settings/report-settings.js';

const STAFF: Role[] = ['admin', 'manager', 'expert', 'executive', 'secretary'];
const EVERYONE: Role[] = [...ROLES];
const ORGANIZATION_EDITORS: Role[] = ['admin', 'manager', 'secretary'];
const PROBLEM_EDITORS: Role[] = ['admin', 'manager', 'expert'];
const ARTICLE_WRITERS: Role[] = ['admin', 'manager', 'expert'];

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
  'PATCH /api/v1/organizations/:id/contacts/:contactId': ORGANIZATION_EDITORS,
  'POST /api/v1/organizations/:id/retire': ORGANIZATION_EDITORS,
  'POST /api/v1/organizations/:id/reactivate': ORGANIZATION_EDITORS,
  'POST /api/v1/organizations/:id/sites/:siteId/retire': ORGANIZATION_EDITORS,
  'POST /api/v1/organizations/:id/sites/:siteId/reactivate': ORGANIZATION_EDITORS,
  'POST /api/v1/organizations/:id/contacts/:contactId/retire': ORGANIZATION_EDITORS,
  'POST /api/v1/organizations/:id/contacts/:contactId/reactivate': ORGANIZATION_EDITORS,
  'GET /api/v1/departments': STAFF,
  'POST /api/v1/departments': ['admin'],
  'GET /api/v1/departments/:id': STAFF,
  'PATCH /api/v1/departments/:id': ['admin'],
  'GET /api/v1/positions': STAFF,
  'PUT /api/v1/positions/:position': ['admin'],
  'GET /api/v1/audit-log': ['admin', 'manager'],
  'GET /api/v1/audit-log/entity-types': ['admin', 'manager'],
  'POST /api/v1/cases': EVERYONE,
  // Files for a case being logged: whoever may log a case (cases.create), each only their own uploads.
  'POST /api/v1/cases/attachments': EVERYONE,
  'GET /api/v1/cases/attachments/:attachmentId': EVERYONE,
  'GET /api/v1/cases': EVERYONE,
  'POST /api/v1/cases/bulk': STAFF,
  'GET /api/v1/queues': EVERYONE,
  'PUT /api/v1/queues/columns': EVERYONE,
  'POST /api/v1/queues/filters': EVERYONE,
  'DELETE /api/v1/queues/filters/:id': EVERYONE,
  'GET /api/v1/search': EVERYONE,
  'GET /api/v1/cases/similar': EVERYONE,
  'GET /api/v1/cases/:id/similar': EVERYONE,
  'GET /api/v1/cases/:id': EVERYONE,
  'PATCH /api/v1/cases/:id': STAFF,
  'POST /api/v1/cases/:id/transitions': EVERYONE,
  'POST /api/v1/cases/:id/level': STAFF,
  'POST /api/v1/cases/:id/actions': STAFF,
  'POST /api/v1/cases/:id/remote-authorization': EVERYONE,
  'POST /api/v1/cases/:id/notes': EVERYONE,
  'POST /api/v1/cases/:id/attachments': EVERYONE,
  'GET /api/v1/cases/:id/attachments/:attachmentId': EVERYONE,
  'GET /api/v1/cases/:id/timeline': EVERYONE,
  'GET /api/v1/case-changes': EVERYONE,
  'GET /api/v1/dashboard': STAFF,
  'GET /api/v1/dashboard/changes': STAFF,
  'POST /api/v1/wallboard-sessions': 'public',
  'GET /api/v1/wallboard-tokens': ['admin'],
  'POST /api/v1/wallboard-tokens': ['admin'],
  'DELETE /api/v1/wallboard-tokens/:id': ['admin'],
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
  'POST /api/v1/vendors/:id/retire': ['admin', 'manager'],
  'POST /api/v1/vendors/:id/reactivate': ['admin', 'manager'],
  'GET /api/v1/projects': EVERYONE,
  'POST /api/v1/projects': ORGANIZATION_EDITORS,
  'GET /api/v1/projects/:id': EVERYONE,
  'PATCH /api/v1/projects/:id': ORGANIZATION_EDITORS,
  'POST /api/v1/projects/:id/retire': ORGANIZATION_EDITORS,
  'POST /api/v1/projects/:id/reactivate': ORGANIZATION_EDITORS,
  'GET /api/v1/projects/:id/attachments': EVERYONE,
  'POST /api/v1/projects/:id/attachments': ORGANIZATION_EDITORS,
  'GET /api/v1/projects/:id/attachments/:attachmentId': EVERYONE,
  'DELETE /api/v1/projects/:id/attachments/:attachmentId': ORGANIZATION_EDITORS,
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
  'POST /api/v1/contracts/:id/cancel': ['admin', 'manager'],
  'POST /api/v1/contracts/:id/reactivate': ['admin', 'manager'],
  'GET /api/v1/entitlements': EVERYONE,
  'GET /api/v1/entitlements/products': EVERYONE,
  'GET /api/v1/cases/:id/entitlement': EVERYONE,
  'POST /api/v1/cases/:id/entitlement/re-evaluate': ORGANIZATION_EDITORS,
  'GET /api/v1/cases/:id/exchanges': EVERYONE,
  'POST /api/v1/cases/:id/exchanges': ['admin', 'manager', 'expert', 'executive'],
  'GET /api/v1/cases/:id/compensations': EVERYONE,
  'GET /api/v1/approvers': ['admin', 'manager', 'expert', 'executive'],
  'POST /api/v1/cases/:id/compensations': ['admin', 'manager'],
  'POST /api/v1/imports/:kind': ORGANIZATION_EDITORS,
  'GET /api/v1/exports/:kind': ORGANIZATION_EDITORS,
  'GET /api/v1/imports/:kind/template': ORGANIZATION_EDITORS,
  'GET /api/v1/escalation-policies': STAFF,
  'POST /api/v1/escalation-policies': ['admin', 'manager'],
  'GET /api/v1/escalation-policies/:id': STAFF,
  'PUT /api/v1/escalation-policies/:id': ['admin', 'manager'],
  'GET /api/v1/configuration-alerts': ['admin', 'manager'],
  'GET /api/v1/outbox': ['admin', 'manager'],
  'POST /api/v1/outbox/:id/retry': ['admin', 'manager'],
  'GET /api/v1/inbound-mail': ORGANIZATION_EDITORS,
  'GET /api/v1/inbound-mail/:id': ORGANIZATION_EDITORS,
  'GET /api/v1/cases/:id/mails/:mailId': EVERYONE,
  'POST /api/v1/inbound-mail/:id/assign': ORGANIZATION_EDITORS,
  'POST /api/v1/inbound-mail/:id/discard': ORGANIZATION_EDITORS,
  'GET /api/v1/mail-settings': ['admin', 'manager'],
  'GET /api/v1/service-desk-settings': EVERYONE,
  'PUT /api/v1/service-desk-settings': ['admin'],
  'GET /api/v1/contacts/:id/personal-data': ['admin'],
  'POST /api/v1/contacts/:id/personal-data/erase': ['admin'],
  'GET /api/v1/users/:id/personal-data': ['admin'],
  'POST /api/v1/users/:id/personal-data/erase': ['admin'],
  'GET /api/v1/personal-data-retention': ['admin'],
  'PUT /api/v1/personal-data-retention': ['admin'],
  'POST /api/v1/webhooks': ['admin'],
  'GET /api/v1/webhooks': ['admin'],
  'GET /api/v1/webhooks/settings': ['admin'],
  'PUT /api/v1/webhooks/settings': ['admin'],
  'GET /api/v1/webhooks/:id': ['admin'],
  'PATCH /api/v1/webhooks/:id': ['admin'],
  'DELETE /api/v1/webhooks/:id': ['admin'],
  'GET /api/v1/webhooks/:id/deliveries': ['admin'],
  'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver': ['admin'],
  'GET /api/v1/backups': ['admin'],
  'GET /api/v1/notifications': EVERYONE,
  'POST /api/v1/notifications/:id/read': EVERYONE,
  'POST /api/v1/notifications/read-all': EVERYONE,
  'GET /api/v1/me/chat-targets': STAFF,
  'POST /api/v1/me/chat-targets': STAFF,
  'GET /api/v1/position-chat-targets': ['admin'],
  'POST /api/v1/position-chat-targets': ['admin'],
  'PATCH /api/v1/chat-targets/:id': STAFF,
  'DELETE /api/v1/chat-targets/:id': STAFF,
  'POST /api/v1/chat-targets/:id/test': STAFF,
  'GET /api/v1/me/notification-preferences': STAFF,
  'PUT /api/v1/me/notification-preferences': STAFF,
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
  'PATCH /api/v1/trainings/:id': STAFF,
  'POST /api/v1/trainings/:id/cancel': STAFF,
  // Knowledge base: staff read all, experts, managers and admins write, customers read and rate what is shown to them.
  'GET /api/v1/articles': EVERYONE,
  'POST /api/v1/articles': ARTICLE_WRITERS,
  'GET /api/v1/articles/:id': EVERYONE,
  'PATCH /api/v1/articles/:id': ARTICLE_WRITERS,
  'GET /api/v1/articles/:id/versions': EVERYONE,
  'POST /api/v1/articles/:id/publish': ARTICLE_WRITERS,
  'POST /api/v1/articles/:id/unpublish': ARTICLE_WRITERS,
  'PUT /api/v1/articles/:id/feedback': EVERYONE,
  'PUT /api/v1/articles/:id/cases/:caseId': ARTICLE_WRITERS,
  'DELETE /api/v1/articles/:id/cases/:caseId': ARTICLE_WRITERS,
  'GET /api/v1/cases/:id/articles': EVERYONE,
  'GET /api/v1/articles/suggestions': EVERYONE,
  'PUT /api/v1/articles/:id/problems/:problemId': ARTICLE_WRITERS,
  'DELETE /api/v1/articles/:id/problems/:problemId': ARTICLE_WRITERS,
  'GET /api/v1/cases/:id/service-record': EVERYONE,
  'GET /api/v1/cases/:id/service-record.pdf': EVERYONE,
  'POST /api/v1/cases/:id/service-record/confirmation': ['admin', 'customer'],
  'POST /api/v1/cases/:id/service-record/confirmation-link': STAFF,
  'GET /api/v1/public/service-record-confirmations/:token': 'public',
  'POST /api/v1/public/service-record-confirmations/:token': 'public',
  'GET /api/v1/surveys': EVERYONE,
  'GET /api/v1/surveys/:id': EVERYONE,
  'POST /api/v1/surveys/:id/answers': ['admin', 'manager', 'secretary'],
  'POST /api/v1/surveys/:id/portal-answers': ['admin', 'customer'],
  'GET /api/v1/public/surveys/:token': 'public',
  'POST /api/v1/public/surveys/:token': 'public',
  'GET /api/v1/follow-ups': ['admin', 'manager'],
  'POST /api/v1/follow-ups/:id/closure': ['admin', 'manager'],
  // Never customers, even while allowed the reports (it rates engineers); executives do not read it.
  'GET /api/v1/reports/satisfaction': ['admin', 'manager'],
  // Repeat faults start problem analysis, so experts read them; customers never (the report ranks customers).
  'GET /api/v1/reports/repeat-faults': PROBLEM_EDITORS,
  'GET /api/v1/reports/repeat-faults/export': PROBLEM_EDITORS,
  // Operations reports: customers pass the route; the reports policy refuses them unless an admin allows it (as in
  // this file's set-up), and always refuses them escalations, workload and vendor cases (staff business).
  'GET /api/v1/reports/escalations': ['admin', 'manager', 'executive'],
  'GET /api/v1/reports/backlog': ['admin', 'manager', 'executive', 'customer'],
  'GET /api/v1/reports/workload': ['admin', 'manager', 'executive'],
  'GET /api/v1/reports/vendor-cases': ['admin', 'manager', 'executive'],
  'GET /api/v1/reports/first-response': ['admin', 'manager', 'executive', 'customer'],
  'GET /api/v1/reports/resolution': ['admin', 'manager', 'executive', 'customer'],
  'GET /api/v1/report-settings': ['admin'],
  'PUT /api/v1/report-settings': ['admin'],
  'GET /api/v1/weekly-summary-settings': ['admin'],
  'PUT /api/v1/weekly-summary-settings': ['admin'],
  // Problem records (SPEC §6): staff read, experts, managers and admins change; customers have none.
  'GET /api/v1/problems': STAFF,
  'POST /api/v1/problems': PROBLEM_EDITORS,
  'GET /api/v1/problems/:id': STAFF,
  'PATCH /api/v1/problems/:id': PROBLEM_EDITORS,
  'POST /api/v1/problems/:id/transitions': PROBLEM_EDITORS,
  'POST /api/v1/problems/:id/actions': PROBLEM_EDITORS,
  // Staff pass the route: an action's owner marks it done; the problem policy decides whose action it is.
  'POST /api/v1/problems/:id/actions/:actionId/completion': STAFF,
  'POST /api/v1/problems/:id/cases': PROBLEM_EDITORS,
  'DELETE /api/v1/problems/:id/cases/:caseId': PROBLEM_EDITORS,
  'PUT /api/v1/problems/:id/articles/:articleId': PROBLEM_EDITORS,
  'DELETE /api/v1/problems/:id/articles/:articleId': PROBLEM_EDITORS,
  'POST /api/v1/problems/:id/article': PROBLEM_EDITORS,
  // Recurrence detection: staff read the rules and the proposals; experts, managers and admins decide; admins set rules.
  'GET /api/v1/recurrence-rules': STAFF,
  'PUT /api/v1/recurrence-rules': ['admin'],
  'GET /api/v1/problem-proposals': STAFF,
  'GET /api/v1/problem-proposals/:id': STAFF,
  'POST /api/v1/problem-proposals/:id/accept': PROBLEM_EDITORS,
  'POST /api/v1/problem-proposals/:id/dismiss': PROBLEM_EDITORS,
  // Every staff user keeps personal replies; which shared ones a manager may change is the canned-replies policy's.
  'GET /api/v1/canned-replies': STAFF,
  'GET /api/v1/canned-replies/:id': STAFF,
  'POST /api/v1/canned-replies': STAFF,
  'PATCH /api/v1/canned-replies/:id': STAFF,
  'DELETE /api/v1/canned-replies/:id': STAFF,
  'GET /api/v1/cases/:id/canned-replies/:replyId/filled': STAFF,
};

const STREAMS = new Set(['GET /api/v1/case-changes', 'GET /api/v1/dashboard/changes']);

describeOnEachDatabase('authorisation: every route × every role', (database) => {
  let app: TestApp;
  const users = new Map<Role, TestUser>();

  beforeAll(async () => {
    app = await TestApp.start(database);
    for (const role of ROLES) users.set(role, await app.user(role));
    // The customer rows of the operations reports hold while an admin lets customers read them (off by default:
    // test/reports/operations-reports.test.ts checks the customer is refused then).
    await updateReportSettings(
      app.context,
      { userId: users.get('admin')!.id, role: 'admin', organizationId: null },
      { customersMayRead: true },
    );
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
    .replace(':replyId', '00000000-0000-7000-8000-000000000003')
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

/** What one organisation has on record, made by staff through the API: the fixture of the scope tests below. */
interface Holdings {
  organization: { id: string; name: string };
  site: { id: string };
  contact: { id: string };
  project: { id: string; items: { id: string; serialNumber: string }[] };
  contract: { id: string };
  training: { id: string };
  /** A resolved case, with the service record, entitlement and survey that come with it. */
  resolvedCase: CaseBody;
  /** A file sent with a public reply on the resolved case. */
  caseFileUrl: string;
  survey: { id: string };
}

/**
 * Beyond the route gate, for every resource that belongs to a customer organisation: a customer of organisation A
 * finds none of organisation B's records (404 for each one, nothing of B in any list), staff find them all; and
 * nothing a customer is sent about their own records carries what is company-internal (internal notes, staff
 * e-mail addresses, who was told of an escalation) or anything of another organisation.
 */
describeOnEachDatabase('authorisation: every resource is scoped to the organisation and shows a customer no internal field', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let mine: Holdings;
  let theirs: Holdings;
  /** A case of organisation B that names a serial number of A's (typed from the wrong delivery note). */
  let strayCase: CaseBody;
  /** Level 1 in A, received five hours ago: its reports fired to staff and a vendor escalation opened. */
  let escalatedCase: CaseBody;
  const users = new Map<Role, TestUser>();
  const staffEmails: string[] = [];
  const INTERNAL_NOTE = 'Internal: the firewall licence lapsed on our side';
  /** The integrator's own notes on a customer, project, product and contract: staff only. */
  const RECORD_NOTE = 'Internal: margin on this account is thin';

  async function holdings(organization: { id: string; name: string }, vendorId: string, tag: string): Promise<Holdings> {
    const ok = async <T>(response: Promise<{ status: number; body: T }>, status = 201): Promise<T> => {
      const answered = await response;
      expect(answered.status, JSON.stringify(answered.body)).toBe(status);
      return answered.body;
    };
    const base = `/api/v1/organizations/${organization.id}`;
    await ok(app.request(world.secretary, 'PATCH', base, { notes: `${RECORD_NOTE} (customer ${tag})` }), 200);
    const site = await ok(app.request<{ id: string }>(world.secretary, 'POST', `${base}/sites`, { name: `${tag} head office` }));
    const contact = await ok(
      app.request<{ id: string }>(world.secretary, 'POST', `${base}/contacts`, {
        name: `${tag} contact`,
        email: `${tag.toLowerCase()}@customer.example`,
      }),
    );
    const project = await ok(
      app.request<Holdings['project']>(world.secretary, 'POST', '/api/v1/projects', {
        organizationId: organization.id,
        name: `${tag} core network`,
        deliveredAt: '2025-04-01',
        guaranteeEndsAt: '2027-03-31',
        notes: `${RECORD_NOTE} (project ${tag})`,
        items: [{ vendorId, model: 'C9300-48P', serialNumber: `${tag}-SN-0001`, notes: `${RECORD_NOTE} (product ${tag})` }],
      }),
    );
    const contract = await ok(
      app.request<{ id: string }>(world.holders['department-manager'], 'POST', '/api/v1/contracts', {
        organizationId: organization.id,
        number: `SC-${tag}-${Math.random().toString(36).slice(2, 8)}`,
        startsAt: '2026-01-01',
        endsAt: '2026-12-31',
        services: ['hotline', 'remote'],
        notes: `${RECORD_NOTE} (contract ${tag})`,
      }),
    );
    const training = await ok(
      app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/trainings', {
        organizationId: organization.id,
        topic: `${tag} firewall operations`,
        trainerUserId: world.holders['department-manager'].id,
        date: '2026-04-01',
        place: 'HQ',
      }),
    );
    const resolvedCase = await logCase(world, { level: 3, title: `${tag} resolved`, organizationId: organization.id });
    await ok(
      app.request(world.secretary, 'POST', `/api/v1/cases/${resolvedCase.id}/notes`, { body: INTERNAL_NOTE, visibility: 'internal' }),
      204,
    );
    const uploaded = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${resolvedCase.id}/attachments`,
      headers: { ...world.secretary.headers, 'content-type': 'multipart/form-data; boundary=b' },
      payload: `--b\r\nContent-Disposition: form-data; name="file"; filename="${tag}.txt"\r\n\r\nrunning-config\r\n--b--\r\n`,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const caseFile = uploaded.json<{ id: string; downloadUrl: string }>();
    await ok(
      app.request(world.secretary, 'POST', `/api/v1/cases/${resolvedCase.id}/notes`, {
        body: 'The configuration we found',
        visibility: 'public',
        attachmentIds: [caseFile.id],
      }),
      204,
    );
    await ok(app.request(world.secretary, 'POST', `/api/v1/cases/${resolvedCase.id}/transitions`, { to: 'resolved' }), 200);
    const surveys = await ok(
      app.request<{ items: { id: string; caseId: string | null }[] }>(
        world.admin,
        'GET',
        `/api/v1/surveys?organizationId=${organization.id}`,
      ),
      200,
    );
    const survey = surveys.items.find((item) => item.caseId === resolvedCase.id);
    expect(survey, 'resolving a case asks its survey').toBeDefined();
    return { organization, site, contact, project, contract, training, resolvedCase, caseFileUrl: caseFile.downloadUrl, survey: survey! };
  }

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    world = await setUpEscalationWorld(app);
    const other = await app.organization('Other Power Grid');
    for (const role of ROLES) users.set(role, await app.user(role, role === 'customer' ? { organizationId: world.organization.id } : {}));
    for (const [role, user] of users) if (role !== 'customer') staffEmails.push(user.email);
    staffEmails.push(world.admin.email, world.secretary.email, ...Object.values(world.holders).map((holder) => holder.email));
    const vendor = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/vendors', {
      name: `Cisco ${Math.random().toString(36).slice(2, 6)}`,
      supportCenter: { name: 'Cisco TAC', phone: '+1 408 526 7209' },
    });
    expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
    mine = await holdings(world.organization, vendor.body.id, 'MINE');
    theirs = await holdings(other, vendor.body.id, 'THEIRS');
    const stray = await app.request<CaseBody>(world.secretary, 'POST', '/api/v1/cases', {
      organizationId: other.id,
      channel: 'hotline',
      level: 4,
      title: 'Stray serial',
      description: 'Logged for the other organisation with a serial number of the first one.',
      departmentId: world.department.id,
      serialNumbers: [mine.project.items[0]!.serialNumber],
    });
    expect(stray.status, JSON.stringify(stray.body)).toBe(201);
    strayCase = stray.body;
    const escalated = await logCase(world, { level: 1, title: 'Escalated', receivedAt: iso(app.clock.now().getTime() - 5 * HOUR) });
    await app.request(world.secretary, 'POST', `/api/v1/cases/${escalated.id}/notes`, { body: INTERNAL_NOTE, visibility: 'internal' });
    escalatedCase = escalated;
  });
  afterAll(() => app.stop());

  /** Every address at which one organisation's records are read, each one a route every role but the excluded may call. */
  const recordUrls = (of: Holdings): string[] => {
    const caseId = of.resolvedCase.id;
    const product = of.project.items[0]!;
    return [
      `/api/v1/organizations/${of.organization.id}`,
      `/api/v1/organizations/${of.organization.id}/sites`,
      `/api/v1/organizations/${of.organization.id}/contacts`,
      `/api/v1/projects/${of.project.id}`,
      `/api/v1/projects/${of.project.id}/attachments`,
      `/api/v1/assets/${product.id}`,
      `/api/v1/assets/${product.id}/history`,
      `/api/v1/contracts/${of.contract.id}`,
      `/api/v1/entitlements?serial=${product.serialNumber}`,
      `/api/v1/entitlements?organizationId=${of.organization.id}`,
      `/api/v1/entitlements/products?organizationId=${of.organization.id}`,
      `/api/v1/trainings/${of.training.id}`,
      `/api/v1/surveys/${of.survey.id}`,
      `/api/v1/cases/${caseId}`,
      `/api/v1/cases/${caseId}/timeline`,
      `/api/v1/cases/${caseId}/similar`,
      of.caseFileUrl,
      `/api/v1/cases/${caseId}/escalations`,
      `/api/v1/cases/${caseId}/entitlement`,
      `/api/v1/cases/${caseId}/exchanges`,
      `/api/v1/cases/${caseId}/compensations`,
      `/api/v1/cases/${caseId}/service-record`,
      `/api/v1/cases/${caseId}/service-record.pdf`,
    ];
  };

  /** Lists a customer may call, each asked without a filter and for the other organisation. */
  const LISTS = ['/api/v1/cases', '/api/v1/projects', '/api/v1/assets', '/api/v1/contracts', '/api/v1/trainings', '/api/v1/surveys'];

  for (const role of ROLES) {
    const customer = role === 'customer';

    it(`${role}: opens every record of another organisation only as staff (a customer gets 404, not 403)`, async () => {
      const actor = users.get(role)!;
      const outcomes = [];
      for (const url of recordUrls(theirs)) outcomes.push({ url, status: (await app.request(actor, 'GET', url)).status });
      expect(outcomes).toEqual(recordUrls(theirs).map((url) => ({ url, status: customer ? 404 : 200 })));
      for (const url of recordUrls(mine))
        expect({ url, status: (await app.request(actor, 'GET', url)).status }).toEqual({ url, status: 200 });
    });

    it(`${role}: finds another organisation's records in no list, asked for or not`, async () => {
      const actor = users.get(role)!;
      for (const list of LISTS) {
        const all = await app.request<{ items: { id: string; organizationId: string }[] }>(actor, 'GET', `${list}?limit=200`);
        expect(all.status, list).toBe(200);
        const organizations = new Set(all.body.items.map((item) => item.organizationId));
        expect({ list, theirs: organizations.has(theirs.organization.id) }).toEqual({ list, theirs: !customer });
        expect({ list, mine: organizations.has(mine.organization.id) }).toEqual({ list, mine: true });
        const asked = await app.request<{ items: { organizationId: string }[] }>(
          actor,
          'GET',
          `${list}?organizationId=${theirs.organization.id}`,
        );
        expect(asked.status, list).toBe(200);
        if (customer) expect({ list, items: asked.body.items }).toEqual({ list, items: [] });
        else expect(asked.body.items.length, list).toBeGreaterThan(0);
      }
      // Search reads the index the background indexer keeps; it is brought up to date first, so a customer's empty
      // answer means scope, not an index that has not caught up.
      await indexCaseSearchNow(app.context);
      const searched = await app.request<{ groups: { items: { id: string }[] }[] }>(
        actor,
        'GET',
        `/api/v1/search?q=${encodeURIComponent(theirs.resolvedCase.number)}`,
      );
      expect(searched.status).toBe(200);
      expect({ search: searched.body.groups[0]!.items.some((item) => item.id === theirs.resolvedCase.id) }).toEqual({ search: !customer });
      const found = await app.request<{ items: { id: string }[] }>(
        actor,
        'GET',
        `/api/v1/organizations?text=${encodeURIComponent('Other Power')}`,
      );
      expect(found.body.items.some((item) => item.id === theirs.organization.id)).toBe(!customer);
    });

    it(`${role}: sees in a product's history only the cases of organisations it may see`, async () => {
      const actor = users.get(role)!;
      const history = await app.request<{ cases: { id: string }[] }>(actor, 'GET', `/api/v1/assets/${mine.project.items[0]!.id}/history`);
      expect(history.status).toBe(200);
      expect(history.body.cases.some((item) => item.id === strayCase.id)).toBe(!customer);
    });
  }

  it("lets a customer change nothing of another organisation's, and answers as if it did not exist", async () => {
    const actor = users.get('customer')!;
    const caseUrl = `/api/v1/cases/${theirs.resolvedCase.id}`;
    const writes: [string, string, unknown][] = [
      ['POST', `${caseUrl}/transitions`, { to: 'in_progress' }],
      ['POST', `${caseUrl}/notes`, { body: 'Is it fixed?', visibility: 'public' }],
      ['POST', `${caseUrl}/remote-authorization`, { grantedBy: 'Me' }],
      ['POST', `${caseUrl}/service-record/confirmation`, {}],
    ];
    for (const [method, url, body] of writes) {
      expect({ url, status: (await app.request(actor, method as 'POST', url, body)).status }).toEqual({ url, status: 404 });
    }
    const intake = await app.request<{ field?: string }>(actor, 'POST', '/api/v1/cases', {
      organizationId: theirs.organization.id,
      channel: 'portal',
      level: 3,
      title: 'For them',
      description: 'Logged for another organisation.',
    });
    expect({ status: intake.status, field: intake.body.field }).toEqual({ status: 400, field: 'organizationId' });
    // Someone else's notification (a report that reached a position holder) is not found, not marked read.
    const holder = world.holders['department-manager'];
    const theirNotifications = await app.request<{ items: { id: string; readAt: string | null }[] }>(
      holder,
      'GET',
      '/api/v1/notifications',
    );
    const notification = theirNotifications.body.items[0];
    expect(notification, 'the fired report notified the department manager').toBeDefined();
    expect((await app.request(actor, 'POST', `/api/v1/notifications/${notification!.id}/read`)).status).toBe(404);
    const after = await app.request<{ items: { id: string; readAt: string | null }[] }>(holder, 'GET', '/api/v1/notifications');
    expect(after.body.items.find((item) => item.id === notification!.id)?.readAt ?? null).toBeNull();
  });

  it('sends a customer nothing internal and nothing of another organisation about their own records', async () => {
    const actor = users.get('customer')!;
    const urls = [
      ...recordUrls(mine).filter((url) => !url.endsWith('.pdf')),
      `/api/v1/cases/${escalatedCase.id}`,
      `/api/v1/cases/${escalatedCase.id}/timeline`,
      `/api/v1/cases/${escalatedCase.id}/escalations`,
      ...LISTS.map((list) => `${list}?limit=200`),
      '/api/v1/organizations?limit=200',
      '/api/v1/notifications',
    ];
    const forbiddenTexts = [
      INTERNAL_NOTE,
      RECORD_NOTE,
      ...staffEmails,
      theirs.organization.id,
      theirs.organization.name,
      strayCase.id,
      theirs.resolvedCase.id,
    ];
    const leaks: { url: string; text: string }[] = [];
    for (const url of urls) {
      const response = await app.request(actor, 'GET', url);
      expect(response.status, url).toBe(200);
      const text = JSON.stringify(response.body);
      for (const hidden of forbiddenTexts) if (text.includes(hidden)) leaks.push({ url, text: hidden });
    }
    expect(leaks).toEqual([]);
    // The same addresses do carry the internal parts for staff: the check above can find them.
    const staffText = JSON.stringify((await app.request(world.secretary, 'GET', `/api/v1/cases/${escalatedCase.id}/timeline`)).body);
    expect(staffText).toContain(INTERNAL_NOTE);
    const ladder = JSON.stringify((await app.request(world.secretary, 'GET', `/api/v1/cases/${escalatedCase.id}/escalations`)).body);
    expect(staffEmails.some((email) => ladder.includes(email))).toBe(true);
    const product = mine.project.items[0]!;
    for (const [url, what] of [
      [`/api/v1/organizations/${mine.organization.id}`, 'customer'],
      [`/api/v1/projects/${mine.project.id}`, 'project'],
      [`/api/v1/assets/${product.id}`, 'product'],
      [`/api/v1/contracts/${mine.contract.id}`, 'contract'],
    ] as const) {
      for (const role of ROLES.filter((staff) => staff !== 'customer')) {
        const seen = await app.request<{ notes: string | null }>(users.get(role)!, 'GET', url);
        expect({ url, role, notes: seen.body.notes }).toEqual({ url, role, notes: `${RECORD_NOTE} (${what} MINE)` });
      }
      const hidden = await app.request<{ notes: string | null }>(actor, 'GET', url);
      expect({ url, notes: hidden.body.notes }).toEqual({ url, notes: null });
    }
  });
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
