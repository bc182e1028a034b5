import { DateTime, IANAZone } from 'luxon';

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WeeklyHours {
  day: IsoWeekday;
  /** 'HH:mm' local time */
  start: string;
  /** 'HH:mm' local time; '24:00' closes at the following midnight */
  end: string;
}

export interface BusinessCalendar {
  /** IANA time zone in which weeklyHours and holidays are read */
  timeZone: string;
  weeklyHours: WeeklyHours[];
  /** 'YYYY-MM-DD' local dates without any working time */
  holidays: string[];
}

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_DAY = 86_400_000;
const ISO_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

export const ALWAYS_OPEN: BusinessCalendar = Object.freeze({
  timeZone: 'UTC',
  weeklyHours: ISO_WEEKDAYS.map((day) => Object.freeze({ day, start: '00:00', end: '24:00' })),
  holidays: [],
}) as BusinessCalendar;

/** Minutes since local midnight, [start, end). */
type MinuteRange = readonly [number, number];

interface CompiledCalendar {
  zone: string;
  /** When true the calendar is 24×7 and working time is plain elapsed time, whatever the zone. */
  alwaysOpen: boolean;
  /** Index 1..7 (ISO weekday); merged, sorted, non-overlapping. */
  byWeekday: readonly (readonly MinuteRange[])[];
  holidays: ReadonlySet<string>;
  hasWorkingTime: boolean;
  /**
   * Working intervals already computed, by local day number: a day's intervals depend on the calendar alone, and
   * measuring a year of cases asks for the same few hundred days again and again (each costs time-zone arithmetic).
   */
  intervalsByDay: Map<number, readonly (readonly [number, number])[]>;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseTime(text: string, allowMidnightEnd: boolean): number | null {
  if (allowMidnightEnd && text === '24:00') return MINUTES_PER_DAY;
  const m = TIME_RE.exec(text);
  if (m === null) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

function isValidLocalDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (m === null) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const probe = new Date(Date.UTC(y, mo - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

interface CalendarProblem {
  message: string;
  /** Overlaps and repeated holidays are merged harmlessly; the rest make the arithmetic meaningless. */
  fatal: boolean;
}

export function validateCalendar(cal: BusinessCalendar): string[] {
  return calendarProblems(cal).map((p) => p.message);
}

function calendarProblems(cal: BusinessCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const fatal = (message: string): void => {
    problems.push({ message, fatal: true });
  };
  const harmless = (message: string): void => {
    problems.push({ message, fatal: false });
  };
  if (typeof cal.timeZone !== 'string' || !IANAZone.isValidZone(cal.timeZone)) {
    fatal(`unknown time zone "${String(cal.timeZone)}"`);
  }
  if (!Array.isArray(cal.weeklyHours) || cal.weeklyHours.length === 0) {
    fatal('no weekly hours: the calendar never opens');
  }
  const perDay = new Map<number, { start: number; end: number; index: number }[]>();
  (cal.weeklyHours ?? []).forEach((entry, index) => {
    const where = `weeklyHours[${index}]`;
    if (!Number.isInteger(entry.day) || entry.day < 1 || entry.day > 7) {
      fatal(`${where}: day must be an ISO weekday 1 (Monday) to 7 (Sunday), got ${String(entry.day)}`);
      return;
    }
    const start = parseTime(entry.start, false);
    const end = parseTime(entry.end, true);
    if (start === null) fatal(`${where}: start "${entry.start}" is not HH:mm`);
    if (end === null) fatal(`${where}: end "${entry.end}" is not HH:mm or 24:00`);
    if (start === null || end === null) return;
    if (end <= start) {
      fatal(`${where}: end ${entry.end} is not after start ${entry.start}`);
      return;
    }
    const list = perDay.get(entry.day) ?? [];
    for (const other of list) {
      if (start < other.end && other.start < end) {
        harmless(`${where}: overlaps weeklyHours[${other.index}] on day ${entry.day}`);
      }
    }
    list.push({ start, end, index });
    perDay.set(entry.day, list);
  });
  const seen = new Set<string>();
  (cal.holidays ?? []).forEach((date, index) => {
    if (typeof date !== 'string' || !isValidLocalDate(date)) {
      fatal(`holidays[${index}]: "${String(date)}" is not a YYYY-MM-DD date`);
    } else if (seen.has(date)) {
      harmless(`holidays[${index}]: ${date} is listed twice`);
    }
    seen.add(date);
  });
  return problems;
}

function mergeRanges(ranges: MinuteRange[]): MinuteRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

// Calendars are policy values that are read far more often than written, so the parsed
// form is cached per object; callers must treat a calendar as immutable once used.
const compiledCache = new WeakMap<BusinessCalendar, CompiledCalendar>();

function compile(cal: BusinessCalendar): CompiledCalendar {
  const cached = compiledCache.get(cal);
  if (cached !== undefined) return cached;
  const fatal = calendarProblems(cal).filter((p) => p.fatal);
  if (fatal.length > 0) throw new Error(`invalid business calendar: ${fatal.map((p) => p.message).join('; ')}`);

  const raw: MinuteRange[][] = Array.from({ length: 8 }, () => []);
  for (const entry of cal.weeklyHours) {
    const start = parseTime(entry.start, false);
    const end = parseTime(entry.end, true);
    if (start !== null && end !== null) raw[entry.day]?.push([start, end]);
  }
  const byWeekday = raw.map(mergeRanges);
  const holidays = new Set(cal.holidays);
  const alwaysOpen =
    holidays.size === 0 &&
    ISO_WEEKDAYS.every((day) => {
      const ranges = byWeekday[day] ?? [];
      return ranges.length === 1 && ranges[0]?.[0] === 0 && ranges[0]?.[1] === MINUTES_PER_DAY;
    });
  const compiled: CompiledCalendar = {
    zone: cal.timeZone,
    alwaysOpen,
    byWeekday,
    holidays,
    hasWorkingTime: byWeekday.some((ranges) => ranges.length > 0),
    intervalsByDay: new Map(),
  };
  compiledCache.set(cal, compiled);
  return compiled;
}

/** Days since 1970-01-01 of the local calendar date at `ms` in `zone`. */
function localDayNumber(zone: string, ms: number): number {
  const local = DateTime.fromMillis(ms, { zone });
  return Math.floor(Date.UTC(local.year, local.month - 1, local.day) / MS_PER_DAY);
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
  weekday: IsoWeekday;
  iso: string;
}

function localDateOf(dayNumber: number): LocalDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const weekday = (((d.getUTCDay() + 6) % 7) + 1) as IsoWeekday;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { year, month, day, weekday, iso };
}

function localInstant(zone: string, dayNumber: number, minutes: number): number {
  // 24:00 is the next day's midnight, which on a DST day is not 24 hours after this one's.
  const date = localDateOf(dayNumber + Math.floor(minutes / MINUTES_PER_DAY));
  const m = minutes % MINUTES_PER_DAY;
  // Times skipped by a spring-forward gap are pushed forward by luxon, so a range that starts
  // in the gap simply opens at the first real instant after it.
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  ).toMillis();
}

/** Working intervals of one local day as epoch-ms [start, end). */
function workingIntervals(c: CompiledCalendar, dayNumber: number): readonly (readonly [number, number])[] {
  const known = c.intervalsByDay.get(dayNumber);
  if (known !== undefined) return known;
  const intervals = intervalsOfDay(c, dayNumber);
  c.intervalsByDay.set(dayNumber, intervals);
  return intervals;
}

function intervalsOfDay(c: CompiledCalendar, dayNumber: number): [number, number][] {
  const date = localDateOf(dayNumber);
  if (c.holidays.has(date.iso)) return [];
  const ranges = c.byWeekday[date.weekday] ?? [];
  const result: [number, number][] = [];
  for (const [startMin, endMin] of ranges) {
    const start = localInstant(c.zone, dayNumber, startMin);
    const end = localInstant(c.zone, dayNumber, endMin);
    if (end > start) result.push([start, end]);
  }
  return result;
}

function assertFinite(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
}

/** Working time within [fromMs, toMs); 0 when toMs <= fromMs. */
export function workingMsBetween(cal: BusinessCalendar, fromMs: number, toMs: number): number {
  assertFinite('fromMs', fromMs);
  assertFinite('toMs', toMs);
  if (toMs <= fromMs) return 0;
  const c = compile(cal);
  if (c.alwaysOpen) return toMs - fromMs;
  const lastDay = localDayNumber(c.zone, toMs);
  let total = 0;
  for (let day = localDayNumber(c.zone, fromMs); day <= lastDay; day++) {
    for (const [start, end] of workingIntervals(c, day)) {
      const overlap = Math.min(end, toMs) - Math.max(start, fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * The earliest instant at which `workingMs` of working time has elapsed since `fromMs`.
 * Counting starts at the next opening when `fromMs` is outside working time; a budget used up
 * exactly at closing time ends at the closing instant, not at the next opening.
 */
export function addWorkingMs(cal: BusinessCalendar, fromMs: number, workingMs: number): number {
  assertFinite('fromMs', fromMs);
  assertFinite('workingMs', workingMs);
  if (workingMs < 0) throw new RangeError(`workingMs must not be negative, got ${workingMs}`);
  if (workingMs === 0) return fromMs;
  const c = compile(cal);
  if (c.alwaysOpen) return fromMs + workingMs;
  if (!c.hasWorkingTime) throw new Error('business calendar has no working time');

  // Every holiday removes at most one day and the week repeats, so a longer run of closed
  // days means the calendar cannot open again (e.g. its only hours fall in a DST gap).
  const maxClosedRun = c.holidays.size + 14;
  let closedRun = 0;
  let remaining = workingMs;
  for (let day = localDayNumber(c.zone, fromMs); ; day++) {
    let opened = false;
    for (const [start, end] of workingIntervals(c, day)) {
      const countFrom = Math.max(start, fromMs);
      if (end <= countFrom) continue;
      opened = true;
      const available = end - countFrom;
      if (available >= remaining) return countFrom + remaining;
      remaining -= available;
    }
    closedRun = opened ? 0 : closedRun + 1;
    if (closedRun > maxClosedRun) throw new Error('business calendar never opens again');
  }
}

/** The calendar day an instant falls on in a time zone (the company's, from its business calendar). */
export function calendarDateIn(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  // An unknown zone cannot name a day; the UTC day is the one entitlement used before zones were asked.
  return (local.isValid ? local : DateTime.fromJSDate(instant, { zone: 'UTC' })).toISODate()!;
}
