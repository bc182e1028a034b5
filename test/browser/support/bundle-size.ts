import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** Gzipped bytes of the JavaScript the browser fetches before the first screen: the entry and its modulepreloads. */
  initialGzipBytes: number;
  files: { file: string; gzipBytes: number }[];
}

/** Measures the built web app in `webRoot` (dist/web) the way a first visit loads it. */
export function measureInitialJavaScript(webRoot: string): BundleSize {
  const html = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  const sizes = [...new Set(files)].map((file) => ({ file, gzipBytes: gzipSync(fs.readFileSync(path.join(webRoot, file))).length }));
  return { initialGzipBytes: sizes.reduce((sum, item) => sum + item.gzipBytes, 0), files: sizes };
}

/** Gzipped bytes of the style sheets index.html links, which a first visit loads before it paints. */
export function measureInitialStyles(webRoot: string): BundleSize {
  const html = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<link[^>]*\bhref="\/(assets\/[^"]+\.css)"/g)].map((match) => match[1]!);
  const sizes = [...new Set(files)].map((file) => ({ file, gzipBytes: gzipSync(fs.readFileSync(path.join(webRoot, file))).length }));
  return { initialGzipBytes: sizes.reduce((sum, item) => sum + item.gzipBytes, 0), files: sizes };
}
