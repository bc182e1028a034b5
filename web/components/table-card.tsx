import Card from 'antd/es/card';
import { Children, cloneElement, isValidElement, type ReactNode } from 'react';
import { ProblemAlert } from './problem';

/**
 * Names each cell of a row after its column (`data-label`), so that on a phone the row can stand as a small card of
 * "label: value" lines instead of a table wider than the screen.
 */
function labelled(row: ReactNode, columns: string[]): ReactNode {
  if (!isValidElement<{ children?: ReactNode }>(row)) return row;
  const cells = Children.map(row.props.children, (cell, index) =>
    isValidElement<{ 'data-label'?: string }>(cell) ? cloneElement(cell, { 'data-label': columns[index] }) : cell,
  );
  return cloneElement(row, {}, cells);
}

/**
 * A plain table in its scrolling wrapper: light to ship and fast to draw. A header cell per column (a `false` one, a
 * column this view leaves out, is skipped), then `children`, the rows. `stack` lets each row stand as a small card on a
 * phone (its cells need `data-label`s); `busy` tells assistive technology the rows are still coming.
 */
export function PlainTable({
  columns,
  busy,
  stack = false,
  children,
}: {
  columns: (string | false)[];
  busy?: boolean;
  stack?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="cd-table-wrap" aria-busy={busy}>
      <table className={stack ? 'cd-table cd-table-stack' : 'cd-table'}>
        <thead>
          <tr>
            {columns.map((column, index) =>
              column === false ? null : (
                <th key={index} scope="col">
                  {column}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A titled card of records: why they could not be loaded, that there are none, or the records as a table. */
export function TableCard<T>({
  title,
  extra,
  error,
  rows,
  empty,
  columns,
  row,
  testId,
}: {
  title: string;
  /** Actions beside the title. */
  extra?: ReactNode;
  error: unknown;
  rows: T[] | undefined;
  empty: string;
  columns: string[];
  row: (item: T) => ReactNode;
  testId?: string;
}) {
  return (
    <Card title={title} size="small" className="cd-card" extra={extra} data-testid={testId}>
      <ProblemAlert error={error} />
      {rows?.length === 0 ? <p className="cd-muted">{empty}</p> : null}
      {rows?.length ? (
        <PlainTable columns={columns} stack>
          {rows.map((item) => labelled(row(item), columns))}
        </PlainTable>
      ) : null}
    </Card>
  );
}
