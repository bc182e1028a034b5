import Alert from 'antd/es/alert';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import Button from 'antd/es/button';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseCc } from './case-cc';
import { CaseProblemsCard } from './case-problems';
import { FirstResponseStatus } from '../../components/first-response';
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
import {
  AssigneeField,
  DepartmentField,
  LevelDialog,
  NoteCard,
  RemoteAuthorizationCard,
  RemoteAuthorizationDialog,
  ServiceActionDialog,
  TransitionCard,
  TransitionControls,
} from './case-actions';
import { VendorEscalationCard } from './vendor-escalation';
import { ExchangesPanel } from './exchanges-panel';
import { EscalationLadder } from './ladder';
import { CaseTimeline } from './timeline';
import { ServiceRecordPanel } from '../service/service-record-panel';
import { mayScheduleVisit, ScheduleVisitDialog, VisitPanel } from '../service/visit-panel';
import { LinkedArticlesCard } from '../../components/article-links';
import { SimilarCasesCard } from './similar-cases-card';
import { CaseShortcuts } from './case-shortcuts';
import { PortalSurveyCard, PortalToDo } from '../portal/portal-survey';

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
  // Keyed by the case: moving to the next case (j/k, a link) starts with an empty composer, never the last case's draft.
  return detail.data.can.seeInternal ? (
    <StaffCaseView key={detail.data.id} detail={detail.data} />
  ) : (
    <CustomerCaseView key={detail.data.id} detail={detail.data} />
  );
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
        <OutsideContractFlag detail={detail} />
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

/**
 * The staff case page, conversation first: the composer and the conversation (newest first) on the left; on the right
 * (below on a phone) the case's properties edited in place, the rare actions as buttons that open dialogs, the
 * escalation ladder and the response plan, then the panels that show the case's records.
 */
function StaffCaseView({ detail }: { detail: CaseDetail }) {
  const can = detail.can;
  return (
    <>
      <CaseShortcuts detail={detail} />
      <StaffCaseHeader detail={detail} />
      <div className="cd-case-grid cd-case-page">
        <div className="cd-case-main">
          {can.noteInternal || can.replyPublic ? <NoteCard detail={detail} /> : null}
          <CaseTimeline caseId={detail.id} />
        </div>
        <div className="cd-case-side">
          <CaseProperties detail={detail} />
          <EscalationLadder detail={detail} />
          <ResponsePlan detail={detail} />
          <CaseProblemsCard detail={detail} />
          <VendorEscalationCard detail={detail} />
          <VisitPanel detail={detail} />
          <ExchangesPanel detail={detail} />
          <ServiceRecordPanel detail={detail} />
          <FollowUpPanel detail={detail} />
          <LinkedArticlesCard caseId={detail.id} customer={false} />
          <SimilarCasesCard caseId={detail.id} customer={false} />
        </div>
      </div>
    </>
  );
}

/** Number, level, status and title in one line or two; the customer's description is the conversation's first message. */
function StaffCaseHeader({ detail }: { detail: CaseDetail }) {
  return (
    <Card className="cd-card cd-case-header" size="small">
      <div className="cd-case-header-row">
        <Space wrap align="center" size={6}>
          <Typography.Title level={2} className="cd-page-title" style={{ marginBottom: 0 }}>
            {detail.number}
          </Typography.Title>
          <LevelTag level={detail.level} />
          <StatusTag status={detail.status} />
          <BillingTag billing={detail.billing} />
          <OutsideContractFlag detail={detail} />
        </Space>
        <CaseActions detail={detail} />
      </div>
      <Typography.Title level={3} style={{ margin: '4px 0' }} className="cd-case-title">
        {detail.title}
      </Typography.Title>
    </Card>
  );
}

