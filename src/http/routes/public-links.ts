import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Language } from '../../domain/access/roles.js';
import type { ServiceContext } from '../../services/context.js';
import { readHotlineNumber } from '../../services/settings/service-desk-settings.js';
import { buildServiceRecord, type ServiceRecord } from '../../services/service-records/view-service-record.js';
import type { PageFacts } from '../presenters/public-pages.js';

/**
 * What the routes behind an e-mailed link share (the survey, the service-record confirmation): the link's token is
 * the credential, each route is rate limited, and the server-rendered pages read plain HTML forms.
 */
export const tokenParams = z.object({ token: z.string().min(1).max(300) });
export const publicRateLimit = { max: 60, timeWindow: '1 minute' };

/** `?lang=` picks the page's language. */
export const pageQuerystring = z.object({ lang: z.string().max(10).optional() });
/** A posted HTML form: its fields by name. */
export const formBody = z.record(z.string(), z.string().max(10_000));

type ZodRoutes = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Registers server-rendered pages (no web app, no JavaScript needed) in a scope of their own that reads HTML forms. */
export function publicPages(app: FastifyInstance, register: (pages: ZodRoutes) => void): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    register(scope.withTypeProvider<ZodTypeProvider>());
  });
}

/** Who followed the link, for the audit entry. */
export const origin = (request: FastifyRequest) => ({ ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });

/** A page behind a link (GET) and its form (POST): public, rate limited, left out of the API document. */
export const pageRoute = {
  config: { access: 'public', rateLimit: publicRateLimit },
  schema: { hide: true, params: tokenParams, querystring: pageQuerystring },
} as const;
export const formRoute = { config: pageRoute.config, schema: { ...pageRoute.schema, body: formBody } } as const;

/** Answers with HTML that no one caches; returns the page's own path (its language switch links there). */
export function htmlAnswer(request: FastifyRequest, reply: FastifyReply): string {
  reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
  return request.url.split('?')[0]!;
}

/** What every page behind a link tells besides its own content: the hotline the admin set. */
export async function pageFacts(context: ServiceContext): Promise<PageFacts> {
  return { hotline: await readHotlineNumber(context.storage.db) };
}

/** The service record a page shows (what was done), in the page's language. */
export function recordFor(context: ServiceContext, caseId: string, language: Language): Promise<ServiceRecord> {
  return buildServiceRecord(context.storage.db, caseId, language);
}
