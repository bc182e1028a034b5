import fs from 'node:fs';
import { expect } from 'vitest';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { CHROMIUM, chromiumInstalled, launchChromium } from '../../support/chromium.js';
import { buildApp } from '../../../src/http/app.js';
import type { BackupSchedule } from '../../../src/operations/backup/scheduled-backups.js';
import { createApiToken } from '../../../src/services/auth/api-tokens.js';
import { systemClock, type Clock, type ServiceContext } from '../../../src/services/context.js';
import { createUser } from '../../../src/services/people/create-user.js';
import type { Role } from '../../../src/domain/access/roles.js';
import type { Storage } from '../../../src/storage/db.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseName } from '../../support/databases.js';
import { snapshotWebBuild } from './web-build.js';

export const chromiumAvailable = chromiumInstalled();
export { CHROMIUM };
const errorsOfPage = new WeakMap<Page, string[]>();
/** API answers of 400 and above, and requests that never got one: evidence when a test fails. */
const failedResponses = new WeakMap<Page, string[]>();

/** Page-side expressions as strings: this file compiles for Node, where `document` is not a known name. */
export const htmlLang = (page: Page) => page.evaluate<string>('document.documentElement.lang');
export const focusedId = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');

const screenshotDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../docs/screenshots');

export interface BrowserUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  headers: Record<string, string>;
}

/**
 * The real CaseDesk server (built web app + API) listening on a free port over a fresh database, and a Chromium
 * driving it. Each signed-in user gets their own browser context, so cookies never mix.
 */
export class BrowserApp {
  private constructor(
    readonly database: TestDatabase,
    readonly storage: Storage,
    readonly context: ServiceContext,
    readonly app: FastifyInstance,
    readonly baseUrl: string,
    readonly browser: Browser,
    private readonly webCopy: { dir: string; remove(): void },
  ) {}

  static async start(name: TestDatabaseName, options: { clock?: Clock; backup?: BackupSchedule } = {}): Promise<BrowserApp> {
    const webCopy = await snapshotWebBuild();
    const webRoot = webCopy.dir;
    const database = await createTestDatabase(name, { migrated: true });
    const storage = await database.open();
    const context: ServiceContext = { storage, clock: options.clock ?? systemClock, publicUrl: 'http://casedesk.test' };
    const app = await buildApp({ context, webRoot, backup: options.backup ?? null });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // launch() gives Chromium a fresh temporary --user-data-dir of its own and removes it on close.
    const browser = await launchChromium();
    return new BrowserApp(database, storage, context, app, `http://127.0.0.1:${port}`, browser, webCopy);
  }

  private readonly openPages: Page[] = [];

  /** After a failed test: a screenshot of every page still open, in test-output/browser/, to see what went wrong. */
  async keepEvidence(task: { name: string; result?: { state?: string } }): Promise<void> {
    const pages = this.openPages.splice(0);
    if (task.result?.state !== 'fail') return;
    const dir = path.resolve(screenshotDir, '../../test-output/browser');
    fs.mkdirSync(dir, { recursive: true });
    for (const [index, page] of pages.entries()) {
      if (page.isClosed()) continue;
      const name = `${this.database.name}-${task.name.replace(/[^\w]+/g, '-').slice(0, 60)}-${index}`;
      await page.screenshot({ path: path.join(dir, `${name}.png`) }).catch(() => undefined);
      // The log is all that is left of a failed run on a machine that is gone: what the page showed goes there too.
      const shown = await page
        .evaluate<string>(
          `[...document.querySelectorAll('[role=dialog], .ant-alert, .ant-form-item-explain-error, .ant-message-notice')]
             .map((element) => (element.getAttribute('role') ?? element.className.split(' ')[0]) + ': ' + element.innerText.replace(/\\s+/g, ' ').slice(0, 300))
             .join('\\n')`,
        )
        .catch((error: unknown) => `(page unreadable: ${String(error)})`);
      const evidence = [
        `page ${index} at ${page.url()}`,
        ...pageErrors(page).map((error) => `page error: ${error}`),
        ...(failedResponses.get(page) ?? []).map((response) => `answered: ${response}`),
        shown ? `on screen:\n${shown}` : 'on screen: no dialog, alert or form error',
      ].join('\n');
      fs.writeFileSync(path.join(dir, `${name}.txt`), evidence);
      console.error(`[browser evidence] ${this.database.name} «${task.name}»\n${evidence}`);
    }
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.app.close();
    await this.storage.close();
    await this.database.drop();
    this.webCopy.remove();
  }

