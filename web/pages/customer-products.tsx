import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { productKeys, useAllVendors, useOrganizationProjects } from '../api/products';
import { useSession } from '../api/session';
import type { Asset, Page, Project, Site } from '../api/types';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { useRequired } from '../components/form-fields';
import { siteQueryKey } from './customer-sites';

interface ProductFields {
  vendorId: string;
  model: string;
  serialNumber: string;
  softwareVersion?: string;
  site?: string | null;
  projectId?: string | null;
  notes?: string;
}

/** "Add product" in the head of a card of products: the customer's, or a project's (into that project). */
export function AddProductButton({ organizationId, project }: { organizationId: string; project?: Project }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  // A new product has no record to carry a `can` yet: adding one follows the session's permission (and the callers
  // offer it only where the customer, or project, takes new products). Existing products carry `asset.can`.
  if (!can('assets.manage')) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('productForm.add')}
      </Button>
      {open ? <ProductDialog organizationId={organizationId} project={project} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** After a product changed: every list and page that shows it reads it again. */
export async function refreshProduct(
  queryClient: ReturnType<typeof useQueryClient>,
  organizationId: string,
  asset: Pick<Asset, 'id' | 'projectId'>,
) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['organization', organizationId, 'assets'] }),
    queryClient.invalidateQueries({ queryKey: ['organization', organizationId, 'entitlement'] }),
    queryClient.invalidateQueries({ queryKey: productKeys.history(asset.id) }),
    queryClient.invalidateQueries({ queryKey: ['product', 'entitlement'] }),
    queryClient.invalidateQueries({ queryKey: ['project'] }),
  ]);
}

/**
 * A product's configuration record: vendor, model, serial, software, site and project. New, or edited (its site is
 * changed by a move, which the product's history keeps).
 */
export function ProductDialog({
  organizationId,
  project,
  asset,
  onClose,
}: {
  organizationId: string;
  project?: Project | undefined;
  asset?: Asset | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProductFields>();
  const { busy, general, save } = useFormSave(form);
  const vendors = useAllVendors(can('vendors.read'));
  const sites = useQuery({
    queryKey: siteQueryKey(organizationId),
    queryFn: async () => (await api.get<Page<Site>>(`/api/v1/organizations/${organizationId}/sites`)).items,
  });
  const projects = useOrganizationProjects(organizationId, can('projects.read'));

  const submit = (values: ProductFields) =>
    save(async () => {
      const record = {
        projectId: values.projectId ?? null,
        vendorId: values.vendorId,
        model: values.model,
        serialNumber: values.serialNumber,
        softwareVersion: values.softwareVersion?.trim() || null,
        notes: values.notes?.trim() || null,
      };
      const saved = asset
        ? await api.patch<Asset>(`/api/v1/assets/${asset.id}`, record)
        : await api.post<Asset>('/api/v1/assets', { ...record, organizationId, site: values.site ?? null });
      void message.success(asset ? t('common.saved') : t('productForm.created', { serial: saved.serialNumber }));
      await refreshProduct(queryClient, organizationId, saved);
      onClose();
    });

  const required = useRequired();
  const title = asset
    ? t('productForm.edit', { serial: asset.serialNumber })
    : project
      ? t('productForm.addToProject', { project: project.name })
      : t('productForm.add');
  const initialValues: Partial<ProductFields> = asset
    ? {
        vendorId: asset.vendorId,
        model: asset.model,
        serialNumber: asset.serialNumber,
        softwareVersion: asset.softwareVersion ?? '',
        projectId: asset.projectId,
        notes: asset.notes ?? '',
      }
    : { projectId: project?.id ?? null };
  return (
    <FormDialog<ProductFields>
      form={form}
      title={title}
      okText={asset ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={initialValues}
    >
      <Form.Item name="vendorId" label={t('products.vendor')} rules={required(t('products.vendor'), { text: false })}>
        <Select
          showSearch
          optionFilterProp="label"
          // A retired vendor is not offered for a product; one the product names already stays.
          options={(vendors.data ?? [])
            .filter((vendor) => vendor.status === 'active' || vendor.id === asset?.vendorId)
            .map((vendor) => ({ value: vendor.id, label: vendor.name }))}
        />
      </Form.Item>
      <Form.Item name="model" label={t('products.model')} rules={required(t('products.model'))}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="serialNumber" label={t('products.serial')} rules={required(t('products.serial'))}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="softwareVersion" label={t('products.software')}>
        <Input maxLength={100} />
      </Form.Item>
      {asset ? null : (
        <Form.Item name="site" label={t('products.site')}>
          <Select
            allowClear
            options={(sites.data ?? []).filter((site) => !site.retired).map((site) => ({ value: site.name, label: site.name }))}
          />
        </Form.Item>
      )}
      {can('projects.read') ? (
        <Form.Item name="projectId" label={t('customer.project')}>
          <Select
            allowClear
            // A closed project takes no new products; the one the product is in already stays.
            options={(projects.data ?? [])
              .filter((item) => item.status === 'active' || item.id === asset?.projectId)
              .map((item) => ({ value: item.id, label: item.name }))}
          />
        </Form.Item>
      ) : null}
      {asset ? (
        <Form.Item name="notes" label={t('organizations.notes')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={5000} />
        </Form.Item>
      ) : null}
    </FormDialog>
  );
}
