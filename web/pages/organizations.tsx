import { useQuery } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Checkbox from 'antd/es/checkbox';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useCaseList } from '../api/cases';
import { api, withQuery } from '../api/client';
import { fetchAllPages, queryKeys, useOrganization, useOrganizations } from '../api/queries';
import { useSession } from '../api/session';
import type { Asset, CaseSummary, Contact, Organization, OrganizationEntitlement, Page } from '../api/types';
import { caseCells, TimeUntil, useNow } from '../components/case-bits';
import { ExportButton } from '../components/export-button';
import { OrganizationEntitlementSummary } from '../components/organization-entitlement';
import { PersonalDataMenu } from '../components/personal-data-menu';
import { ProblemAlert } from '../components/problem';
import { RetiredTag, RetireToggle } from '../components/retire-toggle';
import { ServicingDepartmentField } from '../components/servicing-department';
import { TableCard } from '../components/table-card';
import { useFormat } from '../i18n/format';
import { AddProductButton } from './customer-products';
import { ContractsCard, ExpiringContractsCard } from './customer-contracts';
import { ProjectsCard } from './customer-projects';
import { useOrganizationProjects } from '../api/products';
import { SitesCard } from './customer-sites';
import { ContactDialog, countryName, OrganizationDialog } from './organization-forms';
import { ProductsTableCard } from '../components/products-table-card';

