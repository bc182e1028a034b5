import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import {
  HOUR,
  iso,
  ladderOf,
  logCase,
  setUpEscalationWorld,
  timelineOf,
  type CaseBody,
  type EscalationWorld,
  type Problem,
} from '../escalations/escalation-world.js';

describeOnEachDatabase('cases: lifecycle, remote authorisation and what customers may see', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let customer: TestUser;
  let otherOrganization: { id: string };
  let otherCustomer: TestUser;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    world = await setUpEscalationWorld(app);
    customer = await app.user('customer', { organizationId: world.organization.id });
    otherOrganization = await app.organization('Other Power Grid');
    otherCustomer = await app.user('customer', { organizationId: otherOrganization.id });
  });
  afterAll(() => app.stop());

  const transition = (as: TestUser, caseId: string, to: string) =>
    app.request<CaseBody & Problem>(as, 'POST', `/api/v1/cases/${caseId}/transitions`, { to });

  describe('lifecycle', () => {
    it('refuses an illegal transition with a 409 problem listing the allowed ones', async () => {
      const created = await logCase(world, { level: 2 });
      expect(created.status).toBe('new');
      const response = await transition(world.secretary, created.id, 'closed');
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body.field).toBe('to');
      expect(response.body.allowed).toEqual(created.allowedTransitions);
      expect(response.body.allowed).toEqual(['assigned', 'diagnosing', 'in_progress', 'resolved']);
      for (const allowed of response.body.allowed!) expect(response.body.detail).toContain(allowed);
      // Nothing changed.
      const after = await app.request<CaseBody>(world.secretary, 'GET', `/api/v1/cases/${created.id}`);
      expect(after.body.status).toBe('new');
    });

    it('an unknown status is a 400 naming `to`', async () => {
      const created = await logCase(world, { level: 3 });
      const response = await transition(world.secretary, created.id, 'teleported');
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('to');
    });

    it('walks the whole lifecycle and records each move on the timeline', async () => {
      const created = await logCase(world, { level: 3 });
      const path = [
        'diagnosing',
        'in_progress',
        'waiting_customer',
        'in_progress',
        'waiting_vendor',
        'in_progress',
        'resolved',
        'closed',
        'in_progress',
      ];
      for (const to of path) {
        const response = await transition(world.secretary, created.id, to);
        expect(response.status, `${to}: ${JSON.stringify(response.body)}`).toBe(200);
        expect(response.body.status).toBe(to);
      }
      const moves = (await timelineOf(world, created.id))
        .filter((entry) => entry.kind === 'case.transitioned')
        .map((entry) => entry.data.to);
      expect(moves).toEqual(path);
    });
  });

  describe('remote sessions need the customer’s authorisation', () => {
    it('refuses a remote session before the authorisation (409) and accepts it after', async () => {
      const created = await logCase(world, { level: 2 });
      const remote = { type: 'remote', summary: 'Logged into the core switch and rolled back the ACL change' };
      const refused = await app.request<Problem>(world.secretary, 'POST', `/api/v1/cases/${created.id}/actions`, remote);
      expect(refused.status).toBe(409);
      expect(refused.body.field).toBe('type');
      expect((await timelineOf(world, created.id)).some((entry) => entry.kind === 'case.action-recorded')).toBe(false);

      const authorised = await app.request<CaseBody & { remoteAuthorizedAt: string | null }>(
        customer,
        'POST',
        `/api/v1/cases/${created.id}/remote-authorization`,
        { note: 'Go ahead, weekdays only' },
      );
      expect(authorised.status).toBe(200);
      expect(authorised.body.remoteAuthorizedAt).toBe(iso(app.clock.now().getTime()));

      const accepted = await app.request<{ type: string }>(world.secretary, 'POST', `/api/v1/cases/${created.id}/actions`, remote);
      expect(accepted.status).toBe(201);
      expect(accepted.body.type).toBe('remote');
      const kinds = (await timelineOf(world, created.id)).map((entry) => entry.kind);
      expect(kinds).toEqual(expect.arrayContaining(['case.remote-authorized', 'case.action-recorded']));
    });

    it('another organisation’s customer cannot authorise it (404)', async () => {
      const created = await logCase(world, { level: 2 });
      const response = await app.request(otherCustomer, 'POST', `/api/v1/cases/${created.id}/remote-authorization`, {});
      expect(response.status).toBe(404);
    });
  });

  describe('customers', () => {
    it('create cases for their own organisation only', async () => {
      const own = await app.request<CaseBody>(customer, 'POST', '/api/v1/cases', {
        organizationId: world.organization.id,
        channel: 'portal',
        level: 2,
        title: 'VPN concentrator reboots',
        description: 'Every hour since this morning',
      });
      expect(own.status).toBe(201);
      expect(own.body.organizationId).toBe(world.organization.id);

      const before = await app.request<{ items: unknown[] }>(
        world.secretary,
        'GET',
        `/api/v1/cases?organizationId=${otherOrganization.id}`,
      );
      const foreign = await app.request<Problem>(customer, 'POST', '/api/v1/cases', {
        organizationId: otherOrganization.id,
        channel: 'portal',
        level: 1,
        title: 'Not mine',
        description: 'x',
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.field).toBe('organizationId');
      const after = await app.request<{ items: unknown[] }>(world.secretary, 'GET', `/api/v1/cases?organizationId=${otherOrganization.id}`);
      expect(after.body.items).toHaveLength(before.body.items.length);
    });

    it('see only their own cases, in the list and by id', async () => {
      const mine = await logCase(world, { level: 3, title: 'Mine' });
      const theirs = await logCase(world, { level: 3, title: 'Theirs', organizationId: otherOrganization.id });

      const list = await app.request<{ items: { id: string; organizationId: string }[] }>(customer, 'GET', '/api/v1/cases?limit=200');
      expect(list.status).toBe(200);
      expect(list.body.items.map((item) => item.id)).toContain(mine.id);
      expect(list.body.items.every((item) => item.organizationId === world.organization.id)).toBe(true);
      const asked = await app.request<{ items: unknown[] }>(customer, 'GET', `/api/v1/cases?organizationId=${otherOrganization.id}`);
      expect(asked.body.items).toEqual([]);

      for (const url of [`/api/v1/cases/${theirs.id}`, `/api/v1/cases/${theirs.id}/timeline`, `/api/v1/cases/${theirs.id}/escalations`]) {
        const response = await app.request<Problem>(customer, 'GET', url);
        expect(response.status, url).toBe(404);
        expect(JSON.stringify(response.body)).not.toContain('Theirs');
      }
      expect((await app.request(customer, 'GET', `/api/v1/cases/${mine.id}`)).status).toBe(200);
      const other = await app.request<{ items: { id: string }[] }>(otherCustomer, 'GET', '/api/v1/cases?limit=200');
      expect(other.body.items.map((item) => item.id)).toEqual([theirs.id]);
    });

    it('never see internal notes, escalation recipients or the vendor escalation', async () => {
      const created = await logCase(world, { level: 1, receivedAt: iso(app.clock.now().getTime() - 5 * HOUR) });
      expect(
        (
          await app.request(world.secretary, 'POST', `/api/v1/cases/${created.id}/notes`, {
            body: 'Customer is difficult',
            visibility: 'internal',
          })
        ).status,
      ).toBe(204);
      expect(
        (await app.request(world.secretary, 'POST', `/api/v1/cases/${created.id}/notes`, { body: 'We are on it', visibility: 'public' }))
          .status,
      ).toBe(204);
      expect(
        (await app.request(customer, 'POST', `/api/v1/cases/${created.id}/notes`, { body: 'Thanks, waiting', visibility: 'public' }))
          .status,
      ).toBe(204);

      const staffTimeline = await timelineOf(world, created.id);
      // Each entry tells whose side spoke, so the case page shows the customer's messages apart from staff's.
      const authorOf = (body: string) =>
        (staffTimeline as { data: Record<string, unknown>; author?: string }[]).find((entry) => entry.data.body === body)?.author;
      expect([authorOf('Customer is difficult'), authorOf('We are on it'), authorOf('Thanks, waiting')]).toEqual([
        'staff',
        'staff',
        'customer',
      ]);
      expect((staffTimeline as { kind: string; author?: string }[]).find((entry) => entry.kind === 'escalation.fired')?.author).toBe(
        'system',
      );
      expect(staffTimeline.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['escalation.fired', 'vendor-escalation.opened']));
      const customerTimeline = await app.request<{ items: { kind: string; visibility: string; data: Record<string, unknown> }[] }>(
        customer,
        'GET',
        `/api/v1/cases/${created.id}/timeline`,
      );
      expect(customerTimeline.status).toBe(200);
      expect(customerTimeline.body.items.every((entry) => entry.visibility === 'public')).toBe(true);
      const text = JSON.stringify(customerTimeline.body);
      expect(text).toContain('We are on it');
      expect(text).not.toContain('Customer is difficult');
      for (const holder of Object.values(world.holders)) expect(text).not.toContain(holder.email);

      // The customer sees that the case was escalated and when, not to whom.
      const ladder = await ladderOf(world, created.id, customer);
      expect(ladder.filter((step) => step.status === 'fired')).toHaveLength(2);
      expect(ladder.every((step) => step.recipients.length === 0)).toBe(true);
      const staffLadder = await ladderOf(world, created.id);
      expect(staffLadder.filter((step) => step.recipients.length > 0)).toHaveLength(4);
      const view = await app.request<CaseBody>(customer, 'GET', `/api/v1/cases/${created.id}`);
      expect(view.body.vendorEscalation).toBeNull();
      expect(JSON.stringify(view.body)).not.toContain(world.holders['department-manager'].email);

      // Nor may they write an internal note, or move the case as staff do.
      expect(
        (await app.request(customer, 'POST', `/api/v1/cases/${created.id}/notes`, { body: 'sneaky', visibility: 'internal' })).status,
      ).toBe(403);
      expect((await transition(customer, created.id, 'diagnosing')).status).toBe(403);
    });

    it('may confirm and reopen their own resolved case', async () => {
      const created = await logCase(world, { level: 3 });
      expect((await transition(world.secretary, created.id, 'resolved')).status).toBe(200);
      expect((await transition(customer, created.id, 'confirmed')).body.status).toBe('confirmed');
      // Confirming by transition is the service-record confirmation: recorded with who confirmed it, and how.
      const timeline = await app.request<{ items: { kind: string; data: Record<string, unknown> }[] }>(
        world.secretary,
        'GET',
        `/api/v1/cases/${created.id}/timeline`,
      );
      expect(timeline.body.items.some((entry) => entry.kind === 'service-record.confirmed')).toBe(true);
      expect((await transition(customer, created.id, 'in_progress')).body.status).toBe('in_progress');
    });
  });
});
