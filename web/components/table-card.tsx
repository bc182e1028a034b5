import Card from 'antd/es/card';
import type { ReactNode } from 'react';
import { ProblemAlert } from './problem';

/** A titled card of records: why they could not be loaded, that there are none, or the records as a table. */
export function TableCard<T>({
  title,
  extra,
  error,
  rows,
  empty,
  columns,
  row,
}: {
  title: string;
  /** Actions beside the title. */
  extra?: ReactNode;
  error: unknown;
  rows: T[] | undefined;
  empty: string;
  columns: string[];
  row: (item: T) => ReactNode;
}) {
  return (
    <Card title={title} size="small" className="cd-card" extra={extra}>
      <ProblemAlert error={error} />
      {rows?.length === 0 ? <p className="cd-muted">{empty}</p> : null}
      {rows?.length ? (
        <div className="cd-table-wrap">
          <table className="cd-table">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows.map(row)}</tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
