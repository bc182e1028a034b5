import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  confirmServiceRecord,
  resendConfirmationLink,
  serviceRecordPdfUrl,
  useServiceRecord,
  type ServiceRecord,
} from '../../api/service-loop';
import type { CaseDetail } from '../../api/types';
import { ItemBillingTag } from '../../components/case-bits';
import { useAction } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { useServiceLoopSaved } from '../../components/service-loop-saved';
import { useFormat } from '../../i18n/format';
import './service.css';

const STATE_COLOURS: Record<ServiceRecord['confirmation']['state'], string> = {
  confirmed: 'green',
  awaiting: 'gold',
  'closed-unconfirmed': 'default',
  'not-resolved': 'blue',
};

/**
 * On the case view: the customer service record (customer, request, service items, confirmation), its printable
 * PDF, and — by role — resending the confirmation link (staff) or confirming the service (the customer).
 */
export function ServiceRecordPanel({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const record = useServiceRecord(detail.id, i18n.language, detail.updatedAt);
  // The customer confirms in the portal; staff resend the confirmation link.
  const customer = !detail.can.seeInternal;
  const data = record.data;

  return (
    <Card
      title={t('service.record.title')}
      size="small"
      className="cd-card"
      id="service-record"
      data-testid="service-record-panel"
      extra={
        <a href={serviceRecordPdfUrl(detail.id, i18n.language)} target="_blank" rel="noopener noreferrer">
          {t('service.record.printPdf')}
        </a>
      }
    >
      <ProblemAlert error={record.error} />
      {data ? (
        <>
          <p>
            <Tag color={STATE_COLOURS[data.confirmation.state]}>{t(`service.record.state.${data.confirmation.state}`)}</Tag>
          </p>
          <dl className="cd-visit-facts">
            <dt>{t('case.customer')}</dt>
            <dd>
              {data.customer.organizationName}
              {data.customer.organizationCode ? ` (${data.customer.organizationCode})` : ''}
            </dd>
            {data.customer.contactName ? (
              <>
                <dt>{t('service.record.contact')}</dt>
                <dd>{[data.customer.contactName, data.customer.contactPhone, data.customer.contactEmail].filter(Boolean).join(' · ')}</dd>
              </>
            ) : null}
          </dl>
          <strong>{t('service.record.items')}</strong>
          {data.items.length === 0 ? <p className="cd-muted">{t('service.record.noItems')}</p> : null}
          <ol className="cd-service-items">
            {data.items.map((item) => (
              <li key={item.id}>
                <div>
                  <strong>{t(`action.${item.type}`, { defaultValue: item.type })}</strong> ·{' '}
                  {format.dateTime(item.arrivedAt ?? item.startedAt ?? item.plannedStart)}
                  {(item.engineerName ?? item.performedByName) ? ` · ${item.engineerName ?? item.performedByName}` : ''}{' '}
                  <ItemBillingTag billing={item.billing} />
                </div>
                <p className="cd-text" style={{ margin: 0 }}>
                  {[item.summary, item.outcome].filter(Boolean).join('\n')}
                </p>
              </li>
            ))}
          </ol>
          {data.confirmation.confirmations.map((confirmation) => (
            <p key={confirmation.at} className="cd-muted">
              {t('service.record.confirmedBy', {
                time: format.dateTime(confirmation.at),
                name: confirmation.name,
                method: confirmation.method,
              })}
            </p>
          ))}
          {customer ? <ConfirmBox detail={detail} record={data} /> : <ResendLink detail={detail} record={data} />}
        </>
      ) : null}
    </Card>
  );
}

function ResendLink({ detail, record }: { detail: CaseDetail; record: ServiceRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [sent, setSent] = useState<{ to: string; expiresAt: string } | null>(null);
  const { busy, error, run } = useAction();
  if (record.confirmation.state !== 'awaiting' || !detail.can.work) return null;
  const resend = () =>
    run(async () => {
      setSent(await resendConfirmationLink(detail.id));
    });
  return (
    <>
      <ProblemAlert error={error} />
      {sent ? (
        <Alert
          type="success"
          showIcon
          role="status"
          style={{ marginBottom: 8 }}
          title={t('service.record.resent', { to: sent.to, time: format.dateTime(sent.expiresAt) })}
        />
      ) : null}
      <Button loading={busy} onClick={() => void resend()}>
        {t('service.record.resend')}
      </Button>
    </>
  );
}

function ConfirmBox({ detail, record }: { detail: CaseDetail; record: ServiceRecord }) {
  const { t } = useTranslation();
  const saved = useServiceLoopSaved();
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  if (record.confirmation.state !== 'awaiting' || !detail.can.confirmServiceRecord) return null;
  const confirm = () =>
    run(async () => {
      await confirmServiceRecord(detail.id, note.trim() || undefined);
      await saved(t('service.record.confirmedToast'));
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <p style={{ margin: 0 }}>{t('service.record.confirmHelp')}</p>
      <ProblemAlert error={error} />
      <Input.TextArea
        aria-label={t('service.record.confirmNote')}
        placeholder={t('service.record.confirmNote')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        autoSize={{ minRows: 1, maxRows: 4 }}
      />
      <Button type="primary" size="large" loading={busy} onClick={() => void confirm()}>
        {t('service.record.confirm')}
      </Button>
    </Space>
  );
}
