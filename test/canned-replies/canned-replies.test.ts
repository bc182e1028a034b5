import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/access/roles.js';
import { logCase, setUpEscalationWorld, type EscalationWorld } from '../escalations/escalation-world.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Reply {
  id: string;
  title: string;
  body: { en: string; 'zh-CN': string };
  scope: { kind: 'department'; departmentId: string } | { kind: 'personal'; ownerId: string };
  departmentName: string | null;
  canEdit: boolean;
}
interface ReplyList {
  items: Reply[];
  canShare: boolean;
  shareDepartments: { id: string; name: string }[];
}
interface Problem {
  status: number;
  field?: string;
  detail?: string;
}

const HOTLINE = '+86 10 5555 0100';

describeOnEachDatabase('canned replies: shared per department or personal, filled for a case', (database) => {
  let app: TestApp;
  let world: EscalationWorld;
  let manager: TestUser;
  let engineer: TestUser;
  let outsider: TestUser;
  let otherDepartment: { id: string };
  const roleUsers = new Map<Role, TestUser>();

  beforeAll(async () => {
    app = await TestApp.start(database);
    world = await setUpEscalationWorld(app);
    manager = world.holders['department-manager'];
    engineer = await app.user('expert', { name: 'Erin Engineer' });
    outsider = await app.user('expert', { name: 'Olaf Outsider' });
    const other = await app.request<{ id: string }>(world.admin, 'POST', '/api/v1/departments', { name: 'Systems' });
    expect(other.status).toBe(201);
    otherDepartment = other.body;
    expect((await app.request(world.admin, 'PATCH', `/api/v1/users/${engineer.id}`, { departmentId: world.department.id })).status).toBe(
      200,
    );
    expect((await app.request(world.admin, 'PATCH', `/api/v1/users/${outsider.id}`, { departmentId: otherDepartment.id })).status).toBe(
      200,
    );
    for (const role of ROLES)
      roleUsers.set(role, await app.user(role, role === 'customer' ? { organizationId: world.organization.id } : {}));
  });
  afterAll(() => app.stop());

  const create = (as: TestUser, body: Record<string, unknown>) => app.request<Reply & Problem>(as, 'POST', '/api/v1/canned-replies', body);
  const list = async (as: TestUser, query = '') => {
    const response = await app.request<ReplyList>(as, 'GET', `/api/v1/canned-replies${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };
  const shared = (title: string, departmentId: string) => ({
    title,
    body: { en: 'Dear {{contact}}, case {{caseNumber}} of {{customer}}', 'zh-CN': '{{contact}} 您好，{{customer}} 的案例 {{caseNumber}}' },
    scope: 'department',
    departmentId,
  });

  it('lets the manager share a reply with their department, and an engineer of it use it but not change it', async () => {
    const created = await create(manager, shared('Received', world.department.id));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ title: 'Received', departmentName: world.department.name, canEdit: true });

    const seen = await list(engineer);
    expect(seen.items.map((item) => item.title)).toContain('Received');
    expect(seen.items.find((item) => item.id === created.body.id)?.canEdit).toBe(false);
    expect(seen.canShare).toBe(false);
    expect((await app.request(engineer, 'PATCH', `/api/v1/canned-replies/${created.body.id}`, { title: 'Mine now' })).status).toBe(403);
    expect((await app.request(engineer, 'DELETE', `/api/v1/canned-replies/${created.body.id}`)).status).toBe(403);
    expect((await create(engineer, shared('Engineer shares', world.department.id))).status).toBe(403);

    // Another department's engineer neither sees nor reaches it.
    expect((await list(outsider)).items.map((item) => item.id)).not.toContain(created.body.id);
    expect((await app.request(outsider, 'GET', `/api/v1/canned-replies/${created.body.id}`)).status).toBe(404);
  });

  it('refuses a manager sharing with a department they do not manage, and lets the admin share with any', async () => {
    expect((await list(manager)).shareDepartments.map((department) => department.id)).toEqual([world.department.id]);
    expect((await create(manager, shared('Not mine', otherDepartment.id))).status).toBe(403);
    const byAdmin = await create(world.admin, shared('Systems greeting', otherDepartment.id));
    expect(byAdmin.status).toBe(201);
    expect((await list(outsider)).items.map((item) => item.title)).toContain('Systems greeting');
    expect((await list(world.admin)).shareDepartments.map((department) => department.id).sort()).toEqual(
      [world.department.id, otherDepartment.id].sort(),
    );
  });

  it('keeps personal replies to their owner, whatever the role', async () => {
    const mine = await create(engineer, { title: 'My sign-off', body: { en: 'Regards, {{engineer}}' }, scope: 'personal' });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body).toMatchObject({
      scope: { kind: 'personal', ownerId: engineer.id },
      body: { en: 'Regards, {{engineer}}', 'zh-CN': '' },
    });
    expect((await list(engineer, '?scope=personal')).items.map((item) => item.title)).toEqual(['My sign-off']);
    for (const other of [manager, world.admin, outsider]) {
      expect((await list(other)).items.map((item) => item.id)).not.toContain(mine.body.id);
      expect((await app.request(other, 'PATCH', `/api/v1/canned-replies/${mine.body.id}`, { title: 'x' })).status).toBe(404);
    }
    const changed = await app.request<Reply>(engineer, 'PATCH', `/api/v1/canned-replies/${mine.body.id}`, {
      body: { 'zh-CN': '此致，{{engineer}}' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.body).toEqual({ en: 'Regards, {{engineer}}', 'zh-CN': '此致，{{engineer}}' });
    expect((await app.request(engineer, 'DELETE', `/api/v1/canned-replies/${mine.body.id}`)).status).toBe(204);
    expect((await list(engineer, '?scope=personal')).items).toEqual([]);
  });

  it('lets every staff role keep personal replies and refuses customers everything', async () => {
    for (const role of ROLES) {
      const user = roleUsers.get(role)!;
      const created = await create(user, { title: `Note of ${role}`, body: { en: 'Hello' }, scope: 'personal' });
      expect({ role, status: created.status }).toEqual({ role, status: role === 'customer' ? 403 : 201 });
    }
    const customer = roleUsers.get('customer')!;
    expect((await app.request(customer, 'GET', '/api/v1/canned-replies')).status).toBe(403);
    const opened = await logCase(world, { level: 3 });
    const reply = (await list(manager)).items[0]!;
    expect((await app.request(customer, 'GET', `/api/v1/cases/${opened.id}/canned-replies/${reply.id}/filled`)).status).toBe(403);
  });

  it('answers problem+json naming the field for a missing text, an unknown placeholder, a missing department', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'Empty', body: { en: ' ', 'zh-CN': '' }, scope: 'personal' }, 'body'],
      [{ title: 'Typo', body: { en: 'Hi {{custmer}}' }, scope: 'personal' }, 'body.en'],
      [{ title: 'Typo', body: { en: 'Hi', 'zh-CN': '您好 {{客户}}' }, scope: 'personal' }, 'body.zh-CN'],
      [{ title: '', body: { en: 'Hi' }, scope: 'personal' }, 'title'],
      [{ title: 'No department', body: { en: 'Hi' }, scope: 'department' }, 'departmentId'],
      [{ title: 'Bad scope', body: { en: 'Hi' }, scope: 'everyone' }, 'scope'],
      [{ title: 'Long', body: { en: 'x'.repeat(20_001) }, scope: 'personal' }, 'body.en'],
    ];
    for (const [body, field] of cases) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/canned-replies', headers: manager.headers, payload: body });
      expect({ field, status: response.statusCode, type: response.headers['content-type'] }).toEqual({
        field,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect((response.json() as Problem).field).toBe(field);
    }
    const typo = await create(manager, { title: 'Typo', body: { en: 'Hi {{custmer}}' }, scope: 'personal' });
    expect(typo.body.detail).toContain('{{custmer}}');
    const existing = (await list(manager)).items.find((item) => item.title === 'Received')!;
    const emptied = await app.request<Problem>(manager, 'PATCH', `/api/v1/canned-replies/${existing.id}`, {
      body: { en: '', 'zh-CN': '' },
    });
    expect(emptied.status).toBe(400);
    expect(emptied.body.field).toBe('body');
  });

  it('fills a reply for a case: customer, contact, number, level, the inserting engineer, the hotline; in the language asked for', async () => {
    expect((await app.request(world.admin, 'PUT', '/api/v1/service-desk-settings', { hotlineNumber: HOTLINE })).status).toBe(200);
    const contact = await app.request<{ id: string }>(world.admin, 'POST', `/api/v1/organizations/${world.organization.id}/contacts`, {
      name: 'Wang Fang',
      email: 'wang.fang@example.com',
      language: 'zh-CN',
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const opened = await app.request<{ id: string; number: string }>(world.secretary, 'POST', '/api/v1/cases', {
      organizationId: world.organization.id,
      contactId: contact.body.id,
      channel: 'hotline',
      level: 2,
      title: 'Core switch drops packets',
      description: 'Since this morning.',
      departmentId: world.department.id,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const full = await create(manager, {
      title: 'Everything',
      body: {
        en: '{{contact}} / {{customer}} / {{caseNumber}} / level {{level}} / {{engineer}} / {{hotline}}',
        'zh-CN': '{{contact}}，{{customer}}，{{caseNumber}}，{{level}} 级，{{engineer}}，{{hotline}}',
      },
      scope: 'department',
      departmentId: world.department.id,
    });
    expect(full.status).toBe(201);
    const fill = (language?: string) =>
      app.request<{ language: string; text: string; missing: string[] }>(
        engineer,
        'GET',
        `/api/v1/cases/${opened.body.id}/canned-replies/${full.body.id}/filled${language ? `?language=${language}` : ''}`,
      );
    const english = await fill('en');
    expect(english.status, JSON.stringify(english.body)).toBe(200);
    expect(english.body).toEqual({
      language: 'en',
      text: `Wang Fang / ${world.organization.name} / ${opened.body.number} / level 2 / Erin Engineer / ${HOTLINE}`,
      missing: [],
    });
    // Without a language, the contact's.
    expect((await fill()).body.text).toBe(`Wang Fang，${world.organization.name}，${opened.body.number}，2 级，Erin Engineer，${HOTLINE}`);
    expect((await fill('fr')).status).toBe(400);

    // A case without a contact leaves {{contact}} visible and says so.
    const noContact = await logCase(world, { level: 3 });
    const gap = await app.request<{ text: string; missing: string[] }>(
      engineer,
      'GET',
      `/api/v1/cases/${noContact.id}/canned-replies/${full.body.id}/filled?language=en`,
    );
    expect(gap.body.missing).toEqual(['contact']);
    expect(gap.body.text.startsWith('{{contact}} / ')).toBe(true);

    // A reply the engineer may not read is not found, even on a case they may read.
    const systems = (await list(outsider)).items.find((item) => item.title === 'Systems greeting')!;
    expect((await app.request(engineer, 'GET', `/api/v1/cases/${opened.body.id}/canned-replies/${systems.id}/filled`)).status).toBe(404);
  });

  it("puts the case department's replies first on a case and searches title and text", async () => {
    const mine = await create(world.admin, { title: 'AAA personal', body: { en: 'Admin note' }, scope: 'personal' });
    expect(mine.status).toBe(201);
    const onCase = await logCase(world, { level: 3, departmentId: otherDepartment.id });
    const ranked = (await list(world.admin, `?caseId=${onCase.id}`)).items;
    expect(ranked[0]!.title).toBe('Systems greeting');
    expect(ranked[1]!.title).toBe('AAA personal');
    expect((await list(engineer, '?q=RECEIV')).items.map((item) => item.title)).toEqual(['Received']);
    expect((await list(engineer, `?q=${encodeURIComponent('您好')}`)).items.map((item) => item.title)).toEqual(['Received']);
    expect((await list(engineer, `?q=${encodeURIComponent('100%_')}`)).items).toEqual([]);
  });
});
