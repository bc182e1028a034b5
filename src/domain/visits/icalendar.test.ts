import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderCalendar, utcStamp } from './icalendar.js';
import { markConflicts, windowsOverlap } from './visit-schedule.js';

describe('iCalendar', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\nnext')).toBe('a\\,b\\;c\\\\d\\nnext');
  });

  it('folds long lines at 75 octets without breaking a character', () => {
    const line = 'SUMMARY:' + '机房'.repeat(40);
    const folded = foldLine(line);
    for (const physical of folded.split('\r\n')) expect(new TextEncoder().encode(physical).length).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .map((part, index) => (index === 0 ? part : part.slice(1)))
        .join(''),
    ).toBe(line);
  });

  it('renders a calendar with CRLF line ends and UTC times', () => {
    const text = renderCalendar({
      name: 'Visits',
      generatedAt: '2026-03-02T08:00:00Z',
      events: [
        {
          uid: 'v1@casedesk',
          sequence: 2,
          startsAt: '2026-03-03T09:00:00+08:00',
          endsAt: '2026-03-03T12:00:00+08:00',
          updatedAt: '2026-03-02T08:00:00Z',
          summary: 'C-2026-000001, core switch',
          location: 'Site A',
          description: 'Contact: Li',
          status: 'CONFIRMED',
        },
      ],
    });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain('DTSTART:20260303T010000Z\r\n');
    expect(text).toContain('SUMMARY:C-2026-000001\\, core switch\r\n');
    expect(utcStamp('2026-12-31T23:59:59.999Z')).toBe('20261231T235959Z');
  });
});

describe('visit conflicts', () => {
  it('treats windows as half-open and ignores cancelled visits', () => {
    expect(
      windowsOverlap(
        { startsAt: '2026-03-03T09:00:00Z', endsAt: '2026-03-03T10:00:00Z' },
        { startsAt: '2026-03-03T10:00:00Z', endsAt: '2026-03-03T11:00:00Z' },
      ),
    ).toBe(false);
    const marked = markConflicts([
      { id: 'a', status: 'scheduled' as const, startsAt: '2026-03-03T09:00:00Z', endsAt: '2026-03-03T11:00:00Z' },
      { id: 'b', status: 'scheduled' as const, startsAt: '2026-03-03T10:00:00Z', endsAt: '2026-03-03T12:00:00Z' },
      { id: 'c', status: 'cancelled' as const, startsAt: '2026-03-03T09:30:00Z', endsAt: '2026-03-03T10:30:00Z' },
    ]);
    expect(marked.map((visit) => [visit.id, visit.conflictsWith])).toEqual([
      ['a', ['b']],
      ['b', ['a']],
      ['c', []],
    ]);
  });
});
