import { afterAll, beforeAll, expect, it } from 'vitest';
import { logCase, type ServiceLoopWorld, startServiceLoopWorld } from '../service-records/service-loop-world.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';

interface Listed {
  id: string;
  kind: string;
  caseId: string | null;
  title: string;
  body: string;
}

describeOnEachDatabase('notifications are read in the language the reader uses now, not the one they were written in', (database) => {
  let world: ServiceLoopWorld;

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
  });
  afterAll(async () => {
    await world.app.stop();
  });

  const switchTo = async (user: TestUser, language: 'en' | 'zh-CN') => {
    const changed = await world.app.request(user, 'PATCH', '/api/v1/me', { language });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  };
  const listed = async (user: TestUser, caseId: string): Promise<Listed[]> => {
    const page = await world.app.request<{ items: Listed[] }>(user, 'GET', '/api/v1/notifications?limit=50');
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    return page.body.items.filter((item) => item.caseId === caseId).reverse();
  };

  it('an engineer who switches to Chinese reads the notices written in English in Chinese, and in English again after switching back', async () => {
    const opened = await logCase(world, { title: 'Core switch drops packets' });
    const reply = await world.app.request(world.customer, 'POST', `/api/v1/cases/${opened.id}/notes`, {
      body: 'It dropped again at 09:12.',
      visibility: 'public',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(204);
    // Written while the engineer read English.
    expect((await listed(world.engineer, opened.id)).map(({ kind, title, body }) => ({ kind, title, body }))).toEqual([
      { kind: 'case-assigned', title: `${opened.number} assigned to you: Core switch drops packets`, body: 'Harbour Power Grid' },
      { kind: 'customer-replied', title: `${opened.number}: Carla Contact replied (portal)`, body: 'It dropped again at 09:12.' },
    ]);

    await switchTo(world.engineer, 'zh-CN');
    expect((await listed(world.engineer, opened.id)).map(({ kind, title, body }) => ({ kind, title, body }))).toEqual([
      { kind: 'case-assigned', title: `${opened.number} 已分派给您：Core switch drops packets`, body: 'Harbour Power Grid' },
      // The nested word (how the customer replied) is Chinese too; the customer's own words stay theirs.
      { kind: 'customer-replied', title: `${opened.number}：Carla Contact 已回复（门户）`, body: 'It dropped again at 09:12.' },
    ]);

    await switchTo(world.engineer, 'en');
    expect((await listed(world.engineer, opened.id)).map((item) => item.title)).toEqual([
      `${opened.number} assigned to you: Core switch drops packets`,
      `${opened.number}: Carla Contact replied (portal)`,
    ]);
  });

  it('a notice written in Chinese reads in English once its reader switched; an older notice without its wording is shown as written', async () => {
    await switchTo(world.otherEngineer, 'zh-CN');
    const opened = await logCase(world, { title: 'UPS alarm', assigneeId: world.otherEngineer.id });
    const [assigned] = await listed(world.otherEngineer, opened.id);
    expect(assigned!.title).toBe(`${opened.number} 已分派给您：UPS alarm`);
    // As a release before the wording was kept wrote it (or a text since gone from the catalogue): shown as stored.
    await world.app.storage.db
      .insertInto('notifications')
      .values([
        {
          id: `${assigned!.id}-old`,
          user_id: world.otherEngineer.id,
          kind: 'case-assigned',
          case_id: opened.id,
          title: `${opened.number} 已分派给您：旧的通知`,
          body: 'Harbour Power Grid',
          link: `/cases/${opened.id}`,
          dedupe_key: null,
          created_at: '2026-03-02T08:00:00.000Z',
          read_at: null,
          wording_json: null,
        },
        {
          id: `${assigned!.id}-gone`,
          user_id: world.otherEngineer.id,
          kind: 'case-assigned',
          case_id: opened.id,
          title: '已删除的文字',
          body: '',
          link: `/cases/${opened.id}`,
          dedupe_key: null,
          created_at: '2026-03-02T08:00:00.000Z',
          read_at: null,
          wording_json: JSON.stringify({ title: { key: 'caseNotifications.title.no-such-kind' }, body: '' }),
        },
      ])
      .execute();

    await switchTo(world.otherEngineer, 'en');
    expect((await listed(world.otherEngineer, opened.id)).map((item) => item.title).sort()).toEqual(
      [`${opened.number} assigned to you: UPS alarm`, `${opened.number} 已分派给您：旧的通知`, '已删除的文字'].sort(),
    );
  });
});
