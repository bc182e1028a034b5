import Card from 'antd/es/card';
import Tag from 'antd/es/tag';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useTimeline } from '../../api/cases';
import type { TimelineEntry } from '../../api/types';
import { ProblemAlert } from '../../components/problem';
import { i18n } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { AttachmentList } from './case-files';

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** One line that says what happened, in the reader's language; free text (notes, summaries) is shown below it as text. */
function describe(entry: TimelineEntry, t: TFunction): { headline: string; body: string | null } {
  const data = entry.data;
  switch (entry.kind) {
    case 'case.created':
      return { headline: t('timeline.case_created', { channel: t(`channel.${text(data.channel)}`), level: text(data.level) }), body: null };
    case 'case.transitioned':
      return {
        headline: t(data.reopened ? 'timeline.case_reopened' : 'timeline.case_transitioned', {
          from: t(`status.${text(data.from)}`),
          to: t(`status.${text(data.to)}`),
        }),
        body: text(data.note) || null,
      };
    case 'case.level-changed':
      return {
        headline: t('timeline.case_level-changed', { from: text(data.from), to: text(data.to), reason: text(data.reason) }),
        body: null,
      };
    case 'case.note':
      return {
        headline: t(entry.visibility === 'public' ? 'timeline.case_note_public' : 'timeline.case_note_internal'),
        body: text(data.body),
      };
    case 'case.action-recorded': {
      const billing = data.billing as { reasonCode?: unknown } | undefined;
      const outside = billing?.reasonCode === 'outside-contract' ? ` — ${t('itemBilling.outside-contract')}` : '';
      return {
        headline: `${t('timeline.case_action-recorded', { action: t(`action.${text(data.type)}`) })}${outside}`,
        body: [text(data.summary), text(data.outcome)].filter(Boolean).join('\n') || null,
      };
    }
    case 'vendor-escalation.report-sent':
      return { headline: t('timeline.vendor-escalation_report-sent', { to: text(data.to) }), body: text(data.subject) || null };
    case 'escalation.fired':
    case 'escalation.delivered':
    case 'escalation.acknowledged': {
      const position = t(`escalationPosition.${text(data.position)}`);
      const recipients = Array.isArray(data.recipients)
        ? (data.recipients as { name?: unknown; email?: unknown }[])
            .map((recipient) => text(recipient.name) || text(recipient.email))
            .join(', ')
        : '';
      return {
        headline: t(`timeline.${entry.kind.replaceAll('.', '_')}`, { position, level: text(data.level), hours: text(data.afterHours) }),
        body:
          entry.kind === 'escalation.acknowledged' ? null : recipients ? t('ladder.toldWho', { names: recipients }) : t('ladder.nobody'),
      };
    }
    case 'case.assigned':
    case 'case.updated':
    case 'case.remote-authorized':
    case 'escalation.replanned':
    case 'vendor-escalation.opened':
    case 'vendor-escalation.updated':
    case 'case.policy-reapplied':
      return {
        headline: t(`timeline.${entry.kind.replaceAll('.', '_')}`),
        body: entry.kind === 'case.remote-authorized' ? text(data.grantedBy) || null : null,
      };
    case 'notification.sent':
      return { headline: t('timeline.notification_sent', { to: text(data.to) }), body: text(data.subject) || null };
    case 'notification.bounced':
      return { headline: t('timeline.notification_bounced', { to: text(data.to) }), body: text(data.subject) || null };
    case 'case.follow-up-of':
      return { headline: t('timeline.case_follow_up_of', { number: text(data.number) }), body: null };
    case 'configuration.alert':
      return {
        headline: t(data.cause === 'no-department' ? 'timeline.configuration_alert_no_department' : 'timeline.configuration_alert', {
          position: t(`escalationPosition.${text(data.position)}`),
        }),
        body: text(data.departmentName) || null,
      };
    case 'exchange.recorded':
      return {
        headline: t('timeline.exchange_recorded', { old: text(data.oldSerialNumber), new: text(data.newSerialNumber) }),
        body: text(data.reason) || null,
      };
    default: {
      // Events of later capabilities: a catalogue line when there is one, else the event's name.
      const key = `timeline.${entry.kind.replaceAll('.', '_')}`;
      return { headline: i18n.exists(key) ? t(key) : t('timeline.other', { kind: entry.kind }), body: null };
    }
  }
}

export function CaseTimeline({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const timeline = useTimeline(caseId);
  const entries = [...(timeline.data ?? [])].reverse();
  return (
    <Card title={t('timeline.title')} size="small" className="cd-card">
      <ProblemAlert error={timeline.error} />
      {entries.length === 0 && !timeline.isPending ? <p className="cd-muted">{t('timeline.empty')}</p> : null}
      <ol className="cd-timeline" aria-label={t('timeline.title')}>
        {entries.map((entry) => {
          const { headline, body } = describe(entry, t);
          return (
            <li key={entry.id} data-kind={entry.kind} data-visibility={entry.visibility}>
              <div>
                <strong>{headline}</strong> {entry.visibility === 'internal' ? <Tag color="gold">{t('timeline.internal')}</Tag> : null}
              </div>
              {body ? <p className="cd-text">{body}</p> : null}
              <AttachmentList attachments={entry.attachments} />
              <div className="cd-timeline-meta">
                <time dateTime={entry.at}>{format.dateTime(entry.at)}</time> ·{' '}
                {t('timeline.by', { name: entry.actorName ?? t('timeline.system') })}
              </div>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
