import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { acceptProposal, dismissProposal, refreshProposals, useProposals, type Proposal } from '../../api/problem-proposals';
import { useSession } from '../../api/session';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { useRequired } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem';
import { StaffSelect } from '../../components/staff-select';
import { useFormat } from '../../i18n/format';
import { eligibleOwner } from './problem-dialog';

/** "serial number FOC123" or "Cisco ISR 4331 at Harbour Power Grid", and the rule it matched, in the reader's language. */
export function useProposalTexts() {
  const { t } = useTranslation();
  return {
    pattern: (proposal: Proposal) =>
      t(`problemProposals.pattern.${proposal.rule.id}`, {
        serial: proposal.pattern.serialNumber ?? '',
        vendor: proposal.pattern.vendorName ?? '',
        model: proposal.pattern.model ?? '',
        customer: proposal.pattern.organizationName ?? '',
      }),
    rule: (proposal: Pick<Proposal, 'rule'>) =>
      t(`problemProposals.rule.${proposal.rule.id}`, {
        threshold: proposal.rule.threshold,
        days: t('duration.days', { count: proposal.rule.windowDays }),
      }),
  };
}

/**
 * Open proposals of the recurrence detection, above the problem list: each pattern with the rule it matched and its
 * cases; experts, managers and admins accept one (a problem opens with the cases linked) or dismiss it with a reason.
 * A notification's link (`?proposal=<id>`) scrolls to its proposal.
 */
export function ProposalsCard() {
  const { t } = useTranslation();
  const proposals = useProposals('open');
  const [params] = useSearchParams();
  const wanted = params.get('proposal');
  const [accepting, setAccepting] = useState<Proposal | null>(null);
  const [dismissing, setDismissing] = useState<Proposal | null>(null);
  useEffect(() => {
    if (wanted && proposals.data) document.getElementById(`proposal-${wanted}`)?.scrollIntoView({ block: 'center' });
  }, [wanted, proposals.data]);
  if (!proposals.error && (proposals.data ?? []).length === 0) return null;
  return (
    <Card size="small" className="cd-card" title={t('problemProposals.title')} data-testid="problem-proposals" style={{ marginBottom: 16 }}>
      <ProblemAlert error={proposals.error} />
      <p className="cd-muted" style={{ marginTop: 0 }}>
        {t('problemProposals.help')}
      </p>
      {(proposals.data ?? []).map((proposal) => (
        <ProposalItem
          key={proposal.id}
          proposal={proposal}
          highlighted={proposal.id === wanted}
          onAccept={() => setAccepting(proposal)}
          onDismiss={() => setDismissing(proposal)}
        />
      ))}
      {accepting ? <AcceptDialog proposal={accepting} onClose={() => setAccepting(null)} /> : null}
      {dismissing ? <DismissDialog proposal={dismissing} onClose={() => setDismissing(null)} /> : null}
    </Card>
  );
}

function ProposalItem({
  proposal,
  highlighted,
  onAccept,
  onDismiss,
}: {
  proposal: Proposal;
  highlighted: boolean;
  onAccept: () => void;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const texts = useProposalTexts();
  return (
    <section
      id={`proposal-${proposal.id}`}
      aria-label={texts.pattern(proposal)}
      data-testid="problem-proposal"
      style={{
        borderTop: '1px solid rgba(5, 5, 5, 0.06)',
        padding: '8px 0',
        ...(highlighted ? { background: 'rgba(22, 119, 255, 0.06)' } : {}),
      }}
    >
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <strong>{texts.pattern(proposal)}</strong>
        {proposal.can.decide ? (
          <Space>
            <Button type="primary" size="small" onClick={onAccept}>
              {t('problemProposals.accept')}
            </Button>
            <Button size="small" onClick={onDismiss}>
              {t('problemProposals.dismiss')}
            </Button>
          </Space>
        ) : null}
      </Space>
      <div className="cd-muted">
        <Tag>{t(`problemProposals.ruleNames.${proposal.rule.id}`)}</Tag>
        {texts.rule(proposal)} · {t('problemProposals.proposedAt', { at: format.dateTime(proposal.proposedAt) })}
        {proposal.round > 1 ? ` · ${t('problemProposals.again')}` : ''}
      </div>
      <ul className="cd-plain-list" style={{ marginTop: 4 }}>
        {proposal.cases.map((linked) => (
          <li key={linked.id}>
            <Link to={`/cases/${linked.id}`}>{linked.number}</Link> · {format.date(linked.receivedAt)} · {linked.title}
            <span className="cd-muted"> · {linked.organizationName}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

interface AcceptFields {
  title: string;
  ownerId: string;
}

function AcceptDialog({ proposal, onClose }: { proposal: Proposal; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { user } = useSession();
  const texts = useProposalTexts();
  const [form] = Form.useForm<AcceptFields>();
  const required = useRequired();
  const { busy, general, save } = useFormSave(form);
  const finish = (values: AcceptFields) =>
    save(async () => {
      const problem = await acceptProposal(proposal.id, values);
      void message.success(t('problemRecords.created', { title: problem.title }));
      await refreshProposals(queryClient);
      onClose();
      void navigate(`/problems/${problem.id}`);
    });
  return (
    <FormDialog<AcceptFields>
      form={form}
      title={t('problemProposals.acceptTitle')}
      okText={t('problemProposals.accept')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void finish(values)}
      initialValues={{
        title: t('problemProposals.problemTitle', { pattern: texts.pattern(proposal) }),
        ...(user && eligibleOwner(user) ? { ownerId: user.id } : {}),
      }}
    >
      <p>{t('problemProposals.acceptHelp', { count: proposal.cases.length })}</p>
      <Form.Item name="title" label={t('problemRecords.problemTitle')} rules={required(t('problemRecords.problemTitle'))}>
        <Input maxLength={300} />
      </Form.Item>
      <Form.Item name="ownerId" label={t('problemRecords.owner')} rules={required(t('problemRecords.owner'), { text: false })}>
        <StaffSelect allowClear={false} eligible={eligibleOwner} />
      </Form.Item>
    </FormDialog>
  );
}

function DismissDialog({ proposal, onClose }: { proposal: Proposal; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const texts = useProposalTexts();
  const [form] = Form.useForm<{ reason: string }>();
  const required = useRequired();
  const { busy, general, save } = useFormSave(form);
  const finish = (values: { reason: string }) =>
    save(async () => {
      await dismissProposal(proposal.id, values.reason);
      void message.success(t('problemProposals.dismissed'));
      await refreshProposals(queryClient);
      onClose();
    });
  return (
    <FormDialog<{ reason: string }>
      form={form}
      title={t('problemProposals.dismissTitle', { pattern: texts.pattern(proposal) })}
      okText={t('problemProposals.dismiss')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void finish(values)}
      initialValues={{ reason: '' }}
    >
      <p>{t('problemProposals.dismissHelp')}</p>
      <Form.Item name="reason" label={t('problemProposals.reason')} rules={required(t('problemProposals.reason'))}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormDialog>
  );
}
