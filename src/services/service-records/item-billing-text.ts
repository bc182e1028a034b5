import type { Language } from '../../domain/access/roles.js';
import type { ServiceItemBilling } from '../../domain/entitlement/service-billing.js';
import { translate } from '../../i18n/translate.js';

/** The billing of one service item in words, as the printed and public service record show it. */
export function itemBillingText(language: Language, billing: ServiceItemBilling | null): string {
  const t = (key: string, params: Record<string, unknown> = {}) => translate(language, `serviceLoop.pdf.${key}`, params);
  if (!billing) return t('billingReasons.undecided');
  const services = billing.contractServices.map((service) => t(`contractServices.${service}`)).join(', ') || '—';
  return t(`billingReasons.${billing.reasonCode}`, { contract: billing.contractNumber ?? '', services });
}
