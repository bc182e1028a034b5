import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseCc } from './case-cc';
import { CaseContact } from './case-contact';
import { Link, useParams } from 'react-router-dom';
import { useCase } from '../../api/cases';
import { ApiProblem } from '../../api/client';
import { useProductIdsBySerial } from '../../api/products';
import { useSession } from '../../api/session';
import type { CaseDetail } from '../../api/types';
import { BillingTag, LevelTag, StatusTag, TimeUntil, useNow } from '../../components/case-bits';
import { FollowUpPanel } from '../../components/follow-up-panel';
import { PageLoading } from '../../components/page-loading';
import { ProblemAlert } from '../../components/problem';
import { useFormat } from '../../i18n/format';
import { AssignmentCard, LevelCard, NoteCard, RemoteAuthorizationCard, ServiceActionCard, TransitionCard } from './case-actions';
import { VendorEscalationCard } from './vendor-escalation';
import { ExchangesPanel } from './exchanges-panel';
import { EscalationLadder } from './ladder';
import { CaseTimeline } from './timeline';
import { ServiceRecordPanel } from '../service/service-record-panel';
import { VisitPanel } from '../service/visit-panel';

/** One case at /cases/{id}: the same URL for staff and for the customer, each seeing what they may. */
export default function CaseViewPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useCase(id);

  if (detail.isPending) return <PageLoading />;
  if (detail.error instanceof ApiProblem && (detail.error.status === 404 || detail.error.status === 403)) {
    return (
      <Alert type="warning" showIcon role="alert" title={t('case.notFound', { id })} action={<Link to="/">{t('app.backHome')}</Link>} />
    );
  }
  if (!detail.data) return <ProblemAlert error={detail.error} />;
  // The portal view is for whoever may not see the company-internal side of the case.
  return detail.data.can.seeInternal ? <StaffCaseView detail={detail.data} /> : <CustomerCaseView detail={detail.data} />;
}

