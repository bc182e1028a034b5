import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Radio from 'antd/es/radio';
import Segmented from 'antd/es/segmented';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { fetchAllPages } from '../api/queries';
import type { Contact, InboundMail, InboundMailDetail, Page } from '../api/types';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { useRequired } from '../components/form-fields';
import { OrganizationSelect } from '../components/organization-select';
import { TableCard } from '../components/table-card';
import { useFormat } from '../i18n/format';

interface AssignFields {
  organizationId: string;
  who: 'existing' | 'new';
  contactId?: string;
  name?: string;
  email?: string;
}

/**
 * The mail staff look at: waiting for a decision, taken in but ignored, refused (not taken in), and discarded by staff
 * (to look back at what was thrown away, and by whom it is in the audit log).
 */
const FILTERS = ['unmatched', 'ignored', 'refused', 'discarded'] as const;
type Filter = (typeof FILTERS)[number];

/**
 * Mail that matched no contact or case: staff read it and make it a case of the right customer, or discard it. The
 * filter shows the mail that was ignored (auto-replies, a customer over the hourly limit) and the mail that was refused
 * (too large, unreadable, failing), each with its reason, so a wrongly ignored mail can still become a case.
 */
export function UnmatchedMailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('status');
  const filter: Filter = (FILTERS as readonly string[]).includes(requested ?? '') ? (requested as Filter) : 'unmatched';
  const [open, setOpen] = useState<InboundMail | null>(null);
  const [assigning, setAssigning] = useState<InboundMail | null>(null);
  const [assignedCase, setAssignedCase] = useState<string | null>(null);
  const mail = useQuery({
    queryKey: ['inbound-mail', filter],
    queryFn: () => fetchAllPages<InboundMail>('/api/v1/inbound-mail', { status: filter }),
  });
  const reasonOf = (item: InboundMail) => {
    if (!item.reason) return '';
    const reason = t(`inboundMail.reasons.${item.reason}`, { defaultValue: item.reason });
    if (item.reason !== 'too-large' || item.sizeBytes === null) return reason;
    const size =
      item.sizeBytes >= 1024 * 1024
        ? t('files.sizeMb', { size: Math.round((item.sizeBytes / 1024 / 1024) * 10) / 10 })
        : t('files.sizeKb', { size: Math.max(1, Math.round(item.sizeBytes / 1024)) });
    return `${reason} (${size})`;
  };
  const discard = async (item: InboundMail) => {
    await api.post(`/api/v1/inbound-mail/${item.id}/discard`);
    void message.success(t('inboundMail.discarded'));
    await queryClient.invalidateQueries({ queryKey: ['inbound-mail'] });
  };
  const actions = (item: InboundMail) => (
    <Space wrap>
      {item.can.assign ? (
        <Button size="small" type="primary" onClick={() => setAssigning(item)}>
          {t('inboundMail.assign')}
        </Button>
      ) : null}
      {item.can.discard ? (
        <Button size="small" danger onClick={() => void discard(item)}>
          {t('inboundMail.discard')}
        </Button>
      ) : null}
    </Space>
  );
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('inboundMail.title')}
      </Typography.Title>
      <p className="cd-muted">{t('inboundMail.intro')}</p>
      <div className="cd-toolbar">
        <Segmented
          className="cd-segmented"
          value={filter}
          onChange={(value) => {
            setOpen(null);
            setSearchParams(value === 'unmatched' ? {} : { status: String(value) }, { replace: true });
          }}
          options={FILTERS.map((value) => ({ value, label: t(`inboundMail.filters.${value}`) }))}
        />
      </div>
      <p className="cd-muted">{t(`inboundMail.filterIntro.${filter}`)}</p>
      {assignedCase ? (
        <p>
          <Link to={`/cases/${assignedCase}`}>{t('inboundMail.openCase')}</Link>
        </p>
      ) : null}
      {assigning ? (
        <AssignDialog
          mail={assigning}
          onClose={() => setAssigning(null)}
          onAssigned={(caseId) => {
            setAssignedCase(caseId);
            setOpen(null);
          }}
        />
      ) : null}
      <TableCard
        title={t(`inboundMail.lists.${filter}`)}
        error={mail.error}
        rows={mail.data}
        empty={t(`inboundMail.empty.${filter}`)}
        columns={[
          t('inboundMail.receivedAt'),
          t('inboundMail.from'),
          t('inboundMail.subject'),
          t('inboundMail.reason'),
          t('common.actions'),
        ]}
        row={(item) => (
          <tr key={item.id}>
            <td>{format.dateTime(item.receivedAt)}</td>
            <td>
              {item.fromName ? `${item.fromName} ` : ''}
              <span className="cd-muted">{item.from}</span>
            </td>
            <td>
              <Button
                type="link"
                style={{ padding: 0, whiteSpace: 'normal', textAlign: 'left' }}
                onClick={() => setOpen(open?.id === item.id ? null : item)}
              >
                {item.subject || t('inboundMail.noSubject')}
              </Button>
              {open?.id === item.id ? <MailBody mail={item} actions={actions(item)} /> : null}
            </td>
            <td>{reasonOf(item)}</td>
            {/* An open mail has its actions under its text. */}
            <td>{open?.id === item.id ? null : actions(item)}</td>
          </tr>
        )}
      />
    </>
  );
}

