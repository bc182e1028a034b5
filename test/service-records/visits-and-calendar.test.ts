import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { logCase, mailsOf, startServiceLoopWorld, timelineKinds, type Problem, type ServiceLoopWorld } from './service-loop-world.js';

interface VisitBody {
  id: string;
  caseId: string;
  status: string;
  startsAt: string;
  endsAt: string;
  site: string;
  contactName: string | null;
  contactPhone: string | null;
  conflictsWith: string[];
  arrivedAt: string | null;
  departedAt: string | null;
  workDone: string | null;
  actionId: string;
}

describeOnEachDatabase('on-site visits: scheduling, conflicts, progress and the calendar feed', (database) => {
  let world: ServiceLoopWorld;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
  });
  afterAll(() => world.app.stop());

  const surveysOf = async (query: string) =>
    (
      await world.app.request<{ items: { subject: string; visitId: string | null; personUserId: string | null }[] }>(
        world.secretary,
        'GET',
        `/api/v1/surveys?${query}`,
      )
    ).body.items;
  const surveyMails = (caseId: string) => mailsOf(world, 'survey', caseId);

  const schedule = (caseId: string, body: Record<string, unknown>) =>
    world.app.request<VisitBody & Problem>(world.secretary, 'POST', `/api/v1/cases/${caseId}/visits`, {
      engineerUserId: world.engineer.id,
      siteId: world.site.id,
      contactId: world.contact.id,
      ...body,
    });

  it('schedules a visit with site and contact, and refuses an overlapping one naming the clash', async () => {
    const first = await logCase(world);
    const second = await logCase(world, { title: 'Firewall upgrade' });
    const booked = await schedule(first.id, { startsAt: '2026-03-03T09:00:00+08:00', endsAt: '2026-03-03T12:00:00+08:00' });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({
      status: 'scheduled',
      startsAt: '2026-03-03T01:00:00.000Z',
      endsAt: '2026-03-03T04:00:00.000Z',
      site: 'Data centre East, 1 Quay Road',
      contactName: 'Carla Contact',
      conflictsWith: [],
    });

    const clash = await schedule(second.id, { startsAt: '2026-03-03T11:00:00+08:00', endsAt: '2026-03-03T13:00:00+08:00' });
    expect(clash.status).toBe(409);
    expect(clash.body.field).toBe('startsAt');
    expect(clash.body.conflicts).toEqual([
      expect.objectContaining({ id: booked.body.id, caseNumber: first.number, startsAt: '2026-03-03T01:00:00.000Z' }),
    ]);
    expect(clash.body.detail).toContain(first.number);

    // Back to back is no clash; another engineer at the same time is none either.
    const adjacent = await schedule(second.id, { startsAt: '2026-03-03T12:00:00+08:00', endsAt: '2026-03-03T13:00:00+08:00' });
    expect(adjacent.status).toBe(201);
    const otherEngineer = await schedule(second.id, {
      engineerUserId: world.otherEngineer.id,
      startsAt: '2026-03-03T11:00:00+08:00',
      endsAt: '2026-03-03T13:00:00+08:00',
    });
    expect(otherEngineer.status).toBe(201);

    // Booked knowingly, the clash shows on both visits in the engineer's calendar.
    const forced = await schedule(second.id, {
      startsAt: '2026-03-03T11:30:00+08:00',
      endsAt: '2026-03-03T12:30:00+08:00',
      allowConflict: true,
    });
    expect(forced.status).toBe(201);
    expect(forced.body.conflictsWith.sort()).toEqual([booked.body.id, adjacent.body.id].sort());
    const calendar = await world.app.request<{ items: VisitBody[] }>(
      world.engineer,
      'GET',
      '/api/v1/visits?engineerId=me&from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z',
    );
    expect(calendar.status).toBe(200);
    expect(calendar.body.items.map((visit) => [visit.id, visit.conflictsWith])).toEqual([
      [booked.body.id, [forced.body.id]],
      [forced.body.id, expect.arrayContaining([booked.body.id, adjacent.body.id])],
      [adjacent.body.id, [forced.body.id]],
    ]);
  });

  it('rejects bad windows and missing sites with problems naming the field', async () => {
    const created = await logCase(world);
    const backwards = await schedule(created.id, { startsAt: '2026-03-05T12:00:00Z', endsAt: '2026-03-05T09:00:00Z' });
    expect([backwards.status, backwards.body.field]).toEqual([400, 'endsAt']);
    const nowhere = await schedule(created.id, { siteId: undefined, startsAt: '2026-03-05T09:00:00Z', endsAt: '2026-03-05T10:00:00Z' });
    expect([nowhere.status, nowhere.body.field]).toEqual([400, 'site']);
    const foreignSite = await world.app.request<Problem>(world.secretary, 'POST', `/api/v1/cases/${created.id}/visits`, {
      engineerUserId: world.customer.id,
      site: 'Somewhere',
      startsAt: '2026-03-05T09:00:00Z',
      endsAt: '2026-03-05T10:00:00Z',
    });
    expect([foreignSite.status, foreignSite.body.field]).toEqual([400, 'engineerUserId']);
  });

  it('keeps a visit’s contact phone in E.164, read in the customer’s country, and refuses one that is no number', async () => {
    const created = await logCase(world);
    const window = (day: number) => ({ startsAt: `2026-04-0${day}T09:00:00+08:00`, endsAt: `2026-04-0${day}T10:00:00+08:00` });
    const typed = await schedule(created.id, {
      ...window(1),
      contactId: null,
      contactName: 'Gate keeper',
      contactPhone: '(021) 6888-1234',
    });
    expect(typed.status).toBe(201);
    expect(typed.body).toMatchObject({ contactName: 'Gate keeper', contactPhone: '+86 21 6888 1234' });
    const stored = await world.app.storage.db
      .selectFrom('visits')
      .select('contact_phone')
      .where('id', '=', typed.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.contact_phone).toBe('+862168881234');
    // From the contact on record.
    const fromContact = await schedule(created.id, { ...window(2) });
    expect(fromContact.body.contactPhone).toBe('+86 21 5555 0101');

    const notValid = await schedule(created.id, { ...window(3), contactPhone: '12345' });
    expect([notValid.status, notValid.body.field]).toEqual([400, 'contactPhone']);
    expect(notValid.body.detail).toContain('12345');
    const words = await schedule(created.id, { ...window(4), contactPhone: 'ask at the gate' });
    expect([words.status, words.body.field]).toEqual([400, 'contactPhone']);
  });

  it('records arrival and departure as the case on-site action and on the timeline; the visit’s survey is the case’s', async () => {
    const created = await logCase(world);
    const booked = await schedule(created.id, { startsAt: '2026-03-02T09:00:00Z', endsAt: '2026-03-02T11:00:00Z' });
    const early = await world.app.request<Problem>(world.engineer, 'POST', `/api/v1/visits/${booked.body.id}/departure`, { workDone: 'x' });
    expect(early.status, JSON.stringify(early.body)).toBe(409);

    world.app.clock.set('2026-03-02T09:05:00Z');
    const arrived = await world.app.request<VisitBody>(world.engineer, 'POST', `/api/v1/visits/${booked.body.id}/arrival`, {});
    expect(arrived.body).toMatchObject({ status: 'on-site', arrivedAt: '2026-03-02T09:05:00.000Z' });
    const again = await world.app.request<Problem>(world.engineer, 'POST', `/api/v1/visits/${booked.body.id}/arrival`, {});
    expect(again.status).toBe(409);

    world.app.clock.set('2026-03-02T11:20:00Z');
    const future = await world.app.request<Problem>(world.engineer, 'POST', `/api/v1/visits/${booked.body.id}/departure`, {
      workDone: 'Replaced the line card',
      at: '2026-03-02T15:00:00Z',
    });
    expect([future.status, future.body.field]).toEqual([400, 'at']);
    const departed = await world.app.request<VisitBody>(world.engineer, 'POST', `/api/v1/visits/${booked.body.id}/departure`, {
      workDone: 'Replaced the line card in slot 3; no loss for 30 minutes',
    });
    expect(departed.status).toBe(200);
    expect(departed.body).toMatchObject({
      status: 'done',
      departedAt: '2026-03-02T11:20:00.000Z',
      workDone: expect.stringContaining('slot 3'),
    });

    const action = await world.app.storage.db
      .selectFrom('case_actions')
      .selectAll()
      .where('id', '=', booked.body.actionId)
      .executeTakeFirstOrThrow();
    expect(action).toMatchObject({
      type: 'onsite',
      engineer_user_id: world.engineer.id,
      planned_start: '2026-03-02T09:00:00.000Z',
      arrived_at: '2026-03-02T09:05:00.000Z',
      departed_at: '2026-03-02T11:20:00.000Z',
      summary: 'Replaced the line card in slot 3; no loss for 30 minutes',
    });
    const kinds = (await timelineKinds(world, created.id)).map((entry) => entry.kind);
    expect(kinds).toEqual(expect.arrayContaining(['visit.scheduled', 'visit.arrived', 'visit.departed']));
    // One service, one survey: the visit is part of the case's service; the case's survey at resolution asks about it.
    expect(kinds).not.toContain('survey.created');
    expect(await surveysOf(`caseId=${created.id}`)).toEqual([]);
    expect(await surveyMails(created.id)).toHaveLength(0);

    world.app.clock.set('2026-03-02T11:21:00Z');
    const resolved = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${created.id}/transitions`, { to: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(await surveysOf(`caseId=${created.id}`)).toEqual([expect.objectContaining({ subject: 'case', visitId: null })]);
    expect(await surveyMails(created.id)).toHaveLength(1);
    // The customer sees the visit on the timeline but not the internal survey bookkeeping.
    expect((await timelineKinds(world, created.id)).map((entry) => entry.kind)).toContain('survey.created');
    const customerKinds = (await timelineKinds(world, created.id, world.customer)).map((entry) => entry.kind);
    expect(customerKinds).toContain('visit.departed');
    expect(customerKinds).not.toContain('survey.created');
  });

  it('keeps visits from customers and from other organisations', async () => {
    const created = await logCase(world);
    const booked = await schedule(created.id, { startsAt: '2026-03-09T09:00:00Z', endsAt: '2026-03-09T10:00:00Z' });
    expect((await world.app.request(world.customer, 'GET', '/api/v1/visits')).status).toBe(403);
    expect((await world.app.request(world.customer, 'GET', `/api/v1/visits/${booked.body.id}`)).status).toBe(403);
    expect((await world.app.request(world.customer, 'POST', `/api/v1/cases/${created.id}/visits`, {})).status).toBe(403);
    expect((await world.app.request(world.secretary, 'GET', `/api/v1/visits/${booked.body.id}`)).status).toBe(200);
  });

  describe('the iCalendar feed', () => {
    it('serves the engineer’s visits as RFC 5545 text to anyone holding the signed address, and retires old addresses', async () => {
      const created = await logCase(world, { title: 'Router; config, backup' });
      const booked = await schedule(created.id, {
        engineerUserId: world.otherEngineer.id,
        startsAt: '2026-03-10T09:00:00Z',
        endsAt: '2026-03-10T11:30:00Z',
        notes: 'Bring console cable',
      });
      const issued = await world.app.request<{ url: string; path: string }>(world.otherEngineer, 'POST', '/api/v1/me/calendar-feed');
      expect(issued.status).toBe(201);
      expect(issued.body.url).toBe(`http://casedesk.test${issued.body.path}`);
      expect(issued.body.path).toMatch(/\.ics$/);

      const feed = await world.app.inject({ method: 'GET', url: issued.body.path });
      expect(feed.statusCode).toBe(200);
      expect(feed.headers['content-type']).toContain('text/calendar');
      const text = feed.body;
      expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
      expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      const unfolded = text.replace(/\r\n /g, '');
      expect(unfolded).toContain(`UID:visit-${booked.body.id}@casedesk.test\r\n`);
      expect(unfolded).toContain('DTSTART:20260310T090000Z\r\n');
      expect(unfolded).toContain('DTEND:20260310T113000Z\r\n');
      expect(unfolded).toContain(`SUMMARY:${created.number} Harbour Power Grid: Router\\; config\\, backup\r\n`);
      expect(unfolded).toContain('LOCATION:Data centre East\\, 1 Quay Road\r\n');
      expect(unfolded).toContain('Notes: Bring console cable');
      for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      // Only this engineer's visits.
      expect((unfolded.match(/BEGIN:VEVENT/g) ?? []).length).toBe(2);

      // A cancelled visit stays in the feed, marked cancelled with a higher sequence.
      await world.app.request(world.secretary, 'POST', `/api/v1/visits/${booked.body.id}/cancellation`, { reason: 'Customer postponed' });
      const after = (await world.app.inject({ method: 'GET', url: issued.body.path })).body.replace(/\r\n /g, '');
      expect(after).toMatch(new RegExp(`UID:visit-${booked.body.id}@casedesk.test\\r\\nSEQUENCE:1\\r\\n[\\s\\S]*?STATUS:CANCELLED`));

      const forged = issued.body.path.replace(/.{5}\.ics$/, 'AAAAA.ics');
      expect((await world.app.inject({ method: 'GET', url: forged })).statusCode).toBe(404);
      const renewed = await world.app.request<{ path: string }>(world.otherEngineer, 'POST', '/api/v1/me/calendar-feed');
      expect((await world.app.inject({ method: 'GET', url: issued.body.path })).statusCode).toBe(404);
      expect((await world.app.inject({ method: 'GET', url: renewed.body.path })).statusCode).toBe(200);
    });
  });
});
