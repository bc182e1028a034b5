import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/access/permissions.js';
import { localMinute } from '../../src/domain/calendar/local-time.js';
import { runYearlyChecks } from '../../src/jobs/yearly-checks.js';
import { newId } from '../../src/services/context.js';
import { companyTimeZone } from '../../src/services/delivered-systems/support/company-today.js';
import { createProject } from '../../src/services/delivered-systems/manage-projects.js';
import { createVendor, setVendorRetired } from '../../src/services/delivered-systems/manage-vendors.js';
import { addContact, addSite } from '../../src/services/organizations/manage-organizations.js';
import { appendAuditEntry } from '../../src/storage/repositories/audit-log.js';
import { describeOnEachDatabase } from '../support/databases.js';
import type { TestUser } from '../support/test-app.js';
import {
  logCase,
  resolveCase,
  startServiceLoopWorld,
  type CaseBody,
  type ServiceLoopWorld,
} from '../service-records/service-loop-world.js';

const system: Actor = { userId: 'system', role: 'admin', organizationId: null };

/** More than one page of the export's reads (500), so the file is written across pages. */
const BULK_ENTRIES = 1234;

interface AuditPage {
  items: { id: string; actorUserId: string | null; action: string; entityType: string; entityId: string }[];
  nextCursor: string | null;
}

