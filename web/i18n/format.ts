import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatLocale, formattersOf } from './formatters';

/** Dates, numbers and durations in the user's language (Intl does the locale work; the catalogue the words). */
export function useFormat() {
  const { t, i18n } = useTranslation();
  return makeFormat(i18n.language, t);
}

export type Format = ReturnType<typeof makeFormat>;

/** A queue calls `useFormat` in every row: the formatters are built once per locale (./formatters). */
export function makeFormat(language: string, t: TFunction) {
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
