import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { CASE_NUMBER_PLACEHOLDER } from '../../src/domain/cases/case-numbers.js';
import { openCase, type OpenCaseInput } from '../../src/services/cases/open-case.js';
import { openCaseOnce } from '../../src/services/cases/open-case-once.js';
import { ManualClock } from '../../src/services/context.js';
import { createDepartment } from '../../src/services/departments/manage-departments.js';
import { addContact } from '../../src/services/organizations/manage-organizations.js';
import type { TestDatabaseName } from '../support/databases.js';
import type { OutboxMessageRow } from '../../src/storage/repositories/outbox.js';
import { TestApp } from '../support/test-app.js';

/**
 * Storage writes an opened case its own way on each database (one statement on PostgreSQL, statements in a grouped
 * transaction on SQLite). The same calls, logged through the same services on the same clock, must leave the same
 * rows on both: only the generated ids differ, and those are compared by where they point.
 */
describe.skipIf(!process.env.CASEDESK_TEST_DATABASE_URL)('opening cases writes the same rows on SQLite and PostgreSQL', () => {
  const worlds = new Map<TestDatabaseName, World>();

  beforeAll(async () => {
    // One after the other: the services are the same, but their calls to the clock must line up.
    for (const database of ['sqlite', 'postgres'] as const) worlds.set(database, await logTheSameCalls(database));
  });
  afterAll(async () => {
    for (const world of worlds.values()) await world.app.stop();
  });

  it('stores the same cases, numbers, serial numbers, ladders, timeline events and mails, and answers them alike', async () => {
    const sqlite = await snapshot(worlds.get('sqlite')!);
    const postgres = await snapshot(worlds.get('postgres')!);
    // The calls really were logged: five cases, a ladder each, a late call whose due steps fired at once.
    expect(sqlite.cases.map((row) => row.number)).toEqual([
      'C-2026-000001',
      'C-2026-000002',
      'C-2026-000003',
      'C-2026-000004',
      'C-2026-000005',
    ]);
    expect(sqlite.steps.some((step) => step.status === 'fired')).toBe(true);
    expect(sqlite.serials.length).toBeGreaterThan(0);
    // The contacts of the hotline call and of the customer's own case are acknowledged by mail naming the case's
    // number, written with the case.
    const acknowledgements = sqlite.mails.filter((mail) => mail.kind === 'case-acknowledgement');
    expect(acknowledgements.map((mail) => [mail.to_address, mail.subject.slice(0, 15)])).toEqual([
      ['chen.jie@example.com', '[C-2026-000001]'],
      ['it@harbour.example.com', '[C-2026-000002]'],
    ]);
    expect(acknowledgements[0]!.text_body).toContain('登记为工单 C-2026-000001');
    expect(acknowledgements[0]!.html_body).toContain('C-2026-000001');
    expect(JSON.stringify(sqlite.mails)).not.toContain(CASE_NUMBER_PLACEHOLDER);
    expect(postgres).toEqual(sqlite);
  });
});

interface World {
  app: TestApp;
  answers: unknown[];
}

