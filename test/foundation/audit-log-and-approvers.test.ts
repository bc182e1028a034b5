import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { startServiceLoopWorld, type Problem, type ServiceLoopWorld } from '../service-records/service-loop-world.js';

interface AuditBody {
  items: {
    id: string;
    at: string;
    actorUserId: string | null;
    action: string;
    entityType: string;
    entityId: string;
    after: unknown;
    clientAddress: string | null;
  }[];
  nextCursor: string | null;
}

describeOnEachDatabase('the audit log filtered by user, time and text; who may approve exchanges', (database) => {
  let world: ServiceLoopWorld;
  let trainingId: string;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    const planned = await world.app.request<{ id: string }>(world.secretary, 'POST', '/api/v1/trainings', {
      organizationId: world.organization.id,
      topic: 'Firewall 100%_ready',
      trainerUserId: world.engineer.id,
      date: '2026-03-20',
      place: 'Harbour HQ',
    });
    expect(planned.status).toBe(201);
    trainingId = planned.body.id;
  });
  afterAll(() => world.app.stop());

  const audit = (query: string) => world.app.request<AuditBody>(world.manager, 'GET', `/api/v1/audit-log?${query}`);

  it('finds the changes one user made', async () => {
    const bySecretary = await audit(`actorUserId=${world.secretary.id}`);
    expect(bySecretary.status).toBe(200);
    expect(bySecretary.body.items.length).toBeGreaterThan(0);
    expect(bySecretary.body.items.every((entry) => entry.actorUserId === world.secretary.id)).toBe(true);
    expect(bySecretary.body.items.map((entry) => entry.entityId)).toContain(trainingId);
    expect((await audit(`actorUserId=${world.customer.id}`)).body.items).toEqual([]);
  });

  it('finds text in the values, whatever the case, and takes % and _ as letters', async () => {
    const found = await audit('q=100%25_READY');
    expect(found.body.items.map((entry) => entry.entityId)).toEqual([trainingId]);
    expect((await audit('q=100%25%25')).body.items).toEqual([]);
    expect((await audit('q=training.plan&entityType=training')).body.items.map((entry) => entry.action)).toContain('training.plan');
  });

  it('keeps to a time range: from inclusive, to exclusive', async () => {
    const all = (await audit('limit=200')).body.items;
    const at = all.find((entry) => entry.entityId === trainingId)!.at;
    expect((await audit(`from=${encodeURIComponent(at)}&q=ready`)).body.items).toHaveLength(1);
    expect((await audit(`to=${encodeURIComponent(at)}&q=ready`)).body.items).toHaveLength(0);
    const later = new Date(Date.parse(at) + 1).toISOString();
    expect((await audit(`to=${encodeURIComponent(later)}&q=ready`)).body.items).toHaveLength(1);
  });

  it('records the client address of the request that made each change, also for requests handled side by side, and finds it', async () => {
    // Twenty clients at once: on SQLite their transactions join one group commit, run from one loop; each entry
    // still carries its own request's address. A change no request made (a job, the command line) carries none.
    const clients = Array.from({ length: 20 }, (_, index) => `198.51.100.${index + 10}`);
    const answers = await Promise.all(
      clients.map((address, index) =>
        world.app.inject({
          method: 'POST',
          url: '/api/v1/me/tokens',
          headers: world.engineer.headers,
          remoteAddress: address,
          payload: { name: `Client ${index}` },
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(clients.map(() => 201));
    const entries = (await audit(`actorUserId=${world.engineer.id}&q=api-token.created&limit=50`)).body.items;
    expect(entries).toHaveLength(clients.length);
    for (const entry of entries) {
      expect(entry.clientAddress).toBe(clients[Number((entry.after as { name: string }).name.replace('Client ', ''))]);
    }
    // The text search finds an address (no value of these entries holds it).
    const found = await audit(`q=${encodeURIComponent(clients[7]!)}`);
    expect(found.body.items.map((entry) => [entry.clientAddress, entry.after])).toEqual([
      [clients[7], { tokenId: expect.any(String), name: 'Client 7' }],
    ]);

    const byRequest = (await audit(`actorUserId=${world.secretary.id}`)).body.items.find((entry) => entry.entityId === trainingId);
    expect(byRequest?.clientAddress).toBe('127.0.0.1');
    await createApiToken(world.app.context, world.engineer.id, 'from a job', null);
    const byJob = (await audit(`q=${encodeURIComponent('from a job')}`)).body.items;
    expect(byJob.map((entry) => [entry.actorUserId, entry.clientAddress])).toEqual([[null, null]]);
  });

  it('refuses a malformed filter, naming it', async () => {
    const badFrom = await world.app.request<Problem>(world.manager, 'GET', '/api/v1/audit-log?from=yesterday');
    expect(badFrom.status).toBe(400);
    expect(badFrom.body.field).toBe('from');
    const backwards = await world.app.request<Problem>(
      world.manager,
      'GET',
      '/api/v1/audit-log?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.field).toBe('to');
  });

  it('lists the kinds of record it has entries for', async () => {
    const types = await world.app.request<{ items: string[] }>(world.admin, 'GET', '/api/v1/audit-log/entity-types');
    expect(types.status).toBe(200);
    expect(types.body.items).toContain('training');
    expect(types.body.items).toEqual([...types.body.items].sort());
    expect((await world.app.request(world.secretary, 'GET', '/api/v1/audit-log/entity-types')).status).toBe(403);
  });

  it('names the active managers and admins as the possible approvers, and no one else', async () => {
    const departed = await world.app.user('manager', { name: 'Dora Departed' });
    await world.app.storage.db
      .updateTable('users')
      .set({ disabled_at: '2026-03-01T00:00:00.000Z' })
      .where('id', '=', departed.id)
      .execute();
    const approvers = await world.app.request<{ items: { id: string; name: string; role: string }[] }>(
      world.engineer,
      'GET',
      '/api/v1/approvers',
    );
    expect(approvers.status).toBe(200);
    const ids = approvers.body.items.map((approver) => approver.id);
    expect(ids).toContain(world.manager.id);
    expect(ids).toContain(world.admin.id);
    expect(ids).not.toContain(world.engineer.id);
    expect(ids).not.toContain(world.secretary.id);
    expect(ids).not.toContain(departed.id);
    expect(approvers.body.items.every((approver) => ['manager', 'admin'].includes(approver.role))).toBe(true);
    expect((await world.app.request(world.secretary, 'GET', '/api/v1/approvers')).status).toBe(403);
    expect((await world.app.request(world.customer, 'GET', '/api/v1/approvers')).status).toBe(403);
  });
});
