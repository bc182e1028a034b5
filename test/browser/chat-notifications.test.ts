import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { ChatReceiver } from '../chat/chat-receiver.js';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  pick,
  type BrowserUser,
  picture,
  screenshotFile,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite('web app: chat notifications in My account and for the positions', null, (database) => {
  let web: BrowserApp;
  let admin: BrowserUser;
  let receiver: ChatReceiver;
  const shots = database === 'sqlite';

  beforeAll(async () => {
    if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
    web = await BrowserApp.start(database);
    admin = await web.user('admin', { name: 'Ada Admin' });
    // The test's receiver listens on 127.0.0.1, which only an admin's setting lets CaseDesk post to.
    await web.api(admin, 'PUT', '/api/v1/webhooks/settings', { allowPrivateTargets: true });
  });
  beforeEach(async () => {
    receiver = new ChatReceiver();
    await receiver.start();
  });
  afterEach(async (context) => {
    await receiver.stop();
    await web?.keepEvidence(context.task);
  });
  afterAll(async () => {
    await web?.stop();
  });

  for (const language of ['en', 'zh-CN'] as const) {
    it(`a manager adds a Slack chat in My account and sends it a test message (${language})`, async () => {
      const words =
        language === 'en'
          ? {
              add: 'Add a chat',
              kind: 'Kind',
              slack: 'Slack',
              url: 'Webhook address',
              name: 'Name',
              create: 'Create',
              test: 'Send a test message',
              delivered: 'Delivered',
              title: 'CaseDesk test message',
            }
          : {
              add: '添加聊天',
              kind: '类型',
              slack: 'Slack',
              url: 'Webhook 地址',
              name: '名称',
              create: '创建',
              test: '发送测试消息',
              delivered: '已送达',
              title: 'CaseDesk 测试消息',
            };
      const manager = await web.user('manager', { name: language === 'en' ? 'Mia Manager' : '李经理', language });
      const { page } = await web.newPage(language === 'zh-CN' ? { locale: 'zh-CN' } : {});
      await web.signIn(page, manager, language === 'en' ? undefined : { email: '邮箱', password: '密码', submit: '登录' });
      await page.goto('/account');
      const card = page.getByTestId('chat-targets-mine');
      await card.getByRole('button', { name: words.add }).click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await pick(page, dialog.getByRole('combobox', { name: words.kind }), words.slack);
      await dialog.getByLabel(words.url).fill(receiver.url('/slack/services/T1/B1/browser'));
      await dialog.getByLabel(words.name).fill(language === 'en' ? 'Network on-call' : '网络值班群');
      await dialog.getByRole('button', { name: words.create }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = card.getByRole('row').filter({ hasText: language === 'en' ? 'Network on-call' : '网络值班群' });
      await eventually(() => row.count()).toBe(1);

      await row.getByRole('button', { name: words.test }).click();
      await eventually(() => receiver.on('/slack/services/T1/B1/browser').length).toBe(1);
      const sent = receiver.on('/slack/services/T1/B1/browser')[0]!.json as { blocks: { text?: { text: string } }[] };
      expect(sent.blocks[0]!.text!.text).toBe(words.title);
      await eventually(() => row.getByTestId('chat-last-delivery').textContent()).toContain(words.delivered);
      if (shots) {
        // The card, centred below the sticky header: it sits below the notification choices, out of a view of the top.
        await page.addStyleTag({ content: '.ant-message { display: none !important; }' });
        await card.evaluate((element) => element.scrollIntoView({ block: 'center' }));
        await picture(page, screenshotFile(`chat-notifications-${language}`));
      }
      expect(pageErrors(page)).toEqual([]);
    });
  }

  it('an admin adds a signed DingTalk robot for the President on the positions page and tests it', async () => {
    const secret = 'SEC0123456789abcdef';
    const { page } = await web.newPage();
    await web.signIn(page, admin);
    await page.goto('/admin/positions');
    const card = page.getByTestId('chat-targets-positions');
    await card.getByRole('button', { name: 'Add a chat' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await pick(page, dialog.getByRole('combobox', { name: 'Position' }), 'President');
    await pick(page, dialog.getByRole('combobox', { name: 'Kind' }), 'DingTalk robot');
    await dialog.getByLabel('Webhook address').fill(receiver.url('/dingtalk/robot/send?access_token=browser'));
    await dialog.getByLabel('Signing secret').fill(secret);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = card.getByRole('row').filter({ hasText: 'President' });
    await eventually(() => row.count()).toBe(1);
    await row.getByRole('button', { name: 'Send a test message' }).click();
    await eventually(() => receiver.on('/dingtalk').length).toBe(1);
    const query = new URL(receiver.on('/dingtalk')[0]!.url, 'http://receiver').searchParams;
    const timestamp = query.get('timestamp')!;
    expect(query.get('sign')).toBe(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
    await eventually(() => row.getByTestId('chat-last-delivery').textContent()).toContain('Delivered');
    expect(pageErrors(page)).toEqual([]);
  });
});