describeOnEachDatabase('the lists as CSV (vendors, sites, trainings, yearly checks, audit log)', (database) => {
  let world: ServiceLoopWorld;
  let chineseManager: TestUser;
  let expert: TestUser;
  let heldTrainingId: string;
  const cases: Record<'switch' | 'printer' | 'other', CaseBody> = {} as Record<'switch' | 'printer' | 'other', CaseBody>;

  /** The file of a list asked for with `Accept: text/csv`: a download, with a byte-order mark, parsed into rows. */
  const csv = async (path: string, as: TestUser = world.manager) => {
    const response = await world.app.inject({ method: 'GET', url: path, headers: { ...as.headers, accept: 'text/csv' } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="casedesk-[a-z0-9-]+\.csv"$/);
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    return parse(response.body.slice(1)) as string[][];
  };
  const refused = async (path: string, as: TestUser) => {
    const response = await world.app.inject({ method: 'GET', url: path, headers: { ...as.headers, accept: 'text/csv' } });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response.statusCode;
  };

  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    chineseManager = await world.app.user('manager', { language: 'zh-CN', name: '王经理' });
    expert = await world.app.user('expert');
    const app = world.app;

    await createVendor(app.context, system, {
      name: 'Cisco',
      supportCenter: {
        name: 'Cisco TAC',
        phone: '+1 800 553 2447',
        email: 'tac@cisco.example',
        url: 'https://support.cisco.example',
        contractNumber: 'SC-1001',
      },
    });
    await createVendor(app.context, system, { name: 'Acme, "Storage"', supportCenter: { name: '艾克米支持中心' } });
    const retired = await createVendor(app.context, system, { name: 'Oldco', supportCenter: { name: 'Oldco desk' } });
    await setVendorRetired(app.context, system, retired.id, true);

    await addSite(app.context, system, world.organization.id, {
      name: 'Substation North',
      accessNotes: 'Gate 3\nAsk for "Li" at the desk',
      hours: 'Mon–Fri 08:30–17:30',
    });
    await addSite(app.context, system, world.otherOrganization.id, { name: 'Elsewhere' });

    const plan = async (organizationId: string, topic: string, date: string, attendees: { name: string }[]) => {
      const planned = await app.request<{ id: string; attendees: { id: string }[] }>(world.secretary, 'POST', '/api/v1/trainings', {
        organizationId,
        topic,
        kind: 'class',
        trainerUserId: world.engineer.id,
        date,
        startTime: '09:00',
        endTime: '12:00',
        place: 'Harbour HQ',
        attendees,
      });
      expect(planned.status, JSON.stringify(planned.body)).toBe(201);
      return planned.body;
    };
    const held = await plan(world.organization.id, 'Firewall basics', '2026-02-20', [{ name: 'Ann' }, { name: 'Bo' }, { name: 'Cy' }]);
    heldTrainingId = held.id;
    const attendance = await app.request(world.secretary, 'POST', `/api/v1/trainings/${held.id}/attendance`, {
      attendance: held.attendees.map((attendee, index) => ({ attendeeId: attendee.id, attended: index < 2 })),
    });
    expect(attendance.status, JSON.stringify(attendance.body)).toBe(200);
    await plan(world.organization.id, 'Switch upkeep', '2026-03-20', [{ name: 'Dee' }]);
    await plan(world.otherOrganization.id, 'Other customer only', '2026-03-21', []);

    cases.switch = await logCase(world);
    app.clock.set('2026-03-03T08:00:00.000Z');
    cases.printer = await logCase(world, { title: 'Printer, "jammed"\nagain', level: 3, serialNumbers: [] });
    await resolveCase(world, cases.printer.id);
    const otherContact = await addContact(app.context, system, world.otherOrganization.id, { name: 'Otto Other', language: 'en' });
    cases.other = await logCase(world, { organizationId: world.otherOrganization.id, contactId: otherContact.id, serialNumbers: [] });

    // April 2026: Terminal LAN (delivered 2025-04-01, in guarantee) is opened on 18 March; Gate cameras (delivered
    // 2024-04-15, second year, after guarantee) is still to come; the other customer's Quay radar too.
    const project = (organizationId: string, name: string, deliveredAt: string, guaranteeEndsAt: string) =>
      createProject(app.context, system, {
        organizationId,
        name,
        deliveredAt,
        guaranteeEndsAt,
        implementingDepartmentId: world.department.id,
        items: [],
      });
    await project(world.organization.id, 'Terminal LAN', '2025-04-01', '2026-12-31');
    await project(world.organization.id, 'Gate cameras', '2024-04-15', '2025-04-14');
    await project(world.otherOrganization.id, 'Quay radar', '2023-04-10', '2027-04-09');
    app.clock.set('2026-03-18T09:00:00.000Z');
    const run = await runYearlyChecks(app.context);
    expect(run.failed).toEqual([]);
  });
  afterAll(() => world.app.stop());

  it('exports the vendors with their support centers, headed in the reader’s language, retired ones when asked', async () => {
    const rows = await csv('/api/v1/vendors?includeRetired=true');
    expect(rows[0]).toEqual([
      'Vendor',
      'Status',
      'Support center',
      'Support phone',
      'Support e-mail',
      'Support portal',
      'Our contract number with the vendor',
    ]);
    const byName = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect([...byName.keys()].sort()).toEqual(['Acme, "Storage"', 'Cisco', 'Oldco']);
    // The phone as the vendors page shows it.
    const listed = await world.app.request<{ items: { name: string; supportCenter: { phone: string | null } }[] }>(
      world.manager,
      'GET',
      '/api/v1/vendors?text=cisco',
    );
    const shownPhone = listed.body.items[0]!.supportCenter.phone;
    expect(shownPhone).toMatch(/^\+1 800.553.2447$/);
    expect(byName.get('Cisco')).toEqual([
      'Cisco',
      'Active',
      'Cisco TAC',
      shownPhone,
      'tac@cisco.example',
      'https://support.cisco.example',
      'SC-1001',
    ]);
    expect(byName.get('Acme, "Storage"')).toEqual(['Acme, "Storage"', 'Active', '艾克米支持中心', '', '', '', '']);
    expect(byName.get('Oldco')?.[1]).toBe('Retired');

    const active = await csv('/api/v1/vendors', chineseManager);
    expect(active[0]).toEqual(['厂商', '状态', '支持中心', '支持电话', '支持邮箱', '支持门户', '我方与厂商的合同编号']);
    expect(
      active
        .slice(1)
        .map((row) => [row[0], row[1]])
        .sort(),
    ).toEqual([
      ['Acme, "Storage"', '使用中'],
      ['Cisco', '使用中'],
    ]);
    expect((await csv('/api/v1/vendors?text=cis')).slice(1).map((row) => row[0])).toEqual(['Cisco']);
    expect(await refused('/api/v1/vendors', world.customer)).toBe(403);
  });

  it('quotes as RFC 4180 does: a comma, a quote and a line break stay inside their cell', async () => {
    const response = await world.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${world.organization.id}/sites`,
      headers: { ...world.manager.headers, accept: 'text/csv' },
    });
    expect(response.body).toContain('"Gate 3\nAsk for ""Li"" at the desk"');
    const vendors = await world.app.inject({
      method: 'GET',
      url: '/api/v1/vendors',
      headers: { ...world.manager.headers, accept: 'text/csv' },
    });
    expect(vendors.body).toContain('"Acme, ""Storage"""');
  });

  it('exports one customer’s sites; a customer gets their own and never another’s', async () => {
    const path = `/api/v1/organizations/${world.organization.id}/sites`;
    const rows = await csv(path);
    expect(rows[0]).toEqual(['Site', 'Address', 'Hours', 'Access notes', 'Status']);
    expect(rows.slice(1).sort()).toEqual([
      ['Data centre East', '1 Quay Road', '', '', 'Active'],
      ['Substation North', '', 'Mon–Fri 08:30–17:30', 'Gate 3\nAsk for "Li" at the desk', 'Active'],
    ]);
    expect((await csv(path, chineseManager))[0]).toEqual(['地点名称', '地址', '工作时间', '进入须知', '状态']);
    expect(
      (await csv(path, world.customer))
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual(['Data centre East', 'Substation North']);
    expect(await refused(path, world.otherCustomer)).toBe(404);
  });

  it('exports the trainings, planned and held, with how many were invited and attended', async () => {
    const rows = await csv('/api/v1/trainings');
    expect(rows[0]).toEqual(['Date', 'Start', 'End', 'Topic', 'Kind', 'Customer', 'Trainer', 'Place', 'Status', 'Invited', 'Attended']);
    const byTopic = new Map(rows.slice(1).map((row) => [row[3], row]));
    expect([...byTopic.keys()].sort()).toEqual(['Firewall basics', 'Other customer only', 'Switch upkeep']);
    expect(byTopic.get('Firewall basics')).toEqual([
      '2026-02-20',
      '09:00',
      '12:00',
      'Firewall basics',
      'Class',
      'Harbour Power Grid',
      'Eli Engineer',
      'Harbour HQ',
      'Held',
      '3',
      '2',
    ]);
    expect(byTopic.get('Switch upkeep')?.slice(8)).toEqual(['Planned', '1', '0']);

    const chinese = await csv(`/api/v1/trainings?organizationId=${world.organization.id}`, chineseManager);
    expect(chinese[0]).toEqual(['日期', '开始', '结束', '主题', '类型', '客户', '培训讲师', '地点', '状态', '受邀人数', '出席人数']);
    expect(
      chinese
        .slice(1)
        .map((row) => [row[3], row[4], row[8]])
        .sort(),
    ).toEqual([
      ['Firewall basics', '课堂培训', '已举行'],
      ['Switch upkeep', '课堂培训', '已计划'],
    ]);

    // A customer: their own organisation's only, whatever they ask for.
    const own = await csv('/api/v1/trainings', world.customer);
    expect(
      own
        .slice(1)
        .map((row) => row[3])
        .sort(),
    ).toEqual(['Firewall basics', 'Switch upkeep']);
    expect((await csv(`/api/v1/trainings?organizationId=${world.organization.id}`, world.otherCustomer)).slice(1)).toEqual([]);
    expect((await csv('/api/v1/trainings', world.otherCustomer)).slice(1).map((row) => row[3])).toEqual(['Other customer only']);
    expect(heldTrainingId).toBeTruthy();
  });

  it('exports the month’s yearly checks as filtered, by due date, with their progress and case', async () => {
    const rows = await csv('/api/v1/yearly-checks?month=2026-04');
    expect(rows[0]).toEqual(['Due on', 'Customer', 'Project', 'Year after delivery', 'Guarantee', 'Progress', 'Case', 'Case status']);
    const body = rows.slice(1);
    expect(body.map((row) => [row[0], row[1], row[2], row[3], row[4], row[5]])).toEqual([
      ['2026-04-01', 'Harbour Power Grid', 'Terminal LAN', '1', 'In guarantee', 'Under way'],
      ['2026-04-10', expect.any(String), 'Quay radar', '3', 'In guarantee', 'Due'],
      ['2026-04-15', 'Harbour Power Grid', 'Gate cameras', '2', 'After guarantee', 'Due'],
    ]);
    expect(body[0]![6]).toMatch(/\S/);
    expect(body[0]![7]).toBe('New');
    expect(body[1]!.slice(6)).toEqual(['', '']);

    const filtered = await csv(`/api/v1/yearly-checks?month=2026-04&organizationId=${world.organization.id}`, chineseManager);
    expect(filtered[0]).toEqual(['到期日', '客户', '项目', '交付后第几年', '保修', '进度', '巡检工单', '工单状态']);
    expect(filtered.slice(1).map((row) => [row[2], row[4], row[5], row[7]])).toEqual([
      ['Terminal LAN', '保修期内', '进行中', '新建'],
      ['Gate cameras', '保修期后', '待巡检', ''],
    ]);
    expect((await csv('/api/v1/yearly-checks?month=2026-05')).slice(1)).toEqual([]);
    expect(await refused('/api/v1/yearly-checks?month=2026-04', world.customer)).toBe(403);
  });

  it('exports the audit log with the filters applied, every matching entry newest first, for managers and admins only', async () => {
    const list = async (query: string) => {
      const page = await world.app.request<AuditPage>(world.manager, 'GET', `/api/v1/audit-log?limit=200&${query}`);
      expect(page.status).toBe(200);
      expect(page.body.nextCursor).toBeNull();
      return page.body.items;
    };
    const header = ['When', 'Who', 'Action', 'Record type', 'Record', 'Before', 'After'];

    const bySecretary = await csv(`/api/v1/audit-log?actorUserId=${world.secretary.id}&entityType=training`);
    expect(bySecretary[0]).toEqual(header);
    const listed = await list(`actorUserId=${world.secretary.id}&entityType=training`);
    expect(listed.length).toBeGreaterThan(3);
    expect(bySecretary.slice(1).map((row) => [row[2], row[3], row[4]])).toEqual(
      listed.map((entry) => [entry.action, entry.entityType, entry.entityId]),
    );
    const timeZone = await companyTimeZone(world.app.storage.db);
    for (const row of bySecretary.slice(1)) {
      expect(row[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC[+-]\d{2}:\d{2}$/);
      expect(row[1]).toBe('Test secretary');
    }
    const plannedRow = bySecretary.slice(1).find((row) => row[2] === 'training.plan' && row[4] === heldTrainingId)!;
    expect(JSON.parse(plannedRow[6]!)).toMatchObject({ topic: 'Firewall basics' });

    const byText = await csv('/api/v1/audit-log?q=oldco', chineseManager);
    expect(byText[0]).toEqual(['时间', '操作人', '操作', '记录类型', '记录', '变更前', '变更后']);
    expect(byText.slice(1).map((row) => row[4])).toEqual((await list('q=oldco')).map((entry) => entry.entityId));
    expect(byText.length).toBeGreaterThan(1);
    // Changes made by no user (the system actor) are named as CaseDesk's own.
    expect(byText.slice(1).every((row) => row[1] === 'CaseDesk（自动）')).toBe(true);

    // A long log: every entry in the period, across the export's pages, newest first, at the company's local minute.
    const ids: string[] = [];
    for (let start = 0; start < BULK_ENTRIES; start += 200) {
      const batch = Array.from({ length: Math.min(200, BULK_ENTRIES - start) }, (_, index) => {
        const id = newId();
        ids.push(id);
        return { id, n: start + index };
      });
      await world.app.storage.transaction(async (trx) => {
        for (const { id, n } of batch) {
          await appendAuditEntry(trx, {
            id,
            at: new Date(Date.UTC(2026, 0, 5, 10, 0, n)).toISOString(),
            actor_user_id: world.admin.id,
            action: 'export-test.step',
            entity_type: 'export-test',
            entity_id: `record-${n}`,
            before_json: null,
            after_json: JSON.stringify({ n, note: 'a, "quoted"\nline' }),
          });
        }
      });
    }
    const bulk = await csv('/api/v1/audit-log?entityType=export-test&from=2026-01-05T10:00:00Z&to=2026-01-06T00:00:00Z');
    expect(bulk).toHaveLength(BULK_ENTRIES + 1);
    expect(bulk.slice(1).map((row) => row[4])).toEqual([...ids].reverse().map((_, index) => `record-${BULK_ENTRIES - 1 - index}`));
    expect(bulk[1]![0]).toBe(localMinute(new Date(Date.UTC(2026, 0, 5, 10, 0, BULK_ENTRIES - 1)).toISOString(), timeZone));
    expect(bulk[1]![1]).toBe('Test admin');
    expect(bulk[1]![5]).toBe('');
    expect(JSON.parse(bulk[1]![6]!)).toEqual({ n: BULK_ENTRIES - 1, note: 'a, "quoted"\nline' });
    const narrowed = await csv('/api/v1/audit-log?entityType=export-test&from=2026-01-05T10:00:00Z&to=2026-01-05T10:01:00Z');
    expect(narrowed.slice(1).map((row) => row[4])).toEqual(Array.from({ length: 60 }, (_, index) => `record-${59 - index}`));

    for (const role of [world.secretary, world.engineer, expert, world.customer]) {
      expect(await refused('/api/v1/audit-log', role)).toBe(403);
    }
    expect((await csv('/api/v1/audit-log?entityType=export-test', world.admin)).length).toBe(BULK_ENTRIES + 1);
  });

  it('exports the cases a queue or search finds, in its order, every page; a customer only their own', async () => {
    const filter = `view=all&level=3&organizationId=${world.organization.id}`;
    const rows = await csv(`/api/v1/cases?${filter}`);
    expect(rows[0]).toEqual([
      'Case',
      'Received',
      'Customer',
      'Title',
      'Kind',
      'Level',
      'Status',
      'Channel',
      'Service department',
      'Engineer',
      'Serial numbers',
      'Resolved',
    ]);
    const listed = await world.app.request<{ items: { number: string }[]; nextCursor: string | null }>(
      world.manager,
      'GET',
      `/api/v1/cases?${filter}&limit=200`,
    );
    expect(rows.slice(1).map((row) => row[0])).toEqual(listed.body.items.map((item) => item.number));
    const byNumber = new Map(rows.slice(1).map((row) => [row[0], row]));
    expect([...byNumber.keys()].sort()).toEqual([cases.switch.number, cases.printer.number].sort());
    const timeZone = await companyTimeZone(world.app.storage.db);
    expect(byNumber.get(cases.switch.number)!.slice(1, 11)).toEqual([
      localMinute('2026-03-02T08:00:00.000Z', timeZone),
      'Harbour Power Grid',
      'Core switch drops packets',
      'Fault',
      '3',
      expect.stringMatching(/^(Assigned|New)$/),
      'Hotline',
      'Network Services',
      'Eli Engineer',
      'FOC1234X0AB',
    ]);
    expect(byNumber.get(cases.switch.number)![11]).toBe('');
    const printer = byNumber.get(cases.printer.number)!;
    expect([printer[3], printer[6], printer[10]]).toEqual(['Printer, "jammed"\nagain', 'Resolved', '']);
    expect(printer[11]).toBe(localMinute('2026-03-03T08:00:00.000Z', timeZone));

    const chinese = await csv(`/api/v1/cases?${filter}&status=resolved`, chineseManager);
    expect(chinese[0]).toEqual([
      '工单',
      '受理时间',
      '客户',
      '标题',
      '类型',
      '级别',
      '状态',
      '渠道',
      '服务部门',
      '工程师',
      '序列号',
      '解决时间',
    ]);
    expect(chinese.slice(1).map((row) => [row[0], row[4], row[6], row[7]])).toEqual([[cases.printer.number, '故障', '已解决', '热线']]);

    // The customer's portal: their organisation's cases only, whatever they ask for; a view they may not read is refused.
    const own = await csv('/api/v1/cases?sort=received', world.customer);
    expect(
      own
        .slice(1)
        .map((row) => row[2])
        .every((name) => name === 'Harbour Power Grid'),
    ).toBe(true);
    expect(own.slice(1).map((row) => row[0])).toEqual(expect.arrayContaining([cases.switch.number, cases.printer.number]));
    expect(own.slice(1).map((row) => row[0])).not.toContain(cases.other.number);
    expect((await csv(`/api/v1/cases?organizationId=${world.organization.id}`, world.otherCustomer)).slice(1)).toEqual([]);
    expect((await csv('/api/v1/cases', world.otherCustomer)).slice(1).map((row) => row[0])).toEqual([cases.other.number]);
    expect(await refused('/api/v1/cases?view=mine', world.customer)).toBe(403);
    const anonymous = await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { accept: 'text/csv' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('exports the problem records with the status and owner filters', async () => {
    const open = async (title: string, ownerId: string) => {
      const created = await world.app.request<{ id: string }>(expert, 'POST', '/api/v1/problems', { title, ownerId });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id;
    };
    world.app.clock.set('2026-03-19T09:00:00.000Z');
    await open('Core switches drop packets after 17.9', expert.id);
    world.app.clock.set('2026-03-19T10:00:00.000Z');
    await open('Printers jam, "again"', world.manager.id);
    const rows = await csv('/api/v1/problems');
    expect(rows[0]).toEqual(['Problem', 'Status', 'Owner', 'Opened', 'Updated']);
    const timeZone = await companyTimeZone(world.app.storage.db);
    expect(rows.slice(1)).toEqual([
      [
        'Printers jam, "again"',
        'Open',
        'Mia Manager',
        localMinute('2026-03-19T10:00:00.000Z', timeZone),
        localMinute('2026-03-19T10:00:00.000Z', timeZone),
      ],
      [
        'Core switches drop packets after 17.9',
        'Open',
        'Test expert',
        localMinute('2026-03-19T09:00:00.000Z', timeZone),
        localMinute('2026-03-19T09:00:00.000Z', timeZone),
      ],
    ]);
    const mine = await csv(`/api/v1/problems?ownerId=${expert.id}&status=open`, chineseManager);
    expect(mine[0]).toEqual(['问题', '状态', '负责人', '创建时间', '更新时间']);
    expect(mine.slice(1).map((row) => [row[0], row[1]])).toEqual([['Core switches drop packets after 17.9', '新建']]);
    expect((await csv('/api/v1/problems?status=closed')).slice(1)).toEqual([]);
    expect(await refused('/api/v1/problems', world.customer)).toBe(403);
  });

  it('answers JSON as before without Accept: text/csv', async () => {
    const page = await world.app.request<{ items: unknown[] }>(world.manager, 'GET', '/api/v1/vendors');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^application\/json/);
    expect(page.body.items).toHaveLength(2);
  });
});
