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
        <div className="cd-table-wrap">
          <table className="cd-table cd-table-stack">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows.map((item) => labelled(row(item), columns))}</tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
