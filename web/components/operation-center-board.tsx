import Card from 'antd/es/card';
import Col from 'antd/es/col';
import Row from 'antd/es/row';
import Tag from 'antd/es/tag';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Dashboard, DueStep } from '../api/dashboard';
import { useFormat } from '../i18n/format';
import { LevelTag } from './case-bits';
import './operation-center.css';

const LEVEL_ACCENTS: Record<number, string> = { 1: '#cf1322', 2: '#d4380d', 3: '#d48806', 4: '#1d5fbf' };

/** "mm:ss" until an instant (the hour's window never needs hours); "0:00" once it has come. */
export function countdownText(dueAt: string, now: number): string {
  const seconds = Math.max(0, Math.ceil((Date.parse(dueAt) - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function Tile({ id, label, value, accent, hint }: { id: string; label: string; value: number; accent?: string; hint?: string }) {
  const format = useFormat();
  return (
    <Card size="small" className="cd-oc-tile" data-testid={`tile-${id}`} style={accent ? { borderTopColor: accent } : undefined}>
      <div className="cd-oc-tile-label">{label}</div>
      <div className="cd-oc-tile-value" data-testid={`tile-${id}-value`} style={accent && value > 0 ? { color: accent } : undefined}>
        {format.number(value)}
      </div>
      {hint ? <div className="cd-oc-tile-hint">{hint}</div> : null}
    </Card>
  );
}

/**
 * The Operation Center's tiles, the upgrading reports due within the hour (each counting down every second) and the
 * engineers on site. `wallboard`: large type for a screen across the room, and no links (nobody clicks a wall).
 * `now` is the server's time as this screen reckons it, so every screen counts down alike.
 */
export function OperationCenterBoard({ dashboard, now, wallboard = false }: { dashboard: Dashboard; now: number; wallboard?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const caseLabel = (caseId: string, number: string) =>
    wallboard ? <strong>{number}</strong> : <Link to={`/cases/${caseId}`}>{number}</Link>;
  const tiles = [
    { id: 'escalated', label: t('operationCenter.escalated'), value: dashboard.escalated, accent: '#cf1322' },
    { id: 'due-steps', label: t('operationCenter.dueSteps'), value: dashboard.dueSteps.count, accent: '#d4380d' },
    { id: 'unassigned', label: t('operationCenter.unassigned'), value: dashboard.unassigned, accent: '#d48806' },
    { id: 'waiting-customer', label: t('operationCenter.waitingOnCustomer'), value: dashboard.waitingOnCustomer },
    { id: 'breaches', label: t('operationCenter.breachesToday'), value: dashboard.firstResponseBreachesToday, accent: '#cf1322' },
    { id: 'on-site', label: t('operationCenter.onSite'), value: dashboard.onSite.engineers, accent: '#389e0d' },
  ];
  return (
    <div className={wallboard ? 'cd-oc cd-oc-large' : 'cd-oc'}>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={wallboard ? 8 : 4}>
          <Tile id="open" label={t('operationCenter.open')} value={dashboard.open} hint={t('operationCenter.openHint')} />
        </Col>
        {dashboard.openByLevel.map((row) => (
          <Col key={row.level} xs={12} sm={6} md={wallboard ? 4 : 5}>
            <Tile
              id={`level-${row.level}`}
              label={t('operationCenter.openAtLevel', { level: row.level })}
              value={row.count}
              accent={LEVEL_ACCENTS[row.level]}
            />
          </Col>
        ))}
        {tiles.map((tile) => (
          <Col key={tile.id} xs={12} sm={8} xl={4}>
            <Tile {...tile} />
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            className="cd-oc-list"
            title={t('operationCenter.dueStepsTitle', {
              duration: t('duration.minutesInWords', { count: dashboard.dueSteps.windowMinutes }),
            })}
            data-testid="due-steps"
          >
            {dashboard.dueSteps.items.length === 0 ? (
              <p className="cd-oc-empty">{t('operationCenter.noDueSteps')}</p>
            ) : (
              <ol className="cd-oc-rows">
                {dashboard.dueSteps.items.map((step: DueStep) => (
                  <li key={step.stepId} className="cd-oc-row" data-testid={`due-step-${step.caseNumber}`}>
                    <time className="cd-oc-countdown" dateTime={step.dueAt} title={format.dateTime(step.dueAt)} data-testid="countdown">
                      {countdownText(step.dueAt, now)}
                    </time>
                    <span className="cd-oc-row-main">
                      {caseLabel(step.caseId, step.caseNumber)} <LevelTag level={step.level} />
                      <span className="cd-oc-row-sub">
                        {step.customer} · {t(`escalationPosition.${step.position}`)}
                      </span>
                    </span>
                  </li>
                ))}
              </ol>
            )}
            {dashboard.dueSteps.count > dashboard.dueSteps.items.length ? (
              <p className="cd-muted">
                {t('operationCenter.moreDueSteps', { count: dashboard.dueSteps.count - dashboard.dueSteps.items.length })}
              </p>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" className="cd-oc-list" title={t('operationCenter.onSiteTitle')} data-testid="on-site">
            {dashboard.onSite.visits.length === 0 ? (
              <p className="cd-oc-empty">{t('operationCenter.nobodyOnSite')}</p>
            ) : (
              <ul className="cd-oc-rows">
                {dashboard.onSite.visits.map((visit) => (
                  <li key={visit.visitId} className="cd-oc-row">
                    <span className="cd-oc-row-main">
                      <strong>{visit.engineerName}</strong> {caseLabel(visit.caseId, visit.caseNumber)}
                      <span className="cd-oc-row-sub">
                        {visit.customer}
                        {visit.arrivedAt ? ` · ${t('operationCenter.since', { time: format.dateTime(visit.arrivedAt) })}` : ''}
                      </span>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** "Live" while the change stream is connected, else "refreshing every 30 s". */
export function LiveTag({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={connected ? 'green' : 'default'} data-testid="live-state" data-connected={connected}>
      {connected ? t('operationCenter.live') : t('operationCenter.polling')}
    </Tag>
  );
}
