import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Card from 'antd/es/card';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { queryKeys, usePositions } from '../../api/queries';
import type { PositionHolder } from '../../api/types';
import { configurationAlertsKey } from '../../components/unfilled-positions';
import { useAction } from '../../components/form-dialog';
import { problemText, ProblemAlert } from '../../components/problem';
import { StaffSelect } from '../../components/staff-select';
import { useFormat } from '../../i18n/format';
import { ChatTargetsCard } from '../chat-targets';

/** The Operation Center GM and the President: company-wide escalation positions, assigned here. */
export default function PositionsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const positions = usePositions();

  const { run } = useAction({ onError: (error) => void message.error(problemText(error, t)) });
  const assign = async (position: PositionHolder['position'], userId: string | null) => {
    const saved = await run(() => api.put(`/api/v1/positions/${position}`, { userId }));
    if (saved) void message.success(t('common.saved'));
    // Refetched either way: a refused change puts the select back to who really holds the position.
    await queryClient.invalidateQueries({ queryKey: queryKeys.positions });
    await queryClient.invalidateQueries({ queryKey: configurationAlertsKey });
  };

  return (
    <>
      <Card title={t('positions.title')} style={{ marginBottom: 24 }}>
        <Typography.Paragraph type="secondary">{t('positions.intro')}</Typography.Paragraph>
        <ProblemAlert error={positions.error} />
        <Table<PositionHolder>
          rowKey="position"
          loading={positions.isPending}
          dataSource={positions.data ?? []}
          pagination={false}
          columns={[
            { title: t('nav.positions'), dataIndex: 'position', render: (value: PositionHolder['position']) => t(`positions.${value}`) },
            {
              title: t('positions.holder'),
              dataIndex: 'userId',
              render: (userId: string | null, row) => (
                <StaffSelect
                  aria-label={t(`positions.${row.position}`)}
                  value={userId}
                  style={{ minWidth: 260 }}
                  onChange={(next) => void assign(row.position, next)}
                />
              ),
            },
            {
              title: t('common.updatedAt'),
              dataIndex: 'updatedAt',
              render: (value: string | null) => (value ? format.dateTime(value) : null),
            },
          ]}
        />
      </Card>
      <ChatTargetsCard scope="positions" />
    </>
  );
}
