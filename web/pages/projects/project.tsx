import { useQueryClient } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import App from 'antd/es/app';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import Upload from 'antd/es/upload';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, ApiProblem } from '../../api/client';
import { productKeys, projectsKey, useProject } from '../../api/products';
import { nameOf, useDepartments, useOrganization } from '../../api/queries';
import { useSession } from '../../api/session';
import type { Attachment, ProjectDetails } from '../../api/types';
import { PageLoading } from '../../components/page-loading';
import { useAction } from '../../components/form-dialog';
import { ProblemAlert } from '../../components/problem';
import { ConfirmedAction, RetiredTag } from '../../components/retire-controls';
import { useFormat } from '../../i18n/format';
import { AddProductButton } from '../customer-products';
import { ProjectDialog } from '../customer-projects';
import { ProductsTableCard } from '../../components/products-table-card';

/** One delivered project at /projects/{id}: its configuration record, its configuration items and its files. */
export default function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const project = useProject(id, true);
  if (project.isPending) return <PageLoading />;
  if (project.error instanceof ApiProblem && (project.error.status === 404 || project.error.status === 403)) {
    return (
      <Alert type="warning" showIcon role="alert" title={t('projects.notFound', { id })} action={<Link to="/">{t('app.backHome')}</Link>} />
    );
  }
  if (!project.data) return <ProblemAlert error={project.error} />;
  return <ProjectView project={project.data} />;
}

function ProjectView({ project }: { project: ProjectDetails }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  const organization = useOrganization(project.organizationId);
  const departments = useDepartments(can('departments.read'));
  const none = t('common.none');
  return (
    <>
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} className="cd-page-title" style={{ marginBottom: 0 }}>
          {project.name}
        </Typography.Title>
        {project.guaranteeActive ? <Tag color="green">{t('customer.inGuarantee')}</Tag> : <Tag>{t('customer.guaranteeEnded')}</Tag>}
        {project.status === 'retired' ? <RetiredTag>{t('retire.projectTag')}</RetiredTag> : null}
      </Space>
      <Card
        title={t('projects.record')}
        size="small"
        className="cd-card"
        data-testid="project-record"
        extra={
          project.can.edit || project.can.retire ? (
            <Space size={4} wrap>
              {project.can.edit ? (
                <Button size="small" onClick={() => setEditing(true)} aria-label={t('projects.editNamed', { name: project.name })}>
                  {t('common.edit')}
                </Button>
              ) : null}
              {project.can.retire ? <ProjectStanding project={project} /> : null}
            </Space>
          ) : null
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('projects.customer')}>
            <Link to={`/organizations/${project.organizationId}`}>{organization.data?.name ?? t('app.loading')}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('projects.implementingDepartment')}>
            {nameOf(departments.data, project.implementingDepartmentId) ?? none}
          </Descriptions.Item>
          <Descriptions.Item label={t('projects.deliveredAt')}>{format.date(project.deliveredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('projects.guaranteeEndsAt')}>{format.date(project.guaranteeEndsAt)}</Descriptions.Item>
          <Descriptions.Item label={t('projects.sites')}>{project.sites.length > 0 ? project.sites.join(', ') : none}</Descriptions.Item>
          <Descriptions.Item label={t('customer.nextCheck')}>{format.date(project.nextCheckOn)}</Descriptions.Item>
          {project.notes ? (
            <Descriptions.Item label={t('projects.notes')}>
              <span className="cd-text">{project.notes}</span>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {editing ? <ProjectDialog organizationId={project.organizationId} project={project} onClose={() => setEditing(false)} /> : null}
      <ConfigurationItems project={project} mayAddProduct={organization.data?.can.addProduct ?? false} />
      <Attachments project={project} />
    </>
  );
}

/** Closing a delivered project (its products stay, none are added) and reopening it. */
function ProjectStanding({ project }: { project: ProjectDetails }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const setRetired = async (retire: boolean) => {
    const saved = await api.post<ProjectDetails>(`/api/v1/projects/${project.id}/${retire ? 'retire' : 'reactivate'}`);
    queryClient.setQueryData(productKeys.project(project.id), saved);
    await queryClient.invalidateQueries({ queryKey: projectsKey(project.organizationId) });
  };
  return project.status === 'active' ? (
    <ConfirmedAction
      danger
      label={t('retire.closeProject')}
      question={t('retire.closeProjectQuestion', { name: project.name })}
      description={t('retire.closeProjectHelp')}
      done={t('retire.projectClosed', { name: project.name })}
      onConfirm={() => setRetired(true)}
    />
  ) : (
    <ConfirmedAction
      label={t('retire.reopenProject')}
      question={t('retire.reopenProjectQuestion', { name: project.name })}
      done={t('retire.projectReopened', { name: project.name })}
      onConfirm={() => setRetired(false)}
    />
  );
}

/** The project's products; a product is added while the project is open and its customer takes new records. */
function ConfigurationItems({ project, mayAddProduct }: { project: ProjectDetails; mayAddProduct: boolean }) {
  const { t } = useTranslation();
  return (
    <ProductsTableCard
      title={t('projects.items')}
      extra={
        project.status === 'active' && mayAddProduct ? <AddProductButton organizationId={project.organizationId} project={project} /> : null
      }
      testId="project-items"
      error={null}
      rows={project.items}
      empty={t('projects.noItems')}
      columns={['serial', 'vendor', 'model', 'software', 'site', 'status']}
    />
  );
}

/** Topology drawings and configuration dumps: uploaded here, checked by the server, downloaded from the list. */
function Attachments({ project }: { project: ProjectDetails }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const action = useAction();
  const refresh = () => queryClient.invalidateQueries({ queryKey: productKeys.project(project.id) });

  const upload = (file: File) =>
    action.run(async () => {
      const stored = await api.upload<Attachment>(`/api/v1/projects/${project.id}/attachments`, file);
      void message.success(t('projects.uploaded', { name: stored.fileName }));
      await refresh();
    });

  const remove = (attachment: Attachment) =>
    modal.confirm({
      title: t('projects.removeTitle', { name: attachment.fileName }),
      content: t('projects.removeBody'),
      okText: t('projects.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        action.run(async () => {
          await api.delete<void>(`/api/v1/projects/${project.id}/attachments/${attachment.id}`);
          void message.success(t('projects.removed', { name: attachment.fileName }));
          await refresh();
        }),
    });

  return (
    <Card
      title={t('projects.attachments')}
      size="small"
      className="cd-card"
      data-testid="project-attachments"
      extra={
        project.can.addAttachment ? (
          <Upload
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button size="small" loading={action.busy}>
              {t('projects.upload')}
            </Button>
          </Upload>
        ) : null
      }
    >
      <ProblemAlert error={action.error} />
      {project.can.addAttachment ? <p className="cd-muted">{t('projects.attachmentsHelp')}</p> : null}
      {project.attachments.length === 0 ? <p className="cd-muted">{t('projects.noAttachments')}</p> : null}
      <ul className="cd-attachment-list">
        {project.attachments.map((attachment) => (
          <li key={attachment.id} className="cd-attachment">
            <a href={attachment.downloadUrl} download={attachment.fileName}>
              {attachment.fileName}
            </a>
            <span className="cd-muted">
              {t('projects.sizeKb', { size: format.number(Math.max(1, Math.round(attachment.sizeBytes / 1024))) })} ·{' '}
              {format.dateTime(attachment.createdAt)}
            </span>
            {project.can.removeAttachment ? (
              <Button
                size="small"
                danger
                onClick={() => remove(attachment)}
                aria-label={t('projects.removeNamed', { name: attachment.fileName })}
              >
                {t('projects.remove')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
