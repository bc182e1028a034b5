import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/db.js';
import { preparedInsert, preparedQuery } from '../../src/storage/prepared-query.js';
import { findOrganizationById, insertOrganization } from '../../src/storage/repositories/organizations.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';

const at = '2026-03-02T08:00:00.000Z';
const organization = (id: string, name = `Customer ${id}`) => ({ id, name, code: null, notes: null, created_at: at, updated_at: at });

describeOnEachDatabase('storage: transactions that run together, and prepared queries', (databaseName) => {
  let database: TestDatabase;
  let storage: Storage;
  let observer: Storage;

  beforeEach(async () => {
    database = await createTestDatabase(databaseName, { migrated: true });
    storage = await database.open();
    // A second connection sees only what is committed.
    observer = await database.open();
  });

  afterEach(async () => {
    await storage.close();
    await observer.close();
    await database.drop();
  });

  it('keeps concurrent transactions apart: a failing one is rolled back alone, the others are committed', async () => {
    await insertOrganization(storage.db, organization('existing'));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) =>
        storage.transaction(async (trx) => {
          await insertOrganization(trx, organization(`org-${index}`));
          if (index === 7) throw new Error('the seventh changes its mind');
          if (index === 11) await insertOrganization(trx, organization('existing', 'a duplicate key'));
          return index;
        }),
      ),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(
      Array.from({ length: 20 }, (_, index) => (index === 7 || index === 11 ? 'rejected' : 'fulfilled')),
    );
    expect((outcomes[7] as PromiseRejectedResult).reason).toMatchObject({ message: 'the seventh changes its mind' });
    const stored = await observer.db.selectFrom('organizations').select('id').orderBy('id').execute();
    expect(stored.map((row) => row.id).sort()).toEqual(
      [...Array.from({ length: 20 }, (_, index) => `org-${index}`).filter((id) => id !== 'org-7' && id !== 'org-11'), 'existing'].sort(),
    );
    expect((await findOrganizationById(observer.db, 'existing'))?.name).toBe('Customer existing');
  });

  it('reports a transaction done only once its writes are committed, also when transactions were grouped', async () => {
    const seenByOthers: (string | undefined)[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        storage
          .transaction(async (trx) => insertOrganization(trx, organization(`org-${index}`)))
          .then(async () => {
            // Another connection sees only committed rows: released savepoints of an open batch are not enough.
            seenByOthers.push((await findOrganizationById(observer.db, `org-${index}`))?.id);
          }),
      ),
    );
    expect(seenByOthers).not.toContain(undefined);
  });

  it('rejects waiting transactions instead of leaving them waiting when the database is closed', async () => {
    // A database in use: Kysely opens its connections on the first query, and a storage closed before any would
    // simply open them again.
    await storage.transaction(async (trx) => insertOrganization(trx, organization('early')));
    await storage.close();
    await expect(storage.transaction(async (trx) => insertOrganization(trx, organization('late')))).rejects.toThrow();
    storage = await database.open();
  });

  it('runs a prepared query with the same SQL and results as the builder, on every call and with nulls', async () => {
    await Promise.all(
      ['a', 'b', 'c'].map((id) => insertOrganization(storage.db, { ...organization(id), code: id === 'b' ? 'B-1' : null })),
    );
    const byCode = preparedQuery<{ code: string | null; name: string }, { id: string }>((executor, param) =>
      executor.selectFrom('organizations').select('id').where('code', '=', param('code')).where('name', '<>', param('name')).orderBy('id'),
    );
    expect(await byCode(storage.db, { code: 'B-1', name: 'nobody' })).toEqual([{ id: 'b' }]);
    expect(await byCode(storage.db, { code: 'B-1', name: 'Customer b' })).toEqual([]);
    // `= null` matches nothing in SQL; the binding passes the null through rather than dropping the condition.
    expect(await byCode(storage.db, { code: null, name: 'nobody' })).toEqual([]);
    await storage.transaction(async (trx) => expect(await byCode(trx, { code: 'B-1', name: 'x' })).toEqual([{ id: 'b' }]));
  });

  it('inserts rows of changing shapes through one prepared insert', async () => {
    const insert = preparedInsert('organizations');
    await insert(storage.db, [organization('one'), organization('two')]);
    await insert(storage.db, [organization('three')]);
    await insert(storage.db, [{ ...organization('four'), code: undefined }]);
    await insert(storage.db, [{ ...organization('five'), code: 'C-5' }]);
    await insert(storage.db, []);
    const rows = await observer.db.selectFrom('organizations').select(['id', 'code']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'five', code: 'C-5' },
      { id: 'four', code: null },
      { id: 'one', code: null },
      { id: 'three', code: null },
      { id: 'two', code: null },
    ]);
  });
});
