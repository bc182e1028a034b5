import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the build puts its content-hashed files (scripts, style sheets, fonts): public, and the same for everyone. */
export const WEB_ASSETS_PREFIX = '/assets/';

/** Serves the built React app; any non-API path falls back to index.html so deep links like /cases/{id} work. */
export async function registerWebApp(app: FastifyInstance, webRoot = defaultWebRoot()): Promise<boolean> {
  const index = `${webRoot}/index.html`;
  if (!fs.existsSync(index)) return false;
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    wildcard: false,
    index: false,
    cacheControl: false,
    // The build writes .br and .gz copies of every asset; browsers that accept them get those.
    preCompressed: true,
    // Built assets carry a content hash in their name: cache them for good; index.html itself is never cached.
    setHeaders: (response, filePath) => {
      response.setHeader(
        'cache-control',
        filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const html = fs.readFileSync(index, 'utf8');
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url.startsWith(WEB_ASSETS_PREFIX)) {
      return reply.callNotFound();
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
  return true;
}

/** The built index.html, or null when the web app is not built. */
export function readWebIndex(webRoot = defaultWebRoot()): string | null {
  const index = `${webRoot}/index.html`;
  return fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : null;
}

export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../../dist/web', import.meta.url));
}
