import Segmented from 'antd/es/segmented';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSurveys, type Survey, type SurveyQuery } from '../../api/service-loop';
import { useSession } from '../../api/session';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import { SurveyEntryButton } from './survey-entry';
import './service.css';
import { SatisfactionTabs } from './satisfaction-tabs';

type StatusFilter = NonNullable<SurveyQuery['status']> | 'all';
const STATUS_COLOURS: Record<Survey['status'], string> = { sent: 'blue', 'awaiting-entry': 'gold', answered: 'green' };

/** Follow-up surveys at /surveys: who was asked about what, the answers, and entry of answers taken by staff. */
export default function SurveysPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { can } = useSession();
  const [status, setStatus] = useState<StatusFilter>('all');
  const surveys = useSurveys(status === 'all' ? {} : { status });

  return (
    <>
      <Typography.Title level={2} className="cd-page-title">
        {t('service.surveys.title')}
      </Typography.Title>
      <SatisfactionTabs />
      <Segmented<StatusFilter>
        className="cd-segmented"
        aria-label={t('service.surveys.status')}
        value={status}
        onChange={setStatus}
        options={(['all', 'awaiting-entry', 'sent', 'answered'] as const).map((value) => ({
          value,
          label: value === 'all' ? t('service.surveys.all') : t(`service.surveyStatus.${value}`),
        }))}
        style={{ marginBottom: 12 }}
      />
      <ProblemAlert error={surveys.error} />
      <Table<Survey>
        rowKey="id"
        size="small"
        loading={surveys.isPending}
        dataSource={surveys.data ?? []}
        scroll={{ x: 900 }}
        pagination={false}
        locale={{ emptyText: t('service.surveys.none') }}
        columns={[
          { key: 'subject', title: t('service.surveys.subject'), render: (_, survey) => t(`service.subject.${survey.subject}`) },
          { key: 'customer', title: t('service.surveys.customer'), dataIndex: 'organizationName' },
          {
            key: 'case',
            title: t('service.surveys.case'),
            render: (_, survey) => (survey.caseId ? <Link to={`/cases/${survey.caseId}`}>{survey.caseNumber}</Link> : t('common.none')),
          },
          { key: 'person', title: t('service.surveys.person'), render: (_, survey) => survey.personName ?? t('common.none') },
          { key: 'created', title: t('service.surveys.created'), render: (_, survey) => format.dateTime(survey.createdAt) },
          {
            key: 'status',
            title: t('service.surveys.status'),
            render: (_, survey) => (
              <>
                <Tag color={STATUS_COLOURS[survey.status]}>{t(`service.surveyStatus.${survey.status}`)}</Tag>
                {survey.channel ? (
                  <span className="cd-muted">{t(`service.channel.${survey.channel}`, { defaultValue: survey.channel })}</span>
                ) : null}
              </>
            ),
          },
          {
            key: 'scores',
            title: t('service.surveys.scores'),
            render: (_, survey) => (
              <div className="cd-score-row">
                {survey.questions
                  .filter((question) => survey.scores[question] !== undefined)
                  .map((question) => (
                    <span key={question}>
                      {t('common.labelled', { label: t(`service.question.${question}`) })}
                      <strong>{survey.scores[question]}</strong>
                    </span>
                  ))}
                {survey.comment ? <span className="cd-text">“{survey.comment}”</span> : null}
              </div>
            ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, survey) => (survey.status !== 'answered' && can('surveys.enter') ? <SurveyEntryButton survey={survey} /> : null),
          },
        ]}
      />
    </>
  );
}
