import { useQuery } from '@tanstack/react-query';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Typography from 'antd/es/typography';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useCaseList } from '../api/cases';
import { api } from '../api/client';
import { useOrganization, useOrganizations } from '../api/queries';
import type { Contact, Page } from '../api/types';
import { ProblemAlert } from '../components/problem';
import { CaseTable } from './cases/queues';

/** Customers: search by name or code; each organisation has its own page with contacts and case history. */
export function OrganizationsPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const deferred = useDeferredValue(text.trim());
  const organizations = useOrganizations(deferred);
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('organizations.title')}
      </Typography.Title>
      <Input.Search
        aria-label={t('organizations.search')}
        placeholder={t('organizations.search')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        style={{ maxWidth: 360, marginBottom: 12 }}
        allowClear
      />
      <ProblemAlert error={organizations.error} />
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
                  <Link to={`/organizations/${organization.id}`}>{organization.name}</Link>
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
  const { t } = useTranslation();
  const organization = useOrganization(id);
  const contacts = useQuery({
    queryKey: ['organization', id, 'contacts'],
    queryFn: async () => (await api.get<Page<Contact>>(`/api/v1/organizations/${id}/contacts`)).items,
  });
  const cases = useCaseList({ organizationId: id, sort: 'received', limit: 50 });
  if (organization.error) return <ProblemAlert error={organization.error} />;
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {organization.data?.name}
      </Typography.Title>
      {organization.data?.notes ? <p className="cd-text">{organization.data.notes}</p> : null}
      <Card title={t('organizations.contacts')} size="small" className="cd-card">
        <ul>
          {(contacts.data ?? []).map((contact) => (
            <li key={contact.id}>{[contact.name, contact.phone, contact.email].filter(Boolean).join(' · ')}</li>
          ))}
        </ul>
      </Card>
      <Card title={t('organizations.cases')} size="small" className="cd-card">
        <CaseTable rows={cases.data?.items ?? []} loading={cases.isPending} compact />
      </Card>
    </>
  );
}

export default OrganizationsPage;
