import { sql } from 'kysely';
import type { Storage } from '../../src/storage/db.js';

/**
 * Every text column of every table of the test database, read from the database's own catalogue (SQLite:
 * `sqlite_master` and `pragma_table_info`; PostgreSQL: `information_schema.columns`), so a table added later is
 * searched without changing the test. SQLite's full-text tables (virtual, and their shadow tables) are left out:
 * they index the texts of `case_search_texts` and `knowledge_search_texts`, which are searched.
 */
export async function textColumns(storage: Storage): Promise<{ table: string; column: string }[]> {
  if (storage.dialect === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and sql not like 'CREATE VIRTUAL%'
      and name not like 'sqlite_%' and name not like '%_fts_%'`.execute(storage.db);
    const columns: { table: string; column: string }[] = [];
    for (const { name } of tables.rows) {
      const info = await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(storage.db);
      for (const column of info.rows) {
        if (/text|char|clob|json/i.test(column.type)) columns.push({ table: name, column: column.name });
      }
    }
    return columns;
  }
  const rows = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'character varying', 'json', 'jsonb')`.execute(storage.db);
  return rows.rows.map((row) => ({ table: row.table_name, column: row.column_name }));
}

/** Where any of the texts still occurs (case-insensitive): `table.column` → rows holding it. */
export async function whereTextsOccur(storage: Storage, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { table, column } of await textColumns(storage)) {
    for (const needle of needles) {
      const pattern = `%${needle.toLowerCase()}%`;
      const result = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(table)}
        where lower(cast(${sql.ref(column)} as text)) like ${pattern}`.execute(storage.db);
      const count = Number(result.rows[0]?.count ?? 0);
      if (count > 0) found.push(`${table}.${column} holds "${needle}" (${count})`);
    }
  }
  return found;
}
