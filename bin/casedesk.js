#!/usr/bin/env -S node --max-semi-space-size=64
// The published entry point runs the compiled CLI; `npm ci` builds it through the `prepare` script.
// A 64 MB young generation (instead of 16) lets a busy server collect short-lived request garbage far less often;
// `npm start` passes the same flag.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error('CaseDesk is not built yet. Run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
await import(compiled.href);