  /** A fresh browser profile (cookies, storage) with the language the browser itself prefers. */
  async newPage(options: { locale?: string; width?: number; height?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      locale: options.locale ?? 'en-GB',
      viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
      timezoneId: 'Asia/Shanghai',
      // A user's "reduce motion" setting, which the web app honours: dialogs, menus and pop-ups appear at once. A click
      // that lands while a dialog is still zooming in is otherwise a coin toss on a loaded machine.
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    this.openPages.push(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message || `${error.name}: ${error.stack ?? String(error)}`));
    errorsOfPage.set(page, errors);
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
    page.on('requestfailed', (request) => failed.push(`failed ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
    failedResponses.set(page, failed);
    return { context, page };
  }

  /** Creates a user straight through the services, with a password for the browser and a token for API set-up. */
  async user(
    role: Role,
    options: { organizationId?: string; name?: string; language?: 'en' | 'zh-CN'; departmentId?: string } = {},
  ): Promise<BrowserUser> {
    const email = `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`;
    const password = 'correct-horse-battery';
    const user = await createUser(this.context, null, {
      email,
      name: options.name ?? `Test ${role}`,
      role,
      organizationId: options.organizationId ?? null,
      departmentId: options.departmentId ?? null,
      language: options.language ?? 'en',
      password,
    });
    const { token } = await createApiToken(this.context, user.id, 'browser-test', null);
    return { id: user.id, email, password, role, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
  }

  /** Calls the API as a user (set-up for a scenario; the scenario itself goes through the browser). */
  async api<T>(as: BrowserUser, method: string, url: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: as.headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Signs in through the real sign-in page. */
  async signIn(
    page: Page,
    user: { email: string; password: string },
    labels = { email: 'Email', password: 'Password', submit: 'Sign in' },
  ): Promise<void> {
    await page.goto('/sign-in');
    await page.getByLabel(labels.email).fill(user.email);
    await page.getByLabel(labels.password, { exact: true }).fill(user.password);
    await page.getByRole('button', { name: labels.submit }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }
}

/**
 * Whether the browser tests take their pictures (docs/screenshots/, and a few checked by eye in the temporary folder).
 * `CASEDESK_SCREENSHOTS=0` (set by .ci/run, whose clone is thrown away) leaves them out: capturing and encoding about
 * 190 pictures is CPU the CI machine's two cores need for the tests.
 */
export const screenshotsWanted = process.env.CASEDESK_SCREENSHOTS !== '0';

/** Where the README's picture `name` is kept: docs/screenshots/<name>.png. */
export function screenshotFile(name: string): string {
  return path.join(screenshotDir, `${name}.png`);
}

/**
 * Saves a picture of the page, or of one part of it, as it is now (`screenshot` below first closes pop-ups and
 * scrolls to the top): `file` is any path, `screenshotFile(name)` for the README's. When pictures are not wanted,
 * nothing happens, not even the wait for animations to end (`settleMs`).
 */
export async function picture(
  target: Page | Locator,
  file: string,
  options: { fullPage?: boolean; settleMs?: number } = {},
): Promise<void> {
  if (!screenshotsWanted) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const page = 'goto' in target ? target : target.page();
  if (options.settleMs) await page.waitForTimeout(options.settleMs);
  if ('goto' in target) await target.screenshot({ path: file, fullPage: options.fullPage ?? false });
  else await target.screenshot({ path: file });
}

/**
 * The README's picture `name` of the page as it is, an open dialog included (`screenshot` would close it), toasts
 * hidden (left hidden either way, so the next steps see the same page whether or not pictures are taken), once
 * animations have ended.
 */
export async function readmePicture(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.addStyleTag({ content: '.ant-message { display: none !important; }' });
  await picture(page, screenshotFile(name), { ...options, settleMs: 350 });
}

/** Saves a screenshot of the current page to docs/screenshots/ (the README links them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  // Closed pop-ups, settled animations, the top of the page: what a reader of the README expects to see. The page is
  // left the same way whether or not the picture is taken, so a test's next steps do not depend on the setting.
  await page.keyboard.press('Escape').catch(() => undefined);
  // Toasts from the step before (possibly in the other language) are not part of the screen.
  await page.addStyleTag({ content: '.ant-message { display: none !important; }' });
  await page.evaluate('window.scrollTo(0, 0)');
  await picture(page, screenshotFile(name), { settleMs: 350 });
}

/** Uncaught errors the page threw since it opened: a working screen throws none. */
export function pageErrors(page: Page): string[] {
  return errorsOfPage.get(page) ?? [];
}

/**
 * Opens an antd Select and clicks the option with this text. antd draws its options outside the ARIA listbox, so the
 * option is found inside the pop-up that holds this select's listbox (not one still closing from an earlier pick).
 */
export async function pick(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  const root = select.locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  const lastAttempt = 4;
  for (let attempt = 1; ; attempt++) {
    // The select is opened unless its pop-up already shows (a click on an open select would close it again).
    if ((await select.getAttribute('aria-expanded')) !== 'true') await select.click();
    const listId = await select.getAttribute('aria-controls');
    const popup = listId
      ? page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) })
      : page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
    // A click that lands while the dialog around the select is still moving can close the pop-up instead of choosing;
    // the option then never shows again, so after a short wait the select is opened afresh.
    const chosen = await popup
      .locator('.ant-select-item-option')
      .filter({ hasText: option })
      .first()
      .click({ timeout: attempt === lastAttempt ? 15_000 : 5_000 })
      .then(() => true)
      .catch((error: unknown) => {
        if (attempt === lastAttempt) throw error;
        return false;
      });
    if (!chosen) continue;
    await popup.waitFor({ state: 'hidden' }).catch(() => undefined);
    // On a loaded machine a click can land while the pop-up is still moving into place and choose nothing; a single
    // select that still shows no choice is picked again (a person would click again too).
    const multiple = ((await root.getAttribute('class')) ?? '').includes('ant-select-multiple');
    if (multiple || attempt >= 3 || (await root.locator('.ant-select-selection-item').count()) > 0) return;
  }
}

/** expect.poll with a patience fit for a browser on a busy two-core machine (the default gives up after one second). */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 15_000, interval: 100 });
}

/**
 * Switches the screen's language with the switch in the header. Signed in, the choice is also saved on the server, and
 * the next page load asks the server: a navigation before the save has answered would come back in the old language.
 */
export async function chooseLanguage(page: Page, name: '中文' | 'English', options: { signedIn?: boolean } = {}): Promise<void> {
  const saved =
    options.signedIn === false
      ? Promise.resolve(null)
      : page.waitForResponse((response) => response.url().endsWith('/api/v1/me') && response.request().method() === 'PATCH');
  await page
    .getByRole('group', { name: /^(Language|语言)$/ })
    .getByRole('button', { name })
    .click();
  await eventually(() => htmlLang(page)).toBe(name === '中文' ? 'zh-CN' : 'en');
  const response = await saved;
  if (response && !response.ok()) throw new Error(`saving the language answered ${response.status()}`);
}

/** On the staff case page a rare action (service action, level change, …) opens from the Actions card into a dialog. */
export async function openCaseAction(page: Page, name: string | RegExp): Promise<Locator> {
  await page.getByTestId('case-actions').getByRole('button', { name }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

/**
 * The element shows all of its text on a screen this wide: nothing scrolled away inside it (scrollWidth within
 * clientWidth), nothing past either edge. Answers its box.
 */
export async function fullyVisible(element: Locator, screenWidth: number): Promise<{ left: number; right: number; height: number }> {
  const box = await element.evaluate((node) => {
    // The test files are compiled without the DOM's types: the element's few members used here, written out.
    const shown = node as unknown as {
      scrollWidth: number;
      clientWidth: number;
      getBoundingClientRect(): { left: number; right: number; height: number };
    };
    const rect = shown.getBoundingClientRect();
    return { scrollWidth: shown.scrollWidth, clientWidth: shown.clientWidth, left: rect.left, right: rect.right, height: rect.height };
  });
  expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.right).toBeLessThanOrEqual(screenWidth);
  return box;
}
