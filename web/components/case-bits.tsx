import Tag from 'antd/es/tag';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CaseStatus, ServiceItemBilling } from '../api/types';
import { useFormat, type Format } from '../i18n/format';
import { LEVEL_COLORS, STATUS_COLORS } from './case-colours';

export function LevelTag({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLORS[level]} title={t(`level.${level}`)} data-level={level}>
      {t('level.label', { level })}
    </Tag>
  );
}

export function StatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`status.${status}`)}</Tag>;
}

export function BillingTag({ billing }: { billing: string | null }) {
  const { t } = useTranslation();
  const color = billing === 'guarantee' ? 'green' : billing === 'contract' ? 'cyan' : billing === 'chargeable' ? 'orange' : 'default';
  return <Tag color={color}>{t(`billing.${billing ?? 'unknown'}`)}</Tag>;
}

const ITEM_BILLING_COLOURS: Record<NonNullable<ServiceItemBilling>['reasonCode'], string> = {
  'in-guarantee': 'green',
  'covered-by-contract': 'cyan',
  'outside-contract': 'red',
  'not-covered': 'orange',
};

/** Who pays for one service item; work outside the contract is red, so nobody bills it as covered by mistake. */
export function ItemBillingTag({ billing }: { billing: ServiceItemBilling }) {
  const { t } = useTranslation();
  if (!billing) return <Tag>{t('itemBilling.undecided')}</Tag>;
  const services = billing.contractServices.map((service) => t(`products.service.${service}`)).join(', ');
  return (
    <Tag
      color={ITEM_BILLING_COLOURS[billing.reasonCode]}
      data-testid="item-billing"
      data-billing={billing.reasonCode}
      title={
        billing.outsideContract
          ? t('itemBilling.outsideHelp', { contract: billing.contractNumber ?? '', services: services || '—' })
          : undefined
      }
    >
      {t(`itemBilling.${billing.reasonCode}`, { contract: billing.contractNumber ?? '' })}
    </Tag>
  );
}

/** The current time, ticking: drives countdowns without refetching anything. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "in 2 h 14 min" or, past due, "overdue by 5 min" in red. */
export function TimeUntil({ iso, now }: { iso: string | null; now: number }) {
  const format = useFormat();
  const { t } = useTranslation();
  if (!iso) return <span>{t('case.noEscalation')}</span>;
  const overdue = Date.parse(iso) < now;
  return (
    <time dateTime={iso} title={format.dateTime(iso)} style={overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>
      {format.until(iso, now)}
    </time>
  );
}

/**
 * The cells a row of a case list starts with — number (a link to the case), level, title, status, received — as an
 * array, so that `TableCard` names each after its column on a phone.
 */
export function caseCells(
  row: { id: string; number: string; level: number; title: string; status: CaseStatus; receivedAt: string },
  format: Format,
): ReactNode[] {
  return [
    <td key="number">
      <Link to={`/cases/${row.id}`}>{row.number}</Link>
    </td>,
    <td key="level">
      <LevelTag level={row.level} />
    </td>,
    <td key="title" className="cd-cell-title">
      {row.title}
    </td>,
    <td key="status">
      <StatusTag status={row.status} />
    </td>,
    <td key="received">
      <time dateTime={row.receivedAt}>{format.dateTime(row.receivedAt)}</time>
    </td>,
  ];
}
