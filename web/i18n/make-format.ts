import { formatLocale, formattersOf } from './formatters';

/**
 * The words a format needs, looked up by key with `{{name}}` values: i18next's `t` in the app, the first paint's
 * small catalogue in the boot script (web/first-paint/queue-preview.ts), which must not load i18next or React.
 */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A queue calls `useFormat` in every row: the formatters are built once per locale (./formatters). */
export function makeFormat(language: string, t: Translate) {
  const { dateTime, date, number } = formattersOf(formatLocale(language));
  const duration = (ms: number): string => {
    const totalMinutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
    const days = Math.floor(totalMinutes / 1440);
    const hours = Math.floor((totalMinutes % 1440) / 60);
    const minutes = totalMinutes % 60;
    if (days > 0) return t('duration.daysHours', { days: number.format(days), hours });
    if (hours > 0) return t('duration.hoursMinutes', { hours, minutes });
    return t('duration.minutes', { count: minutes });
  };
  return {
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : t('common.none')),
    date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : t('common.none')),
    number: (value: number) => number.format(value),
    duration,
    /** "in 3 h 5 min" for the future, "overdue by …" for the past. */
    until: (iso: string, now: number) => {
      const ms = Date.parse(iso) - now;
      return ms >= 0 ? t('duration.in', { duration: duration(ms) }) : t('duration.overdue', { duration: duration(ms) });
    },
    ago: (iso: string, now: number) => t('duration.ago', { duration: duration(now - Date.parse(iso)) }),
    /** A file's size: B, KB, MB or GB, the units people read on both sides of the language switch. */
    bytes: (value: number) => {
      if (value < 1024) return `${number.format(value)} B`;
      if (value < 1024 ** 2) return `${number.format(Math.round(value / 1024))} KB`;
      if (value < 1024 ** 3) return `${number.format(Math.round((value / 1024 ** 2) * 10) / 10)} MB`;
      return `${number.format(Math.round((value / 1024 ** 3) * 10) / 10)} GB`;
    },
  };
}
