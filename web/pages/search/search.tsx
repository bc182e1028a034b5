import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Segmented from 'antd/es/segmented';
import Typography from 'antd/es/typography';
import Tag from 'antd/es/tag';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, withQuery } from '../../api/client';
import { useSession } from '../../api/session';
import type { SearchGroup, SearchResults } from '../../api/types';
import { StatusTag } from '../../components/case-bits';
import { Highlighted } from '../../components/highlighted';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';

const STATUSES = ['all', 'open', 'closed'] as const;
type StatusFilter = (typeof STATUSES)[number];
const PAGE = 20;
const MAX = 50;

/** `/search?q=…&status=…`: what the header's search box found, one group per kind of record. */
export default function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const statusParam = params.get('status');
  const status: StatusFilter = STATUSES.includes(statusParam as StatusFilter) ? (statusParam as StatusFilter) : 'all';
  const [limit, setLimit] = useState(PAGE);
  const results = useQuery({
    queryKey: ['search', q, status, limit],
    queryFn: () => api.get<SearchResults>(withQuery('/api/v1/search', { q, status, limit })),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  });
  const groups = results.data?.groups ?? [];
  const nothing = results.isSuccess && groups.every((group) => group.items.length === 0);

  return (
    <>
      <div className="cd-toolbar" style={{ justifyContent: 'space-between' }}>
        <Typography.Title level={2} className="cd-page-title" style={{ marginBottom: 0 }}>
          {q ? t('search.resultsFor', { q }) : t('search.title')}
        </Typography.Title>
        <Segmented
          aria-label={t('search.statusLabel')}
          value={status}
          options={STATUSES.map((value) => ({ value, label: t(`search.status.${value}`) }))}
          onChange={(value) => {
            setLimit(PAGE);
            setParams({ q, status: String(value) });
          }}
        />
      </div>
      {q === '' ? <p className="cd-empty">{t('search.enterTerms')}</p> : null}
      <ProblemAlert error={results.error} />
      {nothing ? <p className="cd-empty">{t('search.empty', { q })}</p> : null}
      {results.isSuccess && !nothing
        ? groups.map((group) => (
            <section key={group.kind} aria-labelledby={`search-${group.kind}`} className="cd-search-group">
              <Typography.Title level={3} id={`search-${group.kind}`} style={{ fontSize: 18 }}>
                {t(`search.kinds.${group.kind}`)}{' '}
                <span className="cd-muted" data-testid={`search-count-${group.kind}`}>
                  ({group.items.length}
                  {group.hasMore ? '+' : ''})
                </span>
              </Typography.Title>
              {group.items.length === 0 ? <p className="cd-muted">{t('search.noneOfKind')}</p> : null}
              <ol className="cd-search-results">
                <GroupItems group={group} />
              </ol>
              {group.hasMore && limit < MAX ? (
                <Button onClick={() => setLimit(MAX)} loading={results.isFetching}>
                  {t('search.more')}
                </Button>
              ) : null}
            </section>
          ))
        : null}
    </>
  );
}

function Found({
  head,
  meta,
  snippets,
  shownLanguage,
}: {
  head: ReactNode;
  meta: ReactNode;
  snippets: SearchGroup['items'][number]['snippets'];
  /** An article's: a text found in its other language says which. */
  shownLanguage?: string | null;
}) {
  const { t } = useTranslation();
  const otherLanguage = (snippet: (typeof snippets)[number]) =>
    shownLanguage !== undefined && 'language' in snippet && snippet.language && snippet.language !== shownLanguage
      ? ` · ${t(`languageName.${snippet.language}`)}`
      : '';
  return (
    <li className="cd-search-result">
      <div className="cd-search-result-head">{head}</div>
      <div className="cd-search-result-meta">{meta}</div>
      {snippets.map((snippet, index) => (
        <p key={index} className="cd-search-snippet">
          <span className="cd-search-field">
            {t(`search.fields.${snippet.field}`)}
            {otherLanguage(snippet)}
          </span>
          <Highlighted snippet={snippet} />
        </p>
      ))}
    </li>
  );
}

/** The results of one group, each kind shown and linked its own way. */
function GroupItems({ group }: { group: SearchGroup }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  switch (group.kind) {
    case 'cases':
      return group.items.map((item) => (
        <Found
          key={item.id}
          head={
            <>
              <Link to={`/cases/${item.id}`}>
                {item.number} {item.title}
              </Link>
              <StatusTag status={item.status} />
            </>
          }
          meta={`${item.organizationName} · ${format.dateTime(item.receivedAt)}`}
          snippets={item.snippets}
        />
      ));
    case 'problems':
      return group.items.map((item) => (
        <Found
          key={item.id}
          head={
            <>
              <Link to={`/problems/${item.id}`}>{item.title}</Link>
              <Tag>{t(`problemRecords.statuses.${item.status}`)}</Tag>
            </>
          }
          meta={`${item.ownerName} · ${format.dateTime(item.updatedAt)}`}
          snippets={item.snippets}
        />
      ));
    case 'articles': {
      // A customer reads articles among the portal's help pages.
      const base = can('articles.read-all') ? '/knowledge-base' : '/portal/help';
      return group.items.map((item) => (
        <Found
          key={item.id}
          head={
            <>
              <Link to={`${base}/${item.id}`}>{item.title}</Link>
              {can('articles.read-all') ? (
                <>
                  <Tag>{t(`kb.${item.status}`)}</Tag>
                  <Tag color={item.visibility === 'customer' ? 'gold' : 'default'}>{t(`kb.${item.visibility}`)}</Tag>
                </>
              ) : null}
            </>
          }
          meta={[item.category, ...item.tags].filter(Boolean).join(' · ')}
          snippets={item.snippets}
          shownLanguage={item.language}
        />
      ));
    }
  }
}
