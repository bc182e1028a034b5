#!/usr/bin/env node
// The published entry point runs the compiled CLI; `npm ci` builds it through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error('CaseDesk is not built yet. Run `npm run build` (npm ci does it for you).');
  process.exit(1);
}
await import(compiled.href);
