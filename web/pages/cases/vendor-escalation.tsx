import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client';
import type { CaseDetail, Language, VendorEscalation, VendorEscalationStatus, VendorReport } from '../../api/types';
import { FormDialog, useAction, useFormSave } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import { VENDOR_ESCALATION_STATUSES } from '../../../src/domain/escalation/vendor-escalation.js';
import { useRefreshCase } from '../../api/cases';

/**
 * The vendor escalation of a case: whom to call at the vendor (support center, phone, e-mail, our contract number), the
 * vendor's case number and status as recorded; the prepared vendor report and the vendor's answer (case number, status)
 * each open in a dialog, so the side of the case page stays a summary.
 */
export function VendorEscalationCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [open, setOpen] = useState<'report' | 'case' | null>(null);
  const vendor = detail.vendorEscalation;
  if (!vendor) return null;
  const center = vendor.supportCenter ?? {};
  const missing = <span className="cd-muted">{t('vendor.notOnRecord')}</span>;
  const awaitingCaseNumber = vendor.reportSentAt !== null && !vendor.vendorCaseNumber;

  return (
    <Card title={t('vendor.title')} size="small" className="cd-card" data-testid="vendor-escalation">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('vendor.vendor')}>{vendor.vendorName ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('vendor.supportCenter')}>{center.name ?? missing}</Descriptions.Item>
        <Descriptions.Item label={t('vendor.phone')}>
          {center.phone ? <a href={`tel:${center.phone}`}>{center.phone}</a> : missing}
        </Descriptions.Item>
        <Descriptions.Item label={t('vendor.email')}>
          {center.email ? <a href={`mailto:${center.email}`}>{center.email}</a> : missing}
        </Descriptions.Item>
        {center.url ? (
          <Descriptions.Item label={t('vendor.web')}>
            <a href={center.url} target="_blank" rel="noopener noreferrer">
              {center.url}
            </a>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('vendor.contractNumber')}>{center.contractNumber ?? missing}</Descriptions.Item>
        <Descriptions.Item label={t('vendor.caseNumber')}>
          <span data-testid="vendor-case-number">{vendor.vendorCaseNumber ?? t('common.none')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('vendor.status')}>
          <Tag data-testid="vendor-status">{t(`vendor.${vendor.status}`)}</Tag>
        </Descriptions.Item>
      </Descriptions>
      {awaitingCaseNumber ? (
        <Alert
          type="info"
          showIcon
          role="status"
          style={{ marginBottom: 8 }}
          title={t('vendor.askCaseNumber', { to: vendor.reportSentTo })}
        />
      ) : vendor.reportSentAt ? (
        <p className="cd-muted">{t('vendor.sentAt', { to: vendor.reportSentTo, time: format.dateTime(vendor.reportSentAt) })}</p>
      ) : null}
      <Space wrap size={6}>
        {vendor.vendorCaseNumber ? null : (
          <Button size="small" type={awaitingCaseNumber ? 'default' : 'primary'} onClick={() => setOpen('report')}>
            {t('vendor.prepareReport')}
          </Button>
        )}
        <Button size="small" type={awaitingCaseNumber ? 'primary' : 'default'} onClick={() => setOpen('case')}>
          {vendor.vendorCaseNumber ? t('vendor.updateCase') : t('vendor.recordCaseNumber')}
        </Button>
      </Space>
      {open === 'report' ? <VendorReportDialog detail={detail} vendor={vendor} onClose={() => setOpen(null)} /> : null}
      {open === 'case' ? <VendorCaseDialog detail={detail} vendor={vendor} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}

interface VendorCaseFields {
  vendorCaseNumber: string;
  status: VendorEscalationStatus;
}

/** What the vendor answered: their case number, and how far their case has gone. */
function VendorCaseDialog({ detail, vendor, onClose }: { detail: CaseDetail; vendor: VendorEscalation; onClose: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshCase();
  const { message } = App.useApp();
  const [form] = Form.useForm<VendorCaseFields>();
  const { busy, general, save } = useFormSave(form);
  const submit = (values: VendorCaseFields) =>
    save(async () => {
      await api.patch(`/api/v1/cases/${detail.id}/vendor-escalation`, {
        vendorCaseNumber: values.vendorCaseNumber?.trim() || null,
        status: values.status,
      });
      void message.success(t('common.saved'));
      await refresh(detail.id);
      onClose();
    });
  return (
    <FormDialog<VendorCaseFields>
      form={form}
      title={t('vendor.caseDialogTitle', { center: vendor.supportCenter?.name ?? vendor.vendorName ?? '' })}
      okText={t('actions.save')}
      busy={busy}
      general={general}
      initialValues={{
        vendorCaseNumber: vendor.vendorCaseNumber ?? '',
        status: VENDOR_ESCALATION_STATUSES.find((status) => status === vendor.status),
      }}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
    >
      <Form.Item name="vendorCaseNumber" label={t('vendor.caseNumber')}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="status" label={t('vendor.status')}>
        <Select options={VENDOR_ESCALATION_STATUSES.map((value) => ({ value, label: t(`vendor.${value}`) }))} />
      </Form.Item>
    </FormDialog>
  );
}

/** The prepared report exactly as it will go out; sending it is one click, and the card then asks for the vendor's case number. */
function VendorReportDialog({ detail, vendor, onClose }: { detail: CaseDetail; vendor: VendorEscalation; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshCase();
  const { message } = App.useApp();
  const [language, setLanguage] = useState<Language>(i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  const [note, setNote] = useState('');
  const [previewNote, setPreviewNote] = useState('');
  const [preview, setPreview] = useState<VendorReport | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const { busy: sending, error: sendError, run } = useAction();
  const error = sendError ?? previewError;

  useEffect(() => {
    let current = true;
    setPreviewError(null);
    api
      .get<VendorReport>(withQuery(`/api/v1/cases/${detail.id}/vendor-report`, { language, note: previewNote.trim() }))
      .then((report) => current && setPreview(report))
      .catch((problem: unknown) => {
        if (current) {
          setPreview(null);
          setPreviewError(problem);
        }
      });
    return () => {
      current = false;
    };
  }, [detail.id, language, previewNote]);

  const send = () =>
    run(async () => {
      await api.post(`/api/v1/cases/${detail.id}/vendor-report`, { language, ...(note.trim() ? { note: note.trim() } : {}) });
      void message.success(t('vendor.askCaseNumber', { to: preview?.to ?? '' }));
      onClose();
      await refresh(detail.id);
    });

  return (
    <Modal
      open
      width={720}
      title={t('vendor.reportTitle', { center: vendor.supportCenter?.name ?? vendor.vendorName ?? '' })}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={sending} disabled={!preview} onClick={() => void send()}>
            {t('vendor.send', { to: preview?.to ?? '' })}
          </Button>
        </Space>
      }
    >
      <ProblemAlert error={error} />
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{t('vendor.reportLanguage')}</span>
        <Select<Language>
          aria-label={t('vendor.reportLanguage')}
          value={language}
          onChange={setLanguage}
          options={[
            { value: 'en', label: 'English' },
            { value: 'zh-CN', label: '中文' },
          ]}
          style={{ width: 120 }}
        />
      </Space>
      <Input.TextArea
        aria-label={t('vendor.reportNote')}
        placeholder={t('vendor.reportNote')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        onBlur={() => setPreviewNote(note)}
        autoSize={{ minRows: 1, maxRows: 4 }}
        style={{ marginBottom: 8 }}
      />
      {preview ? (
        <>
          <p style={{ margin: '4px 0' }}>
            <strong>{t('common.labelled', { label: t('vendor.reportTo') })}</strong> {preview.to}
          </p>
          <p style={{ margin: '4px 0' }}>
            <strong>{t('common.labelled', { label: t('vendor.reportSubject') })}</strong> {preview.subject}
          </p>
          <pre className="cd-text" data-testid="vendor-report-preview" style={{ maxHeight: 360, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
            {preview.text}
          </pre>
        </>
      ) : null}
    </Modal>
  );
}
