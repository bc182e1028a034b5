import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { authenticateApiToken, authenticateSession } from '../../services/auth/sign-in.js';
import type { ServiceContext } from '../../services/context.js';
import { languageFromHeader, translate } from '../../i18n/translate.js';
import { sendProblem } from './problem-details.js';

export const SESSION_COOKIE = 'casedesk_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Works out who is calling: a bearer API token (API and CLI) or the session cookie (web app). Cookie-authenticated
 * writes must echo the session's CSRF token in a header, which a cross-site form cannot do.
 */
export function registerAuthentication(app: FastifyInstance, context: ServiceContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('language', 'en');

  app.addHook('onRequest', async (request, reply) => {
    request.language = languageFromHeader(request.headers['accept-language']);
    const authorization = request.headers.authorization;
    if (authorization?.toLowerCase().startsWith('bearer ')) {
      const actor = await authenticateApiToken(context, authorization.slice(7).trim());
      if (!actor) return sendProblem(reply, request, 401, 'unauthenticated', translate(request.language, 'errors.unauthenticated'));
      request.actor = actor;
      request.language = actor.language;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await authenticateSession(context, cookie);
    if (!session) return; // An expired cookie is the same as none; public routes still work.
    request.actor = session.user;
    request.session = { tokenHash: session.tokenHash, csrfToken: session.csrfToken };
    request.language = session.user.language;
    if (!SAFE_METHODS.has(request.method) && !sameToken(request.headers[CSRF_HEADER], session.csrfToken)) {
      return sendProblem(reply, request, 403, 'csrf', translate(request.language, 'errors.csrf'));
    }
  });
}

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}
