import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeBrowserSuite } from '../support/databases.js';
import {
  BrowserApp,
  chromiumAvailable,
  eventually,
  pageErrors,
  screenshot,
  type BrowserUser,
  readmePicture,
} from './support/browser-app.js';

vi.setConfig({ testTimeout: 180_000 });

describeBrowserSuite(
  'web app: customers are created and edited with their country, contacts added with a checked phone',
  null,
  (database) => {
    let web: BrowserApp;
    let secretary: BrowserUser;

    beforeAll(async () => {
      if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
      web = await BrowserApp.start(database);
      secretary = await web.user('secretary', { name: 'Sue Secretary' });
    });
    afterEach(async (context) => web?.keepEvidence(context.task));
    afterAll(() => web?.stop());

    it('a secretary creates a customer in Singapore, adds a contact whose bad phone is shown at the field, and moves the customer to China', async () => {
      const { page, context } = await web.newPage();
      await web.signIn(page, secretary);
      await page.goto('/organizations');
      await page.getByRole('button', { name: 'New customer' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name').fill('Straits Cold Chain');
      await dialog.getByLabel('Code').fill('SCC');
      // A code that is no country comes back from the server next to the field.
      await dialog.getByLabel('Country').fill('XX');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([
        expect.stringContaining('not a country'),
      ]);
      await dialog.getByLabel('Country').fill('sg');
      await eventually(() => dialog.getByText('Singapore', { exact: false }).count()).toBeGreaterThan(0);
      // The corrected value no longer shows the server's complaint about the old one.
      await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([]);
      await readmePicture(page, 'customer-new-en');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL('**/organizations/*');
      await eventually(() => page.getByText('Country: Singapore (SG)').count()).toBe(1);
      const organizationId = page.url().split('/').at(-1)!;
      expect((await web.api<{ country: string; code: string }>(secretary, 'GET', `/api/v1/organizations/${organizationId}`)).country).toBe(
        'SG',
      );

      // A contact: a number that is not one in Singapore is refused at the phone field, the dialog keeps what was typed.
      await page.getByRole('button', { name: 'Add contact' }).click();
      const contactDialog = page.getByRole('dialog');
      await contactDialog.getByLabel('Name').fill('Tan Wei Ming');
      await contactDialog.getByLabel('Phone', { exact: true }).fill('021 6888 1234');
      await contactDialog.getByLabel('E-mail').fill('tan@scc.example');
      await contactDialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => contactDialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([
        '"021 6888 1234" is not a phone number of SG; write it with its country code (+44 20 7946 0958) if it is abroad',
      ]);
      const errorField = contactDialog.locator('.ant-form-item-has-error');
      expect(await errorField.locator('input').getAttribute('id')).toBe('phone');
      await readmePicture(page, 'customer-contact-phone-en');
      await contactDialog.getByLabel('Phone', { exact: true }).fill('6123-4567');
      await contactDialog.getByRole('button', { name: 'Create' }).click();
      const tan = page.locator('tr', { hasText: 'Tan Wei Ming' });
      await eventually(() => tan.innerText()).toContain('+65 6123 4567');
      expect(await tan.innerText()).toContain('tan@scc.example');

      // An address another contact of the customer has is refused at the e-mail field, naming that contact.
      await page.getByRole('button', { name: 'Add contact' }).click();
      await contactDialog.getByLabel('Name').fill('Ong Mei Ling');
      await contactDialog.getByLabel('Role at the customer').fill('IT manager');
      await contactDialog.getByLabel('E-mail').fill('TAN@scc.example');
      await contactDialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => contactDialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([
        'Contact Tan Wei Ming of this customer has the e-mail address tan@scc.example already',
      ]);
      expect(await contactDialog.locator('.ant-form-item-has-error input').getAttribute('id')).toBe('email');
      await contactDialog.getByLabel('E-mail').fill('ong@scc.example');
      await contactDialog.getByRole('button', { name: 'Create' }).click();
      await eventually(() => page.locator('tr', { hasText: 'Ong Mei Ling' }).innerText()).toContain('IT manager');

      // Moved to China: numbers written without a code are now read there.
      await page.getByRole('button', { name: 'Edit customer' }).click();
      const editDialog = page.getByRole('dialog');
      expect(await editDialog.getByLabel('Country').inputValue()).toBe('SG');
      await editDialog.getByLabel('Country').fill('CN');
      await editDialog.getByRole('button', { name: 'Save' }).click();
      await eventually(() => page.getByText('Country: China (CN)').count()).toBe(1);
      await page.getByRole('button', { name: 'Add contact' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('Wang Fang');
      await page.getByRole('dialog').getByLabel('Phone', { exact: true }).fill('021 6888 1234');
      await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
      await eventually(() => page.locator('tr', { hasText: 'Wang Fang' }).innerText()).toContain('+86 21 6888 1234');
      await screenshot(page, 'customer-en');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });

    it('shows the forms and the phone problem in Chinese', async () => {
      const organization = await web.api<{ id: string }>(secretary, 'POST', '/api/v1/organizations', { name: '上海港物流', country: 'CN' });
      const chinese = await web.user('secretary', { name: '苏秘书', language: 'zh-CN' });
      const { page, context } = await web.newPage({ locale: 'zh-CN' });
      await web.signIn(page, chinese, { email: '邮箱', password: '密码', submit: '登录' });
      await page.goto(`/organizations/${organization.id}`);
      await eventually(() => page.getByText('国家/地区：中国 (CN)').count()).toBe(1);
      await page.getByRole('button', { name: '添加联系人' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('姓名').fill('王芳');
      await dialog.getByLabel('电话', { exact: true }).fill('12');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      await eventually(() => dialog.locator('.ant-form-item-explain-error').allTextContents()).toEqual([
        '"12" 不是 CN 的电话号码；境外号码请带国家代码（如 +44 20 7946 0958）',
      ]);
      await readmePicture(page, 'customer-contact-phone-zh-CN');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    });
  },
);
