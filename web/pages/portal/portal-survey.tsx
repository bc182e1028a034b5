import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { answerSurveyInPortal, useSurveys } from '../../api/service-loop';
import type { CaseDetail } from '../../api/types';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import { SurveyAnswerForm } from '../service/survey-entry';
import './portal.css';

/**
 * The case's satisfaction survey in the portal: the customer answers here as well as from the mailed link, and
 * afterwards reads when they did. Nothing shows before the service is done (no survey exists yet).
 */
export function PortalSurveyCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const surveys = useSurveys({ caseId: detail.id });
  const items = surveys.data ?? [];
  if (!surveys.error && items.length === 0) return null;
  return (
    <Card id="portal-survey" title={t('portal.survey.title')} size="small" className="cd-card" data-testid="portal-survey">
      <ProblemAlert error={surveys.error} />
      {items.map((survey) =>
        survey.status === 'answered' ? (
          <Alert
            key={survey.id}
            type="success"
            showIcon
            title={t('portal.survey.answered', { time: format.dateTime(survey.answeredAt) })}
            description={t('portal.survey.thanks')}
          />
        ) : (
          <div key={survey.id}>
            <p>{t('portal.survey.intro')}</p>
            <SurveyAnswerForm
              survey={survey}
              staff={false}
              submitText={t('portal.survey.send')}
              savedText={t('portal.survey.sent')}
              send={(input) => answerSurveyInPortal(survey.id, input)}
            />
          </div>
        ),
      )}
    </Card>
  );
}

/** Brings a card of the case page into view (the links stay plain anchors, so they work without the router too). */
function jumpTo(event: MouseEvent<HTMLAnchorElement>, id: string) {
  event.preventDefault();
  document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

/**
 * At the top of a resolved case: what the customer is asked to do now — confirm the service, answer the survey — with
 * links down to the cards, which on a phone sit below the conversation.
 */
export function PortalToDo({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const surveys = useSurveys({ caseId: detail.id });
  const confirm = detail.status === 'resolved' && detail.can.confirmServiceRecord;
  const answer = (surveys.data ?? []).some((survey) => survey.status !== 'answered');
  if (!confirm && !answer) return null;
  return (
    <Alert
      type="info"
      showIcon
      className="cd-card"
      data-testid="portal-to-do"
      title={t('portal.toDo.title')}
      description={
        <span className="cd-portal-to-do">
          {confirm ? (
            <a href="#service-record" onClick={(event) => jumpTo(event, 'service-record')}>
              {t('portal.toDo.confirm')}
            </a>
          ) : null}
          {answer ? (
            <a href="#portal-survey" onClick={(event) => jumpTo(event, 'portal-survey')}>
              {t('portal.toDo.survey')}
            </a>
          ) : null}
        </span>
      }
    />
  );
}
