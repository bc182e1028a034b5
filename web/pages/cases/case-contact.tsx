import { useQuery } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casePagePaths } from '../../api/case-page-paths';
import { api } from '../../api/client';
import type { CaseDetail, Contact, Page } from '../../api/types';
import { FormDialog, useFormSave } from '../../components/form-dialog';
import { RetiredTag } from '../../components/retire-toggle';
import { useRefreshCase } from '../../api/cases';

interface ContactForm {
  contactId: string | null;
}

/** The contacts of the case's customer, shared with the customer page's list. */
function useCustomerContacts(organizationId: string) {
  return useQuery({
    queryKey: ['organization', organizationId, 'contacts'],
    queryFn: async () => (await api.get<Page<Contact>>(casePagePaths.contacts(organizationId))).items,
  });
}

/**
 * Who called, and how to reach them: the case's contact with phone and e-mail one tap away. Staff who may edit the
 * case change the contact here — the mails about the case go to whoever is named.
 */
export function CaseContact({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const contacts = useCustomerContacts(detail.organizationId);
  const [changing, setChanging] = useState(false);
  const contact = contacts.data?.find((candidate) => candidate.id === detail.contactId);
  return (
    <Space wrap size={4} data-testid="case-contact">
      {detail.contactId === null ? (
        <span>{t('common.none')}</span>
      ) : contact ? (
        <>
          <span>{contact.name}</span>
          <RetiredTag retired={contact.retired} />
          {contact.phone ? <a href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</a> : null}
          {contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : null}
        </>
      ) : (
        <span>…</span>
      )}
      {detail.can.update ? (
        <Button size="small" type="link" onClick={() => setChanging(true)} aria-label={t('caseContact.change')}>
          {t('caseContact.changeShort')}
        </Button>
      ) : null}
      {changing ? <ChangeContactDialog detail={detail} contacts={contacts.data ?? []} onClose={() => setChanging(false)} /> : null}
    </Space>
  );
}

function ChangeContactDialog({ detail, contacts, onClose }: { detail: CaseDetail; contacts: Contact[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ContactForm>();
  const { busy, general, save } = useFormSave(form);
  const refresh = useRefreshCase();
  const finish = (values: ContactForm) =>
    save(async () => {
      await api.patch(`/api/v1/cases/${detail.id}`, { contactId: values.contactId ?? null });
      await refresh(detail.id);
      onClose();
    });
  return (
    <FormDialog
      form={form}
      title={t('caseContact.change')}
      okText={t('common.save')}
      busy={busy}
      general={general}
      initialValues={{ contactId: detail.contactId }}
      onFinish={finish}
      onClose={onClose}
    >
      <Form.Item name="contactId" label={t('case.contact')} extra={t('caseContact.help')}>
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('common.none')}
          options={contacts
            // A retired contact stays on the case that names them, but is not newly chosen.
            .filter((contact) => !contact.retired || contact.id === detail.contactId)
            .map((contact) => ({
              value: contact.id,
              label: [contact.name, contact.phone, contact.email].filter(Boolean).join(' · '),
            }))}
        />
      </Form.Item>
    </FormDialog>
  );
}
