import { sql, type RawBuilder } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import type { Storage } from '../../src/storage/db.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';

/**
 * What a database looks like to CaseDesk: its tables, columns, indexes, triggers, constraints and functions, the
 * migrations recorded, and how many rows each table holds (the migrations seed a few). Times are left out: they say
 * when the migrations ran.
 */
async function shapeOf(storage: Storage): Promise<Record<string, unknown>> {
  const rows = async <Row>(query: RawBuilder<Row>) => (await query.execute(storage.db)).rows;
  const migrations = await rows<{ name: string }>(sql`select name from kysely_migration order by name`);
  const objects =
    storage.dialect === 'sqlite'
      ? {
          objects: await rows(sql`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name`),
        }
      : {
          columns: await rows(sql`select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
            where table_schema = current_schema() order by table_name, column_name`),
          indexes: await rows(
            sql`select tablename, indexname, indexdef from pg_indexes where schemaname = current_schema() order by indexname`,
          ),
          constraints: await rows(sql`select conrelid::regclass::text as on_table, conname, pg_get_constraintdef(oid) as definition
            from pg_constraint where connamespace = current_schema()::regnamespace order by conrelid::regclass::text, conname`),
          triggers: await rows(sql`select event_object_table, trigger_name, event_manipulation, action_timing, action_statement
            from information_schema.triggers where trigger_schema = current_schema() order by event_object_table, trigger_name, event_manipulation`),
          functions: await rows(sql`select proname, prosrc from pg_proc where pronamespace = current_schema()::regnamespace
            and prokind = 'f' and not exists (select 1 from pg_depend d where d.objid = pg_proc.oid and d.deptype = 'e') order by proname`),
          extensions: await rows(sql`select extname from pg_extension order by extname`),
        };
  const tables =
    storage.dialect === 'sqlite'
      ? await rows<{ name: string }>(sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
      : await rows<{ name: string }>(sql`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await rows<{ count: number | string }>(sql`select count(*) as count from ${sql.table(name)}`);
    counts[name] = Number(row?.count);
  }
  return { migrations: migrations.map((row) => row.name), ...objects, counts };
}

/** The run's migrated databases are copies of one template (test/support/database-templates.ts). */
describeOnEachDatabase('test databases copied from the migrated template', (name) => {
  const made: TestDatabase[] = [];
  const opened: Storage[] = [];
  const open = async (database: TestDatabase) => {
    const storage = await database.open();
    opened.push(storage);
    return storage;
  };
  afterAll(async () => {
    for (const storage of opened) await storage.close();
    for (const database of made) await database.drop();
  });

  it('is what migrating an empty database gives', async () => {
    // A database of its own on PostgreSQL, as the copies are, so both sit in the schema a new database starts with.
    const [copy, fresh] = await Promise.all([
      createTestDatabase(name, { migrated: true }),
      createTestDatabase(name, { ownDatabase: true }),
    ]);
    made.push(copy, fresh);
    const [copied, migrated] = [await open(copy), await open(fresh)];
    expect((await shapeOf(copied)).migrations).not.toEqual([]);
    expect(await shapeOf(copied)).toEqual(await shapeOf(migrated));
  });

  it('gives each of several made at once a database of its own, which a second connection opens', async () => {
    // On PostgreSQL each is a CREATE DATABASE … TEMPLATE on a connection of its own, all at the same moment.
    const copies = await Promise.all(Array.from({ length: 4 }, () => createTestDatabase(name, { migrated: true })));
    made.push(...copies);
    const storages = await Promise.all(copies.map(open));
    await Promise.all(
      storages.map((storage, index) =>
        storage.db
          .insertInto('periodic_runs')
          .values({ name: `copy-${index}`, next_run_at: '2026-01-01T00:00:00.000Z' })
          .execute(),
      ),
    );
    for (const [index, database] of copies.entries()) {
      const second = await open(database);
      const names = await second.db.selectFrom('periodic_runs').select('name').where('name', 'like', 'copy-%').execute();
      expect(names.map((row) => row.name)).toEqual([`copy-${index}`]);
    }
  });
});
