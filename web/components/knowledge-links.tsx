import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import { useDeferredValue, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, withQuery } from '../api/client';
import { problemKeys, refreshProblems, type ProblemDetail } from '../api/problems';
import type { SearchResults } from '../api/types';
import { useAction } from './form-dialog';
import { ProblemAlert } from './problem';

/** Search for a picker: the items of one group of `/api/v1/search`, as options. */
function useFound(kind: 'problems' | 'articles', text: string) {
  const q = useDeferredValue(text.trim());
  return useQuery({
    queryKey: ['search', 'picker', kind, q],
    queryFn: () => api.get<SearchResults>(withQuery('/api/v1/search', { q, kind, limit: 20 })),
    enabled: q !== '',
    select: (results) => results.groups.flatMap((group) => group.items.map((item) => ({ value: item.id, label: item.title }))),
  });
}

function Picker({
  kind,
  label,
  onPick,
  exclude,
}: {
  kind: 'problems' | 'articles';
  label: string;
  onPick: (id: string) => void;
  exclude: string[];
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const found = useFound(kind, text);
  return (
    <Select
      showSearch
      aria-label={label}
      placeholder={label}
      filterOption={false}
      onSearch={setText}
      onChange={(id: string) => onPick(id)}
      value={null}
      loading={found.isFetching}
      options={(found.data ?? []).filter((option) => !exclude.includes(option.value))}
      notFoundContent={text.trim() ? t('common.none') : null}
      style={{ minWidth: 260 }}
    />
  );
}

/** One linked record: its link, its tags, and "Unlink" for who may. */
function LinkedRow({
  to,
  title,
  onUnlink,
  busy,
  children,
}: {
  to: string;
  title: string;
  onUnlink: (() => void) | null;
  busy: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <li>
      <Space wrap>
        <Link to={to}>{title}</Link>
        {children}
        {onUnlink ? (
          <Button size="small" type="link" disabled={busy} onClick={onUnlink}>
            {t('kb.unlink')}
          </Button>
        ) : null}
      </Space>
    </li>
  );
}

/**
 * The knowledge articles of a problem: open, link, unlink, and "write up as an article" while it is a known error
 * (a draft in the user's language, opened for editing).
 */
export function ProblemArticlesCard({ problem }: { problem: ProblemDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const change = (articleId: string, linked: boolean) =>
    run(async () => {
      const path = `/api/v1/problems/${problem.id}/articles/${articleId}`;
      queryClient.setQueryData(
        problemKeys.detail(problem.id),
        await (linked ? api.put<ProblemDetail>(path, {}) : api.delete<ProblemDetail>(path)),
      );
      await queryClient.invalidateQueries({ queryKey: ['article', articleId] });
    });
  const writeUp = () =>
    run(async () => {
      const article = await api.post<{ id: string }>(`/api/v1/problems/${problem.id}/article`, {});
      await refreshProblems(queryClient);
      await queryClient.invalidateQueries({ queryKey: ['articles'] });
      navigate(`/knowledge-base/${article.id}?edit=1`);
    });
  return (
    <Card
      size="small"
      className="cd-card"
      title={t('problemRecords.articles')}
      extra={
        problem.can.writeArticle ? (
          <Button type="primary" size="small" loading={busy} onClick={() => void writeUp()}>
            {t('problemRecords.writeArticle')}
          </Button>
        ) : null
      }
    >
      <ProblemAlert error={error} />
      {problem.articles.length === 0 ? <p className="cd-muted">{t('problemRecords.noArticles')}</p> : null}
      <ul className="cd-plain-list" data-testid="problem-articles">
        {problem.articles.map((article) => (
          <LinkedRow
            key={article.id}
            to={`/knowledge-base/${article.id}`}
            title={article.title || article.id}
            onUnlink={problem.can.linkArticles ? () => void change(article.id, false) : null}
            busy={busy}
          >
            <Tag>{t(`kb.${article.status}`)}</Tag>
            <Tag color={article.visibility === 'customer' ? 'gold' : 'default'}>{t(`kb.${article.visibility}`)}</Tag>
          </LinkedRow>
        ))}
      </ul>
      {problem.can.linkArticles ? (
        <Picker
          kind="articles"
          label={t('problemRecords.linkArticle')}
          exclude={problem.articles.map((article) => article.id)}
          onPick={(id) => void change(id, true)}
        />
      ) : null}
    </Card>
  );
}

interface LinkedProblem {
  id: string;
  title: string;
  status: string;
}

/** The problems an article is linked to (staff), with link and unlink for who writes articles. */
export function ArticleProblemsCard({
  articleId,
  problems,
  canLink,
  onChanged,
}: {
  articleId: string;
  problems: LinkedProblem[];
  canLink: boolean;
  onChanged: (article: unknown) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const change = (problemId: string, linked: boolean) =>
    run(async () => {
      const path = `/api/v1/articles/${articleId}/problems/${problemId}`;
      onChanged(await (linked ? api.put(path, {}) : api.delete(path)));
      await queryClient.invalidateQueries({ queryKey: problemKeys.detail(problemId) });
    });
  if (problems.length === 0 && !canLink) return null;
  return (
    <Card size="small" className="cd-card" title={t('kb.linkedProblems')}>
      <ProblemAlert error={error} />
      <ul className="cd-plain-list" data-testid="article-problems">
        {problems.map((problem) => (
          <LinkedRow
            key={problem.id}
            to={`/problems/${problem.id}`}
            title={problem.title}
            onUnlink={canLink ? () => void change(problem.id, false) : null}
            busy={busy}
          >
            <Tag>{t(`problemRecords.statuses.${problem.status}`)}</Tag>
          </LinkedRow>
        ))}
      </ul>
      {canLink ? (
        <Picker
          kind="problems"
          label={t('kb.linkProblem')}
          exclude={problems.map((problem) => problem.id)}
          onPick={(id) => void change(id, true)}
        />
      ) : null}
    </Card>
  );
}
