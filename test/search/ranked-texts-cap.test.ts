import { afterAll, beforeAll, expect, it } from 'vitest';
import { indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import { rankCases, type RankedCases } from '../../src/storage/repositories/case-search.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import { setUpEscalationWorld, type EscalationWorld } from '../escalations/escalation-world.js';
import { openCaseTitled } from './open-case.js';

/**
 * A term in more texts than the cap is ranked over its newest texts only; a rarer term beside it keeps the answer
 * exact. The cap is 2 000 in the product; here 3, so five cases show it.
 */
describeOnEachDatabase('search ranks a common term over its newest texts', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  const ids: string[] = [];
  const CAP = 3;

  const ranked = async (terms: string[], extra: Partial<RankedCases> = {}) =>
    (await rankCases(app.context.storage.db, { terms, includeInternal: true, status: 'all', limit: 20, offset: 0, ...extra }, CAP)).map(
      (entry) => ids.indexOf(entry.id),
    );

  beforeAll(async () => {
    app = await TestApp.start(database);
    world = await setUpEscalationWorld(app);
    const titles = ['Uplink flaps, quasarword', 'Uplink down', 'Uplink down', 'Uplink down', 'Uplink down'];
    for (const title of titles) {
      ids.push(await openCaseTitled(app, world, title));
      // One case at a time, so the texts are written in the order the cases were opened.
      await indexCaseSearchNow(app.context);
    }
  });
  afterAll(() => app.stop());

  it('ranks only the newest texts of a term found in more of them than the cap', async () => {
    expect(await ranked(['uplink'])).toEqual([4, 3, 2]);
  });

  it('finds every case holding all terms when one term is rarer than the cap', async () => {
    expect(await ranked(['uplink', 'quasarword'])).toEqual([0]);
    expect(await ranked(['quasarword', 'uplink'])).toEqual([0]);
  });

  it('applies the status filter before the cap, so the newest open cases are ranked', async () => {
    for (const to of ['resolved', 'closed']) {
      const moved = await app.request(world.secretary, 'POST', `/api/v1/cases/${ids[4]}/transitions`, { to });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    await indexCaseSearchNow(app.context);
    expect(await ranked(['uplink'], { status: 'open' })).toEqual([3, 2, 1]);
    expect(await ranked(['uplink'], { status: 'closed' })).toEqual([4]);
  });

  it("reads a filtered term's newest texts in slices: the open cases behind the closed ones are found once each", async () => {
    // Cases 4 (above) and 3 closed: the first slice of the newest texts (the cap + 1 of them) holds two open cases,
    // the next slice the third; a slice read twice or a text skipped would change the answer.
    for (const to of ['resolved', 'closed']) {
      const moved = await app.request(world.secretary, 'POST', `/api/v1/cases/${ids[3]}/transitions`, { to });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    await indexCaseSearchNow(app.context);
    expect(await ranked(['uplink'], { status: 'open' })).toEqual([2, 1, 0]);
    expect(await ranked(['uplink'], { status: 'closed' })).toEqual([4, 3]);
    const customer = { organizationId: world.organization.id, includeInternal: false };
    expect(await ranked(['uplink'], { ...customer, status: 'open' })).toEqual([2, 1, 0]);
    expect(await ranked(['uplink'], { ...customer, status: 'closed' })).toEqual([4, 3]);
    expect(await ranked(['uplink', 'quasarword'], { ...customer, status: 'open' })).toEqual([0]);
    expect(await ranked(['uplink'], { organizationId: 'another-organization', status: 'open' })).toEqual([]);
  });
});
