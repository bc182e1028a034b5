import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { listCases } from '../../api/cases';
import { withQuery } from '../../api/client';
import {
  addPreventiveAction,
  completePreventiveAction,
  linkCase,
  PROBLEM_STATUSES,
  refreshProblems,
  transitionProblem,
  unlinkCase,
  useProblem,
  useProblems,
  type ProblemDetail,
  type ProblemStatus,
  type ProblemSummary,
} from '../../api/problems';
import { useSession } from '../../api/session';
import { useFormSave, useAction } from '../../components/form-dialog';
import { ProblemArticlesCard } from '../../components/knowledge-links';
import { PageLoading } from '../../components/page-loading';
import { useRequired, RequiredDateItem } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem';
import { ListExportButton } from '../../components/list-export-button';
import { ConfirmedAction } from '../../components/retire-controls';
import { StaffSelect } from '../../components/staff-select';
import { useFormat } from '../../i18n/format';
import { eligibleOwner, ProblemDialog } from './problem-dialog';
import { ProblemStatusTag } from './problem-status-tag';
import { ProposalsCard } from './proposals';

/** Problem records at /problems (filtered by status and owner); /problems/{id} is one problem with its work. */
export default function ProblemsPage() {
  const { id } = useParams();
  return id ? <ProblemPage id={id} /> : <ProblemList />;
}

function ProblemList() {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const [status, setStatus] = useState<ProblemStatus | undefined>();
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const problems = useProblems({ status, ownerId: ownerId ?? undefined });
  const [creating, setCreating] = useState(false);
  return (
    <>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} className="cd-page-title">
          {t('problemRecords.title')}
        </Typography.Title>
        {can('problems.manage') ? (
          <Button type="primary" onClick={() => setCreating(true)}>
            {t('problemRecords.new')}
          </Button>
        ) : null}
      </Space>
      {creating ? <ProblemDialog onClose={() => setCreating(false)} /> : null}
      {can('problems.read') ? <ProposalsCard /> : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<ProblemStatus>
          allowClear
          style={{ minWidth: 180 }}
          aria-label={t('problemRecords.status')}
          placeholder={t('problemRecords.anyStatus')}
          value={status}
          onChange={(next) => setStatus(next)}
          options={PROBLEM_STATUSES.map((value) => ({ value, label: t(`problemRecords.statuses.${value}`) }))}
        />
        <StaffSelect
          style={{ minWidth: 220 }}
          aria-label={t('problemRecords.owner')}
          value={ownerId}
          onChange={setOwnerId}
          eligible={eligibleOwner}
        />
        <ListExportButton
          list="problems"
          path={withQuery('/api/v1/problems', { status, ownerId: ownerId ?? undefined })}
          fileName="casedesk-problems.csv"
        />
      </Space>
      <ProblemAlert error={problems.error} />
      <Table<ProblemSummary>
        rowKey="id"
        size="small"
        loading={problems.isPending}
        dataSource={problems.data ?? []}
        scroll={{ x: 700 }}
        locale={{ emptyText: t('problemRecords.none') }}
        columns={[
          {
            key: 'title',
            title: t('problemRecords.problemTitle'),
            render: (_, item) => <Link to={`/problems/${item.id}`}>{item.title}</Link>,
          },
          { key: 'status', title: t('problemRecords.status'), render: (_, item) => <ProblemStatusTag status={item.status} /> },
          { key: 'owner', title: t('problemRecords.owner'), dataIndex: 'ownerName' },
          { key: 'updated', title: t('problemRecords.updated'), render: (_, item) => format.dateTime(item.updatedAt) },
        ]}
      />
    </>
  );
}

function ProblemPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const problem = useProblem(id);
  const [editing, setEditing] = useState(false);
  if (problem.isPending) return <PageLoading />;
  if (!problem.data) return <ProblemAlert error={problem.error} />;
  const item = problem.data;
  return (
    <>
      <p>
        <Link to="/problems">← {t('problemRecords.back')}</Link>
      </p>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} className="cd-page-title">
          {item.title} <ProblemStatusTag status={item.status} />
        </Typography.Title>
        {item.can.change ? <Button onClick={() => setEditing(true)}>{t('problemRecords.edit')}</Button> : null}
      </Space>
      {editing ? <ProblemDialog problem={item} onClose={() => setEditing(false)} /> : null}
      <div className="cd-case-grid">
        <div>
          <Card size="small" className="cd-card">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('problemRecords.owner')}>{item.ownerName}</Descriptions.Item>
              <Descriptions.Item label={t('problemRecords.description')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{item.description}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('problemRecords.rootCause')}>
                <span style={{ whiteSpace: 'pre-wrap' }}>{item.rootCause ?? t('problemRecords.notRecorded')}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('problemRecords.workaround')}>
                <span style={{ whiteSpace: 'pre-wrap' }} data-testid="problem-workaround">
                  {item.workaround ?? t('problemRecords.noWorkaround')}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('problemRecords.organizations')}>
                <span data-testid="problem-organizations">
                  {item.organizations.length === 0
                    ? t('common.none')
                    : item.organizations.map((organization, index) => (
                        <span key={organization.id}>
                          {index > 0 ? ', ' : ''}
                          <Link to={`/organizations/${organization.id}`}>{organization.name}</Link>
                        </span>
                      ))}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('problemRecords.products')}>
                <span data-testid="problem-products">
                  {item.products.length === 0
                    ? t('common.none')
                    : item.products.map((product) => [product.vendorName, product.model].filter(Boolean).join(' ')).join(', ')}
                </span>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <LinkedCases problem={item} />
          <ProblemArticlesCard problem={item} />
          <PreventiveActions problem={item} />
          <ProblemTimeline problem={item} />
        </div>
        <div>{item.allowedTransitions.length > 0 ? <TransitionForm problem={item} /> : null}</div>
      </div>
    </>
  );
}

