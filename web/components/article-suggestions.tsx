import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Alert from 'antd/es/alert';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client';
import type { FoundArticle } from '../api/types';
import { Highlighted } from './highlighted';

const PAUSE_MS = 400;
const MIN_CHARACTERS = 2;

/** The text once the user has stopped typing for a moment: a suggestion is not asked for at every key. */
function useSettled(text: string): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(text), PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  return settled;
}

/**
 * Help articles that may answer the case being typed (the portal's new-case form): published customer-visible
 * articles holding words of the draft. Each opens in a new tab, so the draft stays as typed.
 */
export function ArticleSuggestions({ draft }: { draft: string }) {
  const { t } = useTranslation();
  const text = useSettled(draft.trim());
  const suggestions = useQuery({
    queryKey: ['articles', 'suggestions', text],
    queryFn: () => api.get<FoundArticle[]>(withQuery('/api/v1/articles/suggestions', { text })),
    enabled: Array.from(text).length >= MIN_CHARACTERS,
    placeholderData: keepPreviousData,
  });
  const items = text ? (suggestions.data ?? []) : [];
  if (items.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      role="region"
      aria-label={t('kb.suggestions')}
      message={t('kb.suggestions')}
      description={
        <ul className="cd-plain-list" data-testid="article-suggestions">
          {items.map((article) => (
            <li key={article.id}>
              <a href={`/portal/help/${article.id}`} target="_blank" rel="noopener">
                {article.title}
              </a>
              {article.snippets[0] && article.snippets[0].field !== 'title' ? (
                <div className="cd-muted">
                  <Highlighted snippet={article.snippets[0]} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      }
    />
  );
}
