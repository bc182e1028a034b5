import Button from 'antd/es/button';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';

/** The last column of an admin list: an "Edit" button on each row, named after the row for a screen reader. */
export function editColumn<T extends { name: string }>(t: TFunction, edit: (record: T) => void): ColumnType<T> {
  return {
    title: t('common.actions'),
    key: 'actions',
    render: (_value, record) => (
      <Button size="small" onClick={() => edit(record)} aria-label={`${t('common.edit')} ${record.name}`}>
        {t('common.edit')}
      </Button>
    ),
  };
}
