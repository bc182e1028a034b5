import { useQuery, useQueryClient } from '@tanstack/react-query';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportButton } from '../components/export-button';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import { productKeys, projectsKey, useOrganizationProjects } from '../api/products';
import { useDepartments } from '../api/queries';
import { useSession } from '../api/session';
import type { Page, Project, ProjectDetails, Site } from '../api/types';
import { FormDialog, useFormSave } from '../components/form-dialog';
import { useRequired, RequiredDateItem } from '../components/form-fields';
import { RetiredTag, useRetiredFilter } from '../components/retire-controls';
import { TableCard } from '../components/table-card';
import { useFormat } from '../i18n/format';
import { todayLocal } from './customer-contracts';
import { siteQueryKey } from './customer-sites';

interface ProjectFields {
  name: string;
  implementingDepartmentId?: string | null;
  deliveredAt: string;
  guaranteeEndsAt: string;
  sites: string[];
  notes?: string;
}

/** The customer's delivered projects: each opens its configuration record; new ones are recorded here. */
export function ProjectsCard({ organizationId, mayAdd }: { organizationId: string; mayAdd: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const projects = useOrganizationProjects(organizationId);
  const closed = useRetiredFilter<Project>((project) => project.status === 'retired', t('retire.showProjects'));
  const none = t('common.none');
  return (
    <>
      <TableCard
        title={t('customer.projects')}
        error={projects.error}
        rows={closed.visible(projects.data)}
        empty={t('projects.none')}
        extra={
          <Space size="small" wrap>
            {closed.toggle}
            {can('exports.run') ? <ExportButton kind="projects" organizationId={organizationId} /> : null}
            {mayAdd ? (
              <Button size="small" onClick={() => setAdding(true)}>
                {t('projects.add')}
              </Button>
            ) : null}
          </Space>
        }
        columns={[
          t('organizations.name'),
          t('customer.deliveredAt'),
          t('customer.guaranteeEndsAt'),
          t('organizations.sites'),
          t('customer.nextCheck'),
        ]}
        row={(project) => (
          <tr key={project.id}>
            <td>
              <Link to={`/projects/${project.id}`}>{project.name}</Link>{' '}
              {project.status === 'retired' ? <RetiredTag>{t('retire.projectTag')}</RetiredTag> : null}
            </td>
            <td>{format.date(project.deliveredAt)}</td>
            <td>
              {format.date(project.guaranteeEndsAt)}{' '}
              {project.guaranteeActive ? <Tag color="green">{t('customer.inGuarantee')}</Tag> : <Tag>{t('customer.guaranteeEnded')}</Tag>}
            </td>
            <td>{project.sites.length > 0 ? project.sites.join(', ') : none}</td>
            <td>{format.date(project.nextCheckOn)}</td>
          </tr>
        )}
      />
      {adding ? (
        <ProjectDialog
          organizationId={organizationId}
          project={null}
          onClose={() => setAdding(false)}
          onSaved={(saved) => navigate(`/projects/${saved.id}`)}
        />
      ) : null}
    </>
  );
}

/** A delivered project's configuration record: name, implementing department, delivery, guarantee, sites, notes. */
export function ProjectDialog({
  organizationId,
  project,
  onClose,
  onSaved,
}: {
  organizationId: string;
  project: Project | null;
  onClose: () => void;
  onSaved?: (saved: ProjectDetails) => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProjectFields>();
  const { busy, general, save } = useFormSave(form);
  const departments = useDepartments(can('departments.read'));
  const sites = useQuery({
    queryKey: siteQueryKey(organizationId),
    queryFn: async () => (await api.get<Page<Site>>(`/api/v1/organizations/${organizationId}/sites`)).items,
  });

  const submit = (values: ProjectFields) =>
    save(async () => {
      const body = {
        name: values.name,
        deliveredAt: values.deliveredAt,
        guaranteeEndsAt: values.guaranteeEndsAt,
        ...(can('departments.read') ? { implementingDepartmentId: values.implementingDepartmentId ?? null } : {}),
        sites: values.sites,
        notes: values.notes?.trim() || null,
      };
      const saved = project
        ? await api.patch<ProjectDetails>(`/api/v1/projects/${project.id}`, body)
        : await api.post<ProjectDetails>('/api/v1/projects', { ...body, organizationId });
      void message.success(project ? t('common.saved') : t('projects.created', { name: saved.name }));
      queryClient.setQueryData(productKeys.project(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: projectsKey(organizationId) });
      await queryClient.invalidateQueries({ queryKey: ['organization', organizationId, 'entitlement'] });
      onClose();
      onSaved?.(saved);
    });

  const required = useRequired();
  const known = (sites.data ?? []).filter((site) => !site.retired).map((site) => site.name);
  // A site named by an older record (or an import) stays choosable, so editing never drops it silently.
  const siteNames = [...new Set([...known, ...(project?.sites ?? [])])];
  return (
    <FormDialog<ProjectFields>
      form={form}
      title={project ? t('projects.editNamed', { name: project.name }) : t('projects.add')}
      okText={project ? t('common.save') : t('common.create')}
      busy={busy}
      general={general}
      onClose={onClose}
      onFinish={(values) => void submit(values)}
      initialValues={
        project
          ? {
              name: project.name,
              implementingDepartmentId: project.implementingDepartmentId,
              deliveredAt: project.deliveredAt,
              guaranteeEndsAt: project.guaranteeEndsAt,
              sites: project.sites,
              notes: project.notes ?? '',
            }
          : { sites: [], deliveredAt: todayLocal() }
      }
    >
      <Form.Item name="name" label={t('projects.name')} rules={required(t('projects.name'))}>
        <Input autoFocus maxLength={200} />
      </Form.Item>
      {can('departments.read') ? (
        <Form.Item name="implementingDepartmentId" label={t('projects.implementingDepartment')}>
          <Select allowClear options={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))} />
        </Form.Item>
      ) : null}
      <Space wrap size={12} align="start">
        <RequiredDateItem name="deliveredAt" label={t('projects.deliveredAt')} />
        <RequiredDateItem name="guaranteeEndsAt" label={t('projects.guaranteeEndsAt')} />
      </Space>
      <Form.Item name="sites" label={t('projects.sites')} extra={t('projects.sitesHelp')}>
        <Select mode="multiple" allowClear options={siteNames.map((name) => ({ value: name, label: name }))} />
      </Form.Item>
      <Form.Item name="notes" label={t('projects.notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
      </Form.Item>
    </FormDialog>
  );
}
