import { describe, expect, it } from 'vitest';
import { localMinute } from './local-time.js';

describe('localMinute', () => {
  it('writes an instant in the company time zone with its offset', () => {
    expect(localMinute('2026-03-01T09:30:00.000Z', 'Asia/Shanghai')).toBe('2026-03-01 17:30 UTC+08:00');
    expect(localMinute('2026-12-31T20:00:00.000Z', 'Asia/Shanghai')).toBe('2027-01-01 04:00 UTC+08:00');
  });

  it('follows daylight saving time', () => {
    expect(localMinute('2026-07-01T12:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-01 14:00 UTC+02:00');
    expect(localMinute('2026-01-01T12:00:00.000Z', 'Europe/Berlin')).toBe('2026-01-01 13:00 UTC+01:00');
  });

  it('says UTC for a company on UTC, and a dash for no time', () => {
    expect(localMinute('2026-03-01T09:30:00.000Z', 'UTC')).toBe('2026-03-01 09:30 UTC+00:00');
    expect(localMinute(null, 'Asia/Shanghai')).toBe('—');
  });
});
