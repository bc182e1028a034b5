import { describe, expect, it } from 'vitest';
import { analyseSatisfaction, periodOf, type SurveyResultRow } from './satisfaction-analysis.js';

const row = (createdAt: string, person: string | string[], scores: SurveyResultRow['scores'] | null): SurveyResultRow => ({
  createdAt,
  answered: scores !== null,
  people: [person].flat().map((id) => ({ id, name: id.toUpperCase() })),
  departmentId: 'd1',
  departmentName: 'Network',
  organizationId: 'o1',
  organizationName: 'Acme',
  scores: scores ?? {},
});

describe('satisfaction analysis', () => {
  const rows = [
    row('2026-01-10T00:00:00Z', 'ann', { personnel: 5, organization: 4, system: 3, afterSales: 4 }),
    row('2026-01-20T00:00:00Z', 'ann', null),
    row('2026-02-05T00:00:00Z', 'ann', { personnel: 2, organization: 2, system: 2 }),
    row('2026-02-06T00:00:00Z', 'bob', { personnel: 4, organization: 4, system: 4 }),
  ];

  it('computes averages, response rate and trend per person', () => {
    const { total, groups } = analyseSatisfaction(rows, 'person');
    expect(total.surveys).toBe(4);
    expect(total.responses).toBe(3);
    expect(total.responseRate).toBe(0.75);
    expect(total.averages.personnel).toBe(3.67);
    expect(total.averages.afterSales).toBe(4);
    expect(total.averages.training).toBeNull();
    const ann = groups.find((group) => group.key === 'ann')!;
    expect(ann).toMatchObject({ name: 'ANN', surveys: 3, responses: 2, responseRate: 0.667, overall: 3 });
    expect(ann.trend).toEqual([
      { period: '2026-01', responses: 1, overall: 4 },
      { period: '2026-02', responses: 1, overall: 2 },
    ]);
    expect(ann.change).toBe(-2);
  });

  it('credits a survey to everyone who did the service, and counts it once in the total', () => {
    const shared = [
      row('2026-03-01T00:00:00Z', ['ann', 'bob'], { personnel: 5, organization: 5, system: 5 }),
      row('2026-03-02T00:00:00Z', 'bob', { personnel: 3, organization: 3, system: 3 }),
      row('2026-03-03T00:00:00Z', [], null),
    ];
    const { total, groups } = analyseSatisfaction(shared, 'person');
    expect(total).toMatchObject({ surveys: 3, responses: 2, overall: 4 });
    expect(groups.map((group) => [group.key, group.surveys, group.responses, group.overall])).toEqual([
      ['ann', 1, 1, 5],
      ['bob', 2, 2, 4],
      [null, 1, 0, null],
    ]);
  });

  it('orders periods and gives each its change from the previous one', () => {
    const { groups } = analyseSatisfaction(rows, 'period');
    expect(groups.map((group) => [group.key, group.overall, group.change])).toEqual([
      ['2026-01', 4, null],
      ['2026-02', 3, -1],
    ]);
    expect(periodOf('2026-05-01T00:00:00Z', 'quarter')).toBe('2026-Q2');
  });
});
