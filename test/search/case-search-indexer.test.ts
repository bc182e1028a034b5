import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/services/context.js';
import { indexCaseSearch, indexCaseSearchNow } from '../../src/services/search/index-case-search.js';
import type { Storage } from '../../src/storage/db.js';
import { caseSearchCursor, lastCaseChange } from '../../src/storage/repositories/case-search-index.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import { setUpEscalationWorld, type EscalationWorld } from '../escalations/escalation-world.js';
import { openCaseTitled } from './open-case.js';

describeOnEachDatabase('the search indexer off the write path', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let second: Storage;
  let instances: ServiceContext[];

  beforeAll(async () => {
    app = await TestApp.start(database);
    world = await setUpEscalationWorld(app);
    second = await app.database.open();
    instances = [app.context, { ...app.context, storage: second }];
  });
  afterAll(async () => {
    await second.close();
    await app.stop();
  });

  const openCase = (title: string): Promise<string> => openCaseTitled(app, world, title);

  async function searchIds(q: string): Promise<string[]> {
    const response = await app.request<{ groups: { items: { id: string }[] }[] }>(
      world.secretary,
      'GET',
      `/api/v1/search?q=${encodeURIComponent(q)}&limit=50`,
    );
    expect(response.status).toBe(200);
    return response.body.groups[0]!.items.map((item) => item.id).sort();
  }

  it('a write is not searchable before the indexer ran, and is after', async () => {
    await indexCaseSearchNow(app.context);
    const id = await openCase('Projector lamp flickers');
    expect(await searchIds('projector')).toEqual([]);
    await indexCaseSearchNow(app.context);
    expect(await searchIds('projector')).toEqual([id]);
    const note = await app.request(world.secretary, 'POST', `/api/v1/cases/${id}/notes`, {
      body: 'Ordered a spare bulb.',
      visibility: 'public',
    });
    expect(note.status).toBe(204);
    expect(await searchIds('spare bulb')).toEqual([]);
    await indexCaseSearchNow(app.context);
    expect(await searchIds('spare bulb')).toEqual([id]);
  });

  it("two instances' indexers side by side index each change once, and the cursor ends at the end of the feed", async () => {
    await indexCaseSearchNow(app.context);
    const ids: string[] = [];
    for (let index = 0; index < 24; index++) ids.push(await openCase(`Turbine sensor ${index} drifting`));
    for (const id of ids.slice(0, 8)) {
      const note = await app.request(world.secretary, 'POST', `/api/v1/cases/${id}/notes`, {
        body: 'Recalibrated the anemometer.',
        visibility: 'internal',
      });
      expect(note.status).toBe(204);
    }
    // Batches of three, both instances at once, until the cursor reaches the end of the feed (on PostgreSQL a
    // transaction still running elsewhere on the server holds the indexer back for a while): each change is read by
    // one of them only.
    const end = (await lastCaseChange(app.storage.db))!;
    let read = 0;
    for (;;) {
      const counts = await Promise.all(instances.map((context) => indexCaseSearch(context, 3)));
      read += counts.reduce((sum, count) => sum + count, 0);
      const cursor = await caseSearchCursor(app.storage.db);
      if (cursor.tx === end.tx && cursor.seq === end.seq) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(read).toBe(ids.length);
    expect(await caseSearchCursor(app.storage.db)).toEqual(end);
    expect(await searchIds('turbine sensor')).toEqual([...ids].sort());
    expect(await searchIds('anemometer')).toEqual(ids.slice(0, 8).sort());
    const duplicates = await app.storage.db
      .selectFrom('case_search_texts')
      .select(['case_id', 'source', 'source_id'])
      .groupBy(['case_id', 'source', 'source_id'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    expect(duplicates).toEqual([]);
  });
});
