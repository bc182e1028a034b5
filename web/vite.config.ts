import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin, type Rolldown } from 'vite';
import { pickFirstPaintTexts } from './first-paint/texts.js';
import { en } from './i18n/en.js';
import { zhCN } from './i18n/zh-CN.js';

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
 * (not every user starts there) but is where staff start, and of the case page, where a link in a mail leads.
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
        /** The scripts a lazy page needs beyond the app's own: the chunk holding it and what it imports. */
        const pageScripts = (page: string): string[] => {
          // By the module it holds, not its facade: the bundler may give the lazy page's chunk no facade module.
          const chunk = chunks.find((candidate) => candidate.moduleIds.some((id) => id.endsWith(page)));
          // Without it the page's scripts load only after the app's own have run: fail the build, not the speed.
          if (!chunk) throw new Error(`casedesk-inline-boot: no chunk holds web${page}`);
          const files: string[] = [];
          const collect = (fileName: string) => {
            if (loadedFirst.has(fileName) || files.includes(fileName)) return;
            files.push(fileName);
            const imported = bundle[fileName];
            if (imported?.type === 'chunk') imported.imports.forEach(collect);
          };
          collect(chunk.fileName);
          return files.map((fileName) => `/${fileName}`);
        };
        /**
         * The style sheets of a lazy page's scripts: the bundler's loader fetches them, and holds the page back until
         * they have come, only once the page's import runs, unless the document already links them.
         */
        const pageStyles = (page: string): string[] =>
          pageScripts(page).flatMap((file) => {
            const chunk = bundle[file.slice(1)];
            return chunk?.type === 'chunk' ? [...(chunk.viteMetadata?.importedCss ?? [])].map((css) => `/${css}`) : [];
          });
        const outputs = (await build({
          configFile: false,
          root: webDir,
          logLevel: 'warn',
          define: {
            // One space-separated string: the bundler's define turns an array value into a comma-joined string.
            __QUEUE_PAGE_SCRIPTS__: JSON.stringify(pageScripts('/pages/cases/queues.tsx').join(' ')),
            __CASE_PAGE_SCRIPTS__: JSON.stringify(pageScripts('/pages/cases/case-view.tsx').join(' ')),
            __CASE_PAGE_STYLES__: JSON.stringify([...new Set(pageStyles('/pages/cases/case-view.tsx'))].join(' ')),
            // The Chinese texts, a chunk of their own that the app asks for only once it knows the reader's language.
            __CHINESE_SCRIPTS__: JSON.stringify(pageScripts('/i18n/zh-CN.ts').join(' ')),
            // The queue's first paint (web/first-paint/queue-preview.ts) in both languages: a few hundred bytes each.
            __FIRST_PAINT_TEXTS__: JSON.stringify({ en: pickFirstPaintTexts(en), 'zh-CN': pickFirstPaintTexts(zhCN) }),
          },
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
