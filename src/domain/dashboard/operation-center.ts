import { DateTime } from 'luxon';

/** Escalation steps due within this much of now are listed with a countdown. */
export const DUE_SOON_WINDOW_MS = 3_600_000;

/** At most this many due steps are listed (the soonest); the count covers them all. */
export const DUE_STEPS_LISTED = 50;

/** At most this many engineers on site are named; the count covers them all. */
export const ON_SITE_LISTED = 50;

/**
 * The instant the company's day began (midnight in its time zone): "first-response breaches today" count targets
 * that fell due between it and now. An unknown zone counts the UTC day, as `calendarDateIn` does.
 */
export function companyDayStart(now: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return (local.isValid ? local : DateTime.fromJSDate(now, { zone: 'UTC' })).startOf('day').toJSDate();
}