function CaseHeader({ detail, customer }: { detail: CaseDetail; customer: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow(30_000);
  return (
    <Card className="cd-card" size="small">
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} className="cd-page-title" style={{ marginBottom: 0 }}>
          {detail.number}
        </Typography.Title>
        <LevelTag level={detail.level} />
        <StatusTag status={detail.status} />
        {customer ? null : <BillingTag billing={detail.billing} />}
        {detail.outsideContractItems > 0 ? (
          <Tag color="red" data-testid="outside-contract-flag" title={t('itemBilling.caseFlagHelp')}>
            {t('itemBilling.caseFlag', { count: detail.outsideContractItems })}
          </Tag>
        ) : null}
      </Space>
      <Typography.Title level={3} style={{ marginTop: 0 }} className="cd-case-title">
        {detail.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={t('case.customer')}>{detail.organizationName}</Descriptions.Item>
        <Descriptions.Item label={t('case.contact')}>
          <CaseContact detail={detail} />
        </Descriptions.Item>
        <Descriptions.Item label={t('case.cc')}>
          <CaseCc detail={detail} />
        </Descriptions.Item>
        <Descriptions.Item label={t('case.receivedAt')}>{format.dateTime(detail.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('case.kind')}>{t(`kind.${detail.kind}`)}</Descriptions.Item>
        {customer ? null : <Descriptions.Item label={t('case.channel')}>{t(`channel.${detail.channel}`)}</Descriptions.Item>}
        <Descriptions.Item label={t('case.department')}>{detail.departmentName ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('case.assignee')}>{detail.assigneeName ?? t('case.unassigned')}</Descriptions.Item>
        <Descriptions.Item label={t('case.products')}>
          <SerialNumbers serials={detail.serialNumbers} linked={!customer} />
        </Descriptions.Item>
        {customer ? null : (
          <Descriptions.Item label={t('case.nextEscalation')}>
            {detail.resolvedAt ? t('common.none') : <TimeUntil iso={detail.nextEscalationDueAt} now={now} />}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('case.remoteAuthorized')}>
          {detail.remoteAuthorizedAt ? format.dateTime(detail.remoteAuthorizedAt) : t('common.no')}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The case's serial numbers; for staff each one on record links to its product page (an unknown serial stays text). */
function SerialNumbers({ serials, linked }: { serials: string[]; linked: boolean }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const productIds = useProductIdsBySerial(serials, linked && can('assets.read'));
  if (serials.length === 0) return <>{t('common.none')}</>;
  return (
    <span data-testid="case-serials">
      {serials.map((serial, index) => {
        const id = linked ? productIds.get(serial) : undefined;
        return (
          <Fragment key={serial}>
            {index > 0 ? ', ' : null}
            {id ? <Link to={`/products/${id}`}>{serial}</Link> : serial}
          </Fragment>
        );
      })}
    </span>
  );
}

function Description({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('case.description')} size="small" className="cd-card">
      {/* Plain text, never HTML: whatever a customer or an e-mail typed is shown exactly as typed. */}
      <p className="cd-text" data-testid="case-description">
        {detail.description}
      </p>
    </Card>
  );
}

function ResponsePlan({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const plan = detail.responsePlan;
  return (
    <Card title={t('plan.title')} size="small" className="cd-card">
      <p>
        <strong>{t(`faultClass.${plan.faultClass ?? 'request'}`)}</strong>:{' '}
        {plan.steps.map((step) => `${t(`action.${step.action}`)} (${t(`planMode.${step.mode}`)})`).join(' → ')}
      </p>
      {plan.nextStep ? (
        <Alert
          type="info"
          showIcon
          title={t('plan.next', { action: t(`action.${plan.nextStep.action}`) })}
          description={plan.nextStep.needsRemoteAuthorisation ? t('plan.needsAuthorization') : undefined}
        />
      ) : (
        <p className="cd-muted">{detail.resolvedAt ? t('plan.resolved') : t('plan.done')}</p>
      )}
    </Card>
  );
}

function StaffCaseView({ detail }: { detail: CaseDetail }) {
  const can = detail.can;
  return (
    <>
      <CaseHeader detail={detail} customer={false} />
      <div className="cd-case-grid">
        <div>
          <Description detail={detail} />
          {can.noteInternal || can.replyPublic ? <NoteCard detail={detail} /> : null}
          <CaseTimeline caseId={detail.id} />
        </div>
        <div>
          <EscalationLadder detail={detail} />
          <ResponsePlan detail={detail} />
          <TransitionCard detail={detail} />
          {can.work ? <ServiceActionCard detail={detail} /> : null}
          {can.authorizeRemote ? <RemoteAuthorizationCard detail={detail} /> : null}
          {can.assign ? <AssignmentCard detail={detail} /> : null}
          {can.changeLevel ? <LevelCard detail={detail} /> : null}
          <VendorEscalationCard detail={detail} />
          <VisitPanel detail={detail} />
          <ExchangesPanel detail={detail} />
          <ServiceRecordPanel detail={detail} />
          <FollowUpPanel detail={detail} />
        </div>
      </div>
    </>
  );
}

function CustomerCaseView({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <CaseHeader detail={detail} customer />
      <div className="cd-case-grid">
        <div>
          <Description detail={detail} />
          {detail.can.replyPublic ? <NoteCard detail={detail} customer /> : null}
          <CaseTimeline caseId={detail.id} />
        </div>
        <div>
          <TransitionCard detail={detail} />
          {detail.remoteAuthorizedAt ? (
            <Alert
              type="success"
              showIcon
              title={t('portal.remoteAuthorized', { time: format.dateTime(detail.remoteAuthorizedAt) })}
              className="cd-card"
            />
          ) : detail.can.authorizeRemote ? (
            <RemoteAuthorizationCard detail={detail} customer />
          ) : null}
          <ServiceRecordPanel detail={detail} />
        </div>
      </div>
    </>
  );
}
