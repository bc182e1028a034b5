import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { CaseSummary } from '../api/types';
import { LevelTag, StatusTag } from './case-bits';
import './case-cards.css';

/**
 * One case of a list on a phone, where a table's columns would cut the titles short: number, status and level, the
 * title wrapping in full (never clipped), then what the list adds. The whole card is the link, so it is easy to tap.
 */
export function CaseCard({ row, titleTestId, children }: { row: CaseSummary; titleTestId: string; children: ReactNode }) {
  return (
    <Link to={`/cases/${row.id}`} className="cd-case-card">
      <span className="cd-case-card-head">
        <strong>{row.number}</strong>
        <StatusTag status={row.status} />
        <LevelTag level={row.level} />
      </span>
      <span className="cd-case-card-title" data-testid={titleTestId}>
        {row.title}
      </span>
      {children}
    </Link>
  );
}
