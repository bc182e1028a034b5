import { describe, it, expect } from 'vitest';
import { DateTime } from 'luxon';
import {
  ALWAYS_OPEN,
  type BusinessCalendar,
  type IsoWeekday,
  type WeeklyHours,
  addWorkingMs,
  validateCalendar,
  workingMsBetween,
} from './business-calendar.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

function at(iso: string, zone: string): number {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad test date ${iso}`);
  return dt.toMillis();
}

function iso(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? 'invalid';
}

function hours(days: IsoWeekday[], start: string, end: string): WeeklyHours[] {
  return days.map((day) => ({ day, start, end }));
}

const WEEKDAYS: IsoWeekday[] = [1, 2, 3, 4, 5];
const ALL_DAYS: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

const SHANGHAI: BusinessCalendar = {
  timeZone: 'Asia/Shanghai',
  weeklyHours: hours(WEEKDAYS, '09:00', '18:00'),
  holidays: [],
};

const BERLIN_OFFICE: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weeklyHours: [...hours(WEEKDAYS, '08:00', '12:00'), ...hours(WEEKDAYS, '13:00', '17:30'), ...hours([6], '09:00', '13:00')],
  holidays: ['2026-04-03', '2026-04-06', '2026-12-25'],
};

// Open around the clock, but the far-away holiday keeps it off the 24×7 fast path,
// so the day-by-day code has to get 23- and 25-hour days right by itself.
const BERLIN_SLOW_24X7: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weeklyHours: hours(ALL_DAYS, '00:00', '24:00'),
  holidays: ['1990-01-01'],
};

const NEW_YORK_NIGHTS: BusinessCalendar = {
  timeZone: 'America/New_York',
  weeklyHours: [...hours([1, 3, 5], '00:00', '06:00'), ...hours([6], '20:00', '24:00'), ...hours([7], '01:30', '03:30')],
  holidays: ['2026-03-09'],
};

// Deterministic so a failing property case can be replayed.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const YEAR_START = Date.UTC(2026, 0, 1);
const YEAR_MS = 365 * 24 * HOUR;

describe('24×7', () => {
  it('ALWAYS_OPEN is valid and is plain arithmetic', () => {
    expect(validateCalendar(ALWAYS_OPEN)).toEqual([]);
    const rnd = prng(1);
    for (let i = 0; i < 500; i++) {
      const from = YEAR_START + Math.floor(rnd() * YEAR_MS);
      const span = Math.floor(rnd() * 30 * 24 * HOUR);
      expect(workingMsBetween(ALWAYS_OPEN, from, from + span)).toBe(span);
      expect(addWorkingMs(ALWAYS_OPEN, from, span)).toBe(from + span);
    }
  });

  it('a zoned 24×7 calendar is plain arithmetic across DST changes', () => {
    const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', weeklyHours: hours(ALL_DAYS, '00:00', '24:00'), holidays: [] };
    const from = at('2026-03-28T12:00', 'Europe/Berlin');
    const to = at('2026-03-30T12:00', 'Europe/Berlin');
    expect(workingMsBetween(berlin, from, to)).toBe(47 * HOUR);
  });

  it('the day-by-day path agrees with plain arithmetic over a year with two DST changes', () => {
    const rnd = prng(2);
    for (let i = 0; i < 300; i++) {
      const from = YEAR_START + Math.floor(rnd() * YEAR_MS);
      const span = Math.floor(rnd() * 10 * 24 * HOUR);
      expect(workingMsBetween(BERLIN_SLOW_24X7, from, from + span)).toBe(span);
      expect(addWorkingMs(BERLIN_SLOW_24X7, from, span)).toBe(from + span);
    }
  });

  it('0 when the span is empty or reversed', () => {
    expect(workingMsBetween(ALWAYS_OPEN, 1000, 1000)).toBe(0);
    expect(workingMsBetween(ALWAYS_OPEN, 2000, 1000)).toBe(0);
    expect(workingMsBetween(SHANGHAI, 2000, 1000)).toBe(0);
  });
});

describe('Mon–Fri 09:00–18:00 Asia/Shanghai', () => {
  const z = 'Asia/Shanghai';

  it('Friday 17:00 plus 2 working hours is Monday 10:00', () => {
    expect(iso(addWorkingMs(SHANGHAI, at('2026-03-06T17:00', z), 2 * HOUR), z)).toBe('2026-03-09T10:00:00+08:00');
    expect(workingMsBetween(SHANGHAI, at('2026-03-06T17:00', z), at('2026-03-09T10:00', z))).toBe(2 * HOUR);
  });

  it('counting from a weekend starts at the next opening', () => {
    expect(iso(addWorkingMs(SHANGHAI, at('2026-03-07T12:00', z), 30 * MINUTE), z)).toBe('2026-03-09T09:30:00+08:00');
  });

  it('counting from before opening starts at opening', () => {
    expect(iso(addWorkingMs(SHANGHAI, at('2026-03-03T06:00', z), HOUR), z)).toBe('2026-03-03T10:00:00+08:00');
  });

  it('a budget used up at closing time ends at closing, not at the next opening', () => {
    expect(iso(addWorkingMs(SHANGHAI, at('2026-03-02T09:00', z), 9 * HOUR), z)).toBe('2026-03-02T18:00:00+08:00');
  });

  it('a full week has 45 working hours', () => {
    expect(workingMsBetween(SHANGHAI, at('2026-03-02T00:00', z), at('2026-03-09T00:00', z))).toBe(45 * HOUR);
  });

  it('a holiday on Monday is skipped', () => {
    const withHoliday: BusinessCalendar = { ...SHANGHAI, holidays: ['2026-03-09'] };
    expect(iso(addWorkingMs(withHoliday, at('2026-03-06T17:00', z), 2 * HOUR), z)).toBe('2026-03-10T10:00:00+08:00');
    expect(workingMsBetween(withHoliday, at('2026-03-06T17:00', z), at('2026-03-10T10:00', z))).toBe(2 * HOUR);
    expect(workingMsBetween(withHoliday, at('2026-03-09T00:00', z), at('2026-03-10T00:00', z))).toBe(0);
  });

  it('a whole year is counted day by day: 261 weekdays of 2026 minus 3 holidays', () => {
    const withHolidays: BusinessCalendar = { ...SHANGHAI, holidays: ['2026-01-01', '2026-05-01', '2026-10-01', '2026-10-03'] };
    const from = at('2026-01-01T00:00', z);
    const to = at('2027-01-01T00:00', z);
    // 2026-10-03 is a Saturday, so only three holidays remove working time.
    expect(workingMsBetween(withHolidays, from, to)).toBe(258 * 9 * HOUR);
    expect(addWorkingMs(withHolidays, from, 258 * 9 * HOUR)).toBe(at('2026-12-31T18:00', z));
  });
});

describe('several intervals per day', () => {
  const z = 'Europe/Berlin';

  it('the lunch break does not count', () => {
    expect(iso(addWorkingMs(BERLIN_OFFICE, at('2026-06-01T11:00', z), 2 * HOUR), z)).toBe('2026-06-01T14:00:00+02:00');
    expect(workingMsBetween(BERLIN_OFFICE, at('2026-06-01T11:30', z), at('2026-06-01T13:30', z))).toBe(HOUR);
  });

  it('overlapping or touching hours are merged, not double counted', () => {
    const cal: BusinessCalendar = {
      timeZone: 'UTC',
      weeklyHours: [
        { day: 1, start: '09:00', end: '12:00' },
        { day: 1, start: '11:00', end: '14:00' },
        { day: 1, start: '14:00', end: '15:00' },
      ],
      holidays: [],
    };
    expect(workingMsBetween(cal, at('2026-06-01T00:00', 'UTC'), at('2026-06-02T00:00', 'UTC'))).toBe(6 * HOUR);
  });
});

describe('DST in Europe/Berlin', () => {
  const z = 'Europe/Berlin';

  it('the spring-forward day has 23 hours and the fall-back day 25', () => {
    const sundays: BusinessCalendar = { timeZone: z, weeklyHours: hours([7], '00:00', '24:00'), holidays: [] };
    expect(workingMsBetween(sundays, at('2026-03-28T00:00', z), at('2026-03-31T00:00', z))).toBe(23 * HOUR);
    expect(workingMsBetween(sundays, at('2026-10-24T00:00', z), at('2026-10-27T00:00', z))).toBe(25 * HOUR);
    expect(iso(addWorkingMs(sundays, at('2026-03-28T12:00', z), 23 * HOUR), z)).toBe('2026-03-30T00:00:00+02:00');
    expect(iso(addWorkingMs(sundays, at('2026-10-24T12:00', z), 25 * HOUR), z)).toBe('2026-10-26T00:00:00+01:00');
  });

  it('hours spanning the skipped hour lose it', () => {
    const early: BusinessCalendar = { timeZone: z, weeklyHours: hours([7], '01:00', '04:00'), holidays: [] };
    expect(workingMsBetween(early, at('2026-03-29T00:00', z), at('2026-03-30T00:00', z))).toBe(2 * HOUR);
    expect(workingMsBetween(early, at('2026-03-22T00:00', z), at('2026-03-23T00:00', z))).toBe(3 * HOUR);
  });

  it('office hours keep their wall-clock times across the change', () => {
    const from = at('2026-03-27T16:30', z); // Friday, +01:00
    const due = addWorkingMs(BERLIN_OFFICE, from, 6 * HOUR);
    // Friday 1 h, Saturday 4 h, Monday 1 h.
    expect(iso(due, z)).toBe('2026-03-30T09:00:00+02:00');
    expect(workingMsBetween(BERLIN_OFFICE, from, due)).toBe(6 * HOUR);
  });
});

describe('addWorkingMs and workingMsBetween are inverse', () => {
  const calendars: [string, BusinessCalendar][] = [
    ['shanghai', SHANGHAI],
    ['berlin office', BERLIN_OFFICE],
    ['new york nights', NEW_YORK_NIGHTS],
    ['berlin slow 24x7', BERLIN_SLOW_24X7],
  ];

  it.each(calendars)('%s: between(from, add(from, w)) = w and add is the earliest such instant', (_name, cal) => {
    const rnd = prng(42);
    for (let i = 0; i < 200; i++) {
      const from = YEAR_START + Math.floor(rnd() * YEAR_MS);
      const w = 1 + Math.floor(rnd() * 60 * HOUR);
      const due = addWorkingMs(cal, from, w);
      expect(due).toBeGreaterThan(from);
      expect(workingMsBetween(cal, from, due)).toBe(w);
      expect(workingMsBetween(cal, from, due - 1)).toBe(w - 1);
    }
  });

  it.each(calendars)('%s: add(from, between(from, to)) reaches to without skipping working time', (_name, cal) => {
    const rnd = prng(7);
    for (let i = 0; i < 200; i++) {
      const from = YEAR_START + Math.floor(rnd() * YEAR_MS);
      const to = from + Math.floor(rnd() * 21 * 24 * HOUR);
      const w = workingMsBetween(cal, from, to);
      const reached = addWorkingMs(cal, from, w);
      expect(reached).toBeLessThanOrEqual(to);
      expect(workingMsBetween(cal, reached, to)).toBe(0);
    }
  });

  it('between is additive over adjacent spans', () => {
    const rnd = prng(9);
    for (let i = 0; i < 200; i++) {
      const a = YEAR_START + Math.floor(rnd() * YEAR_MS);
      const b = a + Math.floor(rnd() * 5 * 24 * HOUR);
      const c = b + Math.floor(rnd() * 5 * 24 * HOUR);
      expect(workingMsBetween(BERLIN_OFFICE, a, b) + workingMsBetween(BERLIN_OFFICE, b, c)).toBe(workingMsBetween(BERLIN_OFFICE, a, c));
    }
  });
});

describe('edge inputs', () => {
  it('adding nothing stays put, even outside working time', () => {
    const sat = at('2026-03-07T12:00', 'Asia/Shanghai');
    expect(addWorkingMs(SHANGHAI, sat, 0)).toBe(sat);
  });

  it('refuses negative or non-finite amounts', () => {
    expect(() => addWorkingMs(SHANGHAI, 0, -1)).toThrow(RangeError);
    expect(() => addWorkingMs(SHANGHAI, Number.NaN, 1)).toThrow(RangeError);
    expect(() => workingMsBetween(SHANGHAI, 0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('refuses to compute with an invalid calendar', () => {
    const never: BusinessCalendar = { timeZone: 'UTC', weeklyHours: [], holidays: [] };
    expect(() => addWorkingMs(never, 0, HOUR)).toThrow(/never opens/);
    const badZone: BusinessCalendar = { ...SHANGHAI, timeZone: 'Mars/Olympus' };
    expect(() => workingMsBetween(badZone, 0, HOUR)).toThrow(/time zone/);
  });
});

describe('validateCalendar', () => {
  it('accepts the example calendars', () => {
    for (const cal of [SHANGHAI, BERLIN_OFFICE, BERLIN_SLOW_24X7, NEW_YORK_NIGHTS]) expect(validateCalendar(cal)).toEqual([]);
  });

  it('reports each problem', () => {
    const problems = validateCalendar({
      timeZone: 'Nowhere/Town',
      weeklyHours: [
        { day: 8 as IsoWeekday, start: '09:00', end: '18:00' },
        { day: 1, start: '9:00', end: '18:00' },
        { day: 1, start: '09:00', end: '24:30' },
        { day: 2, start: '18:00', end: '09:00' },
        { day: 3, start: '24:00', end: '24:00' },
        { day: 4, start: '09:00', end: '12:00' },
        { day: 4, start: '11:00', end: '13:00' },
      ],
      holidays: ['2026-02-30', '2026-05-01', '2026-05-01', '1/5/2026'],
    });
    expect(problems).toEqual([
      'unknown time zone "Nowhere/Town"',
      'weeklyHours[0]: day must be an ISO weekday 1 (Monday) to 7 (Sunday), got 8',
      'weeklyHours[1]: start "9:00" is not HH:mm',
      'weeklyHours[2]: end "24:30" is not HH:mm or 24:00',
      'weeklyHours[3]: end 09:00 is not after start 18:00',
      'weeklyHours[4]: start "24:00" is not HH:mm',
      'weeklyHours[6]: overlaps weeklyHours[5] on day 4',
      'holidays[0]: "2026-02-30" is not a YYYY-MM-DD date',
      'holidays[2]: 2026-05-01 is listed twice',
      'holidays[3]: "1/5/2026" is not a YYYY-MM-DD date',
    ]);
  });

  it('a calendar without hours never opens', () => {
    expect(validateCalendar({ timeZone: 'UTC', weeklyHours: [], holidays: [] })).toEqual(['no weekly hours: the calendar never opens']);
  });
});
