import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useSession } from '../api/session';
import type { Page, Site } from '../api/types';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { ListExportButton } from '../components/list-export-button';
import { ProblemAlert } from '../components/problem';
import { RetiredTag, RetireToggle } from '../components/retire-toggle';
import { useRequired } from '../components/form-fields';

interface SiteFields {
  name: string;
  address?: string;
  accessNotes?: string;
  hours?: string;
}

export const siteQueryKey = (organizationId: string) => ['organization', organizationId, 'sites'] as const;

/** The customer's sites: where each is, how an engineer gets in, when it is open; kept by those who keep customers. */
export function SitesCard({ organizationId, mayAdd }: { organizationId: string; mayAdd: boolean }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [editing, setEditing] = useState<Site | 'new' | null>(null);
  const sites = useQuery({
    queryKey: siteQueryKey(organizationId),
    queryFn: async () => (await api.get<Page<Site>>(`/api/v1/organizations/${organizationId}/sites`)).items,
  });
  const manage = can('organizations.manage');
  return (
    <Card
      title={t('sites.title')}
      size="small"
      className="cd-card"
      extra={
        <Space size="small" wrap>
          {mayAdd ? (
            <Button size="small" onClick={() => setEditing('new')}>
              {t('sites.add')}
            </Button>
          ) : null}
          <ListExportButton
            list="sites"
            size="small"
            path={`/api/v1/organizations/${encodeURIComponent(organizationId)}/sites`}
            fileName="casedesk-sites.csv"
          />
        </Space>
      }
    >
      <ProblemAlert error={sites.error} />
      {sites.data?.length === 0 ? <p className="cd-muted">{t('sites.none')}</p> : null}
      <ul className="cd-site-list">
        {(sites.data ?? []).map((site) => (
          <li key={site.id} className="cd-site">
            <div className="cd-site-head">
              <span>
                <strong>{site.name}</strong> <RetiredTag retired={site.retired} />
              </span>
              {manage ? (
                <Space size="small" wrap>
                  <Button size="small" onClick={() => setEditing(site)} aria-label={t('sites.editNamed', { name: site.name })}>
                    {t('common.edit')}
                  </Button>
                  <RetireToggle
                    path={`/api/v1/organizations/${organizationId}/sites/${site.id}`}
                    name={site.name}
                    retired={site.retired}
                    what="site"
                    invalidate={[siteQueryKey(organizationId)]}
                  />
                </Space>
              ) : null}
            </div>
            <dl className="cd-site-facts">
              <dt>{t('sites.address')}</dt>
              <dd>{site.address ?? t('common.none')}</dd>
              <dt>{t('sites.hours')}</dt>
              <dd>{site.hours ?? t('common.none')}</dd>
              <dt>{t('sites.accessNotes')}</dt>
              <dd>{site.accessNotes ?? t('common.none')}</dd>
            </dl>
          </li>
        ))}
      </ul>
      {editing ? (
        <SiteDialog organizationId={organizationId} site={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  );
}

function SiteDialog({ organizationId, site, onClose }: { organizationId: string; site: Site | null; onClose: () => void }) {
  const { t } = useTranslation();
  const required = useRequired();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SiteFields>();
  const { busy, general, save } = useFormSave(form);

  const submit = (values: SiteFields) =>
    save(async () => {
      const body = {
        name: values.name,
        address: values.address?.trim() || null,
        accessNotes: values.accessNotes?.trim() || null,
        hours: values.hours?.trim() || null,
      };
      const saved = site
        ? await api.patch<Site>(`/api/v1/organizations/${organizationId}/sites/${site.id}`, body)
        : await api.post<Site>(`/api/v1/organizations/${organizationId}/sites`, body);
      void message.success(site ? t('common.saved') : t('sites.created', { name: saved.name }));
      await queryClient.invalidateQueries({ queryKey: siteQueryKey(organizationId) });
      onClose();
    });

  return (
    <FormDialog<SiteFields>
      form={form}
      title={site ? t('sites.edit') : t('sites.add')}
      okText={site ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={
        site ? { name: site.name, address: site.address ?? '', accessNotes: site.accessNotes ?? '', hours: site.hours ?? '' } : {}
      }
    >
      <Form.Item name="name" label={t('sites.name')} rules={required(t('sites.name'))}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item name="address" label={t('sites.address')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
      </Form.Item>
      <Form.Item name="hours" label={t('sites.hours')} extra={t('sites.hoursHelp')}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="accessNotes" label={t('sites.accessNotes')} extra={t('sites.accessNotesHelp')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
    </FormDialog>
  );
}
