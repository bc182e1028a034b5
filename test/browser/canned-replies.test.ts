import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, pick, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

interface Created {
  id: string;
  name: string;
  number: string;
}
interface TimelinePage {
  items: { kind: string; visibility: string; actorUserId: string | null; data: Record<string, unknown> }[];
}

describeBrowserSuite('web app: canned replies', null, (database) => {
  let web: BrowserApp;
  let manager: BrowserUser;
  let engineer: BrowserUser;
  let opened: Created;

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    const admin = await web.user('admin');
    manager = await web.user('manager', { name: 'Mia Manager' });
    const department = await web.api<Created>(admin, 'POST', '/api/v1/departments', {
      name: 'Network Services',
      managerUserId: manager.id,
    });
    engineer = await web.user('expert', { name: 'Erin Engineer', departmentId: department.id });
    const organization = await web.api<Created>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Bank' });
    const contact = await web.api<Created>(admin, 'POST', `/api/v1/organizations/${organization.id}/contacts`, {
      name: 'Wang Fang',
      email: 'wang.fang@example.com',
      language: 'zh-CN',
    });
    opened = await web.api<Created>(admin, 'POST', '/api/v1/cases', {
      organizationId: organization.id,
      contactId: contact.id,
      channel: 'hotline',
      level: 2,
      title: 'Core switch drops packets',
      description: 'Since this morning.',
      departmentId: department.id,
      assigneeId: engineer.id,
    });
  });
  afterEach((context) => web?.keepEvidence(context.task));
  afterAll(() => web?.stop());

  it('a manager shares a reply with placeholders; an engineer of the department inserts it filled and sends it', async () => {
    const managerPage = (await web.newPage()).page;
    await web.signIn(managerPage, manager);
    await managerPage.getByRole('link', { name: 'Administration' }).click();
    await managerPage.getByRole('tab', { name: 'Canned replies' }).click();
    await managerPage.waitForURL(/\/admin\/canned-replies$/);
    await managerPage.getByRole('button', { name: 'New shared reply' }).click();
    const dialog = managerPage.getByRole('dialog');
    await dialog.getByLabel('Title').fill('Case received');
    // The manager's one department is chosen already.
    await dialog.locator('.ant-select-content, .ant-select-selection-item', { hasText: 'Network Services' }).first().waitFor();
    // A misspelt placeholder is refused, on its field.
    await dialog.getByLabel('Text in English').fill('Dear {{contact}} of {{custmer}}');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText('{{custmer}} is not a placeholder').waitFor();
    await dialog.getByLabel('Text in English').fill('Dear {{contact}} of {{customer}}, we are working on case {{caseNumber}}.');
    await dialog.getByLabel('Text in Chinese').fill('{{contact}} 您好，{{customer}} 的案例 {{caseNumber}} 正在处理。');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = managerPage.locator('.ant-table-row', { hasText: 'Case received' });
    await row.waitFor();
    await row.getByText('Network Services').waitFor();
    await row.getByText('中文').waitFor();
    expect(pageErrors(managerPage)).toEqual([]);

    const page = (await web.newPage()).page;
    await web.signIn(page, engineer);
    await page.goto(`/cases/${opened.id}`);
    await page.getByRole('tab', { name: 'Public reply' }).click();
    const picker = page.getByLabel('Insert canned reply');
    await picker.click();
    await picker.fill('receiv');
    await page.locator('.ant-select-item-option', { hasText: 'Case received' }).click();
    const reply = page.locator('textarea[aria-label="Public reply"]');
    // The contact's language (Chinese) comes first.
    const chinese = `Wang Fang 您好，Harbour Bank 的案例 ${opened.number} 正在处理。`;
    await eventually(() => reply.inputValue()).toBe(chinese);
    // The same reply in English goes below it.
    await pick(page, page.getByLabel('Language of the reply'), 'English');
    await picker.click();
    await picker.fill('Case');
    await page.locator('.ant-select-item-option', { hasText: 'Case received' }).click();
    const english = `Dear Wang Fang of Harbour Bank, we are working on case ${opened.number}.`;
    await eventually(() => reply.inputValue()).toBe(`${chinese}\n${english}`);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await eventually(() => reply.inputValue()).toBe('');

    await eventually(async () => {
      const timeline = await web.api<TimelinePage>(engineer, 'GET', `/api/v1/cases/${opened.id}/timeline?limit=100`);
      return timeline.items
        .filter((entry) => entry.visibility === 'public' && entry.actorUserId === engineer.id)
        .map((entry) => entry.data.body);
    }).toContain(`${chinese}\n${english}`);
    expect(pageErrors(page)).toEqual([]);
  });
});
