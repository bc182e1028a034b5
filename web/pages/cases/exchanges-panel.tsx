import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import InputNumber from 'antd/es/input-number';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  recordCompensation,
  recordExchange,
  refreshAfterRecording,
  useApprovers,
  useCaseCompensations,
  useCaseExchanges,
  type Compensation,
  type Exchange,
} from '../../api/delivered-work';
import { nameOf, useUsers } from '../../api/queries';
import { useSession } from '../../api/session';
import type { CaseDetail } from '../../api/types';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { useRequired } from '../../components/form-fields';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import '../delivered-work.css';

/** Money as the API keeps it (minor units) in the user's language: 1234.5 CNY → "CNY 1,234.50". */
export function useMoney() {
  const { i18n } = useTranslation();
  return (compensation: Compensation): string | null => {
    if (compensation.amountMinor === null) return null;
    const amount = compensation.amountMinor / 100;
    if (!compensation.currency) return new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 2 }).format(amount);
    return new Intl.NumberFormat(i18n.language, { style: 'currency', currency: compensation.currency }).format(amount);
  };
}

/**
 * A case's free exchanges (RMA) and compensations, each with the manager who approved it, and the actions to record
 * them for whoever the server lets record them.
 */
export function ExchangesPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const exchanges = useCaseExchanges(detail.id);
  const compensations = useCaseCompensations(detail.id);
  const users = useUsers(can('users.read'));
  const [dialog, setDialog] = useState<'exchange' | 'compensation' | null>(null);
  const approver = (id: string) => nameOf(users.data, id) ?? t('common.none');
  const hasAny = (exchanges.data?.length ?? 0) + (compensations.data?.length ?? 0) > 0;
  const mayExchange = detail.can.recordExchange;
  const mayCompensate = detail.can.recordCompensation;
  if (!hasAny && !mayExchange && !mayCompensate) return null;
  return (
    <Card title={t('exchanges.title')} size="small" className="cd-card" data-testid="exchanges-panel">
      <ProblemAlert error={exchanges.error ?? compensations.error} />
      {exchanges.data && compensations.data && !hasAny ? <p className="cd-muted">{t('exchanges.none')}</p> : null}
      {exchanges.data?.length ? (
        <>
          <h4 className="cd-subheading">{t('exchanges.exchanges')}</h4>
          <ul className="cd-record-list">
            {exchanges.data.map((exchange) => (
              <ExchangeItem key={exchange.id} exchange={exchange} approver={approver(exchange.approvedByUserId)} />
            ))}
          </ul>
        </>
      ) : null}
      {compensations.data?.length ? (
        <>
          <h4 className="cd-subheading">{t('exchanges.compensations')}</h4>
          <ul className="cd-record-list">
            {compensations.data.map((compensation) => (
              <li key={compensation.id}>
                <strong>{money(compensation) ?? t('exchanges.notMoney')}</strong> · {format.dateTime(compensation.recordedAt)}
                <div className="cd-text">{compensation.description}</div>
                <div className="cd-muted">{t('exchanges.approvedBy', { name: approver(compensation.approvedByUserId) })}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {mayExchange || mayCompensate ? (
        <Space wrap style={{ marginTop: 8 }}>
          {mayExchange ? <Button onClick={() => setDialog('exchange')}>{t('exchanges.recordExchange')}</Button> : null}
          {mayCompensate ? <Button onClick={() => setDialog('compensation')}>{t('exchanges.recordCompensation')}</Button> : null}
        </Space>
      ) : null}
      {dialog === 'exchange' ? (
        <ExchangeDialog cases={{ id: detail.id, number: detail.number }} serials={detail.serialNumbers} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'compensation' ? (
        <CompensationDialog cases={{ id: detail.id, number: detail.number }} onClose={() => setDialog(null)} />
      ) : null}
    </Card>
  );
}

function ExchangeItem({ exchange, approver }: { exchange: Exchange; approver: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <li>
      <strong>
        <Link to={`/products/${exchange.oldAssetId}`}>{exchange.oldSerialNumber}</Link> →{' '}
        <Link to={`/products/${exchange.newAssetId}`}>{exchange.newSerialNumber}</Link>
      </strong>{' '}
      · {format.dateTime(exchange.recordedAt)}
      <div className="cd-text">{exchange.reason}</div>
      <div className="cd-muted">{t('exchanges.approvedBy', { name: approver })}</div>
    </li>
  );
}

/** The approver field: only the people the server accepts as approver are offered. */
function ApproverField() {
  const { t } = useTranslation();
  const required = useRequired();
  const approvers = useApprovers();
  return (
    <Form.Item
      name="approvedByUserId"
      label={t('exchanges.approver')}
      extra={t('exchanges.approverHelp')}
      rules={required(t('exchanges.approver'), { text: false })}
    >
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        loading={approvers.isPending}
        options={(approvers.data ?? []).map((approver) => ({ value: approver.id, label: approver.name }))}
        placeholder={t('exchanges.chooseApprover')}
      />
    </Form.Item>
  );
}

/** One case (recording from the case page: no choice shown), or the cases to choose from (from a product page). */
type CasesToRecordFor = { id: string; number: string }[] | { id: string; number: string };

/** The case field's starting value where there is nothing to choose. */
function theOnlyCase(cases: CasesToRecordFor): { caseId?: string } {
  const choices = Array.isArray(cases) ? cases : [cases];
  return choices.length === 1 ? { caseId: choices[0]!.id } : {};
}

/** The case a record is for: hidden where it is given, a choice where there are several. */
function CaseField({ cases }: { cases: CasesToRecordFor }) {
  const { t } = useTranslation();
  const required = useRequired();
  const choices = Array.isArray(cases) ? cases : [cases];
  return (
    <Form.Item name="caseId" label={t('exchanges.case')} rules={required(t('exchanges.case'))} hidden={!Array.isArray(cases)}>
      <Select
        options={choices.map((row) => ({ value: row.id, label: row.number }))}
        placeholder={t('exchanges.chooseCase')}
        showSearch={{ optionFilterProp: 'label' }}
      />
    </Form.Item>
  );
}

interface ExchangeFields {
  caseId: string;
  oldSerialNumber: string;
  newSerialNumber: string;
  newModel?: string;
  newSoftwareVersion?: string;
  /** Named apart from the case page's other forms' `reason`: field ids must be unique on the page. */
  exchangeReason: string;
  approvedByUserId: string;
}

/**
 * Records a free exchange: the failed product out, its replacement in. From a case (its serial numbers to choose
 * from) or from a product page (the product fixed, the case to choose among those that named it).
 */
export function ExchangeDialog({ cases, serials, onClose }: { cases: CasesToRecordFor; serials: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ExchangeFields>();
  const { busy, general, save } = useFormSave(form, { reason: 'exchangeReason' });
  const submit = (values: ExchangeFields) =>
    save(async () => {
      const saved = await recordExchange(values.caseId, {
        oldSerialNumber: values.oldSerialNumber,
        newSerialNumber: values.newSerialNumber.trim(),
        ...(values.newModel?.trim() ? { newModel: values.newModel.trim() } : {}),
        newSoftwareVersion: values.newSoftwareVersion?.trim() || null,
        reason: values.exchangeReason,
        approvedByUserId: values.approvedByUserId,
      });
      void message.success(t('exchanges.exchangeRecorded', { old: saved.oldSerialNumber, new: saved.newSerialNumber }));
      await refreshAfterRecording(queryClient);
      onClose();
    });
  return (
    <FormDialog<ExchangeFields>
      form={form}
      title={t('exchanges.recordExchange')}
      okText={t('exchanges.record')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={{
        ...theOnlyCase(cases),
        ...(serials.length === 1 ? { oldSerialNumber: serials[0]! } : {}),
      }}
    >
      <CaseField cases={cases} />
      <Form.Item name="oldSerialNumber" label={t('exchanges.oldSerial')} rules={required(t('exchanges.oldSerial'))}>
        <Select
          options={serials.map((serial) => ({ value: serial, label: serial }))}
          disabled={serials.length === 1}
          placeholder={t('exchanges.chooseSerial')}
        />
      </Form.Item>
      <Form.Item name="newSerialNumber" label={t('exchanges.newSerial')} rules={required(t('exchanges.newSerial'))}>
        <Input maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item name="newModel" label={t('exchanges.newModel')} extra={t('exchanges.newModelHelp')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="newSoftwareVersion" label={t('exchanges.newSoftwareVersion')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="exchangeReason" label={t('exchanges.reason')} rules={required(t('exchanges.reason'))}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <ApproverField />
    </FormDialog>
  );
}

interface CompensationFields {
  caseId: string;
  compensationDescription: string;
  amount?: number | null;
  currency?: string;
  approvedByUserId: string;
}

/**
 * Records a compensation approved by a manager: from a case, or from a product page (the case to choose among those
 * that named the product).
 */
export function CompensationDialog({ cases, onClose }: { cases: CasesToRecordFor; onClose: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CompensationFields>();
  const { busy, general, save } = useFormSave(form, { amountMinor: 'amount', description: 'compensationDescription' });
  const submit = (values: CompensationFields) =>
    save(async () => {
      const amount = values.amount ?? null;
      await recordCompensation(values.caseId, {
        description: values.compensationDescription,
        amountMinor: amount === null ? null : Math.round(amount * 100),
        currency: amount === null ? null : values.currency?.trim().toUpperCase() || null,
        approvedByUserId: values.approvedByUserId,
      });
      void message.success(t('exchanges.compensationRecorded'));
      await refreshAfterRecording(queryClient);
      onClose();
    });
  return (
    <FormDialog<CompensationFields>
      form={form}
      title={t('exchanges.recordCompensation')}
      okText={t('exchanges.record')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={{ currency: 'CNY', ...theOnlyCase(cases) }}
    >
      <CaseField cases={cases} />
      <Form.Item
        name="compensationDescription"
        label={t('exchanges.description')}
        extra={t('exchanges.descriptionHelp')}
        rules={required(t('exchanges.description'))}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} autoFocus />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="amount" label={t('exchanges.amount')} style={{ flex: 1 }}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="currency" label={t('exchanges.currency')} style={{ width: 110 }}>
          <Input maxLength={3} />
        </Form.Item>
      </Space.Compact>
      <ApproverField />
    </FormDialog>
  );
}