async function logTheSameCalls(database: TestDatabaseName): Promise<World> {
  // A Monday morning, in working hours: the ladder's due times depend on the business calendar.
  const app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
  const admin: Actor = { userId: 'system', role: 'admin', organizationId: null };
  const secretaryUser = await app.user('secretary', { email: 'secretary@example.com', name: 'Sun Li' });
  const engineer = await app.user('expert', { email: 'expert@example.com', name: 'Wang Wei' });
  const manager = await app.user('manager', { email: 'manager@example.com', name: 'Zhao Min' });
  const department = await createDepartment(app.context, admin, { name: 'Network services', managerUserId: manager.id });
  const organization = await app.organization('Harbour Logistics');
  const contact = await addContact(app.context, admin, organization.id, { name: 'Chen Jie', email: 'chen.jie@example.com' });
  const customerUser = await app.user('customer', {
    organizationId: organization.id,
    email: 'it@harbour.example.com',
    name: 'Harbour IT',
  });
  const secretary: Actor = { userId: secretaryUser.id, role: 'secretary', organizationId: null };
  const customer: Actor = { userId: customerUser.id, role: 'customer', organizationId: organization.id };

  const calls: { actor: Actor; input: OpenCaseInput; key?: string }[] = [
    {
      // A hotline call with everything named, a serial number given twice in different letter cases.
      actor: secretary,
      input: {
        organizationId: organization.id,
        contactId: contact.id,
        departmentId: department.id,
        assigneeId: engineer.id,
        channel: 'hotline',
        level: 1,
        title: '  Core switch down ',
        description: 'The whole warehouse is offline.',
        serialNumbers: ['FOC1234X0AB', 'foc1234x0ab', ' SN-2 '],
      },
    },
    {
      // The customer's own case: it names them and goes to the default department.
      actor: customer,
      input: { organizationId: organization.id, channel: 'portal', level: 3, title: 'Printer queue stuck', description: '' },
    },
    {
      // Called in hours ago: the steps already due fire as the case is written.
      actor: secretary,
      input: {
        organizationId: organization.id,
        departmentId: department.id,
        channel: 'hotline',
        level: 2,
        title: 'Firewall reboots',
        description: 'Since the night.',
        receivedAt: '2026-02-27T08:00:00.000Z',
      },
    },
    {
      // Through the idempotent intake, which writes the case in the transaction that stores the key.
      actor: secretary,
      input: { organizationId: organization.id, channel: 'api', level: 4, kind: 'fault', title: 'Licence question', description: '?' },
      key: 'same-key',
    },
    {
      actor: secretary,
      input: {
        organizationId: organization.id,
        departmentId: department.id,
        channel: 'email',
        level: 2,
        title: 'Late call with a key',
        description: 'Logged late, sent twice.',
        receivedAt: '2026-02-27T09:00:00.000Z',
        serialNumbers: ['SN-3'],
      },
      key: 'another-key',
    },
  ];
  const answers: unknown[] = [];
  for (const call of calls) {
    app.clock.advance(60_000);
    answers.push(
      call.key ? await openCaseOnce(app.context, call.actor, call.input, call.key) : await openCase(app.context, call.actor, call.input),
    );
  }
  return { app, answers };
}

async function snapshot({ app, answers }: World) {
  const db = app.storage.db;
  const cases = await db.selectFrom('cases').selectAll().orderBy('number').execute();
  const caseOrder = new Map(cases.map((row, index) => [row.id, index]));
  const byCase = <Row extends { case_id: string }>(rows: Row[], ...keys: ((row: Row) => string | number | null)[]) =>
    rows.sort((a, b) => {
      const difference = caseOrder.get(a.case_id)! - caseOrder.get(b.case_id)!;
      if (difference !== 0) return difference;
      for (const key of keys) {
        const [left, right] = [String(key(a)), String(key(b))];
        if (left !== right) return left < right ? -1 : 1;
      }
      return 0;
    });
  const serials = byCase(await db.selectFrom('case_serial_numbers').selectAll().execute(), (row) => row.serial_number);
  const steps = byCase(
    await db.selectFrom('escalation_steps').selectAll().execute(),
    (row) => row.position,
    (row) => row.due_at,
  );
  const events = byCase(
    await db.selectFrom('case_events').selectAll().execute(),
    (row) => row.at,
    (row) => row.kind,
    (row) => withoutIds(row.data_json),
  );
  const mails = byCase(
    (await db.selectFrom('outbox_messages').selectAll().where('case_id', 'is not', null).execute()) as (OutboxMessageRow & {
      case_id: string;
    })[],
    (row) => row.kind,
    (row) => row.to_address,
  );
  return withLabelledIds({ answers, cases, serials, steps, events, mails });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

function withoutIds(text: string): string {
  return text.replace(UUID, '');
}

/** Every generated id becomes `#n`, numbered in order of first appearance: equal only if it points at the same thing. */
function withLabelledIds<T>(value: T): T {
  const labels = new Map<string, string>();
  return JSON.parse(
    JSON.stringify(value).replace(UUID, (id) => {
      if (!labels.has(id)) labels.set(id, `#${labels.size + 1}`);
      return labels.get(id)!;
    }),
  ) as T;
}