function TransitionForm({ problem }: { problem: ProblemDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ to: ProblemStatus; note?: string }>();
  const { busy, general, save } = useFormSave(form);
  const required = useRequired();
  const submit = (values: { to: ProblemStatus; note?: string }) =>
    save(async () => {
      await transitionProblem(problem.id, values.to, values.note?.trim() || null);
      form.resetFields();
      void message.success(t('problemRecords.moved', { status: t(`problemRecords.statuses.${values.to}`) }));
      await refreshProblems(queryClient);
    });
  return (
    <Card size="small" className="cd-card" title={t('problemRecords.transition')}>
      <ProblemAlert message={general} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)}>
        <Form.Item name="to" label={t('problemRecords.transition')} rules={required(t('problemRecords.transition'), { text: false })}>
          <Select options={problem.allowedTransitions.map((value) => ({ value, label: t(`problemRecords.statuses.${value}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('problemRecords.transitionNote')}>
          <Input />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {t('problemRecords.transition')}
        </Button>
      </Form>
    </Card>
  );
}

function LinkedCases({ problem }: { problem: ProblemDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const deferred = useDeferredValue(text);
  const [caseId, setCaseId] = useState<string | null>(null);
  const found = useQuery({
    queryKey: ['problems', 'case-search', deferred],
    queryFn: () => listCases({ text: deferred, limit: 20 }),
    enabled: problem.can.change && deferred.trim().length > 0,
  });
  const { busy, error, run } = useAction();
  const link = () =>
    run(async () => {
      if (!caseId) return;
      await linkCase(problem.id, caseId);
      setCaseId(null);
      await refreshProblems(queryClient);
    });
  return (
    <Card size="small" className="cd-card" title={t('problemRecords.cases')}>
      <ProblemAlert error={error} />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={problem.cases}
        locale={{ emptyText: t('problemRecords.noCases') }}
        columns={[
          { key: 'number', title: '#', render: (_, item) => <Link to={`/cases/${item.id}`}>{item.number}</Link> },
          { key: 'title', title: t('problemRecords.problemTitle'), dataIndex: 'title' },
          { key: 'customer', title: t('problemRecords.organizations'), dataIndex: 'organizationName' },
          ...(problem.can.change
            ? [
                {
                  key: 'unlink',
                  title: '',
                  render: (_: unknown, item: ProblemDetail['cases'][number]) => (
                    <ConfirmedAction
                      label={t('problemRecords.unlink')}
                      question={t('problemRecords.unlinkQuestion', { number: item.number })}
                      done={t('problemRecords.unlinked', { number: item.number })}
                      onConfirm={async () => {
                        await unlinkCase(problem.id, item.id);
                        await refreshProblems(queryClient);
                      }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {problem.can.change ? (
        <Space.Compact style={{ marginTop: 12, width: '100%' }}>
          <Select
            showSearch={{ filterOption: false, onSearch: setText }}
            style={{ flex: 1 }}
            aria-label={t('problemRecords.caseNumber')}
            placeholder={t('problemRecords.caseNumber')}
            value={caseId ?? undefined}
            onChange={(next: string) => setCaseId(next)}
            loading={found.isFetching}
            options={(found.data?.items ?? []).map((item) => ({ value: item.id, label: `${item.number} · ${item.title}` }))}
          />
          <Button onClick={() => void link()} loading={busy} disabled={!caseId}>
            {t('problemRecords.linkCase')}
          </Button>
        </Space.Compact>
      ) : null}
    </Card>
  );
}

function PreventiveActions({ problem }: { problem: ProblemDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ description: string; ownerId: string; dueOn: string }>();
  const { busy, general, save } = useFormSave(form);
  const toggle = useAction();
  const required = useRequired();
  const add = (values: { description: string; ownerId: string; dueOn: string }) =>
    save(async () => {
      await addPreventiveAction(problem.id, values);
      form.resetFields();
      await refreshProblems(queryClient);
    });
  return (
    <Card size="small" className="cd-card" title={t('problemRecords.actions')}>
      <ProblemAlert error={toggle.error} />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={problem.actions}
        locale={{ emptyText: t('problemRecords.noActions') }}
        columns={[
          { key: 'description', title: t('problemRecords.action'), dataIndex: 'description' },
          { key: 'owner', title: t('problemRecords.actionOwner'), dataIndex: 'ownerName' },
          { key: 'due', title: t('problemRecords.dueOn'), render: (_, item) => format.date(item.dueOn) },
          {
            key: 'state',
            title: t('problemRecords.status'),
            render: (_, item) =>
              item.done ? (
                <Tag color="green">{t('problemRecords.done')}</Tag>
              ) : item.overdueNotifiedAt ? (
                <Tag color="red">{t('problemRecords.overdue')}</Tag>
              ) : null,
          },
          {
            key: 'toggle',
            title: '',
            render: (_, item) =>
              problem.can.change || item.ownerId === user?.id ? (
                <Button
                  size="small"
                  loading={toggle.busy}
                  onClick={() =>
                    void toggle.run(async () => {
                      await completePreventiveAction(problem.id, item.id, !item.done);
                      await refreshProblems(queryClient);
                    })
                  }
                >
                  {item.done ? t('problemRecords.markNotDone') : t('problemRecords.markDone')}
                </Button>
              ) : null,
          },
        ]}
      />
      {problem.can.change ? (
        <>
          <ProblemAlert message={general} />
          <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => void add(values)} style={{ marginTop: 12 }}>
            <Form.Item name="description" label={t('problemRecords.action')} rules={required(t('problemRecords.action'))}>
              <Input maxLength={2000} />
            </Form.Item>
            <Space wrap>
              <Form.Item
                name="ownerId"
                label={t('problemRecords.actionOwner')}
                rules={required(t('problemRecords.actionOwner'), { text: false })}
              >
                <StaffSelect allowClear={false} style={{ minWidth: 220 }} />
              </Form.Item>
              <RequiredDateItem name="dueOn" label={t('problemRecords.dueOn')} />
            </Space>
            <Button htmlType="submit" loading={busy}>
              {t('problemRecords.addAction')}
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}

function ProblemTimeline({ problem }: { problem: ProblemDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = (value: unknown) => (typeof value === 'string' ? t(`problemRecords.statuses.${value}`) : '');
  const describe = (event: ProblemDetail['timeline'][number]) => {
    const data = event.data;
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const fields = Array.isArray(data.fields)
      ? data.fields.map((field) => t(`problemRecords.fieldNames.${String(field)}`, { defaultValue: String(field) })).join(', ')
      : '';
    // A problem opened by accepting a proposal of the recurrence detection says so, naming the pattern.
    const kind = event.kind === 'problem.created' && typeof data.fromProposalId === 'string' ? 'problem.created-from-proposal' : event.kind;
    return t(`problemRecords.events.${kind}`, {
      pattern: t(`problemProposals.pattern.${text(data.proposalRule)}`, {
        serial: text(data.proposalSerialNumber),
        vendor: text(data.proposalVendorName),
        model: text(data.proposalModel),
        customer: text(data.proposalOrganizationName),
        defaultValue: '',
      }),
      from: status(data.from),
      to: status(data.to),
      fields,
      description: text(data.description),
      owner: text(data.ownerName),
      dueOn: text(data.dueOn),
      number: text(data.caseNumber),
      article: text(data.articleTitle),
      defaultValue: event.kind,
    });
  };
  return (
    <Card size="small" className="cd-card" title={t('problemRecords.timeline')}>
      <ul className="cd-plain-list">
        {problem.timeline.map((event) => (
          <li key={event.id}>
            <span className="cd-muted">{format.dateTime(event.at)}</span> {event.actorName ? <strong>{event.actorName}</strong> : null}{' '}
            {describe(event)}
            {typeof event.data.note === 'string' && event.data.note ? <span className="cd-muted"> — {event.data.note}</span> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
