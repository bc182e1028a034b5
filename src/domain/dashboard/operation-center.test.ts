import { describe, expect, it } from 'vitest';
import { companyDayStart } from './operation-center.js';

describe('companyDayStart', () => {
  it.each([
    ['2026-03-02T08:00:00.000Z', 'UTC', '2026-03-02T00:00:00.000Z'],
    // 01:30 in Shanghai on the 3rd is still the 2nd in UTC: the company's day began at 16:00 UTC on the 2nd.
    ['2026-03-02T17:30:00.000Z', 'Asia/Shanghai', '2026-03-02T16:00:00.000Z'],
    ['2026-03-02T15:59:59.000Z', 'Asia/Shanghai', '2026-03-01T16:00:00.000Z'],
    ['2026-03-02T08:00:00.000Z', 'Not/AZone', '2026-03-02T00:00:00.000Z'],
  ])('%s in %s → %s', (now, zone, start) => expect(companyDayStart(new Date(now), zone).toISOString()).toBe(start));
});
