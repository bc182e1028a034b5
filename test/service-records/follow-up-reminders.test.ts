import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/services/context.js';
import { notifyOverdueFollowUps } from '../../src/services/surveys/notify-overdue-follow-ups.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { logCase, mailsOf, resolveCase, startServiceLoopWorld, type ServiceLoopWorld } from './service-loop-world.js';

interface FollowUpBody {
  id: string;
  caseId: string | null;
  dueAt: string;
  assigneeUserId: string | null;
}

describeOnEachDatabase('an overdue follow-up is reminded to its owner once', (database) => {
  let world: ServiceLoopWorld;
  const extraStorages: Storage[] = [];
  let instances: ServiceContext[];
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    for (let index = 1; index < 3; index++) extraStorages.push(await world.app.database.open());
    instances = [world.app.context, ...extraStorages.map((storage) => ({ ...world.app.context, storage }))];
  });
  afterAll(async () => {
    for (const storage of extraStorages) await storage.close();
    await world.app.stop();
  });

  async function lowScoredCase(): Promise<{ caseId: string; number: string; followUp: FollowUpBody }> {
    const created = await logCase(world, { contactId: null });
    await resolveCase(world, created.id);
    const surveys = await world.app.request<{ items: { id: string }[] }>(world.secretary, 'GET', `/api/v1/surveys?caseId=${created.id}`);
    const answered = await world.app.request(world.secretary, 'POST', `/api/v1/surveys/${surveys.body.items[0]!.id}/answers`, {
      channel: 'phone',
      scores: { personnel: 1, organization: 2, system: 4 },
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const followUps = await world.app.request<{ items: FollowUpBody[] }>(world.manager, 'GET', `/api/v1/follow-ups?caseId=${created.id}`);
    return { caseId: created.id, number: created.number, followUp: followUps.body.items[0]! };
  }

  it('nothing before the due time; after it, one mail and one notice to the owner across three instances; a closed one never', async () => {
    const late = await lowScoredCase();
    const closedInTime = await lowScoredCase();
    expect(late.followUp.assigneeUserId).toBe(world.manager.id);
    const closed = await world.app.request(world.manager, 'POST', `/api/v1/follow-ups/${closedInTime.followUp.id}/closure`, {
      resolution: 'Called the customer; the engineer apologised.',
    });
    expect(closed.status).toBe(200);

    world.app.clock.set(new Date(new Date(late.followUp.dueAt).getTime() - 60_000));
    expect(await Promise.all(instances.map((context) => notifyOverdueFollowUps(context)))).toEqual([0, 0, 0]);
    expect(await mailsOf(world, 'follow-up-overdue')).toEqual([]);

    world.app.clock.set(new Date(new Date(late.followUp.dueAt).getTime() + 60_000));
    const reminded = await Promise.all(instances.map((context) => notifyOverdueFollowUps(context)));
    expect(reminded.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(await Promise.all(instances.map((context) => notifyOverdueFollowUps(context)))).toEqual([0, 0, 0]);

    const mails = await mailsOf(world, 'follow-up-overdue');
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient_user_id: world.manager.id, case_id: late.caseId, language: 'en' });
    // A mail of a case carries its number, so it threads with the follow-up mail before it.
    expect(mails[0]!.subject).toBe(
      `[${late.number}] Overdue: the follow-up of Harbour Power Grid’s low scores was due ${late.followUp.dueAt.slice(0, 10)}`,
    );
    expect(mails[0]!.text_body).toContain('Service personnel 1, Service organisation 2');
    expect(mails[0]!.text_body).toContain(`http://casedesk.test/cases/${late.caseId}`);

    const notices = await world.app.request<{ items: { kind: string; caseId: string | null; title: string }[] }>(
      world.manager,
      'GET',
      '/api/v1/notifications',
    );
    const overdue = notices.body.items.filter((item) => item.kind === 'follow-up-overdue');
    expect(overdue).toEqual([expect.objectContaining({ caseId: late.caseId, title: 'Follow-up overdue: Harbour Power Grid' })]);
  });
});
