/*
 * PostgreSQL: many rows inserted by one statement whose text does not depend on how many there are. Each column
 * travels as one array parameter and `unnest` turns the arrays back into rows, so the server parses and plans the
 * statement once per connection (see `namedStatement` in named-statements.ts) however many rows a call carries.
 */

export type PostgresColumnType = 'text' | 'integer' | 'double precision';

/** Every column of a table with its PostgreSQL type; the compiler insists on each one, so none can be left out. */
export type ColumnTypes<Row> = { readonly [Column in keyof Row]-?: PostgresColumnType };

export interface UnnestedRows<Row> {
  /** `unnest($n::type[], …)`, the parameters numbered from the one given. */
  unnest: string;
  /** The quoted column names, in the order of the arrays. */
  columnList: string;
  columns: (keyof Row & string)[];
  /** The arrays to bind, one per column, for these rows. */
  arrays(rows: readonly Partial<Row>[]): unknown[][];
}

export function unnestRows<Row>(types: ColumnTypes<Row>, firstParameter: number): UnnestedRows<Row> {
  const columns = Object.keys(types) as (keyof Row & string)[];
  return {
    unnest: `unnest(${columns.map((column, index) => `$${firstParameter + index}::${types[column]}[]`).join(', ')})`,
    columnList: columns.map(quoted).join(', '),
    columns,
    arrays: (rows) => columns.map((column) => rows.map((row) => row[column] ?? null)),
  };
}

export function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
