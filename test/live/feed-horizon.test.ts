import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentChangePosition, listCaseChangesAfter } from '../../src/storage/repositories/case-changes.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const postgresUrl = process.env.CASEDESK_TEST_DATABASE_URL;

/** The same cluster's maintenance database: another application's database, as far as CaseDesk knows. */
function neighbourDatabaseUrl(url: string): string {
  const neighbour = new URL(url);
  neighbour.pathname = neighbour.pathname === '/postgres' ? '/template1' : '/postgres';
  return neighbour.toString();
}

describe.skipIf(!postgresUrl)('the change feed and a long transaction in another database of the cluster [postgres]', () => {
  let app: TestApp;
  let secretary: TestUser;
  let organizationId: string;
  let departmentId: string;
  let neighbour: pg.Client;
  beforeAll(async () => {
    // A database of its own: other test files' transactions in the shared test database would rightly hold the feed.
    app = await TestApp.start('postgres', { ownDatabase: true });
    secretary = await app.user('secretary');
    organizationId = (await app.organization()).id;
    const admin = await app.user('admin');
    departmentId = (await app.request<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Services' })).body.id;
    neighbour = new pg.Client({ connectionString: neighbourDatabaseUrl(postgresUrl!) });
    await neighbour.connect();
  });
  afterAll(async () => {
    await neighbour?.query('rollback').catch(() => undefined);
    await neighbour?.end();
    await app?.stop();
  });

  it('hears a new case at once while a transaction in another database stays open, but waits for one in its own', async () => {
    const before = await currentChangePosition(app.storage.db);
    // Another application's report: a transaction with an id, older than the case below, left open.
    await neighbour.query('begin');
    await neighbour.query('select pg_current_xact_id()');
    const opened = await app.request<{ id: string }>(secretary, 'POST', '/api/v1/cases', {
      organizationId,
      departmentId,
      channel: 'hotline',
      level: 3,
      title: 'Heard while a neighbour reports',
      description: 'The feed must not wait for another database.',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const heard = await listCaseChangesAfter(app.storage.db, before, 100);
    expect(heard.map((change) => change.id)).toContain(opened.body.id);
    await neighbour.query('rollback');

    // A transaction of CaseDesk's own database that got its id before the case still holds the feed back: it may yet
    // write a change with that older id.
    const own = await app.storage.db.transaction().execute(async (trx) => {
      await trx.insertInto('periodic_runs').values({ name: 'feed-horizon-test', next_run_at: '2026-01-01T00:00:00.000Z' }).execute();
      const later = await app.request<{ id: string }>(secretary, 'POST', '/api/v1/cases', {
        organizationId,
        departmentId,
        channel: 'hotline',
        level: 3,
        title: 'Written while an older transaction of ours runs',
        description: 'The feed waits for the older transaction.',
      });
      expect(later.status).toBe(201);
      const whileOpen = await listCaseChangesAfter(app.storage.db, before, 100);
      return { later: later.body.id, whileOpen: whileOpen.map((change) => change.id) };
    });
    expect(own.whileOpen).not.toContain(own.later);
    expect((await listCaseChangesAfter(app.storage.db, before, 100)).map((change) => change.id)).toContain(own.later);
  });
});
