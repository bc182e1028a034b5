import { useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client';
import { useAllVendors } from '../api/products';
import { useSession } from '../api/session';
import type { Vendor } from '../api/types';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { useRequired } from '../components/form-fields';
import { ListExportButton } from '../components/list-export-button';
import { ConfirmedAction, RetiredTag, useRetiredFilter } from '../components/retire-controls';
import { TableCard } from '../components/table-card';
import { WebLink } from '../components/web-link';

interface VendorFields {
  name: string;
  centerName: string;
  phone?: string;
  email?: string;
  url?: string;
  contractNumber?: string;
}

/** Where the API names a support-center field, the form has it under its own name. */
const SUPPORT_CENTER_FIELDS = {
  'supportCenter.name': 'centerName',
  'supportCenter.phone': 'phone',
  'supportCenter.email': 'email',
  'supportCenter.url': 'url',
  'supportCenter.contractNumber': 'contractNumber',
};

/** The makers of the delivered products and how their support is reached: listed for staff, kept by admins and managers. */
export function VendorsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [editing, setEditing] = useState<Vendor | 'new' | null>(null);
  const queryClient = useQueryClient();
  const vendors = useAllVendors(true);
  const retired = useRetiredFilter<Vendor>((vendor) => vendor.status === 'retired', t('retire.showVendors'));
  // Adding a vendor has no record to ask yet, so it follows the session's permission; each vendor then says what
  // the caller may do with it (`vendor.can`), and the actions column is there when any vendor offers something.
  const mayAdd = can('vendors.manage');
  const manage = (vendors.data ?? []).some((vendor) => vendor.can.edit || vendor.can.retire || vendor.can.reactivate);
  const setRetired = async (vendor: Vendor, retire: boolean) => {
    await api.post<Vendor>(`/api/v1/vendors/${vendor.id}/${retire ? 'retire' : 'reactivate'}`);
    await queryClient.invalidateQueries({ queryKey: ['vendors'] });
  };
  const none = t('common.none');
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('vendors.title')}
      </Typography.Title>
      <p className="cd-muted">{t('vendors.intro')}</p>
      {mayAdd ? (
        <Button type="primary" onClick={() => setEditing('new')} style={{ marginBottom: 12 }}>
          {t('vendors.add')}
        </Button>
      ) : null}
      {editing ? <VendorDialog vendor={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <TableCard
        title={t('vendors.list')}
        extra={
          <Space size="middle" wrap>
            {retired.toggle}
            <ListExportButton
              list="vendors"
              size="small"
              path={withQuery('/api/v1/vendors', { includeRetired: retired.showing ? 'true' : undefined })}
              fileName="casedesk-vendors.csv"
            />
          </Space>
        }
        error={vendors.error}
        rows={retired.visible(vendors.data)}
        empty={t('vendors.none')}
        columns={[
          t('vendors.name'),
          t('vendors.centerName'),
          t('vendors.phone'),
          t('vendors.email'),
          t('vendors.url'),
          t('vendors.contractNumber'),
          ...(manage ? [t('common.actions')] : []),
        ]}
        row={(vendor) => (
          <tr key={vendor.id}>
            <td>
              {vendor.name} {vendor.status === 'retired' ? <RetiredTag>{t('retire.vendorTag')}</RetiredTag> : null}
            </td>
            <td>{vendor.supportCenter.name ?? none}</td>
            <td>{vendor.supportCenter.phone ?? none}</td>
            <td>{vendor.supportCenter.email ?? none}</td>
            <td>
              <WebLink url={vendor.supportCenter.url}>{vendor.supportCenter.url ?? none}</WebLink>
            </td>
            <td>{vendor.supportCenter.contractNumber ?? none}</td>
            {manage ? (
              <td>
                <Space size={4} wrap>
                  {vendor.can.edit ? (
                    <Button size="small" onClick={() => setEditing(vendor)} aria-label={t('vendors.editNamed', { name: vendor.name })}>
                      {t('common.edit')}
                    </Button>
                  ) : null}
                  {vendor.can.retire ? (
                    <ConfirmedAction
                      danger
                      label={t('retire.retireVendor')}
                      ariaLabel={t('retire.retireVendorNamed', { name: vendor.name })}
                      question={t('retire.retireVendorQuestion', { name: vendor.name })}
                      description={t('retire.retireVendorHelp')}
                      done={t('retire.vendorRetired', { name: vendor.name })}
                      onConfirm={() => setRetired(vendor, true)}
                    />
                  ) : null}
                  {vendor.can.reactivate ? (
                    <ConfirmedAction
                      label={t('retire.reactivate')}
                      ariaLabel={t('retire.reactivateVendorNamed', { name: vendor.name })}
                      question={t('retire.reactivateVendorQuestion', { name: vendor.name })}
                      done={t('retire.vendorReactivated', { name: vendor.name })}
                      onConfirm={() => setRetired(vendor, false)}
                    />
                  ) : null}
                </Space>
              </td>
            ) : null}
          </tr>
        )}
      />
    </>
  );
}

/** Creates a vendor with its support center or edits one; the server's word on a field (a phone it cannot read) is shown there. */
function VendorDialog({ vendor, onClose }: { vendor: Vendor | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<VendorFields>();
  const { busy, general, save } = useFormSave(form, SUPPORT_CENTER_FIELDS);

  const submit = (values: VendorFields) =>
    save(async () => {
      const body = {
        name: values.name,
        supportCenter: {
          name: values.centerName,
          phone: values.phone?.trim() || null,
          email: values.email?.trim() || null,
          url: values.url?.trim() || null,
          contractNumber: values.contractNumber?.trim() || null,
        },
      };
      const saved = vendor
        ? await api.patch<Vendor>(`/api/v1/vendors/${vendor.id}`, body)
        : await api.post<Vendor>('/api/v1/vendors', body);
      void message.success(vendor ? t('common.saved') : t('vendors.created', { name: saved.name }));
      await queryClient.invalidateQueries({ queryKey: ['vendors'] });
      onClose();
    });

  const required = useRequired();
  return (
    <FormDialog<VendorFields>
      form={form}
      title={vendor ? t('vendors.edit') : t('vendors.add')}
      okText={vendor ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={
        vendor
          ? {
              name: vendor.name,
              centerName: vendor.supportCenter.name ?? '',
              phone: vendor.supportCenter.phone ?? '',
              email: vendor.supportCenter.email ?? '',
              url: vendor.supportCenter.url ?? '',
              contractNumber: vendor.supportCenter.contractNumber ?? '',
            }
          : {}
      }
    >
      <Form.Item name="name" label={t('vendors.name')} rules={required(t('vendors.name'))}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="centerName" label={t('vendors.centerName')} rules={required(t('vendors.centerName'))}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('vendors.phone')} extra={t('vendors.phoneHelp')}>
        <Input type="tel" />
      </Form.Item>
      <Form.Item name="email" label={t('vendors.email')} rules={[{ type: 'email', message: t('form.invalidEmail') }]}>
        <Input type="email" />
      </Form.Item>
      <Form.Item name="url" label={t('vendors.url')} extra={t('vendors.urlHelp')}>
        <Input type="url" placeholder="https://" />
      </Form.Item>
      <Form.Item name="contractNumber" label={t('vendors.contractNumber')}>
        <Input maxLength={100} />
      </Form.Item>
    </FormDialog>
  );
}

export default VendorsPage;
