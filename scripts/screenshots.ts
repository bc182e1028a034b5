/**
 * `npm run screenshots`: refreshes the README's screenshots of the agent workspace from a real CaseDesk. Starts the
 * built server (`npm run build` first) on a throw-away data folder filled by `casedesk demo`, signs in with Debian's
 * Chromium as the demo engineer and a demo customer, and saves the queue, a case page and the portal, on a desktop
 * screen and at 390 px (a phone), in English and in Chinese, into docs/screenshots/desk-*.png.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/support/chromium.js';

const root = path.resolve(import.meta.dirname, '..');
const outDir = path.join(root, 'docs/screenshots');
const PASSWORD = 'casedesk-demo';
const LANGUAGES = ['en', 'zh-CN'] as const;
const SCREENS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForServer(baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`CaseDesk did not answer at ${baseUrl}`);
}

/** Signs in through the sign-in page and sets the user's language (the web app follows it, not the browser's). */
async function signedIn(browser: Browser, baseUrl: string, email: string, language: string, screen: keyof typeof SCREENS) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: SCREENS[screen], locale: language });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(PASSWORD);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  const session = (await (await page.request.get('/api/v1/sessions/current')).json()) as { csrfToken: string };
  const changed = await page.request.patch('/api/v1/me', { data: { language }, headers: { 'x-csrf-token': session.csrfToken } });
  if (!changed.ok()) throw new Error(`could not set ${email}'s language: ${changed.status()}`);
  return { context, page };
}

async function save(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.addStyleTag({ content: '.ant-message { display: none !important; }' });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

/** The first case of a list the signed-in user may open, through the same API the web app reads. */
async function firstCase(page: Page, query: string): Promise<string> {
  const body = (await (await page.request.get(`/api/v1/cases?${query}&limit=1`)).json()) as { items: { id: string }[] };
  const first = body.items[0];
  if (!first) throw new Error(`the demo has no case for ${query}`);
  return first.id;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'dist/web/index.html'))) throw new Error('build first: npm run build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-screens-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, CASEDESK_DATA_DIR: dataDir, CASEDESK_PORT: String(port), CASEDESK_PUBLIC_URL: baseUrl };
  delete env.CASEDESK_DATABASE_URL;
  execFileSync(process.execPath, ['bin/casedesk.js', 'demo'], { cwd: root, env, stdio: 'ignore' });
  const server = spawn(process.execPath, ['bin/casedesk.js', 'serve'], { cwd: root, env, stdio: 'ignore' });
  let browser: Browser | undefined;
  try {
    await waitForServer(baseUrl);
    browser = await launchChromium();
    fs.mkdirSync(outDir, { recursive: true });
    for (const language of LANGUAGES) {
      for (const screen of ['desktop', 'phone'] as const) {
        const suffix = `${screen === 'phone' ? '390-' : ''}${language}`;
        const engineer = await signedIn(browser, baseUrl, 'engineer@demo.casedesk', language, screen);
        await engineer.page.goto('/cases?view=open');
        await engineer.page.locator('.cd-queue-table tbody tr, .cd-queue-card').first().waitFor();
        await save(engineer.page, `desk-queue-${suffix}`);
        await engineer.page.goto(`/cases/${await firstCase(engineer.page, 'view=escalated')}`);
        await engineer.page.locator('.cd-case-title').first().waitFor();
        await save(engineer.page, `desk-case-${suffix}`);
        await engineer.context.close();

        const customer = await signedIn(browser, baseUrl, 'portal@hbl.example', language, screen);
        await customer.page.goto('/');
        await customer.page.waitForLoadState('networkidle');
        await save(customer.page, `desk-portal-${suffix}`);
        await customer.page.goto(`/cases/${await firstCase(customer.page, 'sort=received')}`);
        await customer.page.locator('.cd-case-title').first().waitFor();
        await save(customer.page, `desk-portal-case-${suffix}`);
        await customer.context.close();
      }
    }
  } finally {
    await browser?.close();
    server.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
