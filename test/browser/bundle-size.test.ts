import { describe, expect, it } from 'vitest';
import { measureInitialJavaScript, measureInitialStyles } from './support/bundle-size.js';
import { ensureWebBuilt } from './support/web-build.js';

describe('web app bundle', () => {
  // The Chinese catalogue (23 KB gzipped) loads only when Chinese is the language in use, which brought a first visit
  // back from 305 KB to 282 KB.
  it('keeps the JavaScript of a first visit within 300 KB gzipped (routes load their own chunks later)', async () => {
    const size = measureInitialJavaScript(await ensureWebBuilt());
    expect(size.files.length).toBeGreaterThan(0);
    expect(size.initialGzipBytes).toBeLessThanOrEqual(300 * 1024);
  });

  // antd's zero-runtime mode takes its rules from antd's prebuilt style sheet (every component, 109 KB gzipped)
  // instead of generating them in the browser: the style sheet grew from 3 KB so that the first screen computes none.
  it('keeps the style sheets of a first visit within 125 KB gzipped', async () => {
    const size = measureInitialStyles(await ensureWebBuilt());
    expect(size.files.length).toBeGreaterThan(0);
    expect(size.initialGzipBytes).toBeLessThanOrEqual(125 * 1024);
  });
});
