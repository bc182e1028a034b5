import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, pick, type BrowserUser } from './support/browser-app.js';

interface Created {
  id: string;
  number: string;
}
interface Summary {
  id: string;
  status: string;
  departmentId: string | null;
}
interface TimelineEntry {
  kind: string;
  visibility: string;
  data: { body?: string };
}

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite(
  'web app: queues — sorting by customer, saved filters and columns kept over a reload, bulk status, department and note',
  null,
  (database) => {
    let web: BrowserApp;
    let secretary: BrowserUser;
    let storage: Created;
    const disks: Created[] = [];

    beforeAll(async () => {
      if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
      web = await BrowserApp.start(database);
      const admin = await web.user('admin');
      const network = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
      storage = await web.api<Created>(admin, 'POST', '/api/v1/departments', { name: 'Storage Service' });
      secretary = await web.user('secretary', { name: 'Sam Secretary' });
      const logCase = (organizationId: string, title: string, level = 3) =>
        web.api<Created>(secretary, 'POST', '/api/v1/cases', {
          organizationId,
          channel: 'hotline',
          level,
          title,
          description: 'Logged for the queue preferences test.',
          departmentId: network.id,
        });
      const zenith = await web.api<Created>(secretary, 'POST', '/api/v1/organizations', { name: 'Zenith Bank' });
      const acme = await web.api<Created>(secretary, 'POST', '/api/v1/organizations', { name: 'Acme Logistics' });
      for (let index = 1; index <= 3; index += 1) {
        await logCase(zenith.id, `Branch ${index} link down`);
        await logCase(acme.id, `Branch ${index + 3} link down`);
      }
      for (let index = 1; index <= 3; index += 1) disks.push(await logCase(acme.id, `Disk array ${index} degraded`, 2));
    });
    afterEach(async (context) => web.keepEvidence(context.task));
    afterAll(() => web?.stop());

    const firstRow = (page: Page) => page.locator('tr[data-case]').first().textContent();

    it('sorts by customer both ways; a saved filter and a hidden column are still there after a reload', async () => {
      const { page, context } = await web.newPage();
      await web.signIn(page, secretary);
      await page.goto('/cases?view=open');
      await page.locator('tr[data-case]').first().waitFor();

      // The customer column sorts from its header, A to Z, then (again) Z to A.
      await page.getByRole('button', { name: 'Customer', exact: true }).click();
      await page.waitForURL(/sort=customer&dir=asc/);
      await eventually(() => firstRow(page)).toContain('Acme Logistics');
      // Acme may have been first before the new order came too: the header says which order is shown.
      await eventually(() => page.locator('th[aria-sort="ascending"]').textContent()).toContain('Customer');
      await page.getByRole('button', { name: 'Customer', exact: true }).click();
      await page.waitForURL(/sort=customer&dir=desc/);
      await eventually(() => firstRow(page)).toContain('Zenith Bank');

      // Narrowed to level 3 (the branch links) and saved under a name.
      await pick(page, page.getByRole('combobox', { name: 'Level', exact: true }), 'Level 3');
      await page.waitForURL(/level=3/);
      await page.keyboard.press('Escape');
      await eventually(() => page.locator('tr[data-case]').count()).toBe(6);
      await page.getByRole('button', { name: 'Save filter' }).click();
      const naming = page.getByRole('dialog', { name: 'Save filter' });
      await naming.getByRole('textbox', { name: 'Filter name' }).fill('Branches, Z to A');
      await naming.getByRole('button', { name: 'Save' }).click();
      await naming.waitFor({ state: 'hidden' });

      // The column chooser: the assignee column hidden.
      expect(await page.locator('th', { hasText: 'Assignee' }).count()).toBe(1);
      await page.getByRole('button', { name: 'Columns' }).click();
      // The box follows the columns stored on the server, so it turns only once they are saved: a click, then a wait.
      await page.getByRole('checkbox', { name: 'Assignee', exact: true }).click();
      await eventually(() => page.locator('th', { hasText: 'Assignee' }).count()).toBe(0);
      await eventually(async () =>
        (await web.api<{ columns: string[] }>(secretary, 'GET', '/api/v1/queues')).columns.includes('assignee'),
      ).toBe(false);
      await page.keyboard.press('Escape');

      // After a reload, on the landing view: the column is still hidden and the saved filter is there to pick.
      await page.goto('/cases');
      await page.locator('tr[data-case]').first().waitFor();
      await eventually(() => page.locator('th', { hasText: 'Customer' }).count()).toBe(1);
      expect(await page.locator('th', { hasText: 'Assignee' }).count()).toBe(0);
      await pick(page, page.getByRole('combobox', { name: 'Saved filters' }), 'Branches, Z to A');
      await page.waitForURL((url) => url.searchParams.get('level') === '3' && url.searchParams.get('sort') === 'customer');
      expect(new URL(page.url()).searchParams.get('dir')).toBe('desc');
      expect(new URL(page.url()).searchParams.get('view')).toBe('open');
      await eventually(() => page.locator('tr[data-case]').count()).toBe(6);
      await eventually(() => firstRow(page)).toContain('Zenith Bank');
      expect(await page.locator('tr[data-case]').last().textContent()).toContain('Acme Logistics');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });

    it('changes the status, then the department of the selected cases, then adds an internal note to each', async () => {
      const { page, context } = await web.newPage();
      await web.signIn(page, secretary);
      await page.goto('/cases?view=open&level=2');
      await eventually(() => page.locator('tr[data-case]').count()).toBe(3);
      const bulk = page.getByRole('region', { name: 'Change the selected cases' });
      const selectAll = async () => {
        for (const row of disks) await page.getByRole('checkbox', { name: `Select case ${row.number}` }).check();
        await eventually(() => bulk.getByText('3 selected').count()).toBe(1);
      };
      const apply = async () => {
        await bulk.getByRole('button', { name: 'Apply to selected' }).click();
        await eventually(() => bulk.getByRole('status').textContent()).toContain('3 changed, 0 refused');
        // Nothing was refused, so nothing stays selected.
        await eventually(() => bulk.getByText('3 selected').count()).toBe(0);
      };
      const read = (id: string) => web.api<Summary>(secretary, 'GET', `/api/v1/cases/${id}`);

      await selectAll();
      await pick(page, bulk.getByLabel('Change', { exact: true }), 'Change status to');
      await pick(page, bulk.getByLabel('New status', { exact: true }), 'Diagnosing');
      await apply();
      for (const row of disks) expect((await read(row.id)).status).toBe('diagnosing');
      await eventually(() => page.locator('tr[data-case]', { hasText: 'Diagnosing' }).count()).toBe(3);

      await selectAll();
      await pick(page, bulk.getByLabel('Change', { exact: true }), 'Move to department');
      await pick(page, bulk.getByLabel('Department', { exact: true }), 'Storage Service');
      await apply();
      for (const row of disks) expect((await read(row.id)).departmentId).toBe(storage.id);

      await selectAll();
      await pick(page, bulk.getByLabel('Change', { exact: true }), 'Add internal note');
      await bulk.getByRole('textbox', { name: 'Note', exact: true }).fill('Firmware 4.2 fixes the controller; planned for Friday.');
      await apply();
      for (const row of disks) {
        const timeline = await web.api<{ items: TimelineEntry[] }>(secretary, 'GET', `/api/v1/cases/${row.id}/timeline`);
        const notes = timeline.items.filter((entry) => entry.kind === 'case.note');
        expect(notes.map((entry) => [entry.data.body, entry.visibility])).toEqual([
          ['Firmware 4.2 fixes the controller; planned for Friday.', 'internal'],
        ]);
      }
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });
  },
);
