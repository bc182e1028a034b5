import type { Language } from '../domain/access/roles.js';
import { translate } from './translate.js';

/*
 * Durations in words for mails and chat messages, in one place. English agrees the unit with the number (1 hour,
 * 1.5 hours, 2 hours; 1 day, 90 days) through i18next's plural forms (`_one`, `_other`, chosen by `count`); Chinese
 * has one form. The number is shown as the reader's language writes it, to one decimal; the form is chosen for the
 * number as shown, so 0.96 hours shown as "1" reads "1 hour".
 */

function shown(language: Language, value: number, fractionDigits: number): { count: number; text: string } {
  const factor = 10 ** fractionDigits;
  const count = Math.round(value * factor) / factor;
  return { count, text: count.toLocaleString(language, { maximumFractionDigits: fractionDigits }) };
}

/** "1 hour", "1.5 hours", "2 hours"; "2 小时". */
export function hoursText(language: Language, hours: number): string {
  const { count, text } = shown(language, hours, 1);
  return translate(language, 'durations.hours', { count, hours: text });
}

/** "1 day", "90 days"; "90 天". */
export function daysText(language: Language, days: number): string {
  const { count, text } = shown(language, days, 0);
  return translate(language, 'durations.days', { count, days: text });
}
