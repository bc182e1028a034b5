import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Contact, Organization } from '../api/types';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { useRequired } from '../components/form-fields';
import { WEB_LANGUAGES } from '../i18n';

interface OrganizationFields {
  name: string;
  code?: string;
  country?: string;
  notes?: string;
}

/** "CN" → "China" in the page's language; the code itself when the browser does not know it. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Creates a customer organisation or edits one: name, code, notes and the country its phone numbers are read in.
 * The server checks the country; a code it does not know comes back as a problem shown next to the field.
 */
export function OrganizationDialog({
  organization,
  onClose,
  onSaved,
}: {
  organization: Organization | null;
  onClose: () => void;
  onSaved?: (saved: Organization) => void;
}) {
  const { t, i18n } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrganizationFields>();
  const { busy, general, save } = useFormSave(form);
  const country = (Form.useWatch('country', form) ?? '').trim().toUpperCase();

  const submit = (values: OrganizationFields) =>
    save(async () => {
      const body = {
        name: values.name,
        code: values.code?.trim() || null,
        notes: values.notes?.trim() || null,
        // Left empty on a new customer, the server's default country (CASEDESK_DEFAULT_COUNTRY) applies.
        ...(values.country?.trim() || organization ? { country: (values.country ?? '').trim().toUpperCase() } : {}),
      };
      const saved = organization
        ? await api.patch<Organization>(`/api/v1/organizations/${organization.id}`, body)
        : await api.post<Organization>('/api/v1/organizations', body);
      void message.success(organization ? t('common.saved') : t('organizations.created', { name: saved.name }));
      await queryClient.invalidateQueries({ queryKey: ['organizations'] });
      await queryClient.invalidateQueries({ queryKey: ['organization', saved.id] });
      onSaved?.(saved);
      onClose();
    });

  return (
    <FormDialog<OrganizationFields>
      form={form}
      title={organization ? t('organizations.edit') : t('organizations.add')}
      okText={organization ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
      initialValues={
        organization
          ? { name: organization.name, code: organization.code ?? '', country: organization.country, notes: organization.notes ?? '' }
          : { country: '' }
      }
    >
      <Form.Item name="name" label={t('organizations.name')} rules={required(t('organizations.name'))}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="code" label={t('organizations.code')}>
        <Input />
      </Form.Item>
      <Form.Item
        name="country"
        label={t('organizations.country')}
        extra={
          /^[A-Z]{2}$/.test(country)
            ? `${countryName(country, i18n.language)} — ${t('organizations.countryHelp')}`
            : organization
              ? t('organizations.countryHelp')
              : t('organizations.countryDefault')
        }
      >
        <Input maxLength={2} style={{ width: 90, textTransform: 'uppercase' }} placeholder="CN" />
      </Form.Item>
      <Form.Item name="notes" label={t('organizations.notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </FormDialog>
  );
}

interface ContactFields {
  name: string;
  roleAtCustomer?: string;
  phone?: string;
  secondPhone?: string;
  email?: string;
  language: string;
}

/**
 * Adds a contact to an organisation, or edits one (`contact`), prefilled; a phone the server cannot read in the
 * organisation's country, or an e-mail address another contact of the customer has, is shown at the field.
 */
export function ContactDialog({
  organization,
  contact = null,
  onClose,
}: {
  organization: Organization;
  contact?: Contact | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ContactFields>();
  const { busy, general, save } = useFormSave(form);

  const submit = (values: ContactFields) =>
    save(async () => {
      const phone = values.phone?.trim() || null;
      const secondPhone = values.secondPhone?.trim() || null;
      const body = {
        name: values.name,
        roleAtCustomer: values.roleAtCustomer?.trim() || null,
        // An untouched number is not sent again: one kept as typed long ago may not be readable, and need not be.
        ...(contact && phone === contact.phone ? {} : { phone }),
        ...(contact && secondPhone === contact.secondPhone ? {} : { secondPhone }),
        email: values.email?.trim() || null,
        language: values.language,
      };
      const path = `/api/v1/organizations/${organization.id}/contacts`;
      const saved = contact ? await api.patch<Contact>(`${path}/${contact.id}`, body) : await api.post<Contact>(path, body);
      void message.success(contact ? t('common.saved') : t('organizations.contactAdded', { name: saved.name }));
      await queryClient.invalidateQueries({ queryKey: ['organization', organization.id, 'contacts'] });
      onClose();
    });

  return (
    <FormDialog<ContactFields>
      form={form}
      title={contact ? t('organizations.editContact') : t('organizations.addContact')}
      okText={contact ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      onFinish={(values) => void submit(values)}
      onClose={onClose}
      initialValues={
        contact
          ? {
              name: contact.name,
              roleAtCustomer: contact.roleAtCustomer ?? '',
              // The number as it is shown (international format): the server reads it back to the same number.
              phone: contact.phone ?? '',
              secondPhone: contact.secondPhone ?? '',
              email: contact.email ?? '',
              language: contact.language,
            }
          : { language: i18n.language === 'zh-CN' ? 'zh-CN' : 'en' }
      }
    >
      <Form.Item name="name" label={t('organizations.contactName')} rules={required(t('organizations.contactName'))}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="roleAtCustomer" label={t('organizations.roleAtCustomer')} extra={t('organizations.roleAtCustomerHelp')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('organizations.phone')}
        extra={t('organizations.phoneHelp', { country: countryName(organization.country, i18n.language) })}
      >
        <Input type="tel" />
      </Form.Item>
      <Form.Item name="secondPhone" label={t('organizations.secondPhone')}>
        <Input type="tel" />
      </Form.Item>
      <Form.Item
        name="email"
        label={t('organizations.email')}
        extra={t('organizations.emailHelp')}
        rules={[{ type: 'email', message: t('form.invalidEmail') }]}
      >
        <Input type="email" />
      </Form.Item>
      <Form.Item name="language" label={t('organizations.language')}>
        <Select options={WEB_LANGUAGES.map((value) => ({ value, label: t(`language.${value}`) }))} />
      </Form.Item>
    </FormDialog>
  );
}