function OutsideContractFlag({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (detail.outsideContractItems === 0) return null;
  return (
    <Tag color="red" data-testid="outside-contract-flag" title={t('itemBilling.caseFlagHelp')}>
      {t('itemBilling.caseFlag', { count: detail.outsideContractItems })}
    </Tag>
  );
}

/** The case's properties at a glance; status, department and assignee are changed right here when the server allows. */
function CaseProperties({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow(30_000);
  const assign = detail.can.assign;
  return (
    <Card title={t('casePage.properties')} size="small" className="cd-card cd-case-properties" data-testid="case-properties">
      <Space wrap size={6} style={{ marginBottom: 6 }}>
        <StatusTag status={detail.status} />
        <LevelTag level={detail.level} />
        <BillingTag billing={detail.billing} />
      </Space>
      <TransitionControls detail={detail} />
      <dl className="cd-props">
        <Property label={t('case.department')}>
          {assign ? <DepartmentField detail={detail} /> : (detail.departmentName ?? t('common.none'))}
        </Property>
        <Property label={t('case.assignee')}>
          {assign ? <AssigneeField detail={detail} /> : (detail.assigneeName ?? t('case.unassigned'))}
        </Property>
        <Property label={t('case.customer')}>{detail.organizationName}</Property>
        <Property label={t('case.contact')}>
          <CaseContact detail={detail} />
        </Property>
        <Property label={t('case.cc')}>
          <CaseCc detail={detail} />
        </Property>
        <Property label={t('case.products')}>
          <SerialNumbers serials={detail.serialNumbers} linked />
        </Property>
        <Property label={t('case.nextEscalation')}>
          {detail.resolvedAt ? t('common.none') : <TimeUntil iso={detail.nextEscalationDueAt} now={now} />}
        </Property>
        <Property label={t('case.receivedAt')}>
          {format.dateTime(detail.receivedAt)} · {t(`channel.${detail.channel}`)} · {t(`kind.${detail.kind}`)}
        </Property>
        {detail.targets ? (
          <>
            <Property label={t('case.firstResponded')}>
              <span data-testid="first-response-target">
                <FirstResponseStatus
                  dueAt={detail.firstResponseDueAt}
                  respondedAt={detail.firstRespondedAt}
                  resolvedAt={detail.resolvedAt}
                  now={now}
                />
              </span>
              {detail.targets.firstResponseBusinessMinutes === null ? null : (
                <span data-testid="first-response-time">
                  {' · '}
                  {t('case.businessTime', { duration: format.duration(detail.targets.firstResponseBusinessMinutes * 60_000) })}
                </span>
              )}
            </Property>
            <Property label={t('case.resolutionTime')}>
              <span data-testid="resolution-time">
                {detail.targets.resolutionBusinessMinutes === null
                  ? t('common.none')
                  : t('case.businessTime', { duration: format.duration(detail.targets.resolutionBusinessMinutes * 60_000) })}
              </span>
            </Property>
            <Property label={t('case.highestEscalation')}>
              {detail.targets.highestEscalation ? t(`escalationPosition.${detail.targets.highestEscalation}`) : t('common.none')}
            </Property>
          </>
        ) : null}
        <Property label={t('case.remoteAuthorized')}>
          {detail.remoteAuthorizedAt ? format.dateTime(detail.remoteAuthorizedAt) : t('common.no')}
        </Property>
      </dl>
    </Card>
  );
}

/** One property of the case: its name, and its value (or the field that changes it). */
function Property({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

type CaseDialog = 'service' | 'remote' | 'level' | 'visit';

/** The rare actions, each a button in the header opening its dialog; only those the server (or the session's abilities) allow. */
function CaseActions({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState<CaseDialog | null>(null);
  const close = () => setOpen(null);
  const offered: { key: CaseDialog; label: string }[] = [
    ...(detail.can.work ? [{ key: 'service' as const, label: t('casePage.serviceAction') }] : []),
    ...(detail.can.authorizeRemote && !detail.remoteAuthorizedAt
      ? [{ key: 'remote' as const, label: t('casePage.remoteAuthorization') }]
      : []),
    ...(detail.can.changeLevel ? [{ key: 'level' as const, label: t('casePage.levelChange') }] : []),
    ...(mayScheduleVisit(detail, can) ? [{ key: 'visit' as const, label: t('casePage.scheduleVisit') }] : []),
  ];
  if (offered.length === 0) return null;
  return (
    <div role="group" aria-label={t('casePage.actions')} className="cd-case-actions" data-testid="case-actions">
      <Space wrap size={6}>
        {offered.map((action) => (
          <Button key={action.key} size="small" onClick={() => setOpen(action.key)}>
            {action.label}
          </Button>
        ))}
      </Space>
      {open === 'service' ? <ServiceActionDialog detail={detail} onClose={close} /> : null}
      {open === 'remote' ? <RemoteAuthorizationDialog detail={detail} onClose={close} /> : null}
      {open === 'level' ? <LevelDialog detail={detail} onClose={close} /> : null}
      {open === 'visit' ? <ScheduleVisitDialog detail={detail} onClose={close} /> : null}
    </div>
  );
}

function CustomerCaseView({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <>
      <CaseHeader detail={detail} customer />
      <PortalToDo detail={detail} />
      <div className="cd-case-grid">
        <div>
          {detail.can.replyPublic ? <NoteCard detail={detail} customer /> : null}
          <CaseTimeline caseId={detail.id} />
        </div>
        <div>
          <TransitionCard detail={detail} />
          <LinkedArticlesCard caseId={detail.id} customer />
          {detail.remoteAuthorizedAt ? (
            <Alert
              type="success"
              showIcon
              title={t('portal.remoteAuthorized', { time: format.dateTime(detail.remoteAuthorizedAt) })}
              className="cd-card"
            />
          ) : detail.can.authorizeRemote ? (
            <RemoteAuthorizationCard detail={detail} />
          ) : null}
          <ServiceRecordPanel detail={detail} />
          <PortalSurveyCard detail={detail} />
          <SimilarCasesCard caseId={detail.id} customer />
        </div>
      </div>
    </>
  );
}
