import { describe, expect, it } from 'vitest';
import { creditedForCase } from './survey-credits.js';

describe('who a case survey credits', () => {
  it('credits the assignee, the engineers who went on site and whoever gave phone or remote support, once each', () => {
    expect(
      creditedForCase('ann', [
        { type: 'phone', performedBy: 'bob', engineerUserId: null, cancelled: false },
        // Booked by the secretary, done by the engineer.
        { type: 'onsite', performedBy: 'sec', engineerUserId: 'eli', cancelled: false },
        { type: 'remote', performedBy: 'ann', engineerUserId: null, cancelled: false },
        { type: 'onsite', performedBy: 'sec', engineerUserId: 'olga', cancelled: true },
      ]),
    ).toEqual(['ann', 'bob', 'eli']);
  });

  it('credits the engineer of a visit on a case that has no assignee', () => {
    expect(creditedForCase(null, [{ type: 'onsite', performedBy: 'sec', engineerUserId: 'eli', cancelled: false }])).toEqual(['eli']);
    expect(creditedForCase(null, [])).toEqual([]);
  });
});
