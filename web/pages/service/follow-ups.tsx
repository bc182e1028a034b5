import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Segmented from 'antd/es/segmented';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { closeFollowUp, refreshServiceLoop, useFollowUps, type FollowUp } from '../../api/service-loop';
import { useSession } from '../../api/session';
import { useNow } from '../../components/case-bits';
import { ProblemAlert, showProblemOnForm } from '../../components/problem';
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
            render: (_, item) => (
              <div className="cd-score-row">
                {item.lowScores.map((low) => (
                  <Tag key={low.question} color="volcano">
                    {t(`service.question.${low.question}`)}: {low.score}
                  </Tag>
                ))}
              </div>
            ),
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
      {closing ? <CloseDialog followUp={closing} onClose={() => setClosing(null)} /> : null}
    </>
  );
}

function CloseDialog({ followUp, onClose }: { followUp: FollowUp; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ resolution: string }>();
  const [general, setGeneral] = useState<string | null>(null);
  const submit = async (values: { resolution: string }) => {
    setGeneral(null);
    try {
      await closeFollowUp(followUp.id, values.resolution);
      void message.success(t('service.followUps.closedToast'));
      await refreshServiceLoop(queryClient);
      onClose();
    } catch (error) {
      setGeneral(showProblemOnForm(form, error, t));
    }
  };
  return (
    <Modal open title={`${t('service.followUps.closeTitle')} · ${followUp.organizationName}`} onCancel={onClose} footer={null}>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ resolution: '' }}
        onFinish={(values) => void submit(values)}
      >
        <ProblemAlert message={general} />
        <Form.Item
          name="resolution"
          label={t('service.followUps.resolution')}
          rules={[{ required: true, whitespace: true, message: t('form.required', { field: t('service.followUps.resolution') }) }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} autoFocus />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('service.followUps.closeTitle')}
        </Button>
      </Form>
    </Modal>
  );
}
