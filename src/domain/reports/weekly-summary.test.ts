import { describe, expect, it } from 'vitest';
import { latestScheduledMoment, summaryWeekOf, weeklySummaryFigures } from './weekly-summary.js';

describe('weekly summary schedule', () => {
  const monday8 = { dayOfWeek: 1, hour: 8 } as const;
  it.each([
    // Shanghai is UTC+8: Monday 08:00 there is Monday 00:00 UTC.
    ['2026-11-23T00:00:00.000Z', 'Asia/Shanghai', '2026-11-23T00:00:00.000Z'],
    ['2026-11-22T23:59:59.000Z', 'Asia/Shanghai', '2026-11-16T00:00:00.000Z'],
    ['2026-11-26T12:00:00.000Z', 'Asia/Shanghai', '2026-11-23T00:00:00.000Z'],
    ['2026-11-23T07:59:00.000Z', 'UTC', '2026-11-16T08:00:00.000Z'],
    ['2026-11-23T08:00:00.000Z', 'UTC', '2026-11-23T08:00:00.000Z'],
    ['2026-11-29T23:00:00.000Z', 'UTC', '2026-11-23T08:00:00.000Z'],
  ])('at %s in %s the latest moment is %s', (now, zone, moment) => {
    expect(latestScheduledMoment(new Date(now), monday8, zone)).toBe(moment);
  });

  it('a Sunday 23:00 schedule and summer time: the moment stays at the local hour', () => {
    // Europe/Berlin leaves summer time on Sunday 2026-10-25.
    expect(latestScheduledMoment(new Date('2026-10-26T00:00:00.000Z'), { dayOfWeek: 7, hour: 23 }, 'Europe/Berlin')).toBe(
      '2026-10-25T22:00:00.000Z',
    );
  });

  it('the week covered is the seven company days before the sending day', () => {
    expect(summaryWeekOf('2026-11-23T00:00:00.000Z', 'Asia/Shanghai')).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
      fromInstant: '2026-11-15T16:00:00.000Z',
      toInstant: '2026-11-22T16:00:00.000Z',
    });
  });
});

describe('weekly summary figures', () => {
  it('sums the reports’ rows as counted by hand', () => {
    const week = summaryWeekOf('2026-11-23T08:00:00.000Z', 'UTC');
    const figures = weeklySummaryFigures(
      { department: { id: 'd1', name: 'Network' }, week, timeZone: 'UTC' },
      {
        backlog: {
          // Level and age band rows as the backlog report answers them.
          open: [
            { level: 1, cases: 2 },
            { level: 1, cases: 1 },
            { level: 3, cases: 4 },
            { level: 4, cases: 0 },
          ],
          days: [
            { opened: 3, resolved: 0 },
            { opened: 0, resolved: 2 },
            { opened: 5, resolved: 1 },
          ],
        },
        escalations: { steps: [{ fired: 2 }, { fired: 1 }, { fired: 4 }] },
        firstResponse: { met: 6, breached: 2 },
        satisfaction: { responses: 3, overall: 4.33 },
      },
    );
    expect(figures).toEqual({
      department: { id: 'd1', name: 'Network' },
      from: '2026-11-16',
      to: '2026-11-22',
      timeZone: 'UTC',
      opened: 8,
      resolved: 3,
      openAtEnd: [
        { level: 1, cases: 3 },
        { level: 2, cases: 0 },
        { level: 3, cases: 4 },
        { level: 4, cases: 0 },
      ],
      totalOpenAtEnd: 7,
      firstResponseMet: 6,
      firstResponseBreached: 2,
      escalationsFired: 7,
      surveyResponses: 3,
      satisfactionAverage: 4.33,
    });
  });
});
