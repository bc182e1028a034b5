import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin, type Rolldown } from 'vite';

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

/**
 * Puts web/boot.ts, compiled to one small classic script, at the top of index.html. It runs while the module scripts
 * are still loading and starts what the first screen needs (see boot.ts). As a module of the app it would wait for
 * the app's whole bundle; inline it waits for nothing. It is told the script files of the queue page, which is lazy
 * (not every user starts there) but is where staff start.
 */
function inlineBootScript(): Plugin {
  return {
    name: 'casedesk-inline-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      async handler(_html, context) {
        const bundle = context.bundle ?? {};
        const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
        const entry = context.chunk;
        const loadedFirst = new Set([entry?.fileName, ...(entry?.imports ?? [])]);
        const queue = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/pages/cases/queues.tsx'));
        const queueFiles: string[] = [];
        const collect = (fileName: string) => {
          if (loadedFirst.has(fileName) || queueFiles.includes(fileName)) return;
          queueFiles.push(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk') chunk.imports.forEach(collect);
        };
        if (queue) collect(queue.fileName);
        const outputs = (await build({
          configFile: false,
          root: webDir,
          logLevel: 'warn',
          define: { __QUEUE_PAGE_SCRIPTS__: JSON.stringify(queueFiles.map((fileName) => `/${fileName}`)) },
          build: {
            write: false,
            minify: true,
            target: 'es2022',
            lib: { entry: path.join(webDir, 'boot.ts'), formats: ['iife'], name: 'casedeskBoot' },
          },
        })) as Rolldown.RolldownOutput[];
        return [{ tag: 'script', children: outputs[0]!.output[0].code, injectTo: 'head-prepend' }];
      },
    },
  };
}

/** Builds the single-page app into dist/web, which the server serves (src/http/plugins/web-app.ts). Offline: no CDN. */
export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react(), precompress(), inlineBootScript()],
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
