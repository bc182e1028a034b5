import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, withQuery } from '../api/client';
import type { SearchResults } from '../api/types';
import { Highlighted } from './highlighted';
import { ProblemAlert } from './problem';

/** The portal's help pages searched in full (titles, texts of both languages, tags), the matched words marked. */
export function HelpSearchResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const found = useQuery({
    queryKey: ['search', 'help', q],
    queryFn: () => api.get<SearchResults>(withQuery('/api/v1/search', { q, kind: 'articles', limit: 50 })),
  });
  const articles = found.data?.groups.find((group) => group.kind === 'articles');
  if (found.error) return <ProblemAlert error={found.error} />;
  if (!articles || articles.kind !== 'articles') return null;
  if (articles.items.length === 0) return <p className="cd-empty">{t('search.empty', { q })}</p>;
  return (
    <ol className="cd-search-results" data-testid="help-search-results">
      {articles.items.map((article) => (
        <li key={article.id} className="cd-search-result">
          <div className="cd-search-result-head">
            <Link to={`/portal/help/${article.id}`}>{article.title}</Link>
          </div>
          {article.snippets
            .filter((snippet) => snippet.field !== 'title')
            .map((snippet, index) => (
              <p key={index} className="cd-search-snippet">
                <Highlighted snippet={snippet} />
              </p>
            ))}
        </li>
      ))}
    </ol>
  );
}
