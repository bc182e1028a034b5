import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (never a downloaded browser); `CASEDESK_CHROMIUM` points elsewhere if needed. Its headless shell
 * when installed (Debian's `chromium-headless-shell`, built from the same `chromium` source: the same Blink and V8,
 * without the browser's own windows, extensions and background services), which .ci/run installs: the full browser
 * in headless mode still runs its window interface and services in processes of their own, and the browser suites
 * took about a sixth more CPU with it.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM = process.env.CASEDESK_CHROMIUM ?? (fs.existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export function chromiumInstalled(): boolean {
  return fs.existsSync(CHROMIUM);
}

/** Headless, with everything that would reach the network switched off: the machines here have none. */
const LAUNCH_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_FLAGS, timeout: 60_000 });
}
