import type { Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLE_PERMISSIONS, type Permission } from '../../../src/domain/access/permissions.js';
import { isStaffRole, type Role } from '../../../src/domain/access/roles.js';
import { DEMO_PASSWORD, loadDemoCompany, type DemoSignIn } from '../../../src/services/demo/load-demo-company.js';
import type { TestDatabaseName } from '../../support/databases.js';
import { appRoutes, type AppRoute } from './app-routes.js';
import { BrowserApp, chooseLanguage, chromiumAvailable, pageErrors, screenshot } from './browser-app.js';
import { dataStrings, englishOnScreen } from './untranslated.js';

/** The roles that have pages of their own, and the demo person who plays each. */
const WALKERS: { role: Role; email: string }[] = [
  { role: 'admin', email: 'admin@demo.casedesk' },
  { role: 'manager', email: 'network.manager@demo.casedesk' },
  { role: 'executive', email: 'engineer@demo.casedesk' },
  { role: 'customer', email: '' },
];

/** Buttons that open a form: their Chinese names start like this. */
const OPENER = /^(新建|新增|添加|编辑|创建|修改|录入|续签)/;
/** Where a field engineer works on a phone. */
const PHONE_WIDTH = 390;

interface Ids {
  caseId: string;
  organizationId: string;
  productId: string;
  projectId: string | null;
  trainingId: string | null;
  problemId: string | null;
  articleId: string | null;
}

/** A browser context that remembers every string the API sent it: data, which may be in any language. */
async function watchedContext(web: BrowserApp, options: { width?: number; height?: number } = {}) {
  const { context, page } = await web.newPage({ locale: 'zh-CN', ...options });
  const data = new Set<string>();
  const reading: Promise<unknown>[] = [];
  // What the page still waits for: settle() takes a page as settled only once none is left. A live stream
  // (EventSource) never ends and is not waited for.
  const pending = new Set<Request>();
  inFlight.set(page, pending);
  context.on('request', (request) => {
    if (!['eventsource', 'websocket'].includes(request.resourceType())) pending.add(request);
  });
  context.on('requestfinished', (request) => pending.delete(request));
  context.on('requestfailed', (request) => pending.delete(request));
  context.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!response.url().includes('/api/') || !type.includes('application/json')) return;
    reading.push(
      response
        .json()
        .then((body: unknown) => dataStrings(body, data))
        .catch(() => undefined),
    );
  });
  const settledData = async () => {
    await Promise.all(reading.splice(0));
    return data;
  };
  return { context, page, settledData };
}

/**
 * Opens `address` the way the app's own links do, without loading the page again: the router follows the history as
 * on the browser's back button. A full load per route compiled the whole application again, hundreds of times per
 * walk, which made the walk the suite's longest file; every route is also loaded directly by the other browser tests.
 */
async function openInApp(page: Page, address: string): Promise<void> {
  // The history changes at once, within the evaluation: the page's own location says so (what the router then shows is
  // waited for by `settle`).
  const at = await page.evaluate<string>(
    `history.pushState({ usr: null, key: 'walk' + Date.now(), idx: (history.state?.idx ?? 0) + 1 }, '', ${JSON.stringify(address)});
     dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
     location.pathname + location.search`,
  );
  if (at !== address) throw new Error(`the walk opened ${address} but the page is at ${at}`);
}

/** The requests of each walked page that have not ended yet (see watchedContext). */
const inFlight = new WeakMap<Page, Set<Request>>();

/**
 * Waits until the page stops changing: no request in flight, no spinner, the same text twice in a row 200 ms apart.
 * The first look is taken at once, so a page that is already still costs one interval, not two.
 */
async function settle(page: Page): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt <= 30; attempt += 1) {
    if (attempt > 0) await page.waitForTimeout(200);
    const waiting = inFlight.get(page)?.size ?? 0;
    const busy = await page.locator('.ant-spin-spinning, .ant-skeleton, .ant-btn-loading').count();
    const text = await page.evaluate<string>('document.body.innerText');
    if (waiting === 0 && busy === 0 && text === last && text.trim() !== '') return;
    last = text;
  }
}

