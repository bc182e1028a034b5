import Card from 'antd/es/card';
import Descriptions, { type DescriptionsProps } from 'antd/es/descriptions';
import type { CSSProperties, ReactNode } from 'react';
import { ProblemAlert } from '../../components/problem';

/**
 * A card of settings as label and value, one a line (the hotline number, how the server sends mail): why they could
 * not be read, the list once they are (`items`), then `children` (a hint, a link, the dialog that edits them).
 */
export function SettingsCard({
  title,
  extra,
  error,
  items,
  style,
  children,
}: {
  title: string;
  /** Actions beside the title. */
  extra?: ReactNode;
  error: unknown;
  items: DescriptionsProps['items'] | null;
  style?: CSSProperties;
  children?: ReactNode;
}) {
  return (
    <Card title={title} size="small" className="cd-card" extra={extra} style={style}>
      <ProblemAlert error={error} />
      {items ? <Descriptions column={1} size="small" bordered items={items} /> : null}
      {children}
    </Card>
  );
}
