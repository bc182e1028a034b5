import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webDir, '..');
const outDir = path.join(repoRoot, 'dist/web');

/**
 * Writes a Brotli and a gzip copy beside each built script and style sheet, which the server sends to browsers that
 * accept them (@fastify/static `preCompressed`): compressed once at build time, never per request.
 */
function precompress(): Plugin {
  return {
    name: 'casedesk-precompress',
    apply: 'build',
    closeBundle() {
      const assets = path.join(outDir, 'assets');
      for (const name of fs.readdirSync(assets)) {
        if (!/\.(js|css|svg|json)$/.test(name)) continue;
        const content = fs.readFileSync(path.join(assets, name));
        fs.writeFileSync(path.join(assets, `${name}.gz`), zlib.gzipSync(content, { level: 9 }));
        fs.writeFileSync(path.join(assets, `${name}.br`), zlib.brotliCompressSync(content));
      }
    },
  };
}

/** Builds the single-page app into dist/web, which the server serves (src/http/plugins/web-app.ts). Offline: no CDN. */
export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react(), precompress()],
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