/**
 * The visible text, with the placeholders of empty fields. Text set as code (`<code>`: the CSV column names the import
 * reads, which stay as they are in every language) is not prose to translate.
 */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate<string>(
    `[...document.querySelectorAll('code')].map((code) => code.innerText).filter(Boolean).sort((a, b) => b.length - a.length).reduce((text, code) => text.split(code).join(' '), document.body.innerText) + '\\n' + [...document.querySelectorAll('input[placeholder], textarea[placeholder]')]
      .filter((field) => field.offsetParent !== null).map((field) => field.placeholder).join('\\n')`,
  );
}

async function switchToChinese(page: Page): Promise<void> {
  // Saved on the server before the walk goes on: every page of the walk is a fresh load that asks for it.
  await chooseLanguage(page, '中文');
}

/** The addresses to open for one route pattern: real ids in place of the parameters. */
function addressesOf(route: AppRoute, ids: Ids): string[] {
  const known: Record<string, string[]> = {
    '/cases/:id': [`/cases/${ids.caseId}`],
    '/organizations/:id': [`/organizations/${ids.organizationId}`],
    '/products/:id': [`/products/${ids.productId}`],
    '/projects/:id': ids.projectId ? [`/projects/${ids.projectId}`] : [],
    '/trainings/:id?': ['/trainings', ...(ids.trainingId ? [`/trainings/${ids.trainingId}`] : [])],
    '/problems/:id?': ['/problems', ...(ids.problemId ? [`/problems/${ids.problemId}`] : [])],
    '/knowledge-base/:id?': ['/knowledge-base', ...(ids.articleId ? [`/knowledge-base/${ids.articleId}`] : [])],
    '/portal/help/:id?': ['/portal/help', ...(ids.articleId ? [`/portal/help/${ids.articleId}`] : [])],
  };
  if (!route.path.includes(':')) return [route.path];
  const addresses = known[route.path];
  if (!addresses)
    throw new Error(`${route.path} has a parameter: say in test/browser/support/chinese-walk.ts where the walk finds a real one`);
  return addresses;
}

function mayOpen(role: Role, route: AppRoute): boolean {
  if (route.layouts.includes('ForAudience') && !isStaffRole(role)) return false;
  return route.permission === null || ROLE_PERMISSIONS[role].has(route.permission as Permission);
}

/**
 * The walk of every route in Chinese, in two parts that run as two test files: the admin's walk alone takes as long
 * as all the others', and two files let the suite's two workers share it.
 */
