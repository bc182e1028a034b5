import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/services/context.js';
import { detectRecurrences } from '../../src/services/problems/detect-recurrences.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';
import { logCase, startServiceLoopWorld, type Problem, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

const DAY = 86_400_000;

interface ProposalBody {
  id: string;
  status: 'open' | 'accepted' | 'dismissed';
  round: number;
  rule: { id: string; threshold: number; windowDays: number };
  pattern: { serialNumber: string | null; organizationId: string | null; vendorName: string | null; model: string | null };
  dismissReason: string | null;
  problemId: string | null;
  cases: { id: string; number: string }[];
  can: { decide: boolean };
}

interface ProblemBody {
  id: string;
  title: string;
  ownerId: string;
  organizations: { id: string }[];
  products: { vendorId: string | null; model: string | null }[];
  cases: { id: string }[];
  timeline: { kind: string; data: Record<string, unknown> }[];
}

describeOnEachDatabase('recurrence detection and problem proposals', (database) => {
  let world: ServiceLoopWorld;
  let expert: TestUser;
  let chineseExpert: TestUser;
  let otherDepartmentExpert: TestUser;
  let serials = 0;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    expert = await world.app.user('expert', { name: 'Ed Expert' });
    chineseExpert = await world.app.user('expert', { name: '张专家', language: 'zh-CN' });
    otherDepartmentExpert = await world.app.user('expert', { name: 'Otto Other' });
    const other = await world.app.request<{ id: string }>(world.admin, 'POST', '/api/v1/departments', { name: 'Data Centre Services' });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    // The experts of the cases' department are told; the expert of another department is not.
    const db = world.app.storage.db;
    await db.updateTable('users').set({ department_id: world.department.id }).where('id', 'in', [expert.id, chineseExpert.id]).execute();
    await db.updateTable('users').set({ department_id: other.body.id }).where('id', '=', otherDepartmentExpert.id).execute();
  });
  afterAll(async () => {
    await world?.app.stop();
  });

  const now = () => world.app.clock.now().getTime();
  const daysAgo = (days: number) => new Date(now() - days * DAY).toISOString();
  const newSerial = () => `REC-${database.toUpperCase()}-${++serials}`;
  const fault = (serial: string, receivedDaysAgo: number, overrides: Record<string, unknown> = {}) =>
    logCase(world, { serialNumbers: [serial], receivedAt: daysAgo(receivedDaysAgo), title: `Fault on ${serial}`, ...overrides });
  const proposals = async (as: TestUser = expert, query = '') => {
    const response = await world.app.request<{ items: ProposalBody[] }>(as, 'GET', `/api/v1/problem-proposals?limit=200${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items;
  };
  const proposalsOf = async (serial: string) => (await proposals()).filter((item) => item.pattern.serialNumber === serial);
  const notificationsOf = (proposalId: string) =>
    world.app.storage.db
      .selectFrom('notifications')
      .select(['user_id', 'title'])
      .where('kind', '=', 'problem-proposal')
      .where('link', '=', `/problems?proposal=${proposalId}`)
      .execute();
  const mailsOf = (proposalId: string) =>
    world.app.storage.db
      .selectFrom('outbox_messages')
      .select(['recipient_user_id', 'subject', 'text_body', 'thread_message_id'])
      .where('kind', '=', 'problem-proposal')
      .where('dedupe_key', 'like', `problem-proposal:${proposalId}:%`)
      .execute();

  it('proposes 3 fault cases on one serial number within 90 days, once, telling the experts of the department in their language', async () => {
    const serial = newSerial();
    const first = await fault(serial, 80);
    const second = await fault(serial.toLowerCase(), 40);
    await detectRecurrences(world.app.context);
    expect(await proposalsOf(serial)).toEqual([]);

    const third = await fault(serial, 1);
    expect(await detectRecurrences(world.app.context)).toBeGreaterThanOrEqual(1);
    const [proposal, ...more] = await proposalsOf(serial);
    expect(more).toEqual([]);
    expect(proposal).toMatchObject({
      status: 'open',
      round: 1,
      rule: { id: 'serial-number', threshold: 3, windowDays: 90 },
      can: { decide: true },
    });
    expect(proposal!.cases.map((linked) => linked.id).sort()).toEqual([first.id, second.id, third.id].sort());

    // Running again proposes nothing new.
    await detectRecurrences(world.app.context);
    expect(await proposalsOf(serial)).toHaveLength(1);

    const told = await notificationsOf(proposal!.id);
    expect(told.map((row) => row.user_id).sort()).toEqual([expert.id, chineseExpert.id].sort());
    const mails = await mailsOf(proposal!.id);
    expect(mails.map((mail) => mail.recipient_user_id).sort()).toEqual([expert.id, chineseExpert.id].sort());
    const chinese = mails.find((mail) => mail.recipient_user_id === chineseExpert.id)!;
    expect(chinese.subject).toContain('重复故障');
    expect(chinese.subject).toContain(serial);
    const english = mails.find((mail) => mail.recipient_user_id === expert.id)!;
    expect(english.subject).toContain('Recurring faults');
    expect(english.text_body).toContain(third.number);
    expect(english.text_body).toContain(`/problems?proposal=${proposal!.id}`);
    expect(english.thread_message_id).toContain(proposal!.id);
  });

  it('does not propose 2 faults, 3 faults spread over more than 90 days, or 3 service requests', async () => {
    const two = newSerial();
    await fault(two, 10);
    await fault(two, 5);
    const spread = newSerial();
    await fault(spread, 120);
    await fault(spread, 60);
    await fault(spread, 1);
    const requests = newSerial();
    for (const days of [3, 2, 1]) await fault(requests, days, { kind: 'request' });
    await detectRecurrences(world.app.context);
    for (const serial of [two, spread, requests]) expect(await proposalsOf(serial)).toEqual([]);
  });

  it('proposes 5 fault cases on one product model at one customer within 30 days, not 4', async () => {
    const vendor = await world.app.request<{ id: string }>(world.manager, 'POST', '/api/v1/vendors', {
      name: `Vendor ${database}`,
      supportCenter: { name: 'Vendor TAC' },
    });
    expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
    const model = `Edge Router ${database}`;
    const productSerials: string[] = [];
    for (let index = 0; index < 5; index++) {
      const serial = newSerial();
      const asset = await world.app.request(world.manager, 'POST', '/api/v1/assets', {
        organizationId: world.organization.id,
        vendorId: vendor.body.id,
        model,
        serialNumber: serial,
      });
      expect(asset.status, JSON.stringify(asset.body)).toBe(201);
      productSerials.push(serial);
    }
    const ofModel = async () => (await proposals()).filter((item) => item.pattern.model === model);
    // One older than 30 days does not count.
    await fault(productSerials[0]!, 45);
    for (const serial of productSerials.slice(1)) await fault(serial, 10);
    await detectRecurrences(world.app.context);
    expect(await ofModel()).toEqual([]);

    await fault(productSerials[0]!, 2);
    await detectRecurrences(world.app.context);
    const [proposal, ...more] = await ofModel();
    expect(more).toEqual([]);
    expect(proposal).toMatchObject({
      rule: { id: 'model-at-customer', threshold: 5, windowDays: 30 },
      pattern: { organizationId: world.organization.id, vendorName: `Vendor ${database}`, model },
    });
    expect(proposal!.cases).toHaveLength(5);

    // Accepting it opens a problem naming the customer and the model, with the five cases linked.
    const accepted = await world.app.request<ProblemBody>(expert, 'POST', `/api/v1/problem-proposals/${proposal!.id}/accept`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.organizations.map((organization) => organization.id)).toEqual([world.organization.id]);
    expect(accepted.body.products).toMatchObject([{ vendorId: vendor.body.id, model }]);
    expect(accepted.body.cases).toHaveLength(5);
  });

  it('accepting opens a problem with the cases linked and a timeline that names the proposal; only once, only by deciders', async () => {
    const serial = newSerial();
    for (const days of [30, 20, 10]) await fault(serial, days);
    await detectRecurrences(world.app.context);
    const [proposal] = await proposalsOf(serial);

    const accept = (as: TestUser, body: Record<string, unknown> = {}) =>
      world.app.request<ProblemBody & Problem>(as, 'POST', `/api/v1/problem-proposals/${proposal!.id}/accept`, body);
    expect((await accept(world.engineer)).status).toBe(403);
    expect((await accept(world.customer)).status).toBe(403);
    expect((await world.app.request(world.customer, 'GET', '/api/v1/problem-proposals')).status).toBe(403);
    const secretaryView = await proposals(world.secretary);
    expect(secretaryView.find((item) => item.id === proposal!.id)?.can.decide).toBe(false);
    // An admin cannot own a problem and must name an owner.
    const noOwner = await accept(world.admin);
    expect(noOwner.status).toBe(400);
    expect(noOwner.body.field).toBe('ownerId');
    const badTitle = await accept(expert, { title: '  ' });
    expect(badTitle.status).toBe(400);
    expect(badTitle.body.field).toBe('title');

    const accepted = await accept(expert, { title: 'Power supply of the core switch fails' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.title).toBe('Power supply of the core switch fails');
    expect(accepted.body.ownerId).toBe(expert.id);
    expect(accepted.body.cases.map((linked) => linked.id).sort()).toEqual(proposal!.cases.map((linked) => linked.id).sort());
    expect(accepted.body.timeline[0]).toMatchObject({
      kind: 'problem.created',
      data: { fromProposalId: proposal!.id, proposalRule: 'serial-number', proposalSerialNumber: serial },
    });
    const after = (await proposalsOf(serial))[0]!;
    expect(after).toMatchObject({ status: 'accepted', problemId: accepted.body.id, can: { decide: false } });
    const again = await accept(expert);
    expect(again.status).toBe(409);

    // While the problem is worked on, new faults of the pattern are not proposed again.
    world.app.clock.advance(DAY);
    await fault(serial, 0);
    await detectRecurrences(world.app.context);
    expect(await proposalsOf(serial)).toHaveLength(1);
    expect((await proposals(expert, '&status=accepted')).map((item) => item.id)).toContain(proposal!.id);
  });

  it('dismissing needs a reason; the pattern comes back only with a fault case logged after the dismissal', async () => {
    const serial = newSerial();
    for (const days of [50, 30, 10]) await fault(serial, days);
    await detectRecurrences(world.app.context);
    const [proposal] = await proposalsOf(serial);
    const dismiss = (body: unknown) =>
      world.app.request<ProposalBody & { field?: string }>(expert, 'POST', `/api/v1/problem-proposals/${proposal!.id}/dismiss`, body);
    for (const body of [{}, { reason: '   ' }]) {
      const refused = await dismiss(body);
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('reason');
    }
    const dismissed = await dismiss({ reason: 'The customer moved the rack; the faults were power cuts.' });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
    expect(dismissed.body).toMatchObject({
      status: 'dismissed',
      dismissReason: 'The customer moved the rack; the faults were power cuts.',
    });
    expect((await dismiss({ reason: 'again' })).status).toBe(409);

    // The same cases do not bring it back, nor does time passing.
    world.app.clock.advance(60_000);
    await detectRecurrences(world.app.context);
    expect(await proposalsOf(serial)).toHaveLength(1);

    // A new fault case logged after the dismissal does, as the next round with every case of the window.
    const fourth = await fault(serial, 0);
    await detectRecurrences(world.app.context);
    const rounds = await proposalsOf(serial);
    expect(rounds.map((item) => [item.round, item.status])).toEqual([
      [2, 'open'],
      [1, 'dismissed'],
    ]);
    expect(rounds[0]!.cases.map((linked) => linked.id)).toContain(fourth.id);
    expect(rounds[0]!.cases).toHaveLength(4);
  });

  it('applies a rule an admin changed: validated, admin only, and a disabled rule proposes nothing', async () => {
    const put = (as: TestUser, body: unknown) =>
      world.app.request<{ rules: { id: string; enabled: boolean; threshold: number; windowDays: number }[] } & Problem>(
        as,
        'PUT',
        '/api/v1/recurrence-rules',
        body,
      );
    const read = await world.app.request<{ rules: unknown[] }>(world.secretary, 'GET', '/api/v1/recurrence-rules');
    expect(read.body.rules).toEqual([
      { id: 'serial-number', enabled: true, threshold: 3, windowDays: 90 },
      { id: 'model-at-customer', enabled: true, threshold: 5, windowDays: 30 },
    ]);
    expect((await put(expert, { rules: [{ id: 'serial-number', threshold: 2 }] })).status).toBe(403);
    const tooLow = await put(world.admin, { rules: [{ id: 'serial-number', threshold: 1 }] });
    expect(tooLow.status).toBe(400);
    expect(tooLow.body.field).toBe('rules.0.threshold');
    const badWindow = await put(world.admin, { rules: [{ id: 'model-at-customer', windowDays: 0 }] });
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.field).toBe('rules.0.windowDays');

    const serial = newSerial();
    await fault(serial, 3);
    await fault(serial, 2);
    await detectRecurrences(world.app.context);
    expect(await proposalsOf(serial)).toEqual([]);

    const changed = await put(world.admin, { rules: [{ id: 'serial-number', threshold: 2, windowDays: 7 }] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.rules[0]).toEqual({ id: 'serial-number', enabled: true, threshold: 2, windowDays: 7 });
    await detectRecurrences(world.app.context);
    const [proposal] = await proposalsOf(serial);
    expect(proposal).toMatchObject({ rule: { id: 'serial-number', threshold: 2, windowDays: 7 } });

    const disabled = newSerial();
    expect((await put(world.admin, { rules: [{ id: 'serial-number', enabled: false }] })).status).toBe(200);
    await fault(disabled, 2);
    await fault(disabled, 1);
    await detectRecurrences(world.app.context);
    expect(await proposalsOf(disabled)).toEqual([]);
    expect((await put(world.admin, { rules: [{ id: 'serial-number', enabled: true, threshold: 3, windowDays: 90 }] })).status).toBe(200);
  });

  describe('three instances on one database', () => {
    const extraStorages: Storage[] = [];
    let instances: ServiceContext[];
    beforeAll(async () => {
      for (let index = 1; index < 3; index++) extraStorages.push(await world.app.database.open());
      instances = [
        world.app.context,
        ...extraStorages.map((storage) => ({ storage, clock: world.app.clock, publicUrl: world.app.context.publicUrl })),
      ];
    });
    afterAll(async () => {
      for (const storage of extraStorages) await storage.close();
    });

    it('running the detection at the same moment make one proposal per pattern and tell each expert once', async () => {
      // Several patterns at once, so the instances race on more than one.
      const serialsNow = Array.from({ length: 6 }, () => newSerial());
      for (const serial of serialsNow) for (const days of [9, 6, 3]) await fault(serial, days);
      for (let round = 0; round < 3; round++) await Promise.all(instances.map((context) => detectRecurrences(context)));
      for (const serial of serialsNow) {
        const found = await proposalsOf(serial);
        expect(found).toHaveLength(1);
        const rows = await world.app.storage.db.selectFrom('problem_proposals').select('id').where('serial_number', '=', serial).execute();
        expect(rows).toHaveLength(1);
        expect((await notificationsOf(found[0]!.id)).map((row) => row.user_id).sort()).toEqual([expert.id, chineseExpert.id].sort());
        expect((await mailsOf(found[0]!.id)).map((row) => row.recipient_user_id).sort()).toEqual([expert.id, chineseExpert.id].sort());
      }
    });
  });
});
