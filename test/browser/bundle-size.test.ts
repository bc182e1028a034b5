import { describe, expect, it } from 'vitest';
import { measureInitialJavaScript } from './support/bundle-size.js';
import { ensureWebBuilt } from './support/web-build.js';

describe('web app bundle', () => {
  // 320 KB since the English and Chinese catalogues (both in the first visit, 46 KB gzipped together) grew with the
  // reports, chat, personal-data and backup pages; loading the other language only when chosen is the next saving.
  it('keeps the JavaScript of a first visit within 320 KB gzipped (routes load their own chunks later)', async () => {
    const size = measureInitialJavaScript(await ensureWebBuilt());
    expect(size.files.length).toBeGreaterThan(0);
    expect(size.initialGzipBytes).toBeLessThanOrEqual(320 * 1024);
  });
});
