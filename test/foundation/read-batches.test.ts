import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../src/services/context.js';
import { batchedLookup } from '../../src/storage/read-batches.js';
import type { NewCase } from '../../src/storage/repositories/cases.js';
import { findContactsByEmail } from '../../src/storage/repositories/inbound-mail.js';
import { insertNewCasesOfOneYear } from '../../src/storage/repositories/new-cases-statement.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

describeOnEachDatabase('storage: lookups that concurrent requests share, and the intake statement', (database) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start(database);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers each of many concurrent lookups with its own value, asking once per turn of the event loop', async () => {
    const batches: string[][] = [];
    let askedAlone = 0;
    const lookup = batchedLookup<string, string>({
      one: async (_executor, key) => {
        askedAlone++;
        return key.toUpperCase();
      },
      many: async (_db, keys) => {
        batches.push([...keys]);
        return keys.map((key) => key.toUpperCase());
      },
    });
    const keys = ['a', 'b', 'a', 'c', 'd', 'b', 'e'];
    expect(await Promise.all(keys.map((key) => lookup(app.storage.db, key)))).toEqual(['A', 'B', 'A', 'C', 'D', 'B', 'E']);
    expect(batches).toEqual([keys]);
    expect(askedAlone).toBe(0);
    // Inside a transaction a lookup must see the transaction's own writes, so it is asked there, alone.
    askedAlone = 0;
    await app.storage.transaction(async (trx) => {
      expect(await Promise.all([lookup(trx, 'f'), lookup(trx, 'g')])).toEqual(['F', 'G']);
    });
    expect(askedAlone).toBe(2);
  });

  it('tells every concurrent API caller apart, and refuses a revoked token on the very next request', async () => {
    const callers: TestUser[] = [];
    for (let index = 0; index < 5; index++) callers.push(await app.user(index % 2 === 0 ? 'expert' : 'secretary'));
    const stranger = { headers: { authorization: 'Bearer not-a-token-anyone-was-given' } };
    const requests = [...callers, stranger, ...callers, ...callers].map((caller) =>
      app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers: caller.headers }),
    );
    const responses = await Promise.all(requests);
    const expected = [...callers, stranger, ...callers, ...callers].map((caller) => ('id' in caller ? caller.id : 401));
    expect(
      responses.map((response) =>
        response.statusCode === 200 ? (response.json() as { user: { id: string } }).user.id : response.statusCode,
      ),
    ).toEqual(expected);

    const revoking = callers[0]!;
    const tokens = await app.request<{ items: { id: string }[] }>(revoking, 'GET', '/api/v1/me/tokens');
    // The token revokes itself; the next request with it, and only that one, is refused.
    expect((await app.request(revoking, 'DELETE', `/api/v1/me/tokens/${tokens.body.items[0]!.id}`)).status).toBe(204);
    const after = await Promise.all([revoking, callers[1]!].map((caller) => app.request(caller, 'GET', '/api/v1/sessions/current')));
    expect(after.map((response) => response.status)).toEqual([401, 200]);
  });

  it('keeps the intake statement prepared per connection, and valid after a later version adds a column to cases', async () => {
    const secretary = await app.user('secretary');
    const organization = await app.organization();
    // Cases need a servicing department; the company's first one is its default.
    const admin = await app.user('admin');
    expect((await app.request(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    // Rows travel to PostgreSQL as array literals: quotes, backslashes, braces, commas and the word NULL must survive.
    const awkward = 'Said: "it\\s down" {core}, NULL\n交换机 重启';
    const logCalls = (title: string) =>
      Promise.all(
        Array.from({ length: 4 }, (_, index) =>
          app.request<{ number: string; title: string }>(secretary, 'POST', '/api/v1/cases', {
            organizationId: organization.id,
            channel: 'hotline',
            level: 2,
            title: `${title} ${index}`,
            description: `The uplink drops. ${awkward}`,
          }),
        ),
      );
    expect((await logCalls('Before')).map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const addColumn = sql`alter table cases add column added_by_a_later_version text`;
    if (database === 'postgres') {
      const template = await app.storage.db.selectFrom('cases').selectAll().executeTakeFirstOrThrow();
      const newCase = (title: string): NewCase => {
        const id = newId();
        return {
          row: { ...template, id, title },
          year: 2026,
          serialNumbers: [],
          steps: [],
          createdEvent: {
            id: newId(),
            case_id: id,
            at: template.created_at,
            kind: 'created',
            actor_user_id: null,
            visibility: 'internal',
            data_json: '{}',
          },
          mails: [],
          notifications: [],
        };
      };
      await app.storage.db.connection().execute(async (connection) => {
        await insertNewCasesOfOneYear(connection, [newCase('One')]);
        const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(connection);
        expect(prepared.rows.filter((row) => row.statement.includes('insert into "case_number_counters"'))).toHaveLength(1);
        // A prepared statement that returned `*` would now fail with "cached plan must not change result type".
        await addColumn.execute(connection);
        // Rows come back in no particular order; callers match them by id.
        const written = await insertNewCasesOfOneYear(connection, [newCase('Two'), newCase('Three')]);
        expect(written.map((row) => row.title).sort()).toEqual(['Three', 'Two']);
      });
    } else {
      await addColumn.execute(app.storage.db);
    }
    const after = await logCalls('After');
    expect(after.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    expect(after.map((response) => response.body.title).sort()).toEqual(['After 0', 'After 1', 'After 2', 'After 3']);
    const stored = await app.storage.db.selectFrom('cases').select('description').where('title', 'like', 'After %').execute();
    expect(stored.map((row) => row.description)).toEqual(Array(4).fill(`The uplink drops. ${awkward}`));
  });
  it('finds the contacts behind many senders of mail at once, each its own, in any letter case, through an index', async () => {
    const admin = await app.user('admin');
    const [first, second] = [await app.organization(), await app.organization()];
    const add = async (organizationId: string, name: string, email: string) => {
      const created = await app.request<{ id: string }>(admin, 'POST', `/api/v1/organizations/${organizationId}/contacts`, { name, email });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id;
    };
    const shared = [await add(first.id, 'Li Wei', 'Li.Wei@Harbour.example'), await add(second.id, 'Li Wei', 'li.wei@harbour.example')];
    const alone = await add(first.id, 'Zhang Min', 'zhang.min@harbour.example');
    const asked = ['li.wei@harbour.example', 'ZHANG.MIN@harbour.example', 'nobody@harbour.example', 'Li.Wei@harbour.example'];
    const found = await Promise.all(asked.map((email) => findContactsByEmail(app.storage.db, email)));
    expect(found.map((contacts) => contacts.map((contact) => contact.id).sort())).toEqual([
      [...shared].sort(),
      [alone],
      [],
      [...shared].sort(),
    ]);
    // With a customer base of many thousands, every mail reading the whole contacts table would be the intake's cost.
    const lookup = app.storage.db
      .selectFrom('contacts')
      .select('id')
      .where(sql`lower(email)`, '=', 'li.wei@harbour.example')
      .compile();
    const plan =
      database === 'postgres'
        ? await app.storage.db.transaction().execute(async (trx) => {
            // Tables this small are read whole whenever the planner may; forbid it, to see whether an index exists.
            await sql`set local enable_seqscan = off`.execute(trx);
            return (await trx.executeQuery(CompiledQuery.raw(`explain ${lookup.sql}`, [...lookup.parameters]))).rows;
          })
        : (await app.storage.db.executeQuery(CompiledQuery.raw(`explain query plan ${lookup.sql}`, [...lookup.parameters]))).rows;
    expect(JSON.stringify(plan)).toContain('contacts_email_lower');
  });
});
