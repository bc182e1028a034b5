import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import type { ServiceContext } from '../../src/services/context.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { notifyOverdueProblemActions } from '../../src/services/problems/notify-overdue-actions.js';
import type { Storage } from '../../src/storage/db.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';
import { logCase, mailsOf, startServiceLoopWorld, type Problem, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

interface ProblemBody {
  id: string;
  title: string;
  status: string;
  ownerId: string;
  workaround: string | null;
  organizations: { id: string; name: string }[];
  products: { vendorId: string | null; model: string | null }[];
  cases: { id: string; number: string }[];
  actions: { id: string; description: string; ownerId: string; dueOn: string; done: boolean; overdueNotifiedAt: string | null }[];
  timeline: { kind: string; data: Record<string, unknown> }[];
  can: { change: boolean };
  allowedTransitions: string[];
}

interface CaseWithProblems {
  id: string;
  problems: { id: string; title: string; status: string; workaround: string | null; ownerName: string }[];
}

describeOnEachDatabase('problem records', (database) => {
  let world: ServiceLoopWorld;
  let expert: TestUser;
  let sink: SmtpSink;
  let transport: MailTransport;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    expert = await world.app.user('expert', { name: '张专家', language: 'zh-CN' });
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
  });
  afterAll(async () => {
    transport?.close();
    await sink?.close();
    await world?.app.stop();
  });

  const open = (as: TestUser, body: Record<string, unknown>) =>
    world.app.request<ProblemBody & Problem>(as, 'POST', '/api/v1/problems', {
      title: 'Core switches drop packets under load',
      description: 'Several customers report packet loss on the same switch model.',
      ownerId: expert.id,
      ...body,
    });
  const move = (id: string, to: string, as: TestUser = expert) =>
    world.app.request<ProblemBody & Problem>(as, 'POST', `/api/v1/problems/${id}/transitions`, { to });
  const caseOf = async (id: string, as: TestUser = world.engineer) => {
    const response = await world.app.request<CaseWithProblems>(as, 'GET', `/api/v1/cases/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  it('moves through open → analysing → known error → resolved → closed; an illegal move is 409 naming `to`', async () => {
    const created = await open(expert, {});
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', allowedTransitions: ['analysing'], can: { change: true } });
    const id = created.body.id;

    const skipped = await move(id, 'closed');
    expect(skipped.status).toBe(409);
    expect(skipped.body.field).toBe('to');
    expect(skipped.body.detail).toContain('analysing');
    const unknown = await move(id, 'finished');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('to');

    for (const to of ['analysing', 'known_error', 'resolved']) expect((await move(id, to)).status).toBe(200);
    const added = await world.app.request<ProblemBody>(expert, 'POST', `/api/v1/problems/${id}/actions`, {
      description: 'Upgrade the firmware on every affected switch',
      ownerId: world.engineer.id,
      dueOn: '2026-04-01',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const blocked = await move(id, 'closed');
    expect(blocked.status).toBe(409);
    expect(blocked.body.field).toBe('to');

    // The action's owner, an engineer who may not change the problem, marks their own action done.
    const actionId = added.body.actions[0]!.id;
    const done = await world.app.request<ProblemBody>(world.engineer, 'POST', `/api/v1/problems/${id}/actions/${actionId}/completion`, {
      done: true,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.actions[0]!.done).toBe(true);
    const closed = await move(id, 'closed');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', allowedTransitions: [] });
    expect(closed.body.timeline.map((event) => event.kind)).toEqual([
      'problem.created',
      'problem.transitioned',
      'problem.transitioned',
      'problem.transitioned',
      'problem.action-added',
      'problem.action-done',
      'problem.transitioned',
    ]);
    expect((await move(id, 'analysing')).status).toBe(409);
  });

  it('is owned by an expert or a manager, opened and changed by experts, managers and admins, read by staff only', async () => {
    const byExecutive = await open(world.engineer, {});
    expect(byExecutive.status).toBe(403);
    const ownedByEngineer = await open(expert, { ownerId: world.engineer.id });
    expect(ownedByEngineer.status).toBe(400);
    expect(ownedByEngineer.body.field).toBe('ownerId');
    const unknownCustomer = await open(expert, { organizationIds: ['no-such-organization'] });
    expect(unknownCustomer.status).toBe(400);
    expect(unknownCustomer.body.field).toBe('organizationIds.0');

    const created = await open(world.manager, { ownerId: world.manager.id, products: [{ model: 'Catalyst 9300' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.products).toEqual([{ vendorId: null, vendorName: null, model: 'Catalyst 9300' }]);
    const read = await world.app.request<ProblemBody>(world.secretary, 'GET', `/api/v1/problems/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.can.change).toBe(false);
    expect(read.body.allowedTransitions).toEqual([]);
    expect((await world.app.request(world.secretary, 'PATCH', `/api/v1/problems/${created.body.id}`, { title: 'x' })).status).toBe(403);
    expect((await world.app.request(world.customer, 'GET', `/api/v1/problems/${created.body.id}`)).status).toBe(403);
    expect((await world.app.request(world.customer, 'GET', '/api/v1/problems')).status).toBe(403);

    const mine = await world.app.request<{ items: { id: string }[] }>(
      world.secretary,
      'GET',
      `/api/v1/problems?ownerId=${world.manager.id}&status=open`,
    );
    expect(mine.body.items.map((item) => item.id)).toEqual([created.body.id]);
  });

  it('names vendor and model pairs that replace the stored ones; an unknown vendor or an empty line is 400 naming it', async () => {
    const vendor = await world.app.request<{ id: string }>(world.admin, 'POST', '/api/v1/vendors', {
      name: 'Huawei',
      supportCenter: { name: 'Huawei TAC' },
    });
    expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
    const created = await open(expert, { products: [{ vendorId: vendor.body.id, model: 'S5735' }, { model: 'USG6000' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body.products).toEqual([
      { vendorId: vendor.body.id, vendorName: 'Huawei', model: 'S5735' },
      { vendorId: null, vendorName: null, model: 'USG6000' },
    ]);
    const patch = (body: Record<string, unknown>) =>
      world.app.request<ProblemBody & { field?: string }>(expert, 'PATCH', `/api/v1/problems/${id}`, body);
    const vendorOnly = await patch({ products: [{ vendorId: vendor.body.id, model: null }] });
    expect(vendorOnly.status, JSON.stringify(vendorOnly.body)).toBe(200);
    expect(vendorOnly.body.products).toEqual([{ vendorId: vendor.body.id, vendorName: 'Huawei', model: null }]);
    const unknownVendor = await patch({ products: [{ model: 'S5735' }, { vendorId: 'no-such-vendor', model: 'S5735' }] });
    expect(unknownVendor.status).toBe(400);
    expect(unknownVendor.body.field).toBe('products.1.vendorId');
    const empty = await patch({ products: [{ vendorId: null, model: '  ' }] });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('products.0');
    // Neither refusal changed what is stored.
    const read = await world.app.request<ProblemBody>(expert, 'GET', `/api/v1/problems/${id}`);
    expect(read.body.products).toEqual([{ vendorId: vendor.body.id, vendorName: 'Huawei', model: null }]);
  });

  it('opened from a case, links it; the case shows the problem and its workaround; cases link and unlink', async () => {
    const first = await logCase(world);
    const second = await logCase(world, { title: 'Second switch drops packets' });
    const created = await open(expert, { fromCaseId: first.id });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect(created.body.cases.map((linked) => linked.id)).toEqual([first.id]);
    expect(created.body.organizations.map((organization) => organization.id)).toEqual([world.organization.id]);

    const patched = await world.app.request<ProblemBody>(expert, 'PATCH', `/api/v1/problems/${id}`, {
      workaround: 'Disable flow control on the uplink ports.',
      rootCause: 'Buffer exhaustion in firmware 17.3',
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // Saving the same values again (as the web form sends them all) changes nothing and adds nothing to the timeline.
    const unchanged = await world.app.request<ProblemBody>(expert, 'PATCH', `/api/v1/problems/${id}`, {
      workaround: 'Disable flow control on the uplink ports.',
      organizationIds: [world.organization.id],
      products: [],
    });
    expect(unchanged.body.timeline).toHaveLength(patched.body.timeline.length);
    expect((await caseOf(first.id)).problems).toEqual([
      {
        id,
        title: 'Core switches drop packets under load',
        status: 'open',
        ownerName: '张专家',
        workaround: 'Disable flow control on the uplink ports.',
      },
    ]);
    // A customer sees no problem records, not even on their own case.
    expect((await caseOf(first.id, world.customer)).problems).toEqual([]);

    expect((await caseOf(second.id)).problems).toEqual([]);
    const linked = await world.app.request<ProblemBody>(expert, 'POST', `/api/v1/problems/${id}/cases`, { caseId: second.id });
    expect(linked.status).toBe(200);
    const again = await world.app.request<ProblemBody>(expert, 'POST', `/api/v1/problems/${id}/cases`, { caseId: second.id });
    expect(again.body.cases.map((linkedCase) => linkedCase.id)).toEqual([first.id, second.id]);
    expect((await caseOf(second.id)).problems.map((problem) => problem.id)).toEqual([id]);
    const unknownCase = await world.app.request<Problem>(expert, 'POST', `/api/v1/problems/${id}/cases`, { caseId: 'no-such-case' });
    expect(unknownCase.status).toBe(400);
    expect(unknownCase.body.field).toBe('caseId');

    const unlinked = await world.app.request<ProblemBody>(expert, 'DELETE', `/api/v1/problems/${id}/cases/${second.id}`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body.cases.map((linkedCase) => linkedCase.id)).toEqual([first.id]);
    expect((await caseOf(second.id)).problems).toEqual([]);
    expect((await world.app.request(expert, 'DELETE', `/api/v1/problems/${id}/cases/${second.id}`)).status).toBe(404);
    expect(unlinked.body.timeline.map((event) => event.kind)).toEqual([
      'problem.created',
      'problem.case-linked',
      'problem.updated',
      'problem.case-linked',
      'problem.case-unlinked',
    ]);
    // The case's own timeline says when it joined and left the problem; a customer does not see it.
    type Timeline = { items: { kind: string; visibility: string; data: Record<string, unknown> }[] };
    const caseTimeline = await world.app.request<Timeline>(expert, 'GET', `/api/v1/cases/${second.id}/timeline`);
    const problemEntries = caseTimeline.body.items.filter((entry) => entry.kind.startsWith('problem.'));
    expect(problemEntries.map((entry) => [entry.kind, entry.visibility, entry.data.problemTitle])).toEqual([
      ['problem.case-linked', 'internal', 'Core switches drop packets under load'],
      ['problem.case-unlinked', 'internal', 'Core switches drop packets under load'],
    ]);
    const firstTimeline = await world.app.request<Timeline>(expert, 'GET', `/api/v1/cases/${first.id}/timeline`);
    expect(firstTimeline.body.items.filter((entry) => entry.kind === 'problem.case-linked')).toHaveLength(1);
    const customerView = await world.app.request<Timeline>(world.customer, 'GET', `/api/v1/cases/${first.id}/timeline`);
    expect(customerView.status).toBe(200);
    expect(customerView.body.items.filter((entry) => entry.kind.startsWith('problem.'))).toEqual([]);
  });

  it('a preventive action past its due date mails its owner and the problem owner once, with two job runs side by side', async () => {
    const extra: Storage[] = [];
    try {
      // On PostgreSQL the second run is another instance: its own connections to the same database.
      if (database === 'postgres') extra.push(await world.app.database.open());
      const instances: ServiceContext[] = [
        world.app.context,
        extra[0] ? { storage: extra[0], clock: world.app.clock, publicUrl: world.app.context.publicUrl } : world.app.context,
      ];
      const created = await open(expert, { title: 'Power supplies fail after a brown-out' });
      const id = created.body.id;
      const added = await world.app.request<ProblemBody>(expert, 'POST', `/api/v1/problems/${id}/actions`, {
        description: 'Fit surge protection at every substation',
        ownerId: world.engineer.id,
        dueOn: '2026-03-03',
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);

      // Due tomorrow: not overdue yet.
      expect(await Promise.all(instances.map((instance) => notifyOverdueProblemActions(instance)))).toEqual([0, 0]);
      world.app.clock.advanceHours(48);
      const runs = await Promise.all(instances.map((instance) => notifyOverdueProblemActions(instance)));
      expect(runs.reduce((sum, count) => sum + count, 0)).toBe(1);
      expect(await Promise.all(instances.map((instance) => notifyOverdueProblemActions(instance)))).toEqual([0, 0]);

      expect(await deliverDueMail(world.app.context, { transport, from: 'CaseDesk <casedesk@example.com>' })).toMatchObject({ failed: 0 });
      const mails = sink.received.filter((mail) => mail.text.includes('Fit surge protection at every substation'));
      expect(mails.map((mail) => mail.to[0]).sort()).toEqual([expert.email, world.engineer.email].sort());
      const english = mails.find((mail) => mail.to.includes(world.engineer.email))!;
      expect(english.subject).toBe(
        'Preventive action overdue: Fit surge protection at every substation (problem “Power supplies fail after a brown-out”)',
      );
      expect(english.text).toContain('was due on 2026-03-03');
      expect(english.text).toContain(`/problems/${id}`);
      const chinese = mails.find((mail) => mail.to.includes(expert.email))!;
      expect(chinese.subject).toContain('预防措施已逾期');
      expect((await mailsOf(world, 'problem-action-overdue')).filter((mail) => mail.text_body.includes('surge'))).toHaveLength(2);

      const read = await world.app.request<ProblemBody>(expert, 'GET', `/api/v1/problems/${id}`);
      expect(read.body.actions[0]!.overdueNotifiedAt).not.toBeNull();
      expect(read.body.timeline.filter((event) => event.kind === 'problem.action-overdue')).toHaveLength(1);
    } finally {
      for (const storage of extra) await storage.close();
    }
  });
});
