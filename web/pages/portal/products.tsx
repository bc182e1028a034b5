import { useQuery } from '@tanstack/react-query';
import Card from 'antd/es/card';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../../api/client';
import { fetchAllPages } from '../../api/queries';
import { useSession } from '../../api/session';
import type { Asset, Contract, OrganizationEntitlement } from '../../api/types';
import { BillingTag } from '../../components/case-bits';
import { ProblemAlert } from '../../components/problem';
import { TableCard } from '../../components/table-card';
import { useFormat } from '../../i18n/format';

/** The customer's products, contracts and what they are entitled to today (the API narrows all of it to their organisation). */
export default function PortalProductsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const organizationId = user?.organizationId ?? '';
  const assets = useQuery({ queryKey: ['portal', 'assets'], queryFn: () => fetchAllPages<Asset>('/api/v1/assets', { organizationId }) });
  const contracts = useQuery({
    queryKey: ['portal', 'contracts'],
    queryFn: () => fetchAllPages<Contract>('/api/v1/contracts', { organizationId }),
  });
  const entitlement = useQuery({
    queryKey: ['portal', 'entitlement'],
    queryFn: () => api.get<OrganizationEntitlement>(withQuery('/api/v1/entitlements', { organizationId })),
  });
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('nav.products')}
      </Typography.Title>
      <Card title={t('intake.entitlement')} size="small" className="cd-card">
        <ProblemAlert error={entitlement.error} />
        {entitlement.data ? (
          <>
            <p>
              {entitlement.data.billing ? <BillingTag billing={entitlement.data.billing} /> : null}{' '}
              {t('products.decidedOn', { date: format.date(entitlement.data.decidedOn) })}
            </p>
            <ul>
              {entitlement.data.contractsInForce.map((contract) => (
                <li key={contract.id}>{t('products.contractInForce', { number: contract.number, end: format.date(contract.endsAt) })}</li>
              ))}
              {entitlement.data.projectsInGuarantee.map((project) => (
                <li key={project.id}>
                  {t('products.projectInGuarantee', { name: project.name, end: format.date(project.guaranteeEndsAt) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card>
      <TableCard
        title={t('products.products')}
        error={assets.error}
        rows={assets.data}
        empty={t('products.none')}
        columns={[t('products.model'), t('products.serial'), t('products.site'), t('products.software'), t('case.status')]}
        row={(asset) => (
          <tr key={asset.id}>
            <td>{asset.model}</td>
            <td>{asset.serialNumber}</td>
            <td>{asset.site ?? t('common.none')}</td>
            <td>{asset.softwareVersion ?? t('common.none')}</td>
            <td>
              <Tag>{t(`products.${asset.status}`)}</Tag>
            </td>
          </tr>
        )}
      />
      <Card title={t('products.contracts')} size="small" className="cd-card">
        <ProblemAlert error={contracts.error} />
        {contracts.data?.length === 0 ? <p className="cd-muted">{t('products.none')}</p> : null}
        <ul>
          {(contracts.data ?? []).map((contract) => (
            <li key={contract.id}>
              <strong>{contract.number}</strong> · {format.date(contract.startsAt)} – {format.date(contract.endsAt)} ·{' '}
              {contract.services.map((service) => t(`products.service.${service}`)).join(', ')}
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
