import type { FastifyInstance } from 'fastify';
import { translate } from '../../i18n/translate.js';
import { sendProblem } from './problem-details.js';

/**
 * No text CaseDesk stores or searches may hold a NUL character: PostgreSQL's text type cannot store it (SQLite can,
 * so the two databases would disagree) and no person types one. Every body, query string, path parameter and the
 * headers kept as data are checked once, here, before any route's schema or service sees them, so the answer is the
 * same 400 naming the field on every route and on both databases.
 */

/** Headers whose values end up in the database (the user agent is kept with a confirmation or survey answer). */
const HEADERS_KEPT_AS_DATA = ['user-agent'] as const;

/** Beyond this depth a body is refused by its schema anyway; the walk stops instead of recursing without end. */
const MAX_DEPTH = 64;

type Location = 'body' | 'querystring' | 'params' | 'headers';

/** The path of the first string (value or key) holding a NUL, as `items.0.model`; `''` for the value itself; null if none. */
export function pathOfNul(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? '' : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Buffer.isBuffer(value)) return null;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value as Record<string, unknown>);
  for (const [key, item] of entries) {
    if (key.includes('\u0000')) return key;
    const inner = pathOfNul(item, depth + 1);
    if (inner !== null) return inner === '' ? key : `${key}.${inner}`;
  }
  return null;
}

export function registerTextInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const headers = Object.fromEntries(HEADERS_KEPT_AS_DATA.map((name) => [name, request.headers[name]]));
    const places: [Location, unknown][] = [
      ['params', request.params],
      ['querystring', request.query],
      ['headers', headers],
      ['body', request.body],
    ];
    for (const [location, value] of places) {
      const path = pathOfNul(value);
      if (path === null) continue;
      const field = path || location;
      const message = translate(request.language, 'errors.nulCharacter');
      return sendProblem(reply, request, 400, 'validation', translate(request.language, 'errors.validationField', { field, message }), {
        field,
        errors: [{ field, in: location, message }],
      });
    }
  });
}
