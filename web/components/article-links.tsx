import { useQuery, useQueryClient } from '@tanstack/react-query';
import Card from 'antd/es/card';
import List from 'antd/es/list';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { casePagePaths } from '../api/case-page-paths';
import { api, withQuery } from '../api/client';
import { useAction } from './form-dialog';

/*
 * The knowledge base's parts that the case page shows (linked articles, the composer's article link picker), apart
 * from the knowledge base's own page so that the case page does not load its editor and Markdown renderer.
 */

export type Language = 'en' | 'zh-CN';

export interface Article {
  id: string;
  category: string | null;
  tags: string[];
  visibility: 'internal' | 'customer';
  status: 'draft' | 'published';
  language: Language | null;
  shownInOtherLanguage: boolean;
  title: string;
  html: string;
  version: number | null;
  languages: { language: Language; title: string; body: string; version: number }[];
  feedback: { helpful: number; notHelpful: number; mine: boolean | null };
  linkedCaseIds?: string[];
  linkedProblems?: { id: string; title: string; status: string }[];
  can: { edit: boolean; publish: boolean; link: boolean; giveFeedback: boolean };
}

export interface ArticleFilters {
  title?: string;
  status?: string;
  category?: string;
  tag?: string;
  visibility?: string;
}

export const useArticles = (filters: ArticleFilters) =>
  useQuery({
    queryKey: ['articles', filters],
    queryFn: () => api.get<{ items: Article[] }>(withQuery('/api/v1/articles', { ...filters, limit: 200 })),
  });

export function ArticleList({ items, base }: { items: Article[] | undefined; base: string }) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      locale={{ emptyText: t('kb.none') }}
      dataSource={items ?? []}
      renderItem={(article) => (
        <List.Item key={article.id}>
          <Space wrap>
            <Link to={`${base}/${article.id}`}>{article.title}</Link>
            {article.category ? <Tag>{article.category}</Tag> : null}
            {article.tags.map((tag) => (
              <Tag key={tag} color="blue">
                {tag}
              </Tag>
            ))}
          </Space>
        </List.Item>
      )}
    />
  );
}

/**
 * "Insert article link" on a case's reply composer: picks an article by title and hands back the text to insert, the
 * portal address for a public reply, the staff address for an internal note; an article the user may link is also
 * linked to the case.
 */
export function ArticleLinkPicker({
  caseId,
  audience,
  onInsert,
}: {
  caseId: string;
  audience: 'public' | 'internal';
  onInsert: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const queryClient = useQueryClient();
  const articles = useArticles({ title, ...(audience === 'public' ? { visibility: 'customer', status: 'published' } : {}) });
  const { run } = useAction();
  const insert = (id: string) => {
    const article = articles.data?.items.find((item) => item.id === id);
    if (!article) return;
    const path = audience === 'public' ? `/portal/help/${id}` : `/knowledge-base/${id}`;
    onInsert(`${article.title}: ${window.location.origin}${path}`);
    if (article.can.link)
      void run(async () => {
        await api.put(`/api/v1/articles/${id}/cases/${caseId}`, {});
        await queryClient.invalidateQueries({ queryKey: ['case', caseId, 'articles'] });
      });
  };
  return (
    <Select
      showSearch
      aria-label={t('kb.insertLink')}
      placeholder={t('kb.insertLink')}
      filterOption={false}
      onSearch={setTitle}
      onChange={insert}
      value={null}
      options={(articles.data?.items ?? []).map((article) => ({ value: article.id, label: article.title }))}
      notFoundContent={t('kb.none')}
      style={{ minWidth: 240, marginBottom: 8 }}
    />
  );
}

/** The articles linked to a case that the reader may read, each opening in the reader's part of the app. */
export function LinkedArticlesCard({ caseId, customer }: { caseId: string; customer: boolean }) {
  const { t } = useTranslation();
  const linked = useQuery({
    queryKey: ['case', caseId, 'articles'],
    queryFn: () => api.get<Article[]>(casePagePaths.linkedArticles(caseId)),
  });
  if (!linked.data || linked.data.length === 0) return null;
  return (
    <Card size="small" className="cd-card" title={t('kb.linkedArticles')}>
      <ArticleList items={linked.data} base={customer ? '/portal/help' : '/knowledge-base'} />
    </Card>
  );
}
