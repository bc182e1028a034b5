import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { fetchAllPages } from '../api/queries';
import { useSession } from '../api/session';
import type { Asset, Page, Project, Site, Vendor } from '../api/types';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { siteQueryKey } from './customer-sites';

interface ProductFields {
  vendorId: string;
  model: string;
  serialNumber: string;
  softwareVersion?: string;
  site?: string | null;
  projectId?: string | null;
}

/** "Add product" on the customer page: a delivered product with its vendor, model, serial, software and site. */
export function AddProductButton({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  if (!can('assets.manage')) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)} style={{ marginBottom: 8 }}>
        {t('productForm.add')}
      </Button>
      {open ? <ProductDialog organizationId={organizationId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ProductDialog({ organizationId, onClose }: { organizationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProductFields>();
  const { busy, general, save } = useFormSave(form);
  const vendors = useQuery({
    queryKey: ['vendors'],
    queryFn: () => fetchAllPages<Vendor>('/api/v1/vendors'),
    enabled: can('vendors.read'),
  });
  const sites = useQuery({
    queryKey: siteQueryKey(organizationId),
    queryFn: async () => (await api.get<Page<Site>>(`/api/v1/organizations/${organizationId}/sites`)).items,
  });
  const projects = useQuery({
    queryKey: ['organization', organizationId, 'projects'],
    queryFn: () => fetchAllPages<Project>('/api/v1/projects', { organizationId }),
    enabled: can('projects.read'),
  });

  const submit = (values: ProductFields) =>
    save(async () => {
      const created = await api.post<Asset>('/api/v1/assets', {
        organizationId,
        projectId: values.projectId ?? null,
        vendorId: values.vendorId,
        model: values.model,
        serialNumber: values.serialNumber,
        softwareVersion: values.softwareVersion?.trim() || null,
        site: values.site ?? null,
      });
      void message.success(t('productForm.created', { serial: created.serialNumber }));
      await queryClient.invalidateQueries({ queryKey: ['organization', organizationId, 'assets'] });
      await queryClient.invalidateQueries({ queryKey: ['organization', organizationId, 'entitlement'] });
      onClose();
    });

  const required = (field: string) => [{ required: true, whitespace: true, message: t('form.required', { field }) }];
  return (
    <FormDialog<ProductFields>
      form={form}
      title={t('productForm.add')}
      okText={t('common.create')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={{}}
    >
      <Form.Item
        name="vendorId"
        label={t('products.vendor')}
        rules={[{ required: true, message: t('form.required', { field: t('products.vendor') }) }]}
      >
        <Select
          showSearch
          optionFilterProp="label"
          options={(vendors.data ?? []).map((vendor) => ({ value: vendor.id, label: vendor.name }))}
        />
      </Form.Item>
      <Form.Item name="model" label={t('products.model')} rules={required(t('products.model'))}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="serialNumber" label={t('products.serial')} rules={required(t('products.serial'))}>
        <Input />
      </Form.Item>
      <Form.Item name="softwareVersion" label={t('products.software')}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="site" label={t('products.site')}>
        <Select allowClear options={(sites.data ?? []).map((site) => ({ value: site.name, label: site.name }))} />
      </Form.Item>
      {can('projects.read') ? (
        <Form.Item name="projectId" label={t('customer.project')}>
          <Select allowClear options={(projects.data ?? []).map((project) => ({ value: project.id, label: project.name }))} />
        </Form.Item>
      ) : null}
    </FormDialog>
  );
}
