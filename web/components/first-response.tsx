import { useTranslation } from 'react-i18next';
import { firstResponseOutcome } from '../../src/domain/cases/first-response-target.js';
import { useFormat } from '../i18n/format';

/**
 * Where a case stands against its first-response target, now: answered in time, answered late or breached (with how
 * long ago the target passed), or the time left. The same rule as the API's `targets.firstResponse`
 * (domain/cases/first-response-target.ts), read from the stored due time, so queues compute no calendar.
 */
export function FirstResponseStatus({
  dueAt,
  respondedAt,
  resolvedAt,
  now,
}: {
  dueAt: string | null;
  respondedAt: string | null;
  resolvedAt: string | null;
  now: number;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const outcome = firstResponseOutcome({ dueAt, respondedAt, resolvedAt }, now);
  switch (outcome.state) {
    case 'met':
      return (
        <time dateTime={outcome.respondedAt} title={format.dateTime(outcome.respondedAt)} data-state="met" className="cd-met">
          {t('queues.firstResponseMet')}
        </time>
      );
    case 'breached':
      return outcome.respondedAt ? (
        <time dateTime={outcome.respondedAt} title={format.dateTime(outcome.breachedAt)} data-state="breached" className="cd-breached">
          {t('queues.firstResponseLate')}
        </time>
      ) : (
        <time dateTime={outcome.breachedAt} title={format.dateTime(outcome.breachedAt)} data-state="breached" className="cd-breached">
          {t('queues.breached')} · {format.until(outcome.breachedAt, now)}
        </time>
      );
    case 'pending':
      return (
        <time dateTime={outcome.dueAt} title={format.dateTime(outcome.dueAt)} data-state="pending">
          {format.until(outcome.dueAt, now)}
        </time>
      );
    case 'none':
      return <>{t('common.none')}</>;
  }
}
