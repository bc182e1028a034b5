import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../src/services/context.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface ListPage {
  items: { id: string }[];
  nextCursor: string | null;
}

/**
 * Lists paged by their rows' ids, oldest first or newest first: following `nextCursor` page by page gives every row
 * of the list once, in the list's order, with the same rows as one large page.
 */
describeOnEachDatabase('lists paged by id', (database) => {
  let app: TestApp;
  let admin: TestUser;
  const at = new Date().toISOString();

  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
    const organization = await app.organization('Paged Customer');
    const db = app.storage.db;
    const trainer = await app.user('expert');
    for (let index = 0; index < 5; index++) {
      await db
        .insertInto('trainings')
        .values({
          id: newId(),
          organization_id: organization.id,
          kind: 'class',
          topic: `Paged ${index}`,
          trainer_user_id: index % 2 === 0 ? trainer.id : admin.id,
          scheduled_on: '2026-01-15',
          place: 'Room 1',
          materials_json: '[]',
          status: 'planned',
          created_by: admin.id,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await app.user('expert');
      await app.request(admin, 'POST', '/api/v1/departments', { name: `Paged department ${index}` });
      await db
        .insertInto('outbox_messages')
        .values({
          id: newId(),
          kind: 'test',
          to_address: `paged-${index}@example.com`,
          language: 'en',
          subject: `Paged ${index}`,
          text_body: 'x',
          html_body: 'x',
          dedupe_key: `paged-${index}`,
          status: index % 2 === 0 ? 'pending' : 'dead',
          attempts: 0,
          next_attempt_at: '2999-01-01T00:00:00.000Z',
          message_id: `<paged-out-${index}@casedesk.test>`,
          created_at: at,
        })
        .execute();
      await db
        .insertInto('inbound_mail')
        .values({
          id: newId(),
          message_id: `<paged-in-${index}@example.com>`,
          received_at: at,
          from_address: `sender-${index}@example.com`,
          subject: `Paged ${index}`,
          references_json: '[]',
          text_body: 'x',
          raw: 'x',
          status: index % 2 === 0 ? 'unmatched' : 'ignored',
        })
        .execute();
      await db
        .insertInto('notifications')
        .values({
          id: newId(),
          user_id: admin.id,
          kind: 'test',
          title: `Paged ${index}`,
          body: 'x',
          created_at: at,
          read_at: index % 2 === 0 ? null : at,
        })
        .execute();
      await db
        .insertInto('problems')
        .values({
          id: newId(),
          title: `Paged ${index}`,
          description: '',
          status: index % 2 === 0 ? 'open' : 'analysing',
          owner_user_id: trainer.id,
          created_by: admin.id,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await db
        .insertInto('problem_proposals')
        .values({
          id: newId(),
          rule: 'serial-number',
          pattern_key: `serial-number:PAGED-${index}`,
          round: 1,
          serial_number: `PAGED-${index}`,
          threshold: 3,
          window_days: 90,
          status: index % 2 === 0 ? 'open' : 'dismissed',
          proposed_at: at,
        })
        .execute();
      await db
        .insertInto('surveys')
        .values({
          id: newId(),
          subject_key: `paged-${index}`,
          subject_kind: 'case',
          organization_id: organization.id,
          language: 'en',
          questions_json: '[]',
          status: index % 2 === 0 ? 'sent' : 'awaiting-entry',
          created_at: at,
        })
        .execute();
    }
  });
  afterAll(() => app.stop());

  const LISTS = [
    '/api/v1/users',
    '/api/v1/users?role=expert',
    '/api/v1/departments',
    '/api/v1/outbox',
    '/api/v1/outbox?status=pending',
    '/api/v1/inbound-mail',
    '/api/v1/inbound-mail?status=unmatched',
    '/api/v1/notifications',
    '/api/v1/notifications?unread=true',
    '/api/v1/surveys',
    '/api/v1/surveys?status=sent',
    '/api/v1/trainings',
    '/api/v1/problems',
    '/api/v1/problems?status=open',
    '/api/v1/problem-proposals',
    '/api/v1/problem-proposals?status=open',
  ];

  it.each(LISTS)('%s: page after page gives each row once, in the order of one large page', async (url) => {
    const join = url.includes('?') ? '&' : '?';
    const whole = await app.request<ListPage>(admin, 'GET', `${url}${join}limit=200`);
    expect(whole.status).toBe(200);
    expect(whole.body.nextCursor).toBeNull();
    expect(whole.body.items.length).toBeGreaterThanOrEqual(3);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: { status: number; body: ListPage } = await app.request<ListPage>(
        admin,
        'GET',
        `${url}${join}limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(whole.body.items.map((item) => item.id));
  });
});
