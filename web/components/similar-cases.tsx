import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SimilarCase } from '../api/similar-cases';
import { useFormat } from '../i18n/format';
import { StatusTag } from './case-bits';

const REASON_COLOURS: Record<SimilarCase['reasons'][number], string> = { serial: 'red', model: 'volcano', text: 'blue', site: 'cyan' };

/** Why a case was found, as chips: the same serial number, model, words or site. */
function ReasonChips({ reasons }: { reasons: SimilarCase['reasons'] }) {
  const { t } = useTranslation();
  return (
    <span data-testid="similar-reasons">
      {reasons.map((reason) => (
        <Tag key={reason} color={REASON_COLOURS[reason]} data-reason={reason}>
          {t(`similar.reason.${reason}`)}
        </Tag>
      ))}
    </span>
  );
}

/** How a found case ended: its resolution note, its latest service action, the problem it belongs to. */
function Outcome({ item }: { item: SimilarCase }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { resolutionNote, lastAction, problems, resolvedAt } = item.outcome;
  const lines: ReactNode[] = [];
  if (resolutionNote)
    lines.push(
      <span key="note">
        <strong>{t('common.labelled', { label: t('similar.resolution') })}</strong>
        {resolutionNote}
      </span>,
    );
  if (lastAction)
    lines.push(
      <span key="action">
        <strong>{t('common.labelled', { label: t(`action.${lastAction.type}`, { defaultValue: lastAction.type }) })}</strong>
        {lastAction.summary}
        {lastAction.outcome ? ` — ${lastAction.outcome}` : ''}
      </span>,
    );
  for (const problem of problems)
    lines.push(
      <span key={problem.id}>
        <strong>{t('common.labelled', { label: t('similar.problem') })}</strong>
        <Link to={`/problems/${problem.id}`}>{problem.title}</Link> <Tag>{t(`problemRecords.statuses.${problem.status}`)}</Tag>
      </span>,
    );
  if (lines.length === 0) lines.push(<span key="none">{item.open ? t('similar.stillOpen') : t('similar.noOutcome')}</span>);
  return (
    <div className="cd-muted" data-testid="similar-outcome" style={{ display: 'grid', gap: 2, marginTop: 4 }}>
      {lines}
      {resolvedAt ? <span>{t('similar.resolvedAt', { when: format.date(resolvedAt) })}</span> : null}
    </div>
  );
}

/**
 * Earlier cases like the one at hand, as the server ranked them (open first): number and title linking to the case,
 * status, customer, the reasons it was found and how it ended; `action` adds a control per case (at intake: take the
 * call as a note on it).
 */
export function SimilarCaseList({
  items,
  showCustomer = true,
  action,
}: {
  items: readonly SimilarCase[];
  showCustomer?: boolean;
  action?: (item: SimilarCase) => ReactNode;
}) {
  const format = useFormat();
  return (
    <ul className="cd-similar-cases" style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 12 }}>
      {items.map((item) => (
        <li key={item.id} data-testid="similar-case" data-open={item.open} data-number={item.number}>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'baseline' }}>
            <Link to={`/cases/${item.id}`}>
              {item.number} · {item.title}
            </Link>
            <StatusTag status={item.status} />
            <ReasonChips reasons={item.reasons} />
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[showCustomer ? item.organizationName : null, item.serialNumbers.join(', ') || null, format.date(item.receivedAt)]
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
          <Outcome item={item} />
          {action ? <div style={{ marginTop: 6 }}>{action(item)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
