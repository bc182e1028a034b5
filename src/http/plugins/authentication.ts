import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { authenticateApiToken, authenticateSession } from '../../services/auth/sign-in.js';
import type { ServiceContext } from '../../services/context.js';
import { authenticateWallboard, WALLBOARD_TOKEN_PREFIX } from '../../services/dashboard/wallboard-tokens.js';
import { languageFromHeader, translate } from '../../i18n/translate.js';
import { sendProblem } from './problem-details.js';
import { WEB_ASSETS_PREFIX } from './web-app.js';

export const SESSION_COOKIE = 'casedesk_session';
/** A wallboard's token kept as a cookie; its path is the dashboard's, so the browser sends it nowhere else. */
export const WALLBOARD_COOKIE = 'casedesk_wallboard';
export const WALLBOARD_COOKIE_PATH = '/api/v1/dashboard';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Works out who is calling: a bearer API token (API and CLI) or the session cookie (web app). Cookie-authenticated
 * writes must echo the session's CSRF token in a header, which a cross-site form cannot do.
 */
export function registerAuthentication(app: FastifyInstance, context: ServiceContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('wallboard', null);
  app.decorateRequest('language', 'en');

  app.addHook('onRequest', async (request, reply) => {
    request.language = languageFromHeader(request.headers['accept-language']);
    // The web app's built files are public and the same for everyone. A first visit asks for about fifty of them
    // beside its API calls, and each carries the session cookie: looking that up for each (two reads) made the API
    // calls the page waits for queue behind them.
    if (request.url.startsWith(WEB_ASSETS_PREFIX)) return;
    const authorization = request.headers.authorization;
    if (authorization?.toLowerCase().startsWith('bearer ')) {
      const bearer = authorization.slice(7).trim();
      if (bearer.startsWith(WALLBOARD_TOKEN_PREFIX)) {
        const wallboard = await authenticateWallboard(context, bearer);
        if (!wallboard) return sendProblem(reply, request, 401, 'unauthenticated', translate(request.language, 'errors.unauthenticated'));
        request.wallboard = wallboard;
        return;
      }
      const actor = await authenticateApiToken(context, bearer);
      if (!actor) return sendProblem(reply, request, 401, 'unauthenticated', translate(request.language, 'errors.unauthenticated'));
      // A copy: concurrent requests of one token share the actor read for them. Its changes are audited with the
      // client's address: `request.ip`, which behind a trusted proxy is the client the proxy saw.
      request.actor = { ...actor, clientAddress: request.ip };
      request.language = actor.language;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const session = cookie ? await authenticateSession(context, cookie) : null;
    if (!session) {
      // An expired cookie is the same as none; public routes still work. A wallboard's cookie counts only without one.
      const wallboardCookie = request.cookies[WALLBOARD_COOKIE];
      if (wallboardCookie) request.wallboard = await authenticateWallboard(context, wallboardCookie);
      return;
    }
    request.actor = { ...session.user, clientAddress: request.ip };
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
