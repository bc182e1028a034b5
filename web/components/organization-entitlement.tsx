import { useTranslation } from 'react-i18next';
import type { OrganizationEntitlement } from '../api/types';
import { useFormat } from '../i18n/format';
import { BillingTag } from './case-bits';

/** Who pays for a customer's service today: its billing, contracts in force and projects still in guarantee. */
export function OrganizationEntitlementSummary({ entitlement }: { entitlement: OrganizationEntitlement }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <p>
        {entitlement.billing ? <BillingTag billing={entitlement.billing} /> : t('customer.billingByProduct')}{' '}
        <span className="cd-muted">{t('products.decidedOn', { date: format.date(entitlement.decidedOn) })}</span>
      </p>
      {entitlement.contractsInForce.length + entitlement.projectsInGuarantee.length === 0 ? (
        <p className="cd-muted">{t('customer.noneInForce')}</p>
      ) : (
        <ul>
          {entitlement.contractsInForce.map((contract) => (
            <li key={contract.id}>{t('products.contractInForce', { number: contract.number, end: format.date(contract.endsAt) })}</li>
          ))}
          {entitlement.projectsInGuarantee.map((project) => (
            <li key={project.id}>{t('products.projectInGuarantee', { name: project.name, end: format.date(project.guaranteeEndsAt) })}</li>
          ))}
        </ul>
      )}
    </>
  );
}
