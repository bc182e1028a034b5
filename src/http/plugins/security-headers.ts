import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';

/** `'sha256-…'`, the CSP source that allows exactly this inline script and nothing else. */
export function scriptHashSource(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** Hash sources for every inline `<script>` (one without `src`) of a page. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => scriptHashSource(match[1] ?? ''));
}

/**
 * Security headers on every answer — API, web app, the public confirmation and survey pages, the API docs:
 * - Content-Security-Policy: scripts only from this server, plus the inline scripts we wrote ourselves, each allowed
 *   by its hash (the web app's boot script, the public pages' form script). Styles may be inline: the component
 *   library writes its styles into `<style>` elements at run time (CSS-in-JS) and the public pages carry their few
 *   rules inline; styles cannot run code, so this is the one relaxation. Nothing may frame a page.
 * - `X-Frame-Options: DENY` for browsers that predate `frame-ancestors`, `X-Content-Type-Options: nosniff`.
 * - `Referrer-Policy: no-referrer`: the public pages carry their single-use token in the address, and no page of
 *   CaseDesk needs to tell another site where a visitor came from.
 * - HSTS only when the public address is https:// (over plain HTTP it would be ignored, or lock out a test setup).
 *
 * Helmet's middleware is built once here and applied to every answer; built per request (as the Fastify wrapper
 * does), it parsed the policy anew each time, a tenth of a case intake's CPU.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { inlineScriptHashes: string[]; https: boolean }): void {
  const applySecurityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...new Set(options.inlineScriptHashes)],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    // Attachments and PDFs are downloaded, not embedded by other sites; the defaults of the rest are kept.
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (request, reply, done) =>
    applySecurityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined)),
  );
}