export function describeChineseWalk(part: 'admin' | 'others'): void {
  vi.setConfig({ testTimeout: 900_000 });
  if (part === 'others') {
    describe('the English finder of the walk', () => {
      it('finds English words, raw catalogue keys and antd English, and lets data, proper nouns and typed samples pass', () => {
        const found = englishOnScreen('我的 My cases 工单 nav.queues 共 3 条 No data Acme Corp', ['Acme Corp']);
        expect(found.map((entry) => entry.split('"')[1])).toEqual(expect.arrayContaining(['nav.queues', 'cases', 'No data']));
        expect(englishOnScreen('客户 Acme Corp · name@example.com · CaseDesk API CSV · HBL-C9500-0001', ['Acme Corp'])).toEqual([]);
      });
    });
  }

  // The words a page shows do not depend on the database, and the walk takes minutes: it runs once, on SQLite. What the
  // pages read and write is tested on both databases by the other browser and API tests.
  describe(`web app in Chinese: every route of the router, ${part === 'admin' ? 'as the admin' : 'for every other role'}, shows no English [sqlite]`, () => {
    const database: TestDatabaseName = 'sqlite';
    let web: BrowserApp;
    let signIns: DemoSignIn[];
    const routes = appRoutes();

    beforeAll(async () => {
      if (!chromiumAvailable) throw new Error('Debian chromium is missing: apt-get install -y chromium fonts-noto-cjk');
      web = await BrowserApp.start(database);
      signIns = await loadDemoCompany(web.context);
      // The demo holds no training; one gives `/trainings/:id` a real page to walk.
      const organizer = await web.user('manager', { name: 'Training Organizer' });
      const organization = await web.storage.db.selectFrom('organizations').select('id').orderBy('name').executeTakeFirstOrThrow();
      await web.api(organizer, 'POST', '/api/v1/trainings', {
        organizationId: organization.id,
        topic: 'Firewall basics',
        trainerUserId: organizer.id,
        date: new Date().toISOString().slice(0, 10),
        place: 'Head office',
        materials: [{ title: 'Slides', url: 'https://files.example.com/slides.pdf' }],
      });
      // Nor a problem record; one, with a linked case and a preventive action, gives `/problems/:id` a real page.
      const someCase = await web.storage.db.selectFrom('cases').select('id').orderBy('received_at', 'desc').executeTakeFirstOrThrow();
      const problem = await web.api<{ id: string }>(organizer, 'POST', '/api/v1/problems', {
        title: 'Switch firmware fault',
        ownerId: organizer.id,
        fromCaseId: someCase.id,
      });
      await web.api(organizer, 'POST', `/api/v1/problems/${problem.id}/actions`, {
        description: 'Upgrade firmware',
        ownerId: organizer.id,
        dueOn: '2030-01-01',
      });
      // One published customer-visible article in both languages gives the knowledge-base pages a real article to walk.
      const article = await web.api<{ id: string }>(organizer, 'POST', '/api/v1/articles', {
        visibility: 'customer',
        texts: {
          en: { title: 'Restarting the router', body: 'Hold the reset key.' },
          'zh-CN': { title: '重启路由器', body: '按住**重置**键。' },
        },
      });
      await web.api(organizer, 'POST', `/api/v1/articles/${article.id}/publish`, {});
    });
    afterEach(async (context) => web?.keepEvidence(context.task));
    afterAll(() => web?.stop());

    /** Real ids for the parameterised routes, from what this user may see. */
    async function idsFor(email: string): Promise<Ids> {
      const db = web.storage.db;
      const user = await db.selectFrom('users').select(['organization_id']).where('email', '=', email).executeTakeFirstOrThrow();
      const caseRow = await db
        .selectFrom('cases')
        .select(['id', 'organization_id'])
        .$if(user.organization_id !== null, (query) => query.where('organization_id', '=', user.organization_id ?? ''))
        .orderBy('received_at', 'desc')
        .executeTakeFirstOrThrow();
      const product = await db
        .selectFrom('assets')
        .select(['id', 'organization_id'])
        .where('organization_id', '=', caseRow.organization_id)
        .executeTakeFirstOrThrow();
      const training = await db.selectFrom('trainings').select('id').executeTakeFirst();
      const problem = await db.selectFrom('problems').select('id').executeTakeFirst();
      const article = await db.selectFrom('articles').select('id').executeTakeFirst();
      const project = await db
        .selectFrom('projects')
        .select('id')
        .where('organization_id', '=', caseRow.organization_id)
        .executeTakeFirst();
      return {
        caseId: caseRow.id,
        organizationId: caseRow.organization_id,
        productId: product.id,
        projectId: project?.id ?? null,
        trainingId: training?.id ?? null,
        problemId: problem?.id ?? null,
        articleId: article?.id ?? null,
      };
    }

    it.runIf(part === 'others')('reads the route list from the router itself', () => {
      const paths = routes.map((route) => route.path);
      expect(paths).toEqual(expect.arrayContaining(['/sign-in', '/cases', '/cases/:id', '/organizations/:id', '/admin/users']));
      expect(routes.find((route) => route.path === '/admin/users')?.permission).toBe('users.manage');
    });

    it.runIf(part === 'others')('signed out: the sign-in, set-up and password pages are Chinese in a Chinese browser', async () => {
      const { context, page, settledData } = await watchedContext(web);
      const found: string[] = [];
      for (const route of routes.filter((candidate) => !candidate.layouts.includes('SignedIn'))) {
        await page.goto(route.path);
        await settle(page);
        const english = englishOnScreen(await visibleText(page), await settledData());
        if (english.length > 0) found.push(`${route.path} (signed out): ${english.join(', ')}`);
      }
      await page.goto('/sign-in');
      await page.getByRole('button', { name: '登录' }).click();
      await settle(page);
      const english = englishOnScreen(await visibleText(page), await settledData());
      if (english.length > 0) found.push(`/sign-in after an empty submit: ${english.join(', ')}`);
      expect(found).toEqual([]);
      await context.close();
    });

    for (const walker of WALKERS.filter((candidate) => (candidate.role === 'admin') === (part === 'admin'))) {
      it(`${walker.role}: every page it may open, and the forms its add and edit buttons open, are Chinese`, async () => {
        const signIn = signIns.find(
          (candidate) => candidate.role === walker.role && (walker.email === '' || candidate.email === walker.email),
        );
        if (!signIn) throw new Error(`the demo company has no ${walker.role}`);
        const ids = await idsFor(signIn.email);
        const { context, page, settledData } = await watchedContext(web);
        await web.signIn(page, { email: signIn.email, password: DEMO_PASSWORD }, { email: '邮箱', password: '密码', submit: '登录' });
        await switchToChinese(page);

        const found: string[] = [];
        /** `settled`: the page was settled just before, with nothing done since. */
        const check = async (where: string, settled = false) => {
          if (!settled) await settle(page);
          const english = englishOnScreen(await visibleText(page), await settledData());
          if (english.length > 0) found.push(`${walker.role} ${where}: ${english.join(', ')}`);
        };
        const walked = routes.filter((route) => route.layouts.includes('SignedIn') && mayOpen(walker.role, route));
        const forms: string[] = [];
        for (const route of walked) {
          for (const address of addressesOf(route, ids)) {
            await openInApp(page, address);
            await check(address);
            forms.push(...(await submitEmptyPageForms(page, address, (where) => check(where))));
            forms.push(...(await walkForms(page, address, check)));
          }
        }
        console.info(`${walker.role} walked ${walked.map((route) => route.path).join(' ')}; forms: ${forms.join('; ')}`);
        // A page this role may not open says so in Chinese too.
        const refused = routes.find((route) => route.layouts.includes('SignedIn') && !mayOpen(walker.role, route));
        if (refused) {
          await openInApp(page, addressesOf(refused, ids)[0] ?? refused.path);
          await check(`${refused.path} (not allowed)`);
        }
        await openInApp(page, '/no-such-page');
        await check('/no-such-page');

        expect(found).toEqual([]);
        expect(pageErrors(page), pageErrors(page).join('\n')).toEqual([]);
        await context.close();
      });
    }

    /** A form of the page itself (a new case, a password change) sent empty: its messages must be Chinese too. */
    async function submitEmptyPageForms(page: Page, address: string, check: (where: string) => Promise<void>): Promise<string[]> {
      const sent: string[] = [];
      for (const [index, form] of (await page.locator('main form').all()).entries()) {
        const submit = form.locator('button[type="submit"]:visible').first();
        if ((await submit.count()) === 0 || !(await submit.isEnabled())) continue;
        const fields = await form
          .locator('input[type="text"]:visible, input[type="email"]:visible, input[type="password"]:visible, textarea:visible')
          .all();
        const values = await Promise.all(fields.map((field) => field.inputValue()));
        if (fields.length === 0 || values.some((value) => value !== '')) continue;
        await submit.click();
        sent.push(`${address} → form ${index + 1} sent empty`);
        await check(`${address} → form ${index + 1} sent empty`);
      }
      return sent;
    }

    /** Opens each add/edit form of the page, submits it empty to see its messages, opens its date picker, closes it. */
    async function walkForms(page: Page, address: string, check: (where: string, settled?: boolean) => Promise<void>): Promise<string[]> {
      const opened: string[] = [];
      const names = new Set<string>();
      for (const button of await page.locator('main button:visible, main a.ant-btn:visible').all()) {
        const name = ((await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '').trim();
        if (OPENER.test(name)) names.add(name);
      }
      for (const name of [...names].slice(0, 10)) {
        const button = page.locator('main').getByRole('button', { name, exact: true }).first();
        if ((await button.count()) === 0 || !(await button.isEnabled())) continue;
        await button.click();
        await settle(page);
        const dialog = page.locator('.ant-modal-wrap:visible, .ant-drawer-open').last();
        if ((await dialog.count()) === 0) {
          // The button went to a page of its own (a new case): that page is walked, and the way back is this one.
          await check(`${address} → ${name} (${new URL(page.url()).pathname})`, true);
          if (new URL(page.url()).pathname !== address) await openInApp(page, address);
          await settle(page);
          continue;
        }
        opened.push(`${address} → ${name}`);
        await check(`${address} → ${name}`, true);
        const picker = dialog.locator('.ant-picker:visible').first();
        if ((await picker.count()) > 0) {
          await picker.click();
          await check(`${address} → ${name} → date picker`);
          await page.keyboard.press('Escape');
        }
        const submit = dialog.locator('.ant-modal-footer .ant-btn-primary, .ant-drawer-footer .ant-btn-primary').first();
        if ((await submit.count()) > 0 && (await submit.isEnabled())) {
          await submit.click();
          await check(`${address} → ${name} → submitted empty`);
        }
        await closeDialogs(page);
      }
      return opened;
    }

    /** Who works on a phone, and the pages they use there: the case, the customer (sites, contacts), the product. */
    const PHONE_WALKS: { email: string; pages: (ids: Ids) => { address: string; shot?: string }[] }[] = [
      {
        email: 'engineer@demo.casedesk',
        pages: (ids) => [
          { address: `/cases/${ids.caseId}`, shot: 'zh-390-case' },
          { address: `/organizations/${ids.organizationId}`, shot: 'zh-390-customer' },
          { address: `/products/${ids.productId}`, shot: 'zh-390-product' },
          { address: '/cases', shot: 'zh-390-queues' },
        ],
      },
      {
        email: 'network.manager@demo.casedesk',
        pages: (ids) => [
          { address: `/cases/${ids.caseId}` },
          { address: `/organizations/${ids.organizationId}`, shot: 'zh-390-customer-manager' },
          { address: `/products/${ids.productId}` },
        ],
      },
      {
        email: '',
        pages: (ids) => [
          { address: `/cases/${ids.caseId}` },
          { address: '/portal' },
          { address: '/portal/products', shot: 'zh-390-portal-products' },
        ],
      },
    ];

    for (const walk of part === 'others' ? PHONE_WALKS : []) {
      it(`at 390 px ${walk.email || 'a customer'} sees the case, customer and product pages and their forms fit the phone`, async () => {
        const signIn = signIns.find((candidate) => (walk.email ? candidate.email === walk.email : candidate.role === 'customer'));
        if (!signIn) throw new Error(`the demo company has no ${walk.email || 'customer'}`);
        const ids = await idsFor(signIn.email);
        const { context, page } = await watchedContext(web, { width: PHONE_WIDTH, height: 844 });
        await web.signIn(page, { email: signIn.email, password: DEMO_PASSWORD }, { email: '邮箱', password: '密码', submit: '登录' });
        await switchToChinese(page);
        const found: string[] = [];
        for (const { address, shot } of walk.pages(ids)) {
          await page.goto(address);
          await settle(page);
          found.push(...(await overflowOf(page, address)));
          if (shot) await screenshot(page, shot);
          found.push(...(await dialogsOverflow(page, address)));
        }
        expect(found).toEqual([]);
        await context.close();
      });
    }

    it.runIf(part === 'others')('takes pictures of a few pages in Chinese at desktop width', async () => {
      const manager = signIns.find((candidate) => candidate.email === 'network.manager@demo.casedesk');
      if (!manager) throw new Error('the demo company has no manager');
      const ids = await idsFor(manager.email);
      const { context, page } = await watchedContext(web);
      await web.signIn(page, { email: manager.email, password: DEMO_PASSWORD }, { email: '邮箱', password: '密码', submit: '登录' });
      await switchToChinese(page);
      for (const [address, shot] of [
        ['/cases', 'zh-queues'],
        [`/organizations/${ids.organizationId}`, 'zh-customer'],
        [`/products/${ids.productId}`, 'zh-product'],
      ] as const) {
        await page.goto(address);
        await settle(page);
        await screenshot(page, shot);
      }
      await context.close();
    });
  });
}

/** What sticks out of a phone screen: the page scrolls sideways, or a primary button lies outside the screen. */
async function overflowOf(page: Page, address: string): Promise<string[]> {
  const problems: string[] = [];
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  if (width > PHONE_WIDTH + 2) {
    const culprits = await page.evaluate<string[]>(
      `[...document.querySelectorAll('main *')].filter((element) => element.getBoundingClientRect().right > ${PHONE_WIDTH + 2}
        && !element.closest('.cd-table-wrap, .ant-table-content, .ant-tabs-nav-wrap, .cd-nav'))
        .slice(0, 5).map((element) => element.tagName.toLowerCase() + '.' + [...element.classList].join('.'))`,
    );
    problems.push(`${address}: the page is ${width} px wide (${culprits.join(', ')})`);
  }
  for (const button of await page.locator('main .ant-btn-primary:visible').all()) {
    const box = await button.boundingBox();
    if (box && (box.x < 0 || box.x + box.width > PHONE_WIDTH + 2)) {
      problems.push(`${address}: the button "${(await button.textContent())?.trim()}" lies outside the screen`);
    }
  }
  return problems;
}

/** Each add/edit form the page opens, at phone width: the dialog and its buttons lie inside the screen. */
async function dialogsOverflow(page: Page, address: string): Promise<string[]> {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const button of await page.locator('main button:visible').all()) {
    const name = ((await button.getAttribute('aria-label')) ?? (await button.textContent()) ?? '').trim();
    if (OPENER.test(name)) names.add(name);
  }
  for (const name of [...names].slice(0, 4)) {
    const button = page.locator('main').getByRole('button', { name, exact: true }).first();
    if ((await button.count()) === 0 || !(await button.isEnabled())) continue;
    await button.click();
    await settle(page);
    const dialog = page.locator('.ant-modal:visible').last();
    if ((await dialog.count()) > 0) {
      for (const part of [dialog, dialog.locator('.ant-modal-footer .ant-btn-primary').first()]) {
        const box = await part.boundingBox();
        if (box && (box.x < 0 || box.x + box.width > PHONE_WIDTH + 2)) problems.push(`${address} → ${name}: sticks out of the screen`);
      }
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      if (width > PHONE_WIDTH + 2) problems.push(`${address} → ${name}: the page is ${width} px wide`);
    }
    await closeDialogs(page);
    if (new URL(page.url()).pathname !== address) await openInApp(page, address);
  }
  return problems;
}

async function closeDialogs(page: Page): Promise<void> {
  const open = () => page.locator('.ant-modal-wrap:visible, .ant-drawer-open').count();
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const confirm = page.locator('.ant-modal-confirm:visible .ant-btn-dangerous, .ant-modal-confirm:visible .ant-btn-primary').first();
    if ((await confirm.count()) > 0) await confirm.click();
    else if ((await open()) > 0) await page.keyboard.press('Escape');
    else return;
    // Up to 300 ms for the dialog to go; a dialog that asks before throwing typed text away stays open behind its
    // question, which the next round answers.
    for (let look = 0; look < 6 && (await open()) > 0; look += 1) await page.waitForTimeout(50);
  }
}
