import { useQuery, useQueryClient } from '@tanstack/react-query';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Tabs from 'antd/es/tabs';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { renderMarkdown } from '../../src/domain/articles/markdown.js';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { useAction } from '../components/form-dialog';
import { HelpSearchResults } from '../components/help-search';
import { ArticleProblemsCard } from '../components/knowledge-links';
import { ProblemAlert } from '../components/problem';
import { useFormat } from '../i18n/format';
import { ArticleList, useArticles, type Article, type ArticleFilters, type Language } from '../components/article-links';

interface ArticleVersion {
  id: string;
  language: Language;
  version: number;
  title: string;
  html: string;
  createdAt: string;
}

/** An article's text as the server rendered and sanitised it, with the note when it is not in the reader's language. */
export function ArticleReader({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const article = useQuery({ queryKey: ['article', id], queryFn: () => api.get<Article>(`/api/v1/articles/${id}`) });
  const { busy, error, run } = useAction();
  if (article.error) return <ProblemAlert error={article.error} />;
  const data = article.data;
  if (!data) return null;
  const answer = (helpful: boolean) =>
    run(async () => {
      queryClient.setQueryData(['article', id], await api.put<Article>(`/api/v1/articles/${id}/feedback`, { helpful }));
    });
  return (
    <article className="cd-article" lang={data.language ?? undefined}>
      <Typography.Title level={3}>{data.title}</Typography.Title>
      {data.shownInOtherLanguage && data.language ? (
        <p className="cd-muted" role="note">
          {t('kb.otherLanguage', { language: t(`languageName.${data.language}`) })}
        </p>
      ) : null}
      <div className="cd-article-body" dangerouslySetInnerHTML={{ __html: data.html }} />
      {data.can.giveFeedback ? (
        <Space wrap style={{ marginTop: 16 }}>
          <span>{t('kb.helpful')}</span>
          <Button size="small" type={data.feedback.mine === true ? 'primary' : 'default'} loading={busy} onClick={() => void answer(true)}>
            {t('kb.yes')}
          </Button>
          <Button
            size="small"
            type={data.feedback.mine === false ? 'primary' : 'default'}
            loading={busy}
            onClick={() => void answer(false)}
          >
            {t('kb.no')}
          </Button>
          {data.feedback.mine !== null ? <span className="cd-muted">{t('kb.thanks')}</span> : null}
        </Space>
      ) : null}
      <ProblemAlert error={error} />
    </article>
  );
}

const emptyTexts = { en: { title: '', body: '' }, 'zh-CN': { title: '', body: '' } };

/** Writing an article in both languages, each with a preview of its Markdown. */
function ArticleEditor({ article, onDone }: { article: Article | null; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [texts, setTexts] = useState(() => {
    const start = structuredClone(emptyTexts);
    for (const version of article?.languages ?? []) start[version.language] = { title: version.title, body: version.body };
    return start;
  });
  const [category, setCategory] = useState(article?.category ?? '');
  const [tags, setTags] = useState((article?.tags ?? []).join(', '));
  const [visibility, setVisibility] = useState<'internal' | 'customer'>(article?.visibility ?? 'internal');
  const { busy, error, run } = useAction();
  const save = () =>
    run(async () => {
      const original = Object.fromEntries((article?.languages ?? []).map((version) => [version.language, version]));
      const changed = Object.fromEntries(
        (['en', 'zh-CN'] as const)
          .filter((language) => texts[language].title.trim() !== '')
          .filter((language) => texts[language].title !== original[language]?.title || texts[language].body !== original[language]?.body)
          .map((language) => [language, texts[language]]),
      );
      const body = {
        category: category.trim() || null,
        tags: tags
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
        visibility,
        texts: changed,
      };
      const saved = article
        ? await api.patch<Article>(`/api/v1/articles/${article.id}`, body)
        : await api.post<Article>('/api/v1/articles', body);
      await queryClient.invalidateQueries({ queryKey: ['articles'] });
      await queryClient.invalidateQueries({ queryKey: ['article', saved.id] });
      onDone(saved.id);
    });
  const languageTab = (language: Language) => ({
    key: language,
    label: language === 'en' ? t('kb.english') : t('kb.chinese'),
    children: (
      <>
        <Input
          aria-label={`${t('kb.articleTitle')} (${language})`}
          placeholder={t('kb.articleTitle')}
          value={texts[language].title}
          onChange={(event) => setTexts({ ...texts, [language]: { ...texts[language], title: event.target.value } })}
          style={{ marginBottom: 8 }}
        />
        <Input.TextArea
          aria-label={`${t('kb.body')} (${language})`}
          placeholder={t('kb.body')}
          value={texts[language].body}
          autoSize={{ minRows: 6, maxRows: 20 }}
          onChange={(event) => setTexts({ ...texts, [language]: { ...texts[language], body: event.target.value } })}
        />
        <Typography.Text strong>{t('kb.preview')}</Typography.Text>
        {/* The domain renderer escapes every character of the text, so the preview cannot run anything. */}
        <div className="cd-article-body cd-preview" dangerouslySetInnerHTML={{ __html: renderMarkdown(texts[language].body) }} />
      </>
    ),
  });
  return (
    <Card size="small" className="cd-card" title={article ? t('kb.edit') : t('kb.newArticle')}>
      <ProblemAlert error={error} />
      <Space wrap style={{ marginBottom: 8 }}>
        <Input
          aria-label={t('kb.category')}
          placeholder={t('kb.category')}
          value={category}
          onChange={(event) => setCategory(event.target.value)}
        />
        <Input aria-label={t('kb.tags')} placeholder={t('kb.tags')} value={tags} onChange={(event) => setTags(event.target.value)} />
        <Select
          aria-label={t('kb.visibility')}
          value={visibility}
          onChange={setVisibility}
          options={[
            { value: 'internal', label: t('kb.internal') },
            { value: 'customer', label: t('kb.customer') },
          ]}
          style={{ minWidth: 160 }}
        />
      </Space>
      <Tabs items={[languageTab('en'), languageTab('zh-CN')]} />
      <Button type="primary" loading={busy} onClick={() => void save()}>
        {t('kb.save')}
      </Button>
    </Card>
  );
}

function Versions({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const versions = useQuery({
    queryKey: ['article', id, 'versions'],
    queryFn: () => api.get<ArticleVersion[]>(`/api/v1/articles/${id}/versions`),
  });
  return (
    <Card size="small" className="cd-card" title={t('kb.versions')}>
      <ProblemAlert error={versions.error} />
      {(versions.data ?? []).map((version) => (
        <details key={version.id}>
          <summary>
            {version.language} · {t('kb.version', { version: version.version })} · {version.title} · {format.dateTime(version.createdAt)}
          </summary>
          <div className="cd-article-body" dangerouslySetInnerHTML={{ __html: version.html }} />
        </details>
      ))}
    </Card>
  );
}

function StaffArticle({ id }: { id: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // `?edit=1`: opened for editing, as after writing a known error up as an article.
  const [params] = useSearchParams();
  const [editing, setEditing] = useState(params.get('edit') === '1');
  const article = useQuery({ queryKey: ['article', id], queryFn: () => api.get<Article>(`/api/v1/articles/${id}`) });
  const { busy, error, run } = useAction();
  const data = article.data;
  if (!data) return <ProblemAlert error={article.error} />;
  const publish = (published: boolean) =>
    run(async () => {
      queryClient.setQueryData(['article', id], await api.post<Article>(`/api/v1/articles/${id}/${published ? 'publish' : 'unpublish'}`));
      await queryClient.invalidateQueries({ queryKey: ['articles'] });
    });
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag color={data.status === 'published' ? 'green' : 'default'}>{t(`kb.${data.status}`)}</Tag>
        <Tag color={data.visibility === 'customer' ? 'gold' : 'default'}>{t(`kb.${data.visibility}`)}</Tag>
        {data.can.edit ? <Button onClick={() => setEditing(!editing)}>{t('kb.edit')}</Button> : null}
        {data.can.publish ? (
          <Button loading={busy} onClick={() => void publish(data.status !== 'published')}>
            {data.status === 'published' ? t('kb.unpublish') : t('kb.publish')}
          </Button>
        ) : null}
        <span className="cd-muted">{t('kb.counts', { helpful: data.feedback.helpful, notHelpful: data.feedback.notHelpful })}</span>
      </Space>
      <ProblemAlert error={error} />
      {editing ? <ArticleEditor key={data.id} article={data} onDone={() => setEditing(false)} /> : null}
      <Card size="small" className="cd-card">
        <ArticleReader id={id} />
      </Card>
      {data.linkedCaseIds && data.linkedCaseIds.length > 0 ? (
        <Card size="small" className="cd-card" title={t('kb.linkedArticles')}>
          {data.linkedCaseIds.map((caseId) => (
            <div key={caseId}>
              <Link to={`/cases/${caseId}`}>{caseId}</Link>
            </div>
          ))}
        </Card>
      ) : null}
      {data.linkedProblems ? (
        <ArticleProblemsCard
          articleId={id}
          problems={data.linkedProblems}
          canLink={data.can.link}
          onChanged={(saved) => queryClient.setQueryData(['article', id], saved)}
        />
      ) : null}
      <Versions id={id} />
    </>
  );
}

/** The staff knowledge base: filter, read in one's language, write and publish. */
export default function KnowledgeBasePage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const { id } = useParams();
  const [filters, setFilters] = useState<ArticleFilters>({});
  const [creating, setCreating] = useState(false);
  const articles = useArticles(filters);
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('kb.title')}
      </Typography.Title>
      {id ? (
        <>
          <Link to="/knowledge-base">{t('kb.back')}</Link>
          <StaffArticle key={id} id={id} />
        </>
      ) : (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <Input.Search
              aria-label={t('kb.searchTitle')}
              placeholder={t('kb.searchTitle')}
              allowClear
              onSearch={(title) => setFilters({ ...filters, title })}
            />
            <Input.Search
              aria-label={t('kb.category')}
              placeholder={t('kb.category')}
              allowClear
              onSearch={(category) => setFilters({ ...filters, category })}
            />
            <Input.Search
              aria-label={t('kb.tag')}
              placeholder={t('kb.tag')}
              allowClear
              onSearch={(tag) => setFilters({ ...filters, tag })}
            />
            <Select
              aria-label={t('kb.visibility')}
              value={filters.visibility ?? ''}
              onChange={(visibility) => setFilters({ ...filters, visibility })}
              options={[
                { value: '', label: t('kb.anyVisibility') },
                { value: 'internal', label: t('kb.internal') },
                { value: 'customer', label: t('kb.customer') },
              ]}
              style={{ minWidth: 160 }}
            />
            {can('articles.write') ? <Button onClick={() => setCreating(!creating)}>{t('kb.newArticle')}</Button> : null}
          </Space>
          {creating ? <ArticleEditor article={null} onDone={(created) => navigate(`/knowledge-base/${created}`)} /> : null}
          <Card size="small" className="cd-card">
            <ProblemAlert error={articles.error} />
            <ArticleList items={articles.data?.items} base="/knowledge-base" />
          </Card>
        </>
      )}
    </>
  );
}

/** The portal's help articles: the API gives a customer published customer-visible articles only. */
export function HelpArticlesPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [q, setQ] = useState('');
  const articles = useArticles({});
  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('kb.help')}
      </Typography.Title>
      {id ? (
        <>
          <Link to="/portal/help">{t('kb.back')}</Link>
          <Card size="small" className="cd-card">
            <ArticleReader key={id} id={id} />
          </Card>
        </>
      ) : (
        <Card size="small" className="cd-card">
          <Input.Search
            aria-label={t('kb.searchHelp')}
            placeholder={t('kb.searchHelp')}
            allowClear
            onSearch={(value) => setQ(value.trim())}
            style={{ marginBottom: 8 }}
          />
          {q ? (
            <HelpSearchResults q={q} />
          ) : (
            <>
              <ProblemAlert error={articles.error} />
              <ArticleList items={articles.data?.items} base="/portal/help" />
            </>
          )}
        </Card>
      )}
    </>
  );
}
