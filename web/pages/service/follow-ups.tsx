import Button from 'antd/es/button';
import Segmented from 'antd/es/segmented';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFollowUps, type FollowUp } from '../../api/service-loop';
import { useSession } from '../../api/session';
import { useNow } from '../../components/case-bits';
import { CloseFollowUpDialog, LowScoreTags } from '../../components/follow-up-panel';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import './service.css';
import { SatisfactionTabs } from './satisfaction-tabs';

/** The department manager's dashboard at /follow-ups: follow-ups opened by low survey scores, soonest due first. */
export default function FollowUpsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const now = useNow(60_000);
  const [mine, setMine] = useState(true);
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [closing, setClosing] = useState<FollowUp | null>(null);
  const followUps = useFollowUps({ mine, status });

  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('service.followUps.title')}
      </Typography.Title>
      <SatisfactionTabs />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<'open' | 'closed'>
          className="cd-segmented"
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open', label: t('service.followUps.open') },
            { value: 'closed', label: t('service.followUps.closed') },
          ]}
        />
        <label>
          <Switch checked={mine} onChange={setMine} aria-label={t('service.followUps.mine')} /> {t('service.followUps.mine')}
        </label>
      </Space>
      <ProblemAlert error={followUps.error} />
      <Table<FollowUp>
        rowKey="id"
        size="small"
        loading={followUps.isPending}
        dataSource={followUps.data ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('service.followUps.none') }}
        columns={[
          {
            key: 'due',
            title: t('service.followUps.due'),
            render: (_, item) => (
              <>
                {format.dateTime(item.dueAt)}{' '}
                {item.status === 'open' && Date.parse(item.dueAt) < now ? <Tag color="red">{t('service.followUps.overdue')}</Tag> : null}
              </>
            ),
          },
          { key: 'customer', title: t('service.followUps.customer'), dataIndex: 'organizationName' },
          {
            key: 'case',
            title: t('service.followUps.case'),
            render: (_, item) => (item.caseId ? <Link to={`/cases/${item.caseId}`}>{item.caseNumber}</Link> : t('common.none')),
          },
          { key: 'department', title: t('service.followUps.department'), render: (_, item) => item.departmentName ?? t('common.none') },
          { key: 'assignee', title: t('service.followUps.assignee'), render: (_, item) => item.assigneeName ?? t('common.nobody') },
          {
            key: 'scores',
            title: t('service.followUps.lowScores'),
            render: (_, item) => <LowScoreTags followUp={item} />,
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, item) =>
              item.status === 'open' ? (
                can('follow-ups.manage') ? (
                  <Button size="small" onClick={() => setClosing(item)}>
                    {t('service.followUps.close')}
                  </Button>
                ) : null
              ) : (
                <span className="cd-text">{item.resolution}</span>
              ),
          },
        ]}
      />
      {closing ? <CloseFollowUpDialog followUp={closing} onClose={() => setClosing(null)} /> : null}
    </>
  );
}