/**
 * The mail's text (made from the sanitised HTML when it had only HTML), on request the original as it came, and the
 * actions again below it, so a phone reaches them without scrolling the table sideways.
 */
function MailBody({ mail, actions }: { mail: InboundMail; actions: ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [showRaw, setShowRaw] = useState(false);
  const detail = useQuery({
    queryKey: ['inbound-mail', mail.id],
    queryFn: () => api.get<InboundMailDetail>(`/api/v1/inbound-mail/${mail.id}`),
    enabled: showRaw,
  });
  return (
    <div className="cd-mail-body">
      {mail.status === 'refused' && mail.reason !== 'failed' ? <p className="cd-muted">{t('inboundMail.headersOnly')}</p> : null}
      <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: '8px 0' }}>{mail.text}</div>
      <Button size="small" onClick={() => setShowRaw(!showRaw)}>
        {showRaw ? t('inboundMail.hideOriginal') : t('inboundMail.showOriginal')}
      </Button>
      <div style={{ marginTop: 8 }}>{actions}</div>
      {showRaw && detail.data?.erasedAt ? (
        <p className="cd-muted">{t('originalMail.erased', { time: format.dateTime(detail.data.erasedAt) })}</p>
      ) : null}
      {showRaw && detail.data ? (
        <pre style={{ maxHeight: 240, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {detail.data.raw}
        </pre>
      ) : null}
    </div>
  );
}

function AssignDialog({ mail, onClose, onAssigned }: { mail: InboundMail; onClose: () => void; onAssigned: (caseId: string) => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AssignFields>();
  const { busy, general, save } = useFormSave(form, { 'newContact.name': 'name', 'newContact.email': 'email' });
  const organizationId = Form.useWatch('organizationId', form);
  const who = Form.useWatch('who', form) ?? 'existing';
  const contacts = useQuery({
    queryKey: ['organization-contacts', organizationId],
    queryFn: async () => (await api.get<Page<Contact>>(`/api/v1/organizations/${organizationId}/contacts`)).items,
    enabled: Boolean(organizationId),
  });

  const submit = (values: AssignFields) =>
    save(async () => {
      const body =
        values.who === 'new'
          ? { organizationId: values.organizationId, newContact: { name: values.name ?? '', email: values.email?.trim() || null } }
          : { organizationId: values.organizationId, contactId: values.contactId };
      const assigned = await api.post<InboundMail>(`/api/v1/inbound-mail/${mail.id}/assign`, body);
      void message.success(t('inboundMail.assigned'));
      await queryClient.invalidateQueries({ queryKey: ['inbound-mail'] });
      onClose();
      if (assigned.caseId) onAssigned(assigned.caseId);
    });

  return (
    <FormDialog<AssignFields>
      form={form}
      title={t('inboundMail.assignTitle', { subject: mail.subject || t('inboundMail.noSubject') })}
      okText={t('inboundMail.assign')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={{ who: 'existing', name: mail.fromName ?? '', email: mail.from }}
    >
      <Form.Item
        name="organizationId"
        label={t('inboundMail.organization')}
        rules={required(t('inboundMail.organization'), { text: false })}
      >
        <OrganizationSelect id="organizationId" />
      </Form.Item>
      <Form.Item name="who" label={t('inboundMail.contact')}>
        <Radio.Group
          options={[
            { value: 'existing', label: t('inboundMail.existingContact') },
            { value: 'new', label: t('inboundMail.newContact') },
          ]}
        />
      </Form.Item>
      {who === 'existing' ? (
        <Form.Item name="contactId" label={t('inboundMail.contact')} rules={required(t('inboundMail.contact'), { text: false })}>
          <Select
            disabled={!organizationId}
            loading={contacts.isFetching}
            options={(contacts.data ?? []).map((contact) => ({
              value: contact.id,
              label: contact.email ? `${contact.name} <${contact.email}>` : contact.name,
            }))}
          />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="name" label={t('inboundMail.contactName')} rules={required(t('inboundMail.contactName'))}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('inboundMail.contactEmail')} rules={[{ type: 'email', message: t('form.invalidEmail') }]}>
            <Input type="email" />
          </Form.Item>
        </>
      )}
    </FormDialog>
  );
}

export default UnmatchedMailPage;
