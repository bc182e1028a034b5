import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/services/context.js';
import { NAME_SORTS, QUEUE_SORTS, isNameSort, type NameSort, type QueueSort } from '../../src/domain/cases/queue-views.js';
import { cursorValuesOf, listCaseRows, type CaseFilter } from '../../src/storage/repositories/cases.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import {
  logCase,
  setUpEscalationWorld,
  timelineOf,
  type CaseBody,
  type EscalationWorld,
  type Problem,
} from '../escalations/escalation-world.js';

interface Summary {
  id: string;
  number: string;
  title: string;
  level: number;
  status: string;
  receivedAt: string;
  updatedAt: string;
  assigneeId: string | null;
  assigneeName: string | null;
  organizationId: string;
  organizationName: string;
  departmentId: string | null;
  departmentName: string | null;
  nextEscalationDueAt: string | null;
  firstResponseDueAt: string | null;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}
interface Overview {
  views: { view: string; count: number; capped: boolean }[];
  landing: string;
  columns: string[];
  savedFilters: { id: string; name: string; filter: Record<string, unknown> }[];
}
interface BulkResult {
  changed: number;
  refused: number;
  results: { caseId: string; ok: boolean; status: number; detail?: string; field?: string }[];
}

const DAY = 86_400_000;

describeOnEachDatabase('queues: views, counts, landing, saved filters, columns, sorting and bulk changes', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let engineer: TestUser;
  let otherEngineer: TestUser;
  let executive: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    world = await setUpEscalationWorld(app);
    manager = world.holders['department-manager'];
    engineer = await app.user('expert', { name: 'Erin Engineer' });
    otherEngineer = await app.user('expert', { name: 'Olaf Engineer' });
    executive = await app.user('executive', { name: 'Eve Executive' });
    for (const user of [engineer, otherEngineer, manager]) {
      const patched = await app.request(world.admin, 'PATCH', `/api/v1/users/${user.id}`, { departmentId: world.department.id });
      expect(patched.status).toBe(200);
    }
    // The executive holds the President's seat, so a level-1 case's last report reaches them.
    expect((await app.request(world.admin, 'PUT', '/api/v1/positions/president', { userId: executive.id })).status).toBe(200);
  });
  afterAll(() => app.stop());

  const list = async (as: TestUser, query: string): Promise<Summary[]> => {
    const response = await app.request<Page>(as, 'GET', `/api/v1/cases?limit=200&${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items;
  };
  const ids = async (as: TestUser, query: string) => (await list(as, query)).map((row) => row.id);
  const overview = async (as: TestUser) => {
    const response = await app.request<Overview>(as, 'GET', '/api/v1/queues');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const transition = async (caseId: string, to: string) =>
    expect((await app.request(world.secretary, 'POST', `/api/v1/cases/${caseId}/transitions`, { to })).status).toBe(200);
  const assign = async (caseId: string, assigneeId: string) =>
    expect((await app.request(world.secretary, 'PATCH', `/api/v1/cases/${caseId}`, { assigneeId })).status).toBe(200);
  const bulk = (as: TestUser, body: unknown) => app.request<BulkResult & Problem>(as, 'POST', '/api/v1/cases/bulk', body);

  describe('each view holds its cases', () => {
    let mine: CaseBody;
    let unassigned: CaseBody;
    let escalated: CaseBody;
    let waiting: CaseBody;
    let recentlyClosed: CaseBody;
    let longClosed: CaseBody;

    beforeAll(async () => {
      longClosed = await logCase(world, { level: 3, title: 'Closed long ago' });
      await transition(longClosed.id, 'resolved');
      await transition(longClosed.id, 'closed');
      app.clock.set(app.clock.now().getTime() + 40 * DAY);
      mine = await logCase(world, { level: 3, title: 'Assigned to Erin' });
      await assign(mine.id, engineer.id);
      unassigned = await logCase(world, { level: 3, title: 'Nobody has it yet' });
      // Received long ago: every upgrading report of the ladder is due at once and fires at intake.
      escalated = await logCase(world, {
        level: 1,
        title: 'Escalated all the way',
        receivedAt: new Date(app.clock.now().getTime() - 60 * DAY).toISOString(),
      });
      waiting = await logCase(world, { level: 3, title: 'Waiting for the customer' });
      await assign(waiting.id, otherEngineer.id);
      await transition(waiting.id, 'diagnosing');
      await transition(waiting.id, 'waiting_customer');
      recentlyClosed = await logCase(world, { level: 3, title: 'Fixed yesterday' });
      await transition(recentlyClosed.id, 'resolved');
      await transition(recentlyClosed.id, 'closed');
    });

    it('mine: the open cases assigned to me', async () => {
      const found = await ids(engineer, 'view=mine');
      expect(found).toContain(mine.id);
      expect(found).not.toContain(waiting.id);
      expect(found).not.toContain(unassigned.id);
    });

    it('my department, unassigned, escalated, waiting, all open', async () => {
      const department = await ids(engineer, 'view=department');
      expect(department).toEqual(expect.arrayContaining([mine.id, unassigned.id, escalated.id, waiting.id]));
      expect(department).not.toContain(recentlyClosed.id);
      const nobody = await ids(world.secretary, 'view=unassigned');
      expect(nobody).toEqual(expect.arrayContaining([unassigned.id, escalated.id]));
      expect(nobody).not.toContain(mine.id);
      expect(await ids(world.secretary, 'view=escalated')).toEqual([escalated.id]);
      expect(await ids(world.secretary, 'view=waiting')).toEqual([waiting.id]);
      const open = await ids(world.secretary, 'view=open');
      expect(open).toEqual(expect.arrayContaining([mine.id, unassigned.id, escalated.id, waiting.id]));
      expect(open).not.toContain(recentlyClosed.id);
      expect(open).not.toContain(longClosed.id);
    });

    it('someone in no department has an empty department view', async () => {
      expect(await ids(world.secretary, 'view=department')).toEqual([]);
    });

    it('escalated to me: the cases whose ladder told the reader, for managers and executives', async () => {
      expect(await ids(manager, 'view=escalated-to-me')).toEqual([escalated.id]);
      expect(await ids(executive, 'view=escalated-to-me')).toEqual([escalated.id]);
      // The Operation Center GM was told too; a manager nobody's ladder told sees nothing.
      expect(await ids(world.holders['operation-center-gm'], 'view=escalated-to-me')).toEqual([escalated.id]);
      const untold = await app.user('manager');
      expect(await ids(untold, 'view=escalated-to-me')).toEqual([]);
      // Engineers and secretaries have no such view.
      const refused = await app.request<Problem>(engineer, 'GET', '/api/v1/cases?view=escalated-to-me');
      expect(refused.status).toBe(403);
    });

    it('recently closed holds the last 30 days; all holds a case closed long ago', async () => {
      const recent = await ids(world.secretary, 'view=recently-closed');
      expect(recent).toContain(recentlyClosed.id);
      expect(recent).not.toContain(longClosed.id);
      expect(recent).not.toContain(mine.id);
      const all = await ids(world.secretary, 'view=all');
      expect(all).toEqual(expect.arrayContaining([longClosed.id, recentlyClosed.id, mine.id, waiting.id]));
    });

    it('counts each view, as many as the view lists', async () => {
      for (const [as, view] of [
        [engineer, 'mine'],
        [engineer, 'department'],
        [world.secretary, 'unassigned'],
        [world.secretary, 'escalated'],
        [world.secretary, 'waiting'],
        [world.secretary, 'open'],
        [world.secretary, 'recently-closed'],
        [world.secretary, 'all'],
        [executive, 'escalated-to-me'],
      ] as const) {
        const counted = (await overview(as)).views.find((entry) => entry.view === view);
        expect(counted, view).toEqual({ view, count: (await ids(as, `view=${view}`)).length, capped: false });
      }
      expect((await overview(engineer)).views.map((entry) => entry.view)).not.toContain('escalated-to-me');
    });

    it('lands each role on the view its work starts from', async () => {
      expect((await overview(executive)).landing).toBe('mine');
      expect((await overview(world.secretary)).landing).toBe('unassigned');
      expect((await overview(engineer)).landing).toBe('mine');
      expect((await overview(manager)).landing).toBe('escalated-to-me');
      const quietManager = await app.user('manager');
      await app.request(world.admin, 'PATCH', `/api/v1/users/${quietManager.id}`, { departmentId: world.department.id });
      expect((await overview(quietManager)).landing).toBe('department');
      expect((await overview(world.admin)).landing).toBe('open');
      // A queue link without a view asks for the landing view itself, in the same request as its first page.
      expect(await ids(world.secretary, 'view=landing')).toEqual(await ids(world.secretary, 'view=unassigned'));
      expect(await ids(executive, 'view=landing')).toEqual(await ids(executive, 'view=mine'));
      expect(await ids(manager, 'view=landing')).toEqual(await ids(manager, 'view=escalated-to-me'));
    });

    it('shows the first-response target beside the next escalation', async () => {
      const row = (await list(world.secretary, 'view=unassigned')).find((entry) => entry.id === unassigned.id);
      expect(row?.firstResponseDueAt).not.toBeNull();
      expect(row?.firstRespondedAt).toBeNull();
      expect(row?.nextEscalationDueAt).not.toBeNull();
    });
  });

  describe('customer scope', () => {
    it("a customer's views show only their organisation's cases, and only the views a customer has", async () => {
      const theirs = await app.organization('Customer With Views');
      const customer = await app.user('customer', { organizationId: theirs.id });
      const own = await logCase(world, { level: 3, organizationId: theirs.id, title: 'Their own case' });
      const other = await logCase(world, { level: 3, title: 'Somebody else’s case' });
      for (const view of ['open', 'all']) {
        const found = await ids(customer, `view=${view}`);
        expect(found).toEqual([own.id]);
        expect(found).not.toContain(other.id);
      }
      const seen = await overview(customer);
      expect(seen.views).toEqual([
        { view: 'open', count: 1, capped: false },
        { view: 'recently-closed', count: 0, capped: false },
        { view: 'all', count: 1, capped: false },
      ]);
      expect(seen.landing).toBe('open');
      for (const view of ['mine', 'unassigned', 'escalated', 'escalated-to-me'])
        expect((await app.request(customer, 'GET', `/api/v1/cases?view=${view}`)).status, view).toBe(403);
    });
  });

  describe('saved filters and columns are each user’s own', () => {
    it('saves, lists, replaces and deletes a user’s filters; another user never sees or deletes them', async () => {
      const saved = await app.request<{ id: string; name: string }>(engineer, 'POST', '/api/v1/queues/filters', {
        name: 'My urgent',
        filter: { view: 'mine', levels: [1, 2], sort: 'level', direction: 'asc' },
      });
      expect(saved.status).toBe(201);
      const replaced = await app.request<{ id: string }>(engineer, 'POST', '/api/v1/queues/filters', {
        name: 'My urgent',
        filter: { view: 'mine', levels: [1] },
      });
      expect(replaced.status).toBe(201);
      expect((await overview(engineer)).savedFilters).toEqual([
        { id: saved.body.id, name: 'My urgent', filter: { view: 'mine', levels: [1] } },
      ]);
      expect((await overview(otherEngineer)).savedFilters).toEqual([]);
      expect((await app.request(otherEngineer, 'DELETE', `/api/v1/queues/filters/${saved.body.id}`)).status).toBe(404);
      expect((await overview(engineer)).savedFilters).toHaveLength(1);
      expect((await app.request(engineer, 'DELETE', `/api/v1/queues/filters/${saved.body.id}`)).status).toBe(204);
      expect((await overview(engineer)).savedFilters).toEqual([]);
    });

    it('refuses a filter of an unknown view, naming the field', async () => {
      const response = await app.request<Problem>(engineer, 'POST', '/api/v1/queues/filters', {
        name: 'x',
        filter: { view: 'everything' },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((error) => error.field)).toContain('filter.view');
    });

    it('stores columns per user; the case number cannot be hidden', async () => {
      const before = (await overview(otherEngineer)).columns;
      const chosen = await app.request<{ columns: string[] }>(engineer, 'PUT', '/api/v1/queues/columns', {
        columns: ['number', 'title', 'first-response', 'department'],
      });
      expect(chosen.status).toBe(200);
      expect((await overview(engineer)).columns).toEqual(['number', 'title', 'first-response', 'department']);
      expect((await overview(otherEngineer)).columns).toEqual(before);
      const refused = await app.request<Problem>(engineer, 'PUT', '/api/v1/queues/columns', { columns: ['title'] });
      expect(refused.status).toBe(400);
      expect(refused.body.field).toBe('columns');
    });
  });

  describe('sorting by each column, page by page', () => {
    let organization: { id: string };
    beforeAll(async () => {
      organization = await app.organization('Sorting Ltd');
      const titles = ['delta', 'alpha', 'echo', 'bravo', 'charlie', 'alpha'];
      for (const [index, title] of titles.entries()) {
        app.clock.set(app.clock.now().getTime() + 60_000);
        const logged = await logCase(world, { level: ((index % 4) + 1) as 1 | 2 | 3 | 4, organizationId: organization.id, title });
        if (index === 2) await transition(logged.id, 'resolved');
        if (index === 3) await assign(logged.id, engineer.id);
        if (index === 4) {
          const reply = await app.request(world.secretary, 'POST', `/api/v1/cases/${logged.id}/notes`, {
            body: 'We are on it',
            visibility: 'public',
          });
          expect(reply.status).toBe(204);
        }
      }
    });

    const keyOf: Record<Exclude<QueueSort, NameSort>, (row: Summary) => (string | number)[]> = {
      number: (row) => [row.number],
      level: (row) => [row.level, row.receivedAt, row.id],
      title: (row) => [row.title, row.id],
      status: (row) => [row.status, row.id],
      received: (row) => [row.receivedAt, row.id],
      'next-escalation': (row) => [row.nextEscalationDueAt ?? '9999', row.id],
      'first-response': (row) => [row.firstRespondedAt === null ? (row.firstResponseDueAt ?? '9999') : '9999', row.id],
      updated: (row) => [row.updatedAt, row.id],
      resolved: (row) => [row.resolvedAt ?? '', row.id],
    };
    const compare = (a: (string | number)[], b: (string | number)[]) => {
      for (let index = 0; index < a.length; index += 1) {
        if (a[index]! < b[index]!) return -1;
        if (a[index]! > b[index]!) return 1;
      }
      return 0;
    };

    it('refuses an order a view cannot have, naming `sort`', async () => {
      const response = await app.request<Problem>(world.secretary, 'GET', '/api/v1/cases?view=open&sort=resolved');
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('sort');
    });

    for (const sort of QUEUE_SORTS.filter((order): order is Exclude<QueueSort, NameSort> => !isNameSort(order))) {
      for (const direction of ['asc', 'desc'] as const) {
        it(`${sort} ${direction}: pages of two read the same rows as one page, in order`, async () => {
          const query = `view=all&organizationId=${organization.id}&sort=${sort}&direction=${direction}`;
          const whole = await list(world.secretary, query);
          expect(whole).toHaveLength(6);
          const expected = [...whole].sort((a, b) => compare(keyOf[sort](a), keyOf[sort](b)) * (direction === 'asc' ? 1 : -1));
          expect(whole.map((row) => row.id)).toEqual(expected.map((row) => row.id));
          const paged: string[] = [];
          let cursor: string | null = null;
          do {
            const response: { status: number; body: Page } = await app.request<Page>(
              world.secretary,
              'GET',
              `/api/v1/cases?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
            );
            expect(response.status).toBe(200);
            paged.push(...response.body.items.map((row) => row.id));
            cursor = response.body.nextCursor;
          } while (cursor);
          expect(paged).toEqual(whole.map((row) => row.id));
        });
      }
    }
  });

  describe('bulk changes', () => {
    it('assigns 20 cases in one request; each timeline records it and they show in the assignee’s "mine"', async () => {
      const assignee = await app.user('expert', { name: 'Bulk Assignee' });
      const cases: CaseBody[] = [];
      for (let index = 0; index < 20; index += 1) cases.push(await logCase(world, { level: 3, title: `Bulk ${index}` }));
      const response = await bulk(world.secretary, {
        caseIds: cases.map((row) => row.id),
        change: { type: 'assign', assigneeId: assignee.id },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.changed).toBe(20);
      expect(response.body.refused).toBe(0);
      expect((await ids(assignee, 'view=mine')).sort()).toEqual(cases.map((row) => row.id).sort());
      for (const row of cases) {
        const assigned = (await timelineOf(world, row.id)).filter((entry) => entry.kind === 'case.assigned');
        expect(assigned).toHaveLength(1);
        expect(assigned[0]!.data.assigneeId).toEqual({ from: null, to: assignee.id });
        expect(assigned[0]!.actorUserId).toBe(world.secretary.id);
      }
    });

    it('changes status case by case: a move the lifecycle refuses is reported for that case only', async () => {
      const first = await logCase(world, { level: 3 });
      const second = await logCase(world, { level: 3 });
      const settled = await logCase(world, { level: 3 });
      await transition(settled.id, 'resolved');
      await transition(settled.id, 'closed');
      const response = await bulk(world.secretary, {
        caseIds: [first.id, settled.id, second.id],
        change: { type: 'status', to: 'diagnosing' },
      });
      expect(response.status).toBe(200);
      expect(response.body.changed).toBe(2);
      expect(response.body.results.map((result) => [result.caseId, result.ok, result.status, result.field])).toEqual([
        [first.id, true, 200, undefined],
        [settled.id, false, 409, 'to'],
        [second.id, true, 200, undefined],
      ]);
      expect(response.body.results[1]!.detail).toContain('in_progress');
      for (const row of [first, second]) {
        expect(
          (await timelineOf(world, row.id)).some((entry) => entry.kind === 'case.transitioned' && entry.data.to === 'diagnosing'),
        ).toBe(true);
      }
      expect((await app.request<CaseBody>(world.secretary, 'GET', `/api/v1/cases/${settled.id}`)).body.status).toBe('closed');
    });

    it('changes department and adds an internal note to each case', async () => {
      const other = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/departments', { name: `Storage ${Math.random()}` });
      const cases = [await logCase(world, { level: 3 }), await logCase(world, { level: 3 })];
      const moved = await bulk(world.secretary, {
        caseIds: cases.map((row) => row.id),
        change: { type: 'department', departmentId: other.body.id },
      });
      expect(moved.body.changed).toBe(2);
      const noted = await bulk(world.secretary, { caseIds: cases.map((row) => row.id), change: { type: 'note', body: 'Checked in bulk' } });
      expect(noted.body.changed).toBe(2);
      for (const row of cases) {
        expect((await app.request<CaseBody>(world.secretary, 'GET', `/api/v1/cases/${row.id}`)).body.departmentId).toBe(other.body.id);
        const notes = (await timelineOf(world, row.id)).filter((entry) => entry.kind === 'case.note');
        expect(notes.map((entry) => [entry.data.body, entry.visibility])).toEqual([['Checked in bulk', 'internal']]);
      }
    });

    it('applies the case policy to each case and names the field of a bad request', async () => {
      const known = await logCase(world, { level: 3 });
      const unknown = await bulk(world.secretary, { caseIds: [known.id, 'no-such-case'], change: { type: 'note', body: 'x' } });
      expect(unknown.body.results.map((result) => result.status)).toEqual([200, 404]);
      const customer = await app.user('customer', { organizationId: world.organization.id });
      expect((await bulk(customer, { caseIds: [known.id], change: { type: 'note', body: 'x' } })).status).toBe(403);
      const empty = await bulk(world.secretary, { caseIds: [], change: { type: 'note', body: 'x' } });
      expect(empty.status).toBe(400);
      expect(empty.body.errors?.map((error) => error.field)).toContain('caseIds');
      const tooMany = await bulk(world.secretary, {
        caseIds: Array.from({ length: 201 }, (_, index) => `c${index}`),
        change: { type: 'note', body: 'x' },
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors?.map((error) => error.field)).toContain('caseIds');
      const badStatus = await bulk(world.secretary, { caseIds: [known.id], change: { type: 'status', to: 'teleported' } });
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.errors?.map((error) => error.field)).toContain('change.to');
    });
  });
  describe('sorting by customer, department and assignee', () => {
    const customers = ['Zeta Ltd', 'alpha GmbH', '中信物流', '安徽电力', 'Twin Co', 'Twin Co'];
    beforeAll(async () => {
      const bravo = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/departments', { name: 'bravo desk' });
      const beijing = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/departments', { name: '北京服务部' });
      const departments = [world.department.id, bravo.body.id, beijing.body.id];
      const assignees = [engineer.id, otherEngineer.id, null];
      let index = 0;
      for (const name of customers) {
        const organization = await app.organization(name);
        for (let round = 0; round < 3; round += 1, index += 1) {
          app.clock.set(app.clock.now().getTime() + 60_000);
          const logged = await logCase(world, {
            level: 3,
            organizationId: organization.id,
            departmentId: departments[index % 3]!,
            title: `Named ${index}`,
          });
          const assignee = assignees[(index + round) % 3] ?? null;
          if (assignee) await assign(logged.id, assignee);
          if (index % 4 === 0) await transition(logged.id, 'resolved');
        }
      }
    });

    /** The group a case sorts in: none (no department, no assignee) after every name; else the name, then its owner's id. */
    const groupOf: Record<NameSort, (row: Summary) => [number, string, string]> = {
      customer: (row) => [0, row.organizationName, row.organizationId],
      department: (row) => (row.departmentId === null ? [1, '', ''] : [0, row.departmentName ?? '', row.departmentId]),
      assignee: (row) => (row.assigneeId === null ? [1, '', ''] : [0, row.assigneeName ?? '', row.assigneeId]),
    };
    // The names here are of the Basic Multilingual Plane, where JavaScript's comparison is code point order: as stored.
    const asStored = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
    const expectedOrder = (rows: Summary[], sort: NameSort, direction: 'asc' | 'desc') =>
      [...rows].sort((a, b) => {
        const [x, y] = [groupOf[sort](a), groupOf[sort](b)];
        const byGroup = asStored(x[0], y[0]) || asStored(x[1], y[1]) || asStored(x[2], y[2]);
        return byGroup * (direction === 'asc' ? 1 : -1) || asStored(b.id, a.id);
      });
    const readPages = async (query: string, size: number) => {
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const response: { status: number; body: Page } = await app.request<Page>(
          world.secretary,
          'GET',
          `/api/v1/cases?${query}&limit=${size}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        paged.push(...response.body.items.map((row) => row.id));
        cursor = response.body.nextCursor;
      } while (cursor);
      return paged;
    };
    /** The same order read as a large view is, customer by customer, from the storage layer. */
    const readByName = async (filter: CaseFilter, sort: NameSort, direction: 'asc' | 'desc', size: number) => {
      const read: string[] = [];
      let after: (string | number | null)[] | null = null;
      for (;;) {
        const rows = await listCaseRows(app.context.storage.db, filter, sort, after, size, direction, { smallView: 0 });
        read.push(...rows.slice(0, size).map((row) => row.id));
        if (rows.length <= size) return read;
        after = cursorValuesOf(rows[size - 1]!, sort);
      }
    };

    it('sorts names as stored, code point by code point: capitals before small letters, Chinese not by pinyin', async () => {
      const response = await app.request<Page>(world.secretary, 'GET', '/api/v1/cases?view=all&sort=customer&direction=asc&limit=200');
      const seen = [...new Set(response.body.items.map((row) => row.organizationName))].filter((name) => customers.includes(name));
      expect(seen).toEqual(['Twin Co', 'Zeta Ltd', 'alpha GmbH', '中信物流', '安徽电力']);
      const twins = new Set(response.body.items.filter((row) => row.organizationName === 'Twin Co').map((row) => row.organizationId));
      expect(twins.size).toBe(2);
    });

    for (const sort of NAME_SORTS) {
      for (const direction of ['asc', 'desc'] as const) {
        it(`${sort} ${direction}: by name, newest first within one; pages read every case once, both ways of reading`, async () => {
          for (const view of ['all', 'open'] as const) {
            const query = `view=${view}&sort=${sort}&direction=${direction}`;
            const response = await app.request<Page>(world.secretary, 'GET', `/api/v1/cases?${query}&limit=200`);
            expect(response.status).toBe(200);
            expect(response.body.nextCursor).toBeNull();
            const whole = response.body.items;
            expect(whole.length).toBeGreaterThan(10);
            expect(whole.map((row) => row.id)).toEqual(expectedOrder(whole, sort, direction).map((row) => row.id));
            expect(await readPages(query, 3)).toEqual(whole.map((row) => row.id));
            const filter: CaseFilter = view === 'open' ? { open: true } : {};
            expect(await readByName(filter, sort, direction, 3)).toEqual(whole.map((row) => row.id));
            expect(await readByName(filter, sort, direction, 1)).toEqual(whole.map((row) => row.id));
          }
        });
      }
    }

    it('refuses a cursor that no page of the order gave, naming `cursor`', async () => {
      const cursor = Buffer.from(JSON.stringify(['x', 2])).toString('base64url');
      const response = await app.request<Problem>(world.secretary, 'GET', `/api/v1/cases?view=all&sort=assignee&cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(response.body.field).toBe('cursor');
    });
  });
});
