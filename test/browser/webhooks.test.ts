import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver-webhooks.js';
import { describeBrowserSuite } from '../support/databases.js';
import { BrowserApp, chromiumAvailable, eventually, pageErrors, type BrowserUser } from './support/browser-app.js';

vi.setConfig({ testTimeout: 240_000 });

describeBrowserSuite('web app: webhooks — an admin adds one, sees its deliveries, redelivers and switches it off', null, (database) => {
  let web: BrowserApp;
  let admin: BrowserUser;
  let server: http.Server;
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let receiverUrl = '';

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin', { name: 'Ada Admin' });
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/casedesk`;
  });
  afterEach(async (context) => web?.keepEvidence(context.task));
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await web?.stop();
  });

  it('allows private targets, adds a webhook (secret shown once), delivers a signed event, redelivers it and switches it off', async () => {
    const { page } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/admin/users');
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.waitForURL('**/admin/webhooks');

    await page.getByTestId('webhooks-allow-private').click();
    await eventually(
      async () => (await web.api<{ allowPrivateTargets: boolean }>(admin, 'GET', '/api/v1/webhooks/settings')).allowPrivateTargets,
    ).toBe(true);

    await page.getByRole('button', { name: 'Add webhook' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('URL').fill(receiverUrl);
    await dialog.getByLabel('Case created').check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    const secretText = page.getByTestId('webhook-secret');
    await eventually(() => secretText.count()).toBe(1);
    const secret = (await secretText.innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
    await eventually(() => page.getByRole('cell', { name: receiverUrl }).count()).toBe(1);

    const organization = await web.api<{ id: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Harbour Bank' });
    const department = await web.api<{ id: string }>(admin, 'POST', '/api/v1/departments', { name: 'Network Service' });
    const opened = await web.api<{ number: string }>(admin, 'POST', '/api/v1/cases', {
      organizationId: organization.id,
      departmentId: department.id,
      channel: 'hotline',
      level: 3,
      title: 'Core switch drops packets',
      description: 'Since this morning',
    });
    await deliverDueWebhooks(web.context);
    expect(received).toHaveLength(1);
    const headers = {
      'webhook-id': String(received[0]!.headers['webhook-id']),
      'webhook-timestamp': String(received[0]!.headers['webhook-timestamp']),
      'webhook-signature': String(received[0]!.headers['webhook-signature']),
    };
    expect(new Webhook(secret).verify(received[0]!.body, headers)).toMatchObject({
      type: 'case.created',
      data: { case: { number: opened.number } },
    });

    await page.getByRole('button', { name: 'Deliveries' }).click();
    const delivery = page.locator('[data-testid^="webhook-delivery-"]');
    await eventually(() => delivery.filter({ hasText: 'Delivered' }).count()).toBe(1);
    await expect(delivery.innerText()).resolves.toContain(headers['webhook-id']);
    await delivery.getByRole('button', { name: 'Redeliver' }).click();
    await eventually(() => delivery.filter({ hasText: 'Waiting' }).count()).toBe(1);
    await deliverDueWebhooks(web.context);
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(headers['webhook-id']);

    await page.getByRole('button', { name: 'Switch off' }).click();
    await eventually(() => page.getByRole('button', { name: 'Switch on' }).count()).toBe(1);
    const [listed] = await web.api<{ enabled: boolean }[]>(admin, 'GET', '/api/v1/webhooks');
    expect(listed!.enabled).toBe(false);
    expect(pageErrors(page)).toEqual([]);
  });
});
