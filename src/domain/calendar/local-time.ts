import { DateTime } from 'luxon';

/**
 * An instant as the customer reads it on paper: local date and minute in the company's time zone, with the offset
 * written out so the line stays unambiguous when it is forwarded across zones ("2026-03-01 17:30 UTC+08:00").
 */
export function localMinute(instant: string | null, timeZone: string): string {
  if (!instant) return '—';
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone);
  if (!local.isValid) return `${instant.slice(0, 10)} ${instant.slice(11, 16)} UTC`;
  return local.toFormat("yyyy-MM-dd HH:mm 'UTC'ZZ");
}
