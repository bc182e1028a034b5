import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock, type ServiceContext } from '../../src/services/context.js';
import { oncePerPeriod } from '../../src/services/jobs/once-per-period.js';
import type { Storage } from '../../src/storage/db.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';

const PERIOD = 5 * 60_000;

describeOnEachDatabase('a periodic job runs once per period across instances', (database) => {
  let app: TestApp;
  const clock = new ManualClock('2026-11-02T08:00:00.000Z');
  const extraStorages: Storage[] = [];
  let instances: ServiceContext[];
  beforeAll(async () => {
    app = await TestApp.start(database, { clock });
    for (let index = 1; index < 3; index++) extraStorages.push(await app.database.open());
    instances = [app.context, ...extraStorages.map((storage) => ({ ...app.context, storage }))];
  });
  afterAll(async () => {
    for (const storage of extraStorages) await storage.close();
    await app.stop();
  });

  /** Every instance's timer fires at the same moment; answers how many of them ran the job. */
  async function tick(name: string): Promise<number> {
    let runs = 0;
    const results = await Promise.all(
      instances.map((context) =>
        oncePerPeriod(context, name, PERIOD, () => {
          runs++;
          return Promise.resolve('ran');
        }),
      ),
    );
    expect(results.filter((result) => result === 'ran')).toHaveLength(runs);
    expect(results.filter((result) => result === null)).toHaveLength(instances.length - runs);
    return runs;
  }

  it('one of three instances runs it; within the period nobody does; the next period one does again', async () => {
    expect(await tick('recurrence-detection')).toBe(1);
    clock.advance(PERIOD / 2);
    expect(await tick('recurrence-detection')).toBe(0);
    // A timer firing a little early (the scheduler's interval drifts) still finds the next period open.
    clock.advance(PERIOD / 2 - 10_000);
    expect(await tick('recurrence-detection')).toBe(1);
    // Each job has its own period.
    expect(await tick('yearly-checks')).toBe(1);
    expect(await tick('yearly-checks')).toBe(0);
  });
});
