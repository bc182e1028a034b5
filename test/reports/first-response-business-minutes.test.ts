import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/db.js';
import { migrateTo, migrateToLatest } from '../../src/storage/migrate.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { createOfficeHoursPolicy } from '../support/office-hours.js';
import { logCase, startServiceLoopWorld, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

const Z = (iso: string) => `${iso}:00.000Z`;
const MINUTE = 60_000;
const PERIOD = 'from=2026-11-20&to=2026-11-23';

/*
 * Issue #17, "Targets measured": the time to first response counts business minutes on the calendar of the case's
 * escalation policy (here Beijing office hours, Monday to Friday 09:00–18:00), as resolution time does. Hand-counted,
 * Beijing times, UTC in brackets; the seed's first-response targets are 15, 30, 120 and 480 business minutes:
 *   P  L2 received Fri 11-20 17:30 (09:30Z); due Mon 09:00 (30 min: Friday 17:30–18:00); a public reply Mon 09:15
 *      (01:15Z): breached, 30 + 15 = 45 business minutes (the wall clock says 3 825).
 *   Q  L3 received Fri 17:30; due Mon 10:30 (120 min: 30 on Friday, 90 on Monday); a phone call Mon 09:15: met, 45.
 *   R  L1 received Mon 11-23 10:00 (02:00Z), answered at once by a public reply: met, 0.
 *   S  L2 received Mon 17:50 (09:50Z); due Tue 09:20 (10 min on Monday, 20 on Tuesday); unanswered at now, Mon 18:00
 *      (10:00Z): pending. In the last test the previous release answers it, Tue 09:05 (11-24 01:05Z), before the
 *      upgrade to migration 0061: met, 10 + 5 = 15.
 */
describeOnEachDatabase('time to first response in business minutes', (database) => {
  let world: ServiceLoopWorld;
  const cases: Record<string, string> = {};

  interface FirstResponse {
    levels: {
      level: number;
      cases: number;
      met: number;
      breached: number;
      pending: number;
      percentMet: number | null;
      medianMinutes: number | null;
      p90Minutes: number | null;
    }[];
  }
  const report = async () => {
    const response = await world.app.request<FirstResponse>(world.manager, 'GET', `/api/v1/reports/first-response?${PERIOD}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.levels.map((row) => [
      row.level,
      row.cases,
      row.met,
      row.breached,
      row.pending,
      row.percentMet,
      row.medianMinutes,
      row.p90Minutes,
    ]);
  };
  const targetsOf = async (name: string) => {
    const response = await world.app.request<{
      targets: { firstResponse: { state: string }; firstResponseBusinessMinutes: number | null };
    }>(world.manager, 'GET', `/api/v1/cases/${cases[name]}`);
    expect(response.status).toBe(200);
    return [response.body.targets.firstResponse.state, response.body.targets.firstResponseBusinessMinutes];
  };
  const storedFigures = async (db: ServiceLoopWorld['app']['storage']['db']) =>
    Object.fromEntries(
      (await db.selectFrom('cases').select(['id', 'first_response_working_ms']).execute()).map((row) => [
        Object.keys(cases).find((name) => cases[name] === row.id),
        row.first_response_working_ms === null ? null : Number(row.first_response_working_ms),
      ]),
    );

  beforeAll(async () => {
    world = await startServiceLoopWorld(database, Z('2026-11-20T09:30'));
    const officeId = await createOfficeHoursPolicy(world.app, world.admin, 'Office hours, Beijing');
    const events: [string, string, 'log' | 'reply' | 'call', number?][] = [
      [Z('2026-11-20T09:30'), 'P', 'log', 2],
      [Z('2026-11-20T09:30'), 'Q', 'log', 3],
      [Z('2026-11-23T01:15'), 'P', 'reply'],
      [Z('2026-11-23T01:15'), 'Q', 'call'],
      [Z('2026-11-23T02:00'), 'R', 'log', 1],
      [Z('2026-11-23T02:00'), 'R', 'reply'],
      [Z('2026-11-23T09:50'), 'S', 'log', 2],
    ];
    for (const [at, name, event, level] of events) {
      world.app.clock.set(at);
      if (event === 'log') {
        const logged = await logCase(world, { level, receivedAt: at, title: `Case ${name}`, serialNumbers: [] });
        cases[name] = logged.id;
        const applied = await world.app.request(world.admin, 'POST', `/api/v1/cases/${logged.id}/policy`, { policyId: officeId });
        expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      } else if (event === 'reply') {
        const body = { body: 'We are looking into it.', visibility: 'public' };
        const replied = await world.app.request(world.secretary, 'POST', `/api/v1/cases/${cases[name]}/notes`, body);
        expect(replied.status, JSON.stringify(replied.body)).toBe(204);
      } else {
        const body = { type: 'phone', summary: 'Called the customer back' };
        const called = await world.app.request(world.secretary, 'POST', `/api/v1/cases/${cases[name]}/actions`, body);
        expect(called.status, JSON.stringify(called.body)).toBe(201);
      }
    }
    world.app.clock.set(Z('2026-11-23T10:00'));
  });
  afterAll(async () => {
    await world?.app.stop();
  });

  it('counts only business minutes from received-at to the first response; met or breached by the due time as before', async () => {
    expect(await targetsOf('P')).toEqual(['breached', 45]);
    expect(await targetsOf('Q')).toEqual(['met', 45]);
    expect(await targetsOf('R')).toEqual(['met', 0]);
    expect(await targetsOf('S')).toEqual(['pending', null]);
    expect(await report()).toEqual([
      [1, 1, 1, 0, 0, 100, 0, 0],
      [2, 2, 0, 1, 1, 0, 45, 45],
      [3, 1, 1, 0, 0, 100, 45, 45],
      [4, 0, 0, 0, 0, null, null, null],
    ]);
  });

  it('the upgrade measures a case answered before it as this release measures a new answer', async () => {
    const measuredHere = await storedFigures(world.app.storage.db);
    expect(measuredHere).toEqual({ P: 45 * MINUTE, Q: 45 * MINUTE, R: 0, S: null });
    // The database as the previous release left it: migration 0061 undone, and S answered by that release.
    const storage = openStorage(world.app.database.target);
    try {
      await migrateTo(storage, '0060-erased-mail-sources');
      const answeredAt = Z('2026-11-24T01:05');
      await storage.db
        .updateTable('cases')
        .set({ first_responded_at: answeredAt, first_response_ms: Date.parse(answeredAt) - Date.parse(Z('2026-11-23T09:50')) })
        .where('id', '=', cases.S!)
        .execute();

      await migrateToLatest(storage);

      expect(await storedFigures(storage.db)).toEqual({ ...measuredHere, S: 15 * MINUTE });
    } finally {
      await storage.close();
    }
    world.app.clock.set(Z('2026-11-24T02:00'));
    expect(await targetsOf('S')).toEqual(['met', 15]);
    expect(await report()).toEqual([
      [1, 1, 1, 0, 0, 100, 0, 0],
      [2, 2, 1, 1, 0, 50, 15, 45],
      [3, 1, 1, 0, 0, 100, 45, 45],
      [4, 0, 0, 0, 0, null, null, null],
    ]);
  });
});
