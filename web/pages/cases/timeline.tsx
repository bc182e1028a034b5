import Card from 'antd/es/card';
import Tag from 'antd/es/tag';
import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useTimeline } from '../../api/cases';
import type { TimelineEntry } from '../../api/types';
import { ProblemAlert } from '../../components/problem';
import { i18n } from '../../i18n';
import { useFormat } from '../../i18n/format';
import { AttachmentList } from './case-files';
import { OriginalMailButton } from './original-mail';

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** One line that says what happened, in the reader's language; free text (notes, summaries) is shown below it as text. */
function describe(entry: TimelineEntry, t: TFunction): { headline: string; body: string | null } {
  const data = entry.data;
  switch (entry.kind) {
    case 'case.description':
      return { headline: t('timeline.case_description'), body: text(data.body) };
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
          entry.kind === 'escalation.acknowledged'
            ? text(data.reason)
              ? t('notify.ladder.onBehalf', { reason: text(data.reason) })
              : null
            : recipients
              ? t('ladder.toldWho', { names: recipients })
              : t('ladder.nobody'),
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
    case 'case.mail-file-too-large': {
      const kb = (bytes: unknown) =>
        Number(bytes) >= 1024 * 1024
          ? t('files.sizeMb', { size: Math.round((Number(bytes) / 1024 / 1024) * 10) / 10 })
          : t('files.sizeKb', { size: Math.max(1, Math.round(Number(bytes) / 1024)) });
      return {
        headline: t('timeline.case_mail_file_too_large', { name: text(data.fileName), size: kb(data.sizeBytes), max: kb(data.maxBytes) }),
        body: text(data.from) ? t('timeline.case_mail_file_too_large_from', { from: text(data.from) }) : null,
      };
    }
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
    case 'problem.case-linked':
    case 'problem.case-unlinked':
      return { headline: t(`timeline.${entry.kind.replaceAll('.', '_')}`), body: text(data.problemTitle) || null };
    default: {
      // Events of later capabilities: a catalogue line when there is one, else the event's name.
      const key = `timeline.${entry.kind.replaceAll('.', '_')}`;
      return { headline: i18n.exists(key) ? t(key) : t('timeline.other', { kind: entry.kind }), body: null };
    }
  }
}

/** Messages (the description, notes and replies) read as a conversation; everything else is a short line between them. */
const isMessage = (entry: TimelineEntry) => entry.kind === 'case.note' || entry.kind === 'case.description';

/** "Follow-up of closed case C-…" with the number a link to that case; null for any other entry. */
function followUpLink(entry: TimelineEntry) {
  const closedId = text(entry.data.caseId);
  if (entry.kind !== 'case.follow-up-of' || !closedId) return null;
  return (
    <Trans
      i18nKey="timeline.case_follow_up_of_link"
      values={{ number: text(entry.data.number) || closedId }}
      components={{ closed: <Link to={`/cases/${closedId}`} /> }}
    />
  );
}

/**
 * The case's conversation, newest first: the description the customer gave (the first message), their later messages,
 * replies, internal notes and what happened in between. A message that came by mail offers its original when the
 * server says this reader may open it.
 */
export function CaseTimeline({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const timeline = useTimeline(caseId);
  const entries = [...(timeline.data ?? [])].reverse();
  return (
    <Card title={t('casePage.conversation')} size="small" className="cd-card cd-conversation">
      <ProblemAlert error={timeline.error} />
      {entries.length === 0 && !timeline.isPending ? <p className="cd-muted">{t('timeline.empty')}</p> : null}
      <ol className="cd-timeline" aria-label={t('timeline.title')}>
        {entries.map((entry) => {
          const { headline, body } = describe(entry, t);
          const message = isMessage(entry);
          const who = entry.actorName ?? t('timeline.system');
          const description = entry.kind === 'case.description';
          return (
            <li
              key={entry.id}
              data-kind={entry.kind}
              data-visibility={entry.visibility}
              data-author={entry.author}
              className={message ? 'cd-msg' : 'cd-event'}
            >
              {message ? (
                <div className="cd-msg-head">
                  <strong>{who}</strong> {entry.author === 'customer' ? <Tag color="blue">{t('casePage.customerTag')}</Tag> : null}
                  {entry.visibility === 'internal' ? (
                    <Tag color="gold">{t('timeline.internal')}</Tag>
                  ) : entry.author === 'customer' && !description ? null : (
                    <Tag color={description ? 'blue' : 'green'}>{headline}</Tag>
                  )}
                  <time dateTime={entry.at} className="cd-timeline-meta">
                    {format.dateTime(entry.at)}
                  </time>
                  {description ? (
                    <span className="cd-timeline-meta" data-testid="description-source">
                      {text(entry.data.loggedBy)
                        ? t('timeline.description_logged', {
                            channel: t(`channel.${text(entry.data.via)}`),
                            name: text(entry.data.loggedBy),
                          })
                        : t('timeline.description_via', { channel: t(`channel.${text(entry.data.via)}`) })}
                    </span>
                  ) : null}
                </div>
              ) : (
                <div>
                  <strong>{followUpLink(entry) ?? headline}</strong>{' '}
                  {entry.visibility === 'internal' ? <Tag color="gold">{t('timeline.internal')}</Tag> : null}
                </div>
              )}
              {/* Plain text, never HTML: whatever a customer or an e-mail typed is shown exactly as typed. */}
              {body ? (
                <p className="cd-text" data-testid={description ? 'case-description' : undefined}>
                  {body}
                </p>
              ) : null}
              <AttachmentList attachments={entry.attachments} />
              {entry.originalMailId ? <OriginalMailButton caseId={caseId} mailId={entry.originalMailId} /> : null}
              {message ? null : (
                <div className="cd-timeline-meta">
                  <time dateTime={entry.at}>{format.dateTime(entry.at)}</time> · {t('timeline.by', { name: who })}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