/** Customers: search by name or code; each organisation has its own page with contacts, delivered systems and case history. */
export function OrganizationsPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [showRetired, setShowRetired] = useState(false);
  const deferred = useDeferredValue(text.trim());
  const organizations = useOrganizations(deferred, true, showRetired ? 'include' : 'exclude');
  const { can } = useSession();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('organizations.title')}
      </Typography.Title>
      {can('organizations.manage') ? (
        <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 12, marginRight: 12 }}>
          {t('organizations.add')}
        </Button>
      ) : null}
      {can('imports.run') ? (
        <Button onClick={() => navigate('/organizations/import')} style={{ marginBottom: 12, marginRight: 12 }}>
          {t('imports.open')}
        </Button>
      ) : null}
      {can('exports.run') ? (
        <span style={{ display: 'inline-block', marginBottom: 12, marginRight: 12 }}>
          <ExportButton kind="organizations" size="middle" />
        </span>
      ) : null}
      {adding ? (
        <OrganizationDialog
          organization={null}
          onClose={() => setAdding(false)}
          onSaved={(saved) => navigate(`/organizations/${saved.id}`)}
        />
      ) : null}
      <Input.Search
        aria-label={t('organizations.search')}
        placeholder={t('organizations.search')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        style={{ maxWidth: 360, marginBottom: 12, marginRight: 12 }}
        allowClear
      />
      <Checkbox checked={showRetired} onChange={(event) => setShowRetired(event.target.checked)} style={{ marginBottom: 12 }}>
        {t('retirement.showRetired')}
      </Checkbox>
      <ProblemAlert error={organizations.error} />
      {can('contracts.read') ? <ExpiringContractsCard /> : null}
      <div className="cd-table-wrap">
        <table className="cd-table">
          <thead>
            <tr>
              <th scope="col">{t('organizations.name')}</th>
              <th scope="col">{t('organizations.code')}</th>
            </tr>
          </thead>
          <tbody>
            {(organizations.data ?? []).map((organization) => (
              <tr key={organization.id}>
                <td>
                  <Link to={`/organizations/${organization.id}`}>{organization.name}</Link> <RetiredTag retired={organization.retired} />
                </td>
                <td>{organization.code ?? t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function OrganizationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const [dialog, setDialog] = useState<'edit' | 'contact' | Contact | null>(null);
  const organization = useOrganization(id);
  const contacts = useQuery({
    queryKey: ['organization', id, 'contacts'],
    queryFn: async () => (await api.get<Page<Contact>>(`/api/v1/organizations/${id}/contacts`)).items,
  });
  const cases = useCaseList({ organizationId: id, sort: 'received', limit: 50 });
  // The server says, contact by contact, what this user may do with it.
  const contactActions = (contacts.data ?? []).some(
    (contact) => contact.can.edit || contact.can.retire || contact.can.exportPersonalData || contact.can.erasePersonalData,
  );
  if (organization.error) return <ProblemAlert error={organization.error} />;
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {organization.data?.name} {organization.data ? <RetiredTag retired={organization.data.retired} /> : null}
      </Typography.Title>
      {organization.data?.retired ? (
        <Alert type="warning" showIcon message={t('retirement.retiredCustomer')} style={{ marginBottom: 12 }} />
      ) : null}
      {organization.data ? (
        <p className="cd-text">
          {t('common.labelled', { label: t('organizations.country') })}
          {countryName(organization.data.country, i18n.language)} ({organization.data.country})
          {organization.data.can.edit || organization.data.can.retire ? (
            <Space size="small" wrap style={{ marginLeft: 12 }}>
              {organization.data.can.edit ? (
                <Button size="small" onClick={() => setDialog('edit')}>
                  {t('organizations.edit')}
                </Button>
              ) : null}
              {organization.data.can.retire ? (
                <RetireToggle
                  path={`/api/v1/organizations/${id}`}
                  name={organization.data.name}
                  retired={organization.data.retired}
                  what="customer"
                  invalidate={[queryKeys.organization(id), ['organizations']]}
                />
              ) : null}
              {organization.data.retired && organization.data.can.retire ? (
                <span className="cd-muted" data-testid="retired-customer-note">
                  {t('retirement.reactivateToAdd')}
                </span>
              ) : null}
            </Space>
          ) : null}
        </p>
      ) : null}
      {organization.data?.notes ? <p className="cd-text">{organization.data.notes}</p> : null}
      {organization.data && can('departments.read') ? (
        <Card title={t('servicing.title')} size="small" className="cd-card">
          <label style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
            <span>{t('common.labelled', { label: t('servicing.organizationDefault') })}</span>
            <ServicingDepartmentField
              value={organization.data.defaultDepartmentId}
              path={`/api/v1/organizations/${organization.data.id}`}
              editable={organization.data.can.edit}
              invalidate={queryKeys.organization(id)}
              label={t('servicing.organizationDefault')}
            />
          </label>
          <p className="cd-muted" style={{ marginBottom: 0 }}>
            {t('servicing.organizationHelp')}
          </p>
        </Card>
      ) : null}
      {dialog === 'edit' && organization.data ? (
        <OrganizationDialog organization={organization.data} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'contact' && organization.data ? (
        <ContactDialog organization={organization.data} onClose={() => setDialog(null)} />
      ) : null}
      {typeof dialog === 'object' && dialog !== null && organization.data ? (
        <ContactDialog organization={organization.data} contact={dialog} onClose={() => setDialog(null)} />
      ) : null}
      <TableCard
        title={t('organizations.contacts')}
        testId="customer-contacts"
        extra={
          <Space size="small" wrap>
            {can('exports.run') ? <ExportButton kind="contacts" organizationId={id} /> : null}
            {organization.data?.can.addContact ? (
              <Button size="small" onClick={() => setDialog('contact')}>
                {t('organizations.addContact')}
              </Button>
            ) : null}
          </Space>
        }
        error={contacts.error}
        rows={contacts.data}
        empty={t('organizations.noContacts')}
        columns={[
          t('organizations.contactName'),
          t('organizations.roleAtCustomer'),
          t('organizations.phone'),
          t('organizations.email'),
          ...(contactActions ? [t('organizations.actions')] : []),
        ]}
        row={(contact) => (
          <tr key={contact.id} data-contact={contact.name}>
            <td>
              {contact.name} <RetiredTag retired={contact.retired} />
              {contact.erased ? <Tag>{t('personalData.erasedTag')}</Tag> : null}
            </td>
            <td>{contact.roleAtCustomer ?? t('common.none')}</td>
            <td>
              {contact.phone ? <a href={`tel:${contact.phoneE164 ?? contact.phone}`}>{contact.phone}</a> : t('common.none')}
              {contact.secondPhone ? (
                <>
                  <br />
                  <a
                    href={`tel:${contact.secondPhoneE164 ?? contact.secondPhone}`}
                    aria-label={`${t('organizations.secondPhone')} ${contact.secondPhone}`}
                  >
                    {contact.secondPhone}
                  </a>
                </>
              ) : null}
            </td>
            <td>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : t('common.none')}</td>
            {contactActions ? (
              <td>
                <Space size="small" wrap>
                  {contact.can.edit ? (
                    <Button
                      size="small"
                      onClick={() => setDialog(contact)}
                      aria-label={t('organizations.editContactNamed', { name: contact.name })}
                    >
                      {t('common.edit')}
                    </Button>
                  ) : null}
                  {contact.can.retire ? (
                    <RetireToggle
                      path={`/api/v1/organizations/${id}/contacts/${contact.id}`}
                      name={contact.name}
                      retired={contact.retired}
                      what="contact"
                      invalidate={[['organization', id, 'contacts']]}
                    />
                  ) : null}
                  <PersonalDataMenu
                    kind="contact"
                    id={contact.id}
                    name={contact.name}
                    can={contact.can}
                    invalidate={[['organization', id, 'contacts']]}
                  />
                </Space>
              </td>
            ) : null}
          </tr>
        )}
      />
      <SitesCard organizationId={id} mayAdd={organization.data?.can.addSite ?? false} />
      <CustomerRecords organizationId={id} can={organization.data?.can} />
      <CaseHistory rows={cases.data?.items} error={cases.error} />
    </>
  );
}

/** The customer's cases, newest first; on a phone each case is a small card instead of a table wider than the screen. */
function CaseHistory({ rows, error }: { rows: CaseSummary[] | undefined; error: unknown }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow(30_000);
  return (
    <TableCard
      title={t('organizations.cases')}
      testId="customer-cases"
      error={error}
      rows={rows}
      empty={t('queues.empty')}
      columns={[t('case.number'), t('case.level'), t('case.title'), t('case.status'), t('case.receivedAt'), t('case.nextEscalation')]}
      row={(row) => (
        <tr key={row.id} data-case={row.number}>
          {caseCells(row, format)}
          <td>{row.resolvedAt ? t('common.none') : <TimeUntil iso={row.nextEscalationDueAt} now={now} />}</td>
        </tr>
      )}
    />
  );
}

/** What was delivered to the customer and who pays: entitlement, projects, products, contracts (each shown only to roles that may read it). */
function CustomerRecords({ organizationId, can: offered }: { organizationId: string; can: Organization['can'] | undefined }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const scope = { organizationId };
  const entitlement = useQuery({
    queryKey: ['organization', organizationId, 'entitlement'],
    queryFn: () => api.get<OrganizationEntitlement>(withQuery('/api/v1/entitlements', scope)),
    enabled: can('entitlements.read'),
  });
  const projects = useOrganizationProjects(organizationId, can('projects.read'));
  const assets = useQuery({
    queryKey: ['organization', organizationId, 'assets'],
    queryFn: () => fetchAllPages<Asset>('/api/v1/assets', scope),
    enabled: can('assets.read'),
  });

  return (
    <>
      {can('entitlements.read') ? (
        <Card title={t('customer.entitlement')} size="small" className="cd-card">
          <ProblemAlert error={entitlement.error} />
          {entitlement.data ? <OrganizationEntitlementSummary entitlement={entitlement.data} /> : null}
        </Card>
      ) : null}
      {can('projects.read') ? <ProjectsCard organizationId={organizationId} mayAdd={offered?.addProject ?? false} /> : null}
      {can('assets.read') ? (
        <ProductsTableCard
          title={t('customer.products')}
          extra={
            <Space size="small">
              {can('exports.run') ? <ExportButton kind="products" organizationId={organizationId} /> : null}
              {offered?.addProduct ? <AddProductButton organizationId={organizationId} /> : null}
            </Space>
          }
          error={assets.error}
          rows={assets.data}
          empty={t('products.none')}
          columns={['serial', 'model', 'vendor', 'project', 'site', 'software', 'status']}
          projects={projects.data}
        />
      ) : null}
      {can('contracts.read') ? <ContractsCard organizationId={organizationId} mayAdd={offered?.addContract ?? false} /> : null}
    </>
  );
}

export default OrganizationsPage;
