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

/**
 * Where any of the texts still occurs (case-insensitive): `table.column holds "text" (rows)`. One query per column
 * counts the rows holding each text, so a scan for many texts costs no more queries than a scan for one.
 */
export async function whereTextsOccur(storage: Storage, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  if (needles.length === 0) return found;
  for (const { table, column } of await textColumns(storage)) {
    const value = sql`lower(cast(${sql.ref(column)} as text))`;
    const counts = needles.map(
      (needle, index) => sql`sum(case when ${value} like ${`%${needle.toLowerCase()}%`} then 1 else 0 end) as ${sql.ref(`n${index}`)}`,
    );
    const result = await sql<Record<string, number | string | null>>`select ${sql.join(counts)} from ${sql.table(table)}`.execute(
      storage.db,
    );
    const row = result.rows[0] ?? {};
    needles.forEach((needle, index) => {
      const count = Number(row[`n${index}`] ?? 0);
      if (count > 0) found.push(`${table}.${column} holds "${needle}" (${count})`);
    });
  }
  return found;
}
